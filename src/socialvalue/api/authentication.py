"""Token sign-in for the API: knox's hashed tokens, recording each token's last use."""

from __future__ import annotations

from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """``Authorization: Token <token>``. An expired token is deleted and refused (knox)."""

    def authenticate_credentials(self, token):
        user, auth_token = super().authenticate_credentials(token)
        auth_token.note_use()
        return user, auth_token
