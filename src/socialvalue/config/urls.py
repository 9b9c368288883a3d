from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Social value procurement: support administration"

urlpatterns = [
    path("", include("socialvalue.core.urls")),
    path("accounts/", include("socialvalue.accounts.urls")),
    path("audit/", include("socialvalue.audit.urls")),
    path("", include("socialvalue.policy.urls")),
    path("", include("socialvalue.procurement.urls")),
    path("spend/", include("socialvalue.spend.urls")),
    path("suppliers/", include("socialvalue.suppliers.urls")),
    path("tenders/", include("socialvalue.tendering.urls")),
    path("contracts/", include("socialvalue.contracts.urls")),
    path("", include("socialvalue.transparency.urls")),
    path("reviews/", include("socialvalue.reviews.urls")),
    path("api/", include("socialvalue.api.urls")),
    path("django-admin/", admin.site.urls),
]
