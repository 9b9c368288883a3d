"""Template filters of the procurement pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def plain_text_page(text: str) -> SafeString:
    """Render guidance written as plain text: blank lines separate paragraphs, '## ' starts
    a heading, '- ' a bullet. Everything is escaped: no HTML from the author reaches the
    page."""
    blocks = [b.strip("\n") for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return mark_safe("\n".join(_block(b) for b in blocks))  # noqa: S308 (escaped above)


def _block(block: str) -> str:
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    if len(lines) == 1 and lines[0].startswith("## "):
        return f'<h2 class="govuk-heading-m">{escape(lines[0][3:])}</h2>'
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
        return f'<ul class="govuk-list govuk-list--bullet">{items}</ul>'
    return f'<p class="govuk-body">{escape(" ".join(lines))}</p>'
