from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from socialvalue.accounts.models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Organisation", {"fields": ("job_title", "supplier")}),
    )
    list_display = ["username", "email", "first_name", "last_name", "supplier", "is_active"]
