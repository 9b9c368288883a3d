"""Proportionate social value asks: how much weight, how many measures, which ones.

A £20,000 cleaning contract should not carry the same social value ask as a £5m
construction framework. The bands (value ranges with a weighting and a number of measures)
are data the authority maintains; this module only applies them, and never proposes a
weighting below the policy minimum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from socialvalue.domain.money import format_gbp


@dataclass(frozen=True)
class Band:
    """A value band: contracts from ``min_value`` up to (not including) ``max_value``.

    ``max_value`` None means "and above". ``categories`` empty means the band fits every
    category; otherwise it only fits the categories listed (so a works band can differ).
    """

    min_value: Decimal
    max_value: Decimal | None
    weighting: Decimal  # percent, on whichever basis the policy rule uses
    measures: int
    categories: frozenset[str] = frozenset()

    def fits(self, value: Decimal, category: str) -> bool:
        """True when a contract of this value and category falls in the band."""
        in_range = self.min_value <= value and (self.max_value is None or value < self.max_value)
        return in_range and (not self.categories or category in self.categories)


@dataclass(frozen=True)
class MeasureOption:
    """A measure of the library as the suggestion needs it."""

    code: str
    title: str
    categories: frozenset[str] = frozenset()  # empty: suits any category
    priority: str | None = None  # the authority priority the measure serves, if any


@dataclass(frozen=True)
class Suggestion:
    """What to ask for; the buyer may change it, the reason says where it came from."""

    weighting: Decimal
    measure_count: int
    measures: tuple[MeasureOption, ...]
    band: Band | None
    reason: str


def find_band(bands: Iterable[Band], value: Decimal, category: str) -> Band | None:
    """The band for a value and category; a category-specific band beats a general one."""
    matches = [band for band in bands if band.fits(value, category)]
    if not matches:
        return None
    # Specific first, then the highest lower bound, so overlapping data still gives one answer.
    matches.sort(key=lambda b: (not b.categories, -b.min_value))
    return matches[0]


def pick_measures(
    measures: Iterable[MeasureOption], category: str, priorities: Sequence[str], count: int
) -> tuple[MeasureOption, ...]:
    """Up to ``count`` measures that suit the category, those serving the authority's
    priorities first (in the order the priorities are listed), then by code."""
    suitable = [m for m in measures if not m.categories or category in m.categories]
    rank = {priority: i for i, priority in enumerate(priorities)}

    def order(measure: MeasureOption) -> tuple[int, str]:
        return (rank.get(measure.priority or "", len(rank)), measure.code)

    return tuple(sorted(suitable, key=order)[: max(count, 0)])


def suggest(
    *,
    value: Decimal,
    category: str,
    bands: Sequence[Band],
    measures: Iterable[MeasureOption],
    policy_minimum: Decimal,
    priorities: Sequence[str] = (),
) -> Suggestion:
    """Propose a social value weighting, a number of measures and which measures fit."""
    band = find_band(bands, value, category)
    shown = format_gbp(value)
    if band is None:
        weighting, count = policy_minimum, 1
        why = f"No value band covers {shown} for {category}, so the policy minimum is proposed"
    else:
        weighting, count = band.weighting, band.measures
        upper = f"below {format_gbp(band.max_value)}" if band.max_value is not None else "and above"
        why = (
            f"{shown} falls in the band from {format_gbp(band.min_value)} {upper}, "
            f"which proposes {_percent(band.weighting)} and {band.measures} measure"
            f"{'' if band.measures == 1 else 's'}"
        )
        if band.weighting < policy_minimum:
            weighting = policy_minimum
            why += f"; the weighting is raised to the policy minimum of {_percent(policy_minimum)}"
    chosen = pick_measures(measures, category, priorities, count)
    if len(chosen) < count:
        why += f"; only {len(chosen)} measure{'' if len(chosen) == 1 else 's'} in the library"
        why += f" suit {category}"
    return Suggestion(weighting, count, chosen, band, why + ".")


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"
