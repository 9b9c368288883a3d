"""The shared fixtures of tests/conftest.py: the demo loaded once per session is seen only by
the tests that ask for it, changes are rolled back, and uploads stay out of var/media."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage

from socialvalue.accounts.models import User
from socialvalue.contracts.models import EvidenceFile
from socialvalue.suppliers.models import Supplier

DEMO_USERNAMES = ["admin", "officer", "evaluator1", "manager", "supplier1", "viewer"]


def test_without_the_demo_the_database_is_as_migrated(db):
    assert not User.objects.exists()
    assert not Supplier.objects.exists()
    assert ContentType.objects.filter(app_label="contracts", model="contract").exists()
    assert Permission.objects.filter(codename="add_contract").exists()


def test_the_demo_is_there_for_a_test_that_asks(demo):
    assert set(DEMO_USERNAMES) <= set(User.objects.values_list("username", flat=True))


@pytest.mark.parametrize("attempt", [1, 2])
def test_a_tests_changes_to_the_demo_are_rolled_back(demo, attempt):
    # Whichever of the two runs second finds the demo as loaded, not as the first left it.
    assert not User.objects.filter(first_name="Changed").exists()
    assert not Supplier.objects.filter(name="Rolled Back Ltd").exists()
    assert User.objects.filter(username="officer", is_active=True).exists()
    User.objects.update(first_name="Changed", is_active=False)
    Supplier.objects.create(name="Rolled Back Ltd")


def test_the_demo_evidence_file_is_readable(demo):
    evidence = EvidenceFile.objects.order_by("pk").first()
    assert evidence is not None
    with evidence.file.open("rb") as handle:
        assert handle.read()


def test_uploads_go_to_a_temporary_folder_not_var_media(db):
    media = Path(settings.MEDIA_ROOT).resolve()
    assert not media.is_relative_to(Path(settings.VAR_DIR).resolve())
    assert Path(default_storage.location).resolve() == media
