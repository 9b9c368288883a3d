"""No admin page lists API tokens: knox registers its token model in the admin; that
registration is removed here (owners see and revoke their own tokens at /api/token/)."""

from django.contrib import admin
from knox.models import AuthToken

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
