from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from socialvalue.suppliers.models import Supplier


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = ["name", "postcode", "legal_form", "employees"]
    search_fields = ["name", "aliases", "companies_house_number", "charity_number"]
