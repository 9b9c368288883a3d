"""Template filters of the contract pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from socialvalue.domain.delivery import Rag
from socialvalue.domain.money import format_quantity

register = template.Library()

_RAG_CSS = {
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
    Rag.NOT_DUE: "govuk-tag--grey",
}
_LINE = {
    "submitted": "govuk-tag--blue",
    "verified": "govuk-tag--green",
    "rejected": "govuk-tag--red",
}


@register.filter
def rag_tag(rag: Rag | str) -> SafeString:
    rag = Rag(rag)
    return format_html('<strong class="govuk-tag {}">{}</strong>', _RAG_CSS[rag], rag.label)


@register.filter
def line_tag(line) -> SafeString:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        _LINE.get(line.status, "govuk-tag--grey"),
        line.get_status_display(),
    )


@register.filter
def qty(value: Decimal | None) -> str:
    """A quantity without trailing zeros: 12.50 -> 12.5, 10.00 -> 10."""
    if value is None:
        return ""
    return format_quantity(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{value}%"
