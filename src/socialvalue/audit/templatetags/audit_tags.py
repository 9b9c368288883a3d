"""The audit log's words on its page (the same as in its download: ``audit.display``)."""

from __future__ import annotations

from django import template

from socialvalue.audit import display

register = template.Library()
register.filter("verb_label", display.verb_label)
register.filter("detail_lines", display.detail_lines)
