"""The API's two HTML pages: a user's own token, and the endpoint documentation built
from the OpenAPI schema (no JavaScript from elsewhere: the service runs without internet)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from socialvalue.api import services
from socialvalue.core.views import PermissionMixin

METHODS = ("get", "post", "put", "patch", "delete")


class TokenView(PermissionMixin, TemplateView):
    """See whether you have an API token; create, replace or remove it."""

    permission_required = "api.use_token"
    template_name = "api/token.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["token"] = Token.objects.filter(user=self.request.user).first()
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            if services.token_revoke(actor=request.user):
                messages.success(request, "Your API token is removed: it no longer works")
            return redirect("api:token")
        token = services.token_rotate(actor=request.user)
        # The key is shown once, on this response only; it is never shown again.
        context = self.get_context_data(new_key=token.key)
        return self.render_to_response(context)


class DocsView(TemplateView):
    """Every endpoint, its parameters and who may use it, from the live schema."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        schema = SchemaGenerator().get_schema(request=None, public=True)
        context["info"] = schema["info"]
        context["operations"] = [
            _operation(path, method, operation)
            for path, item in schema["paths"].items()
            for method, operation in item.items()
            if method in METHODS
        ]
        return context


def _operation(path: str, method: str, operation: dict) -> dict[str, Any]:
    description = operation.get("description", "")
    text, _, who = description.partition("Who may use it: ")
    return {
        "method": method.upper(),
        "path": path,
        "id": operation.get("operationId", ""),
        "description": text.strip(),
        "who": who.strip().replace("`", ""),
        "parameters": [
            {
                "name": p["name"],
                "where": p["in"],
                "required": p.get("required", False),
                "description": p.get("description", ""),
            }
            for p in operation.get("parameters", [])
        ],
        "responses": sorted(operation.get("responses", {})),
    }
