"""Full addresses of the site's pages, for places without a request to take the host from:
e-mails sent by the task worker or a command, and anything else that leaves the site."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """``SITE_URL`` followed by a path of this site (as ``reverse`` returns it).

    ``absolute_url("/contracts/3/")`` is ``"https://socialvalue.example.org/contracts/3/"``
    with ``SITE_URL=https://socialvalue.example.org``. Without ``SITE_URL`` (which
    ``check --deploy`` warns about) the path is returned alone and the omission logged.
    """
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"expected a path of this site starting with '/', got {path!r}")
    base = settings.SITE_URL
    if not base:
        logger.warning("SITE_URL is not set: a link to %s goes out without the site address", path)
        return path
    return base + path


def site_url_problem(value: str) -> str | None:
    """What is wrong with a ``SITE_URL`` value, in words, or None when it is usable."""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return f"SITE_URL {value!r} is not an address starting with https:// and a host name"
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        return (
            f"SITE_URL {value!r} has more than the scheme and host "
            "(the site is served from the root of its host)"
        )
    return None
