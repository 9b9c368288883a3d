"""The OpenAPI schema: each operation says who may use it and documents its refusals."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object

from socialvalue.api.permissions import PUBLIC, required
from socialvalue.api.serializers import ErrorSerializer

REFUSALS = {
    "401": "Not signed in, or a wrong token: send `Authorization: Token <key>`.",
    "403": "Signed in, but this user's role may not read this.",
    "404": "No such record, or not one this user may see now (a sealed bid, for staff).",
}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The personal token (socialvalue.api.authentication), as ``tokenAuth``."""

    target_class = "socialvalue.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )


class PageAutoSchema(AutoSchema):
    """Adds the page permission to each description and the 401/403/404 error bodies."""

    def get_description(self) -> str:
        text = super().get_description() or ""
        permissions = required(self.view)
        if PUBLIC in permissions:
            who = "Anyone, without signing in."
        else:
            who = "Users holding " + " or ".join(f"`{p}`" for p in permissions) + "."
        return f"{text}\n\nWho may use it: {who}".strip()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        # A public endpoint refuses only a wrong token (401), never a role (403).
        codes = ["401", "404"] if PUBLIC in required(self.view) else list(REFUSALS)
        for code in codes:
            if code == "404" and not self._may_404():
                continue
            body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            body["description"] = REFUSALS[code]
            responses.setdefault(code, body)
        return responses

    def _may_404(self) -> bool:
        # A record named in the path, or a page number beyond the end of a list.
        return "{" in self.path or self._is_list_view()
