from __future__ import annotations

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create, user_role, user_set_role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.suppliers.models import Supplier
from tests.conftest import about


@pytest.fixture
def supplier(db):
    return Supplier.objects.create(name="Acme Cleaning Ltd")


def test_supplier_user_must_name_its_supplier(db):
    with pytest.raises(DomainError) as caught:
        user_create(actor=None, username="s", email="s@example.org", role=Role.SUPPLIER)
    assert caught.value.field == "supplier"


def test_staff_user_cannot_be_tied_to_a_supplier(db, supplier):
    with pytest.raises(DomainError):
        user_create(
            actor=None, username="o", email="o@example.org", role=Role.EVALUATOR, supplier=supplier
        )


def test_user_has_exactly_one_role_and_role_changes_are_audited(db, supplier):
    user = user_create(actor=None, username="o", email="o@example.org", role=Role.EVALUATOR)
    assert user_role(user) == Role.EVALUATOR
    user_set_role(actor=None, user=user, role=Role.SUPPLIER, supplier=supplier)
    assert list(user.groups.values_list("name", flat=True)) == [Role.SUPPLIER.value]
    assert user.supplier == supplier
    assert not user.is_staff
    change = Event.objects.filter(verb="user.role_set", **about(user)).first()
    assert change.data["before"] == [Role.EVALUATOR.value]
    assert change.data["after"] == [Role.SUPPLIER.value]


def test_only_administrators_reach_the_django_admin(db):
    admin = user_create(actor=None, username="a", email="a@example.org", role=Role.ADMINISTRATOR)
    viewer = user_create(actor=None, username="v", email="v@example.org", role=Role.VIEWER)
    assert admin.is_staff and not viewer.is_staff


def test_duplicate_username_is_refused(db):
    user_create(actor=None, username="o", email="o@example.org", role=Role.VIEWER)
    with pytest.raises(DomainError) as caught:
        user_create(actor=None, username="O", email="other@example.org", role=Role.VIEWER)
    assert caught.value.field == "username"


def test_add_user_page_refuses_supplier_without_organisation(client_for):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "new",
            "first_name": "N",
            "last_name": "U",
            "email": "n@example.org",
            "role": Role.SUPPLIER.value,
            "password": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_supplier"' in page
    from socialvalue.accounts.models import User

    assert not User.objects.filter(username="new").exists()
