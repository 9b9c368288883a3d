"""factory_boy factories for tests that need their own rows besides (or instead of) the demo.

Each factory makes a valid row with plain defaults; a test states only what it is about:

    contract = ContractFactory(value=Decimal("250000.00"))
    kpi = KpiFactory(contract=contract, measure=MeasureFactory(proxy_value=Decimal("12.50")))

Names and references are numbered ("Test supplier 3", "TEST-C-3") so they never collide
with each other or with the demo's ("LC-...").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.contracts.models import Contract, Kpi, Route
from socialvalue.policy.models import ContractingAuthority, Measure, Organisation, Outcome, Theme
from socialvalue.procurement.models import Category, Project, Stage
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import Bid, BidStatus, Criterion, Tender, TenderStatus


class UserFactory(factory.django.DjangoModelFactory):
    """A user without a role, with an unusable password (sign in with `force_login`);
    `supplier=` makes a supplier's user."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"test-user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(None))


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Test supplier {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = "T-TEST"
    title = "Test theme"


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome
        django_get_or_create = ("code",)

    code = "O-TEST"
    title = "Test outcome"
    theme = factory.SubFactory(ThemeFactory)


class MeasureFactory(factory.django.DjangoModelFactory):
    """A measure of the library with a proxy value of £100 a week."""

    class Meta:
        model = Measure

    code = factory.Sequence(lambda n: f"M-TEST-{n}")
    title = "Apprenticeship weeks"
    outcome = factory.SubFactory(OutcomeFactory)
    unit = "weeks"
    proxy_value = Decimal("100.00")
    proxy_source = "test"
    proxy_year = 2025
    evidence_required = "Timesheets"


def _organisation() -> Organisation:
    """The organisation (the demo's), or a test one."""
    return Organisation.objects.order_by("pk").first() or Organisation.objects.create(
        name="Test police body"
    )


class ContractingAuthorityFactory(factory.django.DjangoModelFactory):
    """A further contracting authority of the organisation, numbered ("Test body 3",
    "PTST-0003-TEST"), after the demo's two in the order of listing."""

    class Meta:
        model = ContractingAuthority

    organisation = factory.LazyFunction(_organisation)
    name = factory.Sequence(lambda n: f"Test body {n}")
    identifier = factory.Sequence(lambda n: f"PTST-{n:04d}-TEST")
    street_address = "1 Test Street"
    town = "Preston"
    postcode = "PR1 1AA"
    contact_name = "Procurement"
    contact_email = "procurement@example.org"
    order = factory.Sequence(lambda n: 10 + n)


def _contracting_authority() -> ContractingAuthority:
    """The organisation's first contracting authority (the demo's PCC), or a test one."""
    first = ContractingAuthority.objects.order_by("order", "pk").first()
    return first if first is not None else ContractingAuthorityFactory()


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project in the pipeline: £180,000 of services, contract from June 2027 for 3 years."""

    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Test project {n}")
    description = "A test"
    requesting_department = "Estates"
    owner = factory.SubFactory(UserFactory)
    contracting_authority = factory.LazyFunction(_contracting_authority)
    category = Category.SERVICES
    estimated_value = Decimal("180000.00")
    value_includes_vat = False
    procurement_starts_on = date(2027, 2, 1)
    contract_starts_on = date(2027, 6, 1)
    contract_ends_on = date(2030, 5, 31)
    stage = Stage.PIPELINE


class TenderFactory(factory.django.DjangoModelFactory):
    """A published tender, deadline in a week, 60% price and 40% quality."""

    class Meta:
        model = Tender

    project = factory.SubFactory(ProjectFactory, stage=Stage.TENDER)
    reference = factory.Sequence(lambda n: f"TEST-T-{n}")
    title = factory.LazyAttribute(lambda tender: tender.project.title)
    description = "What we are buying"
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    price_weight = Decimal("60")
    quality_weight = Decimal("40")
    status = TenderStatus.PUBLISHED
    created_by = factory.LazyAttribute(lambda tender: tender.project.owner)
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    tender = factory.SubFactory(TenderFactory)
    code = factory.Sequence(lambda n: f"Q{n}")
    title = "Method"
    weight = Decimal("100")


class BidFactory(factory.django.DjangoModelFactory):
    """A submitted bid of £100,000."""

    class Meta:
        model = Bid

    tender = factory.SubFactory(TenderFactory)
    supplier = factory.SubFactory(SupplierFactory)
    status = BidStatus.SUBMITTED
    price = Decimal("100000.00")
    submitted_at = factory.LazyFunction(timezone.now)


class ContractFactory(factory.django.DjangoModelFactory):
    """A contract let before the platform: £100,000 from April 2026 to March 2028."""

    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"TEST-C-{n}")
    title = factory.Sequence(lambda n: f"Test contract {n}")
    supplier = factory.SubFactory(SupplierFactory)
    route = Route.PRE_PLATFORM
    value = Decimal("100000.00")
    starts_on = date(2026, 4, 1)
    ends_on = date(2028, 3, 31)
    awarded_by = factory.SubFactory(UserFactory)
    awarded_at = factory.LazyFunction(lambda: timezone.make_aware(datetime(2026, 3, 1)))


class KpiFactory(factory.django.DjangoModelFactory):
    """A KPI from a measure of the library, valued at the measure's proxy."""

    class Meta:
        model = Kpi

    contract = factory.SubFactory(ContractFactory)
    measure = factory.SubFactory(MeasureFactory)
    title = factory.LazyAttribute(lambda kpi: kpi.measure.title if kpi.measure else "Own proposal")
    unit = factory.LazyAttribute(lambda kpi: kpi.measure.unit if kpi.measure else "sessions")
    quantity = Decimal("10")
    unit_value = factory.LazyAttribute(lambda kpi: kpi.measure.proxy_value if kpi.measure else None)
