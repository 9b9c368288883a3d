"""The standstill before a contract is entered into (Procurement Act 2023, s.51), and the
reasons an award may have none.

After the award decision the contracting authority publishes the contract award notice
(UK6, s.50); the mandatory standstill is the 8 working days beginning with the day it is
published (``working_days.standstill_ends``), and the contract may be entered into from the
working day after. Some awards have no mandatory standstill: the reasons are kept here as
data (``EXEMPTIONS``), each with the words an officer reads and the part of the Act it comes
from, so that a new reason is one more row rather than new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from socialvalue.domain.working_days import standstill_ends


class Exemption(StrEnum):
    """Why an award has no mandatory standstill. The stored value is the member's value."""

    URGENCY = "urgency"
    PROTECT_LIFE = "protect_life"
    USER_CHOICE = "user_choice"
    FRAMEWORK = "framework"
    DYNAMIC_MARKET = "dynamic_market"
    LIGHT_TOUCH = "light_touch"
    BELOW_THRESHOLD = "below_threshold"

    @property
    def label(self) -> str:
        return EXEMPTIONS[self].label

    @property
    def authority(self) -> str:
        return EXEMPTIONS[self].authority


@dataclass(frozen=True)
class ExemptionRule:
    label: str
    authority: str  # where in the Act the reason comes from, for the officer to check


EXEMPTIONS: dict[Exemption, ExemptionRule] = {
    Exemption.URGENCY: ExemptionRule(
        "Direct award for extreme and unavoidable urgency",
        "section 51(3): section 41 with Schedule 5 paragraph 13",
    ),
    Exemption.PROTECT_LIFE: ExemptionRule(
        "Direct award to protect life, health or public order", "section 51(3): section 42"
    ),
    Exemption.USER_CHOICE: ExemptionRule(
        "Direct award of a user choice contract",
        "section 51(3): section 41 with Schedule 5 paragraph 15",
    ),
    Exemption.FRAMEWORK: ExemptionRule(
        "Call-off under a framework", "section 51(3): a contract awarded under a framework"
    ),
    Exemption.DYNAMIC_MARKET: ExemptionRule(
        "Award by reference to a dynamic market",
        "section 51(3): a contract awarded by reference to a dynamic market",
    ),
    Exemption.LIGHT_TOUCH: ExemptionRule(
        "Light touch contract (a voluntary standstill may still be kept)",
        "section 51(3): a light touch contract",
    ),
    Exemption.BELOW_THRESHOLD: ExemptionRule(
        "Below-threshold contract (Part 6): no contract award notice or standstill",
        "sections 50 and 51 apply to public contracts only (section 3)",
    ),
}


def may_enter_from(standstill_last_day: date) -> date:
    """The first day the contract may be entered into: the day after the standstill's last
    day (s.51(1): not "before the end of" the period)."""
    return standstill_last_day + timedelta(days=1)


def may_enter(*, standstill_last_day: date | None, exempt: bool, today: date) -> bool:
    """Whether the contract may be entered into today: at once with an exemption, else from
    the day after the standstill's last day; never while the standstill has not started."""
    if exempt:
        return True
    if standstill_last_day is None:
        return False
    return today >= may_enter_from(standstill_last_day)


def standstill_of(notice_published_on: date) -> tuple[date, date]:
    """The first and last day of the standstill a notice published that day starts: it
    begins with the day of publication (counting from the next working day when that is a
    weekend or bank holiday) and ends on the 8th working day."""
    return notice_published_on, standstill_ends(notice_published_on)
