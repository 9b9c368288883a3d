"""The service navigation: which sections each role sees in the header.

Apps register their sections here (one list, in the order shown), so the header, the role
home pages and the tests read the same definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    permission: str  # a rules permission; the section shows only to users who have it


SECTIONS: list[Section] = [
    Section("Home", "core:home", "core.view_home"),
    Section("Projects", "procurement:project_list", "procurement.view_project"),
    Section("Engagement", "procurement:engagement_list", "procurement.view_project"),
    Section("Tenders", "tendering:tender_list", "tendering.view_tenders"),
    Section("Opportunities to bid", "tendering:opportunity_list", "tendering.bid"),
    Section("Your bids", "tendering:your_bids", "tendering.bid"),
    Section("Your evaluations", "tendering:evaluation_list", "tendering.evaluate"),
    Section("Measures", "policy:measure_list", "policy.view_measures"),
    Section("Policy", "policy:overview", "policy.view_policy"),
    Section("Contracts", "contracts:contract_list", "contracts.view_contract"),
    Section("Notices", "notices:due_list", "notices.view_notice"),
    Section("Spend", "spend:figures", "spend.view_spend"),
    Section("Red flags", "flags:flag_list", "flags.view_flags"),
    Section("Annual review", "reviews:review_list", "reviews.view_review"),
    Section("Suppliers", "suppliers:supplier_list", "suppliers.view_register"),
    Section("Users", "accounts:user_list", "accounts.manage_users"),
    Section("Audit log", "audit:event_list", "audit.view_events"),
]


# What a signed-out visitor sees: the public pages, and how to register or sign in.
PUBLIC_SECTIONS: list[tuple[str, str]] = [
    ("Home", "core:home"),
    ("Tenders open for bids", "tendering:public_list"),
    ("Forward pipeline", "procurement:pipeline"),
    ("Events", "procurement:event_list"),
    ("Register", "joining:signup"),
    ("Sign in", "accounts:login"),
]


def navigation_for(user, current_path: str) -> list[dict]:
    """Header links for ``user``, the one containing ``current_path`` marked active."""
    if not user.is_authenticated:
        return [_item(label, reverse(name), current_path) for label, name in PUBLIC_SECTIONS]
    items = []
    for section in SECTIONS:
        if not user.has_perm(section.permission):
            continue
        url = reverse(section.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": section.label, "url": url, "active": active})
    return items


def _item(label: str, url: str, current_path: str) -> dict:
    active = current_path == url if url == "/" else current_path.startswith(url)
    return {"label": label, "url": url, "active": active}
