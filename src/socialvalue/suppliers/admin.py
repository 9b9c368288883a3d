from django.contrib import admin

from socialvalue.core.admin import SupportHistoryAdmin
from socialvalue.suppliers.models import Supplier


@admin.register(Supplier)
class SupplierAdmin(SupportHistoryAdmin):
    list_display = ["name", "postcode", "legal_form", "size_band", "employees", "demo_data"]
    search_fields = ["name", "aliases__name", "companies_house_number", "charity_number"]
