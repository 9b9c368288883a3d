from django.contrib import admin

from socialvalue.core.admin import SupportHistoryAdmin
from socialvalue.suppliers.models import Supplier
from socialvalue.suppliers.services import register_changed


@admin.register(Supplier)
class SupplierAdmin(SupportHistoryAdmin):
    list_display = ["name", "postcode", "legal_form", "size_band", "employees", "demo_data"]
    search_fields = ["name", "aliases__name", "companies_house_number", "charity_number"]

    # Edits here change what the spend figures rest on: they are computed again.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        register_changed(reason=f"supplier {obj.name} {'changed' if change else 'added'}")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        register_changed(reason=f"supplier {obj.name} deleted")

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        register_changed(reason="suppliers deleted")
