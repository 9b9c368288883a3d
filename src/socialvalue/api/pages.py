"""The API's two HTML pages: a user's own tokens, and the endpoint documentation built
from the OpenAPI schema (no JavaScript from elsewhere: the service runs without internet)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from socialvalue.api import services
from socialvalue.core.errors import DomainError
from socialvalue.core.forms import GovukForm
from socialvalue.core.views import PermissionMixin, add_problems

METHODS = ("get", "post", "put", "patch", "delete")


class TokenForm(GovukForm):
    submit_label = "Create a token"

    name = forms.CharField(
        label="Name of the new token",
        max_length=80,
        help_text="What it is for, so that you can tell your tokens apart. For example, "
        "Finance dashboard.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 80 characters or fewer",
        },
    )


class TokenView(PermissionMixin, TemplateView):
    """Your API tokens: when each was made, when it expires and when it was last used;
    make a new one (shown once), revoke one or all."""

    permission_required = "api.use_token"
    template_name = "api/token.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TokenForm())
        context["tokens"] = services.tokens_of(self.request.user)
        context["ttl_days"] = services.token_ttl().days
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        action = request.POST.get("action", "create")
        if action == "revoke":
            token = services.token_revoke(actor=request.user, ref=request.POST.get("token", ""))
            if token is not None:
                messages.success(request, f"Token {token.name!r} is revoked: it no longer works")
            return redirect("api:token")
        if action == "revoke_all":
            if services.token_revoke_all(actor=request.user):
                messages.success(request, "All your tokens are revoked: none of them works now")
            return redirect("api:token")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, key = services.token_create(
                    actor=request.user, name=form.cleaned_data["name"]
                )
            except DomainError as error:
                add_problems(form, error)
            else:
                # The token is shown once, on this response only: only its digest is kept.
                context = self.get_context_data(new_key=key, new_token=token)
                return self.render_to_response(context)
        return self.render_to_response(self.get_context_data(form=form))


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
        "who": _code_spans(who.strip()),
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


def _code_spans(text: str) -> SafeString:
    """Markdown's `code` as <code>code</code> (a permission code is shown as a code)."""
    parts = escape(text).split("`")
    return mark_safe(  # noqa: S308 (every part escaped above)
        "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))
    )
