"""The API's permission check: the same ``rules`` permission as the matching page.

Each API view names ``permission_required`` exactly as its page does (one permission, or a
tuple meaning "any of these", for endpoints that serve staff and suppliers alike). What a
user may see inside a list (a supplier's own bids, contracts and returns) is decided by the
view's queryset, from the same selectors the pages use.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

PUBLIC = "public"  # a page anyone may open without signing in (the public pipeline)


def required(view) -> tuple[str, ...]:
    permission = getattr(view, "permission_required", None)
    if permission is None:
        return ()
    return (permission,) if isinstance(permission, str) else tuple(permission)


class PagePermission(BasePermission):
    """Allow a request when the user holds the view's page permission (any of them).

    A view that names no permission is closed to everyone: nothing is open by accident.
    """

    message = "You do not have permission to read this."

    def has_permission(self, request, view) -> bool:
        permissions = required(view)
        if PUBLIC in permissions:
            return True
        user = request.user
        return bool(user and user.is_authenticated) and any(user.has_perm(p) for p in permissions)
