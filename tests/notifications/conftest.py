"""Helpers for the notifications tests: users of a role, made with the factories."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.suppliers.models import Supplier
from tests.factories import UserFactory


def user_of(role: Role, supplier: Supplier | None = None, **fields) -> User:
    user = UserFactory(supplier=supplier, **fields)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://socialvalue.example.org"
    return settings.SITE_URL


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what is queued when the transaction commits: the e-mail task (immediate backend)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
