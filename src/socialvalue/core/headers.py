"""Response headers Django has no setting for: Permissions-Policy.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); the
other security headers from Django's SecurityMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": []}`` reads ``camera=()``: no page of the service may use the camera."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY on every response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
