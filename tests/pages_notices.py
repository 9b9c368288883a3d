"""Pages of Procurement Act notices (issue 15) and contracting authorities. See
tests/pages.py. Opened on the demo's cleaning procurement (awarded, with a contract whose
tender and award notices are recorded as published) and the custody procurement (light
touch, at tender). Staff read; officers and administrators record; suppliers see only the
public OCDS of published notices."""

from __future__ import annotations

from collections.abc import Callable

from socialvalue.accounts.roles import Role
from tests.pagekit import ADMIN, ALL, STAFF, Page, _pk, _url

MANAGE = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})


def _project(words: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.procurement.models import Project

        return Project.objects.filter(title__icontains=words).order_by("pk").first().pk

    return pk


def _slug(words: str, key_start: str) -> Callable[[], str]:
    def slug() -> str:
        from socialvalue.notices import selectors
        from socialvalue.procurement.models import Project

        project = Project.objects.filter(title__icontains=words).order_by("pk").first()
        rows = selectors.notices_for(project).rows
        return next(r.slug for r in rows if r.key.startswith(key_start))

    return slug


def _ocid(words: str) -> Callable[[], str]:
    def ocid() -> str:
        from django.conf import settings

        return f"{settings.OCDS_PREFIX}-{_project(words)()}"

    return ocid


def _payments_period() -> str:
    from socialvalue.spend.selectors import payment_times

    return payment_times().periods[-1].period.key


def _commissioner() -> int:
    from socialvalue.policy.models import ContractingAuthority

    return ContractingAuthority.objects.order_by("order", "name").first().pk


def _commissioner_period() -> str:
    """The latest reporting period of the Commissioner's payments (the demo's file)."""
    from socialvalue.policy.models import ContractingAuthority
    from socialvalue.spend.selectors import payment_times
    from socialvalue.spend.snapshots import Body

    authority = ContractingAuthority.objects.get(pk=_commissioner())
    return payment_times(Body(authority)).periods[-1].period.key


def _recorded_commissioner_period() -> str:
    """The same period with its UK8 recorded as published (stored as the service would)."""
    from django.utils import timezone

    from socialvalue.accounts.models import User
    from socialvalue.domain.payment_times import Period
    from socialvalue.notices.models import Notice

    key = _commissioner_period()
    period = Period.from_key(key)
    Notice.objects.get_or_create(
        contracting_authority_id=_commissioner(),
        key=f"UK8:{key}",
        defaults={
            "notice_type": "UK8",
            "period_start": period.start,
            "period_end": period.end,
            "published_on": period.publish_by,
            "reference": "2099/S 000-UK8001",
            "recorded_by": User.objects.get(username="officer"),
            "recorded_at": timezone.now(),
        },
    )
    return key


CLEANING = _project("cleaning")
CUSTODY = _project("custody healthcare")

PAGES: list[Page] = [
    Page("notices due", _url("notices:due_list"), STAFF),
    Page("pipeline notice", _url("notices:pipeline"), STAFF),
    Page("payments compliance notices", _url("notices:payments_compliance"), STAFF),
    Page(
        "payments compliance notice",
        _url("notices:payments_notice", _payments_period),
        STAFF,
    ),
    Page(
        "a body's payments compliance notice",
        _url("notices:payments_authority_notice", _commissioner_period, _commissioner),
        STAFF,
    ),
    Page(
        "record a payments compliance notice as published",
        _url("notices:payments_notice_record", _commissioner_period, _commissioner),
        MANAGE,
    ),
    Page(
        "correct a payments compliance notice's publication record",
        _url("notices:payments_notice_correct", _recorded_commissioner_period, _commissioner),
        MANAGE,
    ),
    Page("pipeline notice OCDS", _url("notices:pipeline_ocds"), STAFF, html=False),
    Page("procurement notices", _url("notices:project_notices", CLEANING), STAFF),
    Page("procurement notices OCDS", _url("notices:project_ocds", CLEANING), STAFF, html=False),
    Page("notice exemption", _url("notices:exemption", CUSTODY), MANAGE),
    Page("tender notice", _url("notices:notice_detail", CLEANING, _slug("cleaning", "UK4")), STAFF),
    Page("award notice", _url("notices:notice_detail", CLEANING, _slug("cleaning", "UK6")), STAFF),
    Page(
        "contract details notice",
        _url("notices:notice_detail", CLEANING, _slug("cleaning", "UK7")),
        STAFF,
    ),
    Page(
        "contract performance notice",
        _url("notices:notice_detail", CLEANING, _slug("cleaning", "UK9")),
        STAFF,
    ),
    Page(
        "engagement notice",
        _url("notices:notice_detail", CUSTODY, _slug("custody healthcare", "UK2")),
        STAFF,
    ),
    Page(
        "record a notice as published",
        _url("notices:notice_record", CLEANING, _slug("cleaning", "UK7")),
        MANAGE,
    ),
    Page(
        "correct a notice's publication record",
        _url("notices:notice_correct", CLEANING, _slug("cleaning", "UK4")),
        MANAGE,
    ),
    Page(
        "confirm performance ratings",
        _url("notices:notice_ratings", CLEANING, _slug("cleaning", "UK9")),
        MANAGE,
    ),
    Page(
        "published notices OCDS",
        _url("transparency:ocds_notices", _ocid("cleaning")),
        ALL,
        public=True,
        html=False,
    ),
    Page("contracting authority add", _url("policy:authority_create"), ADMIN),
    Page(
        "contracting authority edit",
        _url("policy:authority_edit", _pk("policy.ContractingAuthority")),
        ADMIN,
    ),
]
