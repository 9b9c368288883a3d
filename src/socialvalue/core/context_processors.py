from django.conf import settings
from django.http import HttpRequest

from socialvalue.core.navigation import navigation_for


def service(request: HttpRequest) -> dict:
    """The service name and the navigation for the signed-in user's role."""
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request.user, request.path),
    }
