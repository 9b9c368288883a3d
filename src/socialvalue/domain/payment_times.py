"""How quickly invoices are paid (Procurement Act 2023 s.68, s.69) and which payments are
large enough to publish (s.70). Pure rules over plain values (no Django).

The law (checked against the Act as enacted and the Cabinet Office guidance; sources in
``docs/procurement-act-notices.md``):

* s.68(2): a public contract is taken to say that an invoice is paid within 30 days of its
  receipt. The platform counts the days from the invoice date the file gives to the payment
  date: a payment 30 days after its invoice is on time, 31 days is late;
* s.69: a payments compliance notice (UK8) for each reporting period, six months ending
  31 March or 30 September, published "before the end of the period of 30 days beginning
  with the last day" of the period: the last day counts as the first of the 30, so the
  notice is due by 29 April and 29 October. The guidance's figures: average days to pay and
  the shares of invoices paid within 30 days, in 31 to 60 days and in 61 days or more.
  s.69 came into force on 1 January 2026 (Commencement No. 4 Regulations 2025), so the first
  reporting period is 1 January to 31 March 2026 (s.69(3)(a));
* s.70: information about each payment of **more than** £30,000 (including VAT) under a
  public contract, published within 30 days beginning with the last day of the quarter it
  was made in (quarters ending 30 June, 30 September, 31 December and 31 March). In force
  from 1 April 2026.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from socialvalue.domain.thresholds import DEFAULT_VAT_RATE, value_including_vat
from socialvalue.domain.working_days import last_of_days

PAY_WITHIN_DAYS = 30  # s.68(2)
LATE_BAND_DAYS = 60  # the guidance's second band: 31 to 60 days
PUBLISH_WITHIN_DAYS = 30  # s.69(1), s.70(2): 30 days beginning with the period's last day
S69_IN_FORCE = date(2026, 1, 1)
S70_IN_FORCE = date(2026, 4, 1)
SIGNIFICANT_PAYMENT = Decimal("30000")  # s.70(1): more than this, including VAT


def days_to_pay(invoice_date: date, paid_on: date) -> int:
    """Days from the invoice to its payment. A payment made before the invoice date (paid in
    advance, or a credit) counts as 0 days: it was not paid late."""
    return max((paid_on - invoice_date).days, 0)


def paid_late(days: int, limit: int = PAY_WITHIN_DAYS) -> bool:
    """Paid after the limit: 30 days is on time, 31 days is late."""
    return days > limit


def due_by(last_day: date) -> date:
    """The last day to publish: the 30th day of a period that begins with ``last_day``."""
    return last_of_days(last_day, PUBLISH_WITHIN_DAYS)


@dataclass(frozen=True, order=True)
class Period:
    """A span of days, both ends included."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def key(self) -> str:
        """'2026-01-01_2026-03-31': stable, for addresses and stored figures."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def publish_by(self) -> date:
        return due_by(self.end)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def from_key(cls, key: str) -> Period:
        """The period a key names; ValueError when it names none."""
        start, _, end = key.partition("_")
        period = cls(date.fromisoformat(start), date.fromisoformat(end))
        if period.end < period.start:
            raise ValueError(f"{key!r} ends before it starts")
        return period


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def half_year_of(day: date) -> Period:
    """The six months ending 30 September (April to September) or 31 March (October to
    March) that a day falls in."""
    if 4 <= day.month <= 9:
        return Period(date(day.year, 4, 1), date(day.year, 9, 30))
    start_year = day.year if day.month >= 10 else day.year - 1
    return Period(date(start_year, 10, 1), date(start_year + 1, 3, 31))


def reporting_period_of(day: date) -> Period:
    """The s.69 reporting period of a day: its half-year, cut at 1 January 2026 (the first
    reporting period begins the day s.69 came into force). Days before then fall in the
    part of their half-year before it, which no notice covers (see :func:`notice_due`)."""
    half = half_year_of(day)
    if half.start < S69_IN_FORCE <= half.end:
        if day < S69_IN_FORCE:
            return Period(half.start, S69_IN_FORCE - timedelta(days=1))
        return Period(S69_IN_FORCE, half.end)
    return half


def notice_due(period: Period) -> bool:
    """Whether a payments compliance notice is due for the period (s.69 in force)."""
    return period.start >= S69_IN_FORCE


def quarter_of(day: date) -> Period:
    """The quarter (April-June, July-September, October-December, January-March)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + 2
    end = (
        date(day.year + 1, 1, 1) if end_month == 12 else date(day.year, end_month + 1, 1)
    ) - timedelta(days=1)
    return Period(start, end)


def significant_payment(
    amount: Decimal, *, includes_vat: bool = False, vat_rate: Decimal = DEFAULT_VAT_RATE
) -> bool:
    """A payment of more than £30,000 including VAT (s.70). The platform takes a payment
    file's amounts as without VAT, as its other threshold checks do, and grosses them up."""
    return value_including_vat(amount, includes_vat, vat_rate) > SIGNIFICANT_PAYMENT


def significant_payment_floor(
    *, includes_vat: bool = False, vat_rate: Decimal = DEFAULT_VAT_RATE
) -> Decimal:
    """The amount as paid above which a payment may be significant (for a database filter
    before :func:`significant_payment` decides): £25,000 without VAT at 20%."""
    if includes_vat:
        return SIGNIFICANT_PAYMENT
    floor = (SIGNIFICANT_PAYMENT / (1 + vat_rate)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return floor - Decimal("0.01")  # a penny below: rounding to pence never leaves one out


# --- Payments compliance ------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentGroup:
    """Payments alike for the rule: paid on one day, ``days`` after their invoices (None: no
    invoice date), how many lines and their value. A million lines come as a few thousand."""

    paid_on: date
    days: int | None
    lines: int
    value: Decimal


def group_of(paid_on: date, invoice_date: date | None, amount: Decimal) -> PaymentGroup:
    """One payment line as a group of one."""
    days = None if invoice_date is None else days_to_pay(invoice_date, paid_on)
    return PaymentGroup(paid_on, days, 1, amount)


@dataclass(frozen=True)
class Compliance:
    """The payments compliance figures of one period.

    The figures rest only on lines with an invoice date; ``coverage`` says how many that is
    of all the lines paid in the period, and ``value_coverage`` of their value.
    """

    period: Period
    lines: int  # every line paid in the period
    value: Decimal
    dated_lines: int  # lines with an invoice date: the figures rest on these
    dated_value: Decimal
    total_days: int
    within_30: int
    within_31_to_60: int
    over_60: int

    @property
    def notice_due(self) -> bool:
        return notice_due(self.period)

    @property
    def average_days(self) -> Decimal | None:
        """Mean days from invoice to payment, to one decimal place; None with no dated line."""
        if not self.dated_lines:
            return None
        return (Decimal(self.total_days) / self.dated_lines).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def _share(self, count: int) -> Decimal | None:
        if not self.dated_lines:
            return None
        return (Decimal(100) * count / self.dated_lines).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def share_within_30(self) -> Decimal | None:
        """Percent of dated invoices paid within 30 days."""
        return self._share(self.within_30)

    @property
    def share_31_to_60(self) -> Decimal | None:
        return self._share(self.within_31_to_60)

    @property
    def share_over_60(self) -> Decimal | None:
        return self._share(self.over_60)

    @property
    def coverage(self) -> Decimal | None:
        """Percent of the period's lines that had an invoice date."""
        if not self.lines:
            return None
        return (Decimal(100) * self.dated_lines / self.lines).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def value_coverage(self) -> Decimal | None:
        """Percent of the period's value paid on lines with an invoice date."""
        if not self.value:
            return None
        return (Decimal(100) * self.dated_value / self.value).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )


@dataclass
class _Tally:
    lines: int = 0
    value: Decimal = Decimal("0.00")
    dated_lines: int = 0
    dated_value: Decimal = Decimal("0.00")
    total_days: int = 0
    bands: tuple[int, int, int] = (0, 0, 0)

    def add(self, group: PaymentGroup) -> None:
        self.lines += group.lines
        self.value += group.value
        if group.days is None:
            return
        self.dated_lines += group.lines
        self.dated_value += group.value
        self.total_days += group.days * group.lines
        first, second, third = self.bands
        if group.days <= PAY_WITHIN_DAYS:
            first += group.lines
        elif group.days <= LATE_BAND_DAYS:
            second += group.lines
        else:
            third += group.lines
        self.bands = (first, second, third)


def compliance_by_period(groups: Iterable[PaymentGroup]) -> list[Compliance]:
    """The compliance figures of each reporting period with a payment, oldest first."""
    tallies: dict[Period, _Tally] = {}
    for group in groups:
        tallies.setdefault(reporting_period_of(group.paid_on), _Tally()).add(group)
    return [
        Compliance(
            period=period,
            lines=t.lines,
            value=t.value,
            dated_lines=t.dated_lines,
            dated_value=t.dated_value,
            total_days=t.total_days,
            within_30=t.bands[0],
            within_31_to_60=t.bands[1],
            over_60=t.bands[2],
        )
        for period, t in sorted(tallies.items())
    ]


def compliance_to_dict(figures: Compliance) -> dict[str, object]:
    """For storing as JSON: numbers of lines as numbers, money as text."""
    return {
        "start": figures.period.start.isoformat(),
        "end": figures.period.end.isoformat(),
        "lines": figures.lines,
        "value": str(figures.value),
        "dated_lines": figures.dated_lines,
        "dated_value": str(figures.dated_value),
        "total_days": figures.total_days,
        "within_30": figures.within_30,
        "within_31_to_60": figures.within_31_to_60,
        "over_60": figures.over_60,
    }


def compliance_from_dict(data: dict[str, object]) -> Compliance:
    return Compliance(
        period=Period(date.fromisoformat(str(data["start"])), date.fromisoformat(str(data["end"]))),
        lines=int(str(data["lines"])),
        value=Decimal(str(data["value"])),
        dated_lines=int(str(data["dated_lines"])),
        dated_value=Decimal(str(data["dated_value"])),
        total_days=int(str(data["total_days"])),
        within_30=int(str(data["within_30"])),
        within_31_to_60=int(str(data["within_31_to_60"])),
        over_60=int(str(data["over_60"])),
    )
