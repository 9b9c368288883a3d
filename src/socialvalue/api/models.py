"""Personal API tokens (docs/api.md): django-rest-knox's hashed token with a name and the
time of its last use, so that its owner can tell their tokens apart and spot one that is
used when it should not be."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from knox.models import AbstractAuthToken

# The time of last use is written at most once in this interval: an API client reading
# page after page must not write to the database on every request.
LAST_USE_INTERVAL = timedelta(minutes=1)


class ApiToken(AbstractAuthToken):
    """One token of one user. Only the SHA-512 digest of the token is stored (``digest``,
    with knox's first 15 characters in ``token_key`` to find it); the token itself is shown
    once, when it is made."""

    # How the owner's page names a token (to revoke it): neither the digest nor the key.
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "digest"]
        verbose_name = "API token"

    def __str__(self) -> str:  # never the digest or the key
        return f"API token {self.name!r} of {self.user}"

    def note_use(self, now=None) -> None:
        """Record that the token was used now, unless that was recorded under a minute ago."""
        now = now or timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < LAST_USE_INTERVAL:
            return
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
