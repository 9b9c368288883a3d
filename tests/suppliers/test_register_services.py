"""Building the supplier register from the payments: each service's rule, its audit event
and who may call it (suppliers/services.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from tests.factories import SupplierFactory, UserFactory

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.suppliers.models import Supplier, SupplierAlias
from socialvalue.suppliers.services import (
    SupplierDetails,
    supplier_alias_remove,
    supplier_aliases_add,
    supplier_create,
    supplier_suggestions_accept,
    supplier_update,
)

pytestmark = pytest.mark.django_db


def _user(role: Role):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture
def officer():
    return _user(Role.PROCUREMENT_OFFICER)


def test_a_payee_added_under_a_better_name_keeps_its_ledger_name_as_an_alias(officer):
    supplier = supplier_create(
        actor=officer,
        details=SupplierDetails(
            name="Premier of Lytham Ltd",
            postcode="fy8 5dp",
            size_band="small",
            legal_form="private_limited",
            companies_house_number="1234567",
        ),
        payee="PREMIER OF LYTHAM  (200123) T/A PL",
    )
    assert supplier.postcode == "FY8 5DP"
    assert supplier.companies_house_number == "01234567"
    assert supplier.alias_list == ["PREMIER OF LYTHAM  (200123) T/A PL"]
    event = Event.objects.get(verb="supplier.created")
    assert event.actor == officer and event.data == {"payee": "PREMIER OF LYTHAM  (200123) T/A PL"}


def test_a_payee_added_under_its_own_name_needs_no_alias(officer):
    supplier = supplier_create(
        actor=officer, details=SupplierDetails(name="ACME LTD"), payee="ACME LIMITED"
    )
    assert supplier.alias_list == []


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (SupplierDetails(name=" "), "name"),
        (SupplierDetails(name="Acme", postcode="NOT A POSTCODE"), "postcode"),
        (
            SupplierDetails(name="Acme", companies_house_number="123456789"),
            "companies_house_number",
        ),
        (SupplierDetails(name="Acme", charity_number="12"), "charity_number"),
        (SupplierDetails(name="Acme", size_band="huge"), "size_band"),
        (SupplierDetails(name="Acme", legal_form="limited-ish"), "legal_form"),
        (SupplierDetails(name="Acme", turnover=Decimal("-1")), "turnover"),
    ],
)
def test_wrong_details_are_refused_on_their_field_and_nothing_is_stored(officer, details, field):
    with pytest.raises(DomainError) as refused:
        supplier_create(actor=officer, details=details)
    assert refused.value.field == field
    assert not Supplier.objects.exists() and not Event.objects.exists()


def test_a_name_or_number_the_register_already_has_is_refused(officer):
    existing = SupplierFactory(name="Acme Ltd", companies_house_number="01234567")
    SupplierAlias.objects.create(supplier=existing, name="ACME NORTH", key="ACME NORTH")
    for details, field in [
        (SupplierDetails(name="ACME LIMITED"), "name"),
        (SupplierDetails(name="Acme North Limited"), "name"),
        (SupplierDetails(name="Other", companies_house_number="1234567"), "companies_house_number"),
    ]:
        with pytest.raises(DomainError) as refused:
            supplier_create(actor=officer, details=details)
        assert refused.value.field == field
        assert "Acme Ltd" in refused.value.message
    assert Supplier.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.VIEWER, Role.EVALUATOR, Role.CONTRACT_MANAGER, Role.SUPPLIER]
)
def test_only_officers_and_administrators_change_the_register(role):
    user = _user(role)
    supplier = SupplierFactory(name="Acme Ltd")
    alias = SupplierAlias.objects.create(supplier=supplier, name="ACME NORTH", key="ACME NORTH")
    calls = [
        lambda: supplier_create(actor=user, details=SupplierDetails(name="New")),
        lambda: supplier_update(actor=user, supplier=supplier, details=SupplierDetails(name="X")),
        lambda: supplier_aliases_add(actor=user, supplier=supplier, names=["ACME SOUTH"]),
        lambda: supplier_alias_remove(actor=user, alias=alias),
        lambda: supplier_suggestions_accept(actor=user, payees=["ACME LTDD"], min_score=90),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    assert Supplier.objects.get().name == "Acme Ltd" and SupplierAlias.objects.count() == 1


def test_an_administrator_may_change_the_register():
    supplier = supplier_create(actor=_user(Role.ADMINISTRATOR), details=SupplierDetails(name="A"))
    assert supplier.pk


def test_an_edit_is_audited_field_by_field_and_a_new_name_keeps_the_old_as_an_alias(officer):
    supplier = SupplierFactory(name="Reed Ltd", postcode="PR1 2HE")
    supplier_update(
        actor=officer,
        supplier=supplier,
        details=SupplierDetails(
            name="Reed Specialist Recruitment Ltd",
            postcode="PR1 2HE",
            size_band="large",
            legal_form="private_limited",
            turnover=Decimal("1000000"),
        ),
    )
    supplier.refresh_from_db()
    assert supplier.size_band == "large" and supplier.turnover == Decimal("1000000.00")
    assert supplier.alias_list == ["Reed Ltd"]
    event = Event.objects.get(verb="supplier.changed")
    assert event.data == {
        "name": ["Reed Ltd", "Reed Specialist Recruitment Ltd"],
        "size_band": ["", "large"],
        "legal_form": ["", "private_limited"],
        "turnover": [None, "1000000.00"],
    }


def test_saving_without_a_change_records_nothing(officer):
    supplier = SupplierFactory(name="Acme Ltd")
    supplier_update(actor=officer, supplier=supplier, details=SupplierDetails(name="Acme Ltd"))
    assert not Event.objects.exists()


def test_several_payees_become_aliases_of_one_supplier(officer):
    supplier = SupplierFactory(name="Volkswagen Group United Kingdom Ltd")
    added = supplier_aliases_add(
        actor=officer,
        supplier=supplier,
        names=[
            "VW GROUP UK",
            "VOLKSWAGEN GROUP UK LTD",
            "vw group uk ltd",
            "VOLKSWAGEN GROUP UNITED KINGDOM",
        ],
    )
    # The third is the first once normalised; the last is the supplier's own name.
    assert added == ["VW GROUP UK", "VOLKSWAGEN GROUP UK LTD"]
    assert supplier.alias_list == ["VOLKSWAGEN GROUP UK LTD", "VW GROUP UK"]
    assert Event.objects.get(verb="supplier.aliases_added").data == {"names": added}


def test_a_name_another_supplier_answers_to_refuses_the_whole_lot(officer):
    other = SupplierFactory(name="Goodyear Tyres UK Ltd")
    supplier = SupplierFactory(name="Goodyear SSC")
    with pytest.raises(DomainError) as refused:
        supplier_aliases_add(
            actor=officer, supplier=supplier, names=["GOODYEAR SSC UK", "GOODYEAR TYRES UK LIMITED"]
        )
    assert other.name in refused.value.message and refused.value.field == "payees"
    assert not SupplierAlias.objects.exists() and not Event.objects.exists()


def test_an_alias_added_by_mistake_is_removed_with_an_audit_event(officer):
    supplier = SupplierFactory(name="Acme Ltd")
    supplier_aliases_add(actor=officer, supplier=supplier, names=["ACME NORTH"])
    supplier_alias_remove(actor=officer, alias=SupplierAlias.objects.get())
    assert supplier.alias_list == []
    event = Event.objects.get(verb="supplier.alias_removed")
    assert event.data == {"name": "ACME NORTH"} and event.target_id == str(supplier.pk)


def test_accepting_suggestions_takes_only_clear_matches_at_the_score(officer):
    harvard = SupplierFactory(name="James Harvard Ltd")
    SupplierFactory(name="Acme Bx Ltd")
    SupplierFactory(name="Acme By Ltd")
    payees = ["JAMES HARVAD LTD", "ACME BZ", "SCOTTISH WATER", "JAMES HARVARD"]
    accepted = supplier_suggestions_accept(actor=officer, payees=payees, min_score=90)
    # ACME BZ suits two suppliers equally; Scottish Water none; JAMES HARVARD is matched already.
    assert [(a.payee, a.supplier) for a in accepted] == [("JAMES HARVAD LTD", "James Harvard Ltd")]
    assert harvard.alias_list == ["JAMES HARVAD LTD"]
    event = Event.objects.get(verb="supplier.suggestions_accepted")
    assert event.data == {
        "accepted": [["JAMES HARVAD LTD", "James Harvard Ltd", accepted[0].score]]
    }


def test_a_score_below_the_suggestion_floor_is_refused(officer):
    with pytest.raises(DomainError) as refused:
        supplier_suggestions_accept(actor=officer, payees=["X"], min_score=50)
    assert refused.value.field == "min_score"


def test_each_register_change_tells_the_spend_figures_once_committed(
    officer, monkeypatch, django_capture_on_commit_callbacks
):
    """When the figures snapshot's hook exists, every register change calls it after commit."""
    from socialvalue.spend import services as spend_services

    reasons: list[str] = []
    monkeypatch.setattr(
        spend_services, "figures_stale", lambda *, reason: reasons.append(reason), raising=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        supplier = supplier_create(actor=officer, details=SupplierDetails(name="Acme Ltd"))
        supplier_aliases_add(actor=officer, supplier=supplier, names=["ACME NORTH"])
    assert reasons == ["supplier Acme Ltd added", "1 payee name(s) added to Acme Ltd"]


def test_register_changes_queue_one_figures_computation_after_commit(
    officer, django_capture_on_commit_callbacks
):
    """The one hook (register_changed) marks the figures due with each change and queues
    one background computation when the changes commit, however many they are."""
    from socialvalue.spend.models import FiguresState

    with django_capture_on_commit_callbacks() as queued:
        supplier = supplier_create(actor=officer, details=SupplierDetails(name="Acme Ltd"))
        supplier_aliases_add(actor=officer, supplier=supplier, names=["ACME NORTH"])
        (alias,) = supplier.aliases.all()
        supplier_alias_remove(actor=officer, alias=alias)
    assert len(queued) == 1
    state = FiguresState.objects.get(pk=1)
    assert state.requested == 3 and state.out_of_date
    assert state.reason == "alias ACME NORTH removed from Acme Ltd"
    from socialvalue.suppliers import services

    assert not hasattr(services, "_register_changed")  # one hook, not two
