from django.contrib import admin
from django.urls import include, path

from socialvalue.core import operations

admin.site.site_header = "Social value procurement: support administration"

urlpatterns = [
    path("", include("socialvalue.core.urls")),
    path("accounts/", include("socialvalue.accounts.urls")),
    path("", include("socialvalue.joining.urls")),
    path("audit/", include("socialvalue.audit.urls")),
    path("", include("socialvalue.policy.urls")),
    path("", include("socialvalue.procurement.urls")),
    path("spend/", include("socialvalue.spend.urls")),
    path("suppliers/", include("socialvalue.suppliers.urls")),
    path("tenders/", include("socialvalue.tendering.urls")),
    path("contracts/", include("socialvalue.contracts.urls")),
    path("notices/", include("socialvalue.notices.urls")),
    path("", include("socialvalue.transparency.urls")),
    path("reviews/", include("socialvalue.reviews.urls")),
    path("flags/", include("socialvalue.flags.urls")),
    path("notifications/", include("socialvalue.notifications.urls")),
    path("api/", include("socialvalue.api.urls")),
    path("django-admin/", admin.site.urls),
    # Operations (core/operations.py): health check for monitors, the browsers' favicon.
    path("healthz", operations.healthz, name="healthz"),
    path("favicon.ico", operations.favicon, name="favicon"),
]

# Error pages (templates 404.html, 500.html, 503.html): a database failure is a 503.
handler500 = "socialvalue.core.operations.server_error"
