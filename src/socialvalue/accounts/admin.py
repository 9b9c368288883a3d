"""Users in the Django admin: to look at only.

Users, their roles (groups), supplier, e-mail address and password are changed on the
service's users page (``/accounts/users/``), where letting someone act for a supplier waits
for a second administrator (``accounts.services.user_change_request``). The Django admin must
not be a way round that, so here nothing about a user can be changed, no password can be set
and the groups (the roles) are not listed for editing.
"""

from django.contrib import admin
from django.contrib.auth.models import Group

from socialvalue.accounts.models import User
from socialvalue.core.admin import ReadOnlyAdmin, SupportHistoryAdmin

admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(SupportHistoryAdmin, ReadOnlyAdmin):
    list_display = ["username", "email", "first_name", "last_name", "supplier", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "job_title",
        "supplier",
        "groups",
        "is_active",
        "last_login",
        "date_joined",
    ]
    readonly_fields = fields  # type: ignore[assignment]  # every field shown, none editable
