"""Supplier size bands: micro, small, medium (together SME) and large.

The SME line is the Procurement Act 2023's: fewer than 250 staff AND (turnover up to
£44m OR balance sheet total up to £38m). Within SMEs the micro and small bands follow
EU Recommendation 2003/361 (staff AND (turnover OR balance sheet)): micro under 10 staff
and up to 2m, small under 50 staff and up to 10m. The EU sets those in euros; we apply
them as the same number of pounds (micro up to £2m, small up to £10m), a judgement
recorded in docs/spend-analysis.md: no exchange rate is fixed in law, and since a pound
has been worth more than a euro throughout, the pound lines sit a little higher than the
euro ones, so a supplier right at an edge may be placed one band smaller than a strict
euro reading would place it.
Source table: socialvalue data frameworks/sme_definitions.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from socialvalue.domain.money import AmountError, parse_amount

MILLION = Decimal(1_000_000)


class SizeBand(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    UNKNOWN = "unknown"

    @property
    def is_sme(self) -> bool:
        return self in (SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM)

    @property
    def label(self) -> str:
        """The words a page, a download heading or a chart uses: "Micro", "Size not known"."""
        return SIZE_LABELS[self]


SIZE_LABELS: dict[SizeBand, str] = {
    SizeBand.MICRO: "Micro",
    SizeBand.SMALL: "Small",
    SizeBand.MEDIUM: "Medium",
    SizeBand.LARGE: "Large",
    SizeBand.UNKNOWN: "Size not known",
}


@dataclass(frozen=True)
class Band:
    """A band's ceilings: staff strictly below, money at or below."""

    band: SizeBand
    staff_below: int
    turnover_max: Decimal
    balance_sheet_max: Decimal


BANDS = (
    Band(SizeBand.MICRO, 10, 2 * MILLION, 2 * MILLION),
    Band(SizeBand.SMALL, 50, 10 * MILLION, 10 * MILLION),
    Band(SizeBand.MEDIUM, 250, 44 * MILLION, 38 * MILLION),  # Procurement Act 2023
)


@dataclass(frozen=True)
class SizeResult:
    band: SizeBand
    confidence: float
    reason: str


def _pounds(value: object | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return parse_amount(value)  # type: ignore[arg-type]
    except AmountError:
        return None


def classify_size(
    employees: int | None,
    turnover: object | None = None,
    balance_sheet_total: object | None = None,
    stated: str | None = None,
) -> SizeResult:
    """The size band of a supplier from its staff headcount, turnover and balance sheet,
    else from the band the register states (an officer who knows "a small local firm"
    but not its accounts).

    Confidence 1.0 when staff and at least one money figure are known; 0.7 on staff
    alone (the BERR headcount-only bands, which UK statistics use); 0.5 on money alone or
    on a stated band; unknown (0.0) with nothing to go on. Figures beat a stated band:
    they are the test the law sets.
    """
    money = (_pounds(turnover), _pounds(balance_sheet_total))
    has_money = any(m is not None for m in money)
    if employees is None and not has_money:
        declared = stated_band(stated)
        if declared is not SizeBand.UNKNOWN:
            return SizeResult(declared, 0.5, "size stated in the supplier register")
        return SizeResult(SizeBand.UNKNOWN, 0.0, "no headcount, turnover or balance sheet")
    for band in BANDS:
        if _fits(band, employees, money):
            return SizeResult(band.band, _confidence(employees, has_money), _why(band, money))
    return SizeResult(SizeBand.LARGE, _confidence(employees, has_money), "above the SME limits")


def stated_band(value: str | None) -> SizeBand:
    """A band as a register stores it ("small"), or UNKNOWN for blank or anything else."""
    try:
        return SizeBand((value or "").strip().lower() or SizeBand.UNKNOWN)
    except ValueError:
        return SizeBand.UNKNOWN


def _fits(band: Band, employees: int | None, money: tuple[Decimal | None, ...]) -> bool:
    turnover, balance = money
    staff_ok = employees is None or employees < band.staff_below
    if turnover is None and balance is None:
        return staff_ok
    money_ok = (turnover is not None and turnover <= band.turnover_max) or (
        balance is not None and balance <= band.balance_sheet_max
    )
    return staff_ok and money_ok


def _confidence(employees: int | None, has_money: bool) -> float:
    if employees is not None and has_money:
        return 1.0
    return 0.7 if employees is not None else 0.5


def _why(band: Band, money: tuple[Decimal | None, ...]) -> str:
    known = "staff and money tests" if any(m is not None for m in money) else "staff only"
    return f"within the {band.band.value} limits ({known})"
