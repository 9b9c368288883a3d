"""Every page of the role matrix, read as its users read it: no raw codes in the words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from socialvalue.accounts.roles import Role
from tests.pages import PAGES

# A code as the database stores it: lower-case words joined by underscores.
_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b(?!\.[a-z])")
# Python's way of writing a dict or a Decimal.
_PYTHON = re.compile(r"\{'[a-z_]+': |Decimal\('")


# Not words for a reader: scripts, and codes shown as codes (file column names, API scopes).
_HIDDEN = ("script", "style", "template", "code")
# A code turned into a title by capitalising it.
_TITLED = re.compile(r"\bVcse\b|\bSme\b|\bRest of uk\b|\bOutside uk\b|\bNhs\b|\bGbp\b")


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in _HIDDEN and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _role_for(page) -> Role:
    order = (Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, Role.CONTRACT_MANAGER, Role.SUPPLIER)
    return next((role for role in order if role in page.roles), next(iter(page.roles)))


def test_no_raw_codes_on_any_page(client_for, client):
    """No page shows a stored code (``north_west``, ``central_government``) or a Python dict
    where a person expects words."""
    found: dict[str, list[str]] = {}
    for page in PAGES:
        if not page.html:
            continue
        response = (client if page.public else client_for(_role_for(page))).get(page.url())
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text = visible_text(response.content.decode())
        codes = sorted({*_CODE.findall(text), *_PYTHON.findall(text), *_TITLED.findall(text)})
        if codes:
            found[page.name] = codes
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
