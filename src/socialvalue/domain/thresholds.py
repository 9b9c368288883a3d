"""Does the Public Services (Social Value) Act 2012 duty apply to a procurement?

The Act asks a contracting authority, before it starts a procurement for a public
*services* contract (or a contract for goods or works with a service element) whose value
is at or above the threshold, to consider how what it buys could improve the economic,
social and environmental well-being of its area. This module decides that question from
plain values and a thresholds table passed in as data, so the figures can change (they do,
every two years) without a code change.

Threshold amounts are INCLUDING VAT, as the Procurement Act 2023 and the Public Contracts
Regulations 2015 (since 1 January 2024) state them. Estimated values entered without VAT
are grossed up at the VAT rate (a parameter, 20% by default) before the comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from socialvalue.domain.money import format_gbp, parse_amount, to_pounds

DEFAULT_VAT_RATE = Decimal("0.20")


class Regime(StrEnum):
    """The law that governs a procurement, by the date it starts."""

    PCR_2015 = "Public Contracts Regulations 2015"
    PA_2023 = "Procurement Act 2023"


class AuthorityType(StrEnum):
    """Schedule 1 of the Procurement Act splits thresholds by kind of authority."""

    CENTRAL = "central government"
    SUB_CENTRAL = "sub-central"  # local authorities, police, fire, NHS trusts...
    ALL = "all"  # a threshold row that applies to every authority

    @property
    def code(self) -> str:
        """The value the policy app stores ('sub_central')."""
        return self.name.lower()

    @classmethod
    def from_code(cls, code: str) -> AuthorityType:
        """Read a stored code ('central', 'sub_central', 'all')."""
        return cls[code.upper()]


class Category(StrEnum):
    """What is being bought, in the words buyers use when they start a procurement."""

    SERVICES = "services"
    SUPPLIES = "supplies"
    WORKS = "works"
    MIXED_WITH_SERVICES = "supplies or works with a service element"
    LIGHT_TOUCH = "light-touch services"


class ContractType(StrEnum):
    """The column of the thresholds table a row belongs to."""

    SUPPLIES_AND_SERVICES = "goods and services"
    WORKS = "works"
    LIGHT_TOUCH = "light touch services"
    SMALL_LOTS_SUPPLIES_SERVICES = "small lots - supplies and services"
    SMALL_LOTS_WORKS = "small lots - works"
    CONCESSION = "concession"
    LIGHT_TOUCH_CONCESSION = "light touch concession"
    BELOW_THRESHOLD_NOTICE = "regulated below-threshold contract (notices)"

    @property
    def code(self) -> str:
        """The value the policy app stores ('goods_services')."""
        return _CONTRACT_CODES[self]

    @classmethod
    def from_code(cls, code: str) -> ContractType:
        """Read a stored code ('goods_services', 'works', 'light_touch', ...)."""
        for member, stored in _CONTRACT_CODES.items():
            if stored == code:
                return member
        raise ValueError(f"{code!r} is not a contract type code")


_CONTRACT_CODES: Mapping[ContractType, str] = {
    ContractType.SUPPLIES_AND_SERVICES: "goods_services",
    ContractType.WORKS: "works",
    ContractType.LIGHT_TOUCH: "light_touch",
    ContractType.SMALL_LOTS_SUPPLIES_SERVICES: "small_lot_goods_services",
    ContractType.SMALL_LOTS_WORKS: "small_lot_works",
    ContractType.CONCESSION: "concession",
    ContractType.LIGHT_TOUCH_CONCESSION: "light_touch_concession",
    ContractType.BELOW_THRESHOLD_NOTICE: "below_threshold_notice",
}


# Which column of the table decides each category. A mixed contract is compared with the
# goods and services threshold: the duty attaches through its service element, and that is
# the lower of the two amounts, so when in doubt the buyer is told to consider social value.
_THRESHOLD_FOR: Mapping[Category, ContractType] = {
    Category.SERVICES: ContractType.SUPPLIES_AND_SERVICES,
    Category.SUPPLIES: ContractType.SUPPLIES_AND_SERVICES,
    Category.WORKS: ContractType.WORKS,
    Category.MIXED_WITH_SERVICES: ContractType.SUPPLIES_AND_SERVICES,
    Category.LIGHT_TOUCH: ContractType.LIGHT_TOUCH,
}

# The Act's duty is about services; pure goods or pure works contracts are outside it.
_OUTSIDE_THE_ACT = frozenset({Category.SUPPLIES, Category.WORKS})

POLICY_NOTE = "Our social value policy still applies to every contract, whatever its value or kind."


@dataclass(frozen=True)
class Threshold:
    """One row of the thresholds table (amount including VAT; ``valid_to`` inclusive)."""

    regime: Regime
    valid_from: date
    valid_to: date | None
    authority_type: AuthorityType
    contract_type: ContractType
    amount_inc_vat: Decimal

    def covers(self, day: date, authority: AuthorityType, contract: ContractType) -> bool:
        """True when this row is the one to use for that day, authority and contract type."""
        in_date = self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
        right_authority = self.authority_type in (AuthorityType.ALL, authority)
        return in_date and right_authority and self.contract_type == contract


@dataclass(frozen=True)
class DutyDecision:
    """The answer for one procurement, with the sentence to show the buyer."""

    applies: bool
    regime: Regime | None
    threshold: Threshold | None
    value_inc_vat: Decimal
    explanation: str


class ThresholdNotFound(LookupError):
    """The thresholds table has no row for that date, authority and contract type."""


def value_including_vat(
    value: Decimal, includes_vat: bool, vat_rate: Decimal = DEFAULT_VAT_RATE
) -> Decimal:
    """The estimated value including VAT, in pence rounded half up."""
    if includes_vat:
        return to_pounds(value)
    return to_pounds(Decimal(value) * (1 + vat_rate))


def find_threshold(
    thresholds: Iterable[Threshold], day: date, authority: AuthorityType, contract: ContractType
) -> Threshold:
    """The row that applies; a row for the specific authority type beats an 'all' row."""
    matches = [t for t in thresholds if t.covers(day, authority, contract)]
    if not matches:
        raise ThresholdNotFound(
            f"no {contract} threshold for {authority} authorities on {day:%d %B %Y}"
        )
    # Specific beats general; then the most recent start date, so the answer is deterministic.
    matches.sort(key=lambda t: (t.authority_type == AuthorityType.ALL, -t.valid_from.toordinal()))
    return matches[0]


def social_value_act_duty(
    *,
    authority: AuthorityType,
    category: Category,
    estimated_value: Decimal,
    value_includes_vat: bool,
    start_date: date,
    thresholds: Sequence[Threshold],
    vat_rate: Decimal = DEFAULT_VAT_RATE,
) -> DutyDecision:
    """Decide whether the Social Value Act duty applies and say why in one sentence.

    Raises ``ThresholdNotFound`` when the table has no row for the start date (for example
    a date before the table begins), because guessing a legal threshold would be worse.
    """
    if authority == AuthorityType.ALL:
        raise ValueError("say whether the authority is central government or sub-central")
    gross = value_including_vat(estimated_value, value_includes_vat, vat_rate)
    threshold = find_threshold(thresholds, start_date, authority, _THRESHOLD_FOR[category])
    shown = _value_words(gross, estimated_value, value_includes_vat, vat_rate)
    regime = threshold.regime
    if category in _OUTSIDE_THE_ACT:
        return DutyDecision(
            applies=False,
            regime=regime,
            threshold=threshold,
            value_inc_vat=gross,
            explanation=(
                f"The Social Value Act duty does not apply: it covers services contracts and "
                f"contracts with a service element, and this is a pure {category} contract "
                f"({shown}, under the {regime}). {POLICY_NOTE}"
            ),
        )
    limit = format_gbp(threshold.amount_inc_vat)
    # Name the threshold as the regulations do: "sub-central goods and services".
    kind = "light-touch" if category == Category.LIGHT_TOUCH else f"{authority} goods and services"
    if gross >= threshold.amount_inc_vat:
        return DutyDecision(
            applies=True,
            regime=regime,
            threshold=threshold,
            value_inc_vat=gross,
            explanation=(
                f"The Social Value Act duty applies: {shown} is at or above the {limit} "
                f"{kind} threshold (including VAT) under the {regime}, so consider social "
                f"value before the procurement starts."
            ),
        )
    return DutyDecision(
        applies=False,
        regime=regime,
        threshold=threshold,
        value_inc_vat=gross,
        explanation=(
            f"The Social Value Act duty does not apply: {shown} is below the {limit} "
            f"{kind} threshold (including VAT) under the {regime}. {POLICY_NOTE}"
        ),
    )


def _value_words(gross: Decimal, value: Decimal, includes_vat: bool, vat_rate: Decimal) -> str:
    if includes_vat:
        return f"the estimated value of {format_gbp(gross)} including VAT"
    rate = f"{(vat_rate * 100).normalize():f}%"
    return (
        f"the estimated value of {format_gbp(value)} excluding VAT "
        f"({format_gbp(gross)} with VAT at {rate})"
    )


# --- Reading the published thresholds CSV ---------------------------------------------

_DATE_RANGE = re.compile(r"(\d{1,2} \w{3} \d{4})\s*-\s*(\d{1,2} \w{3} \d{4})")
_DATE_FROM = re.compile(r"from (\d{1,2} \w{3} \d{4})", re.IGNORECASE)


def _day(text: str) -> date:
    return datetime.strptime(text, "%d %b %Y").date()


def regime_from_text(text: str) -> Regime:
    """The regime named by a row's free-text regime ('PCR 2015 (PPN 11/23)', 'Procurement
    Act 2023 Sch.1', ...)."""
    if text.startswith(("PCR 2015", Regime.PCR_2015.value)):
        return Regime.PCR_2015
    if text.startswith("Procurement Act 2023"):
        return Regime.PA_2023
    raise ValueError(f"regime {text!r} is neither PCR 2015 nor the Procurement Act 2023")


def _period(text: str) -> tuple[date, date | None]:
    if match := _DATE_RANGE.search(text):
        return _day(match.group(1)), _day(match.group(2))
    if match := _DATE_FROM.search(text):
        return _day(match.group(1)), None
    raise ValueError(f"cannot read the dates in {text!r}")


def _authority(text: str) -> AuthorityType:
    lowered = text.lower()
    if lowered.startswith("central"):
        return AuthorityType.CENTRAL
    # "other contracting authorities (incl. police)" is everyone who is not central.
    if lowered.startswith(("sub-central", "other contracting authorities")):
        return AuthorityType.SUB_CENTRAL
    if lowered == "all":
        return AuthorityType.ALL
    raise ValueError(f"authority type {text!r} is not central, sub-central or all")


def _contract_type(text: str) -> ContractType:
    lowered = text.lower()
    if lowered.startswith("small lots"):
        if "works" in lowered:
            return ContractType.SMALL_LOTS_WORKS
        return ContractType.SMALL_LOTS_SUPPLIES_SERVICES
    if lowered.startswith("regulated below-threshold"):
        return ContractType.BELOW_THRESHOLD_NOTICE
    if lowered == "light touch concession":
        return ContractType.LIGHT_TOUCH_CONCESSION
    if lowered.startswith("light touch"):
        return ContractType.LIGHT_TOUCH
    if lowered == "concession":
        return ContractType.CONCESSION
    if lowered == "works":
        return ContractType.WORKS
    if lowered in ("supplies & services", "goods & services"):
        return ContractType.SUPPLIES_AND_SERVICES
    raise ValueError(f"contract type {text!r} is not one the thresholds table knows")


def threshold_from_csv_row(row: Mapping[str, str]) -> Threshold:
    """Turn one row of a thresholds CSV (as ``csv.DictReader`` gives it) into a
    ``Threshold``. Reads both the researched ``uk_procurement_thresholds.csv`` (dates and
    types in words) and the policy app's ``data/policy/thresholds.csv`` (ISO dates and
    stored codes). Raises ``ValueError`` naming the cell it could not read."""
    if "valid_from" in row:
        return _threshold_from_coded_row(row)
    valid_from, valid_to = _period(row["applies_to_procurements_commenced"])
    return Threshold(
        regime=regime_from_text(row["regime"]),
        valid_from=valid_from,
        valid_to=valid_to,
        authority_type=_authority(row["authority_type"].strip()),
        contract_type=_contract_type(row["contract_type"].strip()),
        amount_inc_vat=parse_amount(row["threshold_gbp_inc_vat"]),
    )


def _threshold_from_coded_row(row: Mapping[str, str]) -> Threshold:
    valid_to = row.get("valid_to") or ""
    return Threshold(
        regime=regime_from_text(row["regime"]),
        valid_from=date.fromisoformat(row["valid_from"]),
        valid_to=date.fromisoformat(valid_to) if valid_to else None,
        authority_type=AuthorityType.from_code(row["authority_type"]),
        contract_type=ContractType.from_code(row["contract_type"]),
        amount_inc_vat=parse_amount(row["amount_inc_vat"]),
    )


def thresholds_from_csv_rows(rows: Iterable[Mapping[str, str]]) -> list[Threshold]:
    """All rows of the thresholds CSV as ``Threshold`` objects, in file order."""
    return [threshold_from_csv_row(row) for row in rows]
