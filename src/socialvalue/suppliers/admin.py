from django.contrib import admin

from socialvalue.core.admin import SupportHistoryAdmin
from socialvalue.suppliers.models import Supplier


@admin.register(Supplier)
class SupplierAdmin(SupportHistoryAdmin):
    list_display = ["name", "postcode", "legal_form", "employees"]
    search_fields = ["name", "aliases", "companies_house_number", "charity_number"]
