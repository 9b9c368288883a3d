"""Reads of the supplier register shared by its pages, the spend figures and the API."""

from __future__ import annotations

from collections.abc import Iterable

from socialvalue.domain.supplier_match import Suggestion, SupplierMatcher
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister, normalise_name
from socialvalue.suppliers.models import Supplier, SupplierAlias


def supplier_register() -> SupplierRegister:
    """The supplier register in the form the spend engine matches names against: each
    supplier with its aliases, so payments under an alias count for the supplier."""
    return SupplierRegister(
        [
            RegisteredSupplier(
                name=s.name,
                aliases=tuple(s.alias_list),
                postcode=s.postcode or None,
                company_number=s.companies_house_number or None,
                charity_number=s.charity_number or None,
                legal_form=s.legal_form or None,
                employees=s.employees,
                size_band=s.size_band or None,
                turnover=s.turnover,
                balance_sheet_total=s.balance_sheet_total,
                reference=str(s.pk),
            )
            # By id, as the engine's "first supplier to claim a name keeps it" expects.
            for s in Supplier.objects.order_by("pk").prefetch_related("aliases")
        ]
    )


def supplier_matcher() -> SupplierMatcher:
    """The register ready for fuzzy suggestions (build once per page or action)."""
    return SupplierMatcher(supplier_register())


def name_owners() -> dict[str, int]:
    """Every normalised name the register answers to and the id of the supplier it belongs
    to: its name or one of its aliases. The first supplier to claim a name keeps it."""
    owners: dict[str, int] = {}
    for pk, name in Supplier.objects.order_by("pk").values_list("pk", "name"):
        owners.setdefault(normalise_name(name), pk)
    for key, supplier_id in SupplierAlias.objects.order_by("pk").values_list("key", "supplier_id"):
        owners.setdefault(key, supplier_id)
    owners.pop("", None)
    return owners


def demo_supplier_count() -> int:
    """How many register entries are the demo's invented data (pages say so)."""
    return Supplier.objects.filter(demo_data=True).count()


def suggestions_to_accept(payees: Iterable[str], min_score: int) -> list[Suggestion]:
    """The payees that accepting every suggestion at ``min_score`` would add as aliases,
    each with the one supplier it best matches (ties left out: a person chooses)."""
    matcher = supplier_matcher()
    found = (matcher.best(payee, min_score=min_score) for payee in payees)
    return [s for s in found if s is not None]


def suggestions_for(payees: Iterable[str], *, limit: int = 5) -> list[Suggestion]:
    """The suppliers that several payees may be, best first, one entry per supplier."""
    matcher = supplier_matcher()
    best: dict[str | None, Suggestion] = {}
    for payee in payees:
        for suggestion in matcher.suggest(payee, limit=limit):
            current = best.get(suggestion.supplier.reference)
            if current is None or suggestion.score > current.score:
                best[suggestion.supplier.reference] = suggestion
    return sorted(best.values(), key=lambda s: (-s.score, s.supplier.name))[:limit]


def supplier_find(text: str) -> Supplier | None:
    """The supplier an officer means by a name or a Companies House number, if exactly one."""
    from socialvalue.domain.registration_numbers import normalise_company_number

    number = normalise_company_number(text)
    if number:
        found = Supplier.objects.filter(companies_house_number=number).first()
        if found is not None:
            return found
    owner = name_owners().get(normalise_name(text))
    return Supplier.objects.filter(pk=owner).first() if owner else None
