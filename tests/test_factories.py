"""The factories of tests/factories.py make rows that pass the models' own validation, and
do not collide with each other or with the demo."""

from __future__ import annotations

import pytest

from tests.factories import (
    BidFactory,
    ContractFactory,
    CriterionFactory,
    KpiFactory,
    MeasureFactory,
    ProjectFactory,
    SupplierFactory,
    TenderFactory,
    UserFactory,
)

FACTORIES = [
    UserFactory,
    SupplierFactory,
    MeasureFactory,
    ProjectFactory,
    TenderFactory,
    CriterionFactory,
    BidFactory,
    ContractFactory,
    KpiFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_two_rows_of_each_factory_are_valid(db, factory):
    first, second = factory(), factory()
    for row in (first, second):
        row.full_clean()
    assert first.pk != second.pk


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factories_work_beside_the_demo(demo, factory):
    factory().full_clean()


def test_a_bid_belongs_to_a_published_tender_of_a_project_at_tender_stage(db):
    bid = BidFactory()
    assert bid.tender.status == "published"
    assert bid.tender.project.stage == "tender"
    assert bid.tender.created_by == bid.tender.project.owner
