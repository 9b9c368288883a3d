"""Shared fixtures: the demo data, one signed-in client per role.

Speed: the demo (about 2,000 queries) is loaded into the test database once per test session
(once per pytest-xdist worker) and committed; every test still runs in a transaction that is
rolled back, so each one sees the demo exactly as loaded. Tests that do not ask for the demo
see the database as the migrations left it:

- the database-using tests that do not ask for `demo` run first (see
  `pytest_collection_modifyitems`), before the demo is loaded at all;
- if one runs after the demo was loaded (a different order, pytest-xdist), the demo's rows are
  removed inside that test's own transaction, so they come back when it is rolled back;
- transactional tests (`live_server`, `transactional_db`: the browser tests, schemathesis)
  end with a flush of the whole database; the next test that needs the demo puts back the
  rows of every table as the first load of the demo left them (read once, right after that
  load: far quicker than running the demo's loaders, which compute figures and flags, again).

The state is kept per process in `_STATE`. Uploaded files go to a temporary MEDIA_ROOT for the
session; the demo's own files are put back if a test deleted them or moved MEDIA_ROOT.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role

T = TypeVar("T")

ROLE_USERNAMES: dict[Role, str] = {
    Role.ADMINISTRATOR: "admin",
    Role.PROCUREMENT_OFFICER: "officer",
    Role.EVALUATOR: "evaluator1",
    Role.CONTRACT_MANAGER: "manager",
    Role.SUPPLIER: "supplier1",
    Role.VIEWER: "viewer",
}

# The day the tests load the demo as (``socialvalue demo --today``): its story's day, so its
# dates are as written (moved by 0 years) and the tests' expectations do not move with the
# day they run. Dates the service checks against its clock stay relative to the clock.
DEMO_TODAY = date(2026, 11, 30)

# Argon2 is the production hasher (tested in tests/config); tests need speed, not strength.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# What the committed test database holds: "migrated" (as the migrations left it), "demo"
# (the demo loaded on top) or "flushed" (emptied by a transactional test).
_STATE = {"db": "migrated"}
# Rows of every table after the migrations (content types, permissions): table -> rows.
_MIGRATED: dict[str, tuple[list[str], list[tuple]]] = {}
# Rows of every table right after the first load of the demo: table -> rows.
_DEMO_ROWS: dict[str, tuple[list[str], list[tuple]]] = {}
# The files the demo saved, relative to MEDIA_ROOT -> content.
_DEMO_FILES: dict[str, bytes] = {}
# What the running test sees: "demo" or "migrated" (set by `db`/`transactional_db`).
_VIEW = {"test": None}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory) -> Path:
    """A throw-away MEDIA_ROOT for the whole session (one per xdist worker), so uploads do
    not pile up in var/media."""
    root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=root):
        yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_use_migrations() -> bool:
    """The test database's tables are made straight from the models, not by running the
    migrations: rendering the historical states of about 90 migrations (every model has a
    history twin tied to the user) took about 35 s of CPU in each pytest-xdist worker, the
    largest single cost of the suite. The data the migrations write on an empty database is
    written by `_run_data_migrations` below. The migrations themselves are still run: from
    scratch by tests/config/test_cli.py (`socialvalue migrate` into a new SQLite database)
    and .ci/production (PostgreSQL); tests/config checks that they match the models
    (`makemigrations --check`), and each data migration's function has its own test."""
    return False


def _run_data_migrations() -> None:
    """What the migrations' own data steps (``RunPython``) write into an empty database
    (today only the first version of each red flag's rule), run in migration order with
    the current models. On an empty database the others (copies, clean-ups) find nothing."""
    from django.apps import apps as current_apps
    from django.db.migrations import RunPython
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    # pytest-django hides the migrations from Django for the session; read them anyway.
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    own = {c.label for c in current_apps.get_app_configs() if c.name.startswith("socialvalue.")}
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    MigrationRecorder(connection).ensure_schema()  # some data steps tidy its rows
    with connection.schema_editor() as editor:
        for key in plan:
            if key[0] not in own:
                continue
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(current_apps, editor)
    # A migration's models keep no history; the current ones wrote some: not what migrate does.
    for model in current_apps.get_models():
        if hasattr(model, "history_date") and model._meta.app_label in own:
            model._default_manager.all().delete()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, media_root):
    """pytest-django's test database, plus a copy of what the migrations put in it."""
    with django_db_blocker.unblock():
        _run_data_migrations()
        _MIGRATED.clear()
        _MIGRATED.update(_read_tables())
    _STATE["db"] = "migrated"
    yield


def _tables() -> list[str]:
    return [t for t in connection.introspection.table_names() if t != "django_migrations"]


def _read_tables() -> dict[str, tuple[list[str], list[tuple]]]:
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (our table names)
            tables[table] = ([column[0] for column in cursor.description], cursor.fetchall())
    return tables


def _back_to_migrated() -> None:
    """Every table as the migrations left it."""
    _put_back_rows(_MIGRATED)


def _put_back_rows(saved: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """Every table holding exactly the ``saved`` rows. Foreign keys are checked at commit
    (Django creates them deferrable), so the order of the tables does not matter. The rows
    keep their primary keys; the sequences are already past them (they made them)."""
    from django.contrib.contenttypes.models import ContentType

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
            columns, rows = saved.get(table, ([], []))
            if rows:
                names = ", ".join(quote(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
                    rows,
                )
    ContentType.objects.clear_cache()


def _load_demo(*, committed: bool) -> None:
    media = Path(_media_root())
    before = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("demo", force=True, today=DEMO_TODAY, stdout=io.StringIO())
    if not committed:
        return
    _DEMO_ROWS.clear()
    _DEMO_ROWS.update(_read_tables())
    _DEMO_FILES.clear()
    for path in media.rglob("*"):
        if path.is_file() and path not in before:
            _DEMO_FILES[str(path.relative_to(media))] = path.read_bytes()


def _media_root() -> str:
    from django.conf import settings

    return str(settings.MEDIA_ROOT)


def _put_back_demo_files() -> None:
    """The demo's uploads, where the test's MEDIA_ROOT expects them (a test may have deleted
    one, or moved MEDIA_ROOT to its own folder)."""
    media = Path(_media_root())
    for name, content in _DEMO_FILES.items():
        path = media / name
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def _prepare_database(request, django_db_blocker) -> None:
    """Before the test's transaction starts: commit the state it needs, when that is cheap
    or needed (see the module docstring)."""
    with django_db_blocker.unblock():
        _commit_state(wants_demo="demo" in request.fixturenames)


def _commit_state(*, wants_demo: bool) -> None:
    if connection.in_atomic_block:
        # A transaction is already open (a fixture started pytest-django's helper
        # directly, or the module's rows are in one: `rows_for_module`): nothing can be
        # committed; `db` and `demo` fix the view inside the transaction instead.
        return
    if _STATE["db"] == "flushed" and wants_demo and _DEMO_ROWS:
        _put_back_rows(_DEMO_ROWS)
        _STATE["db"] = "demo"
    if _STATE["db"] == "flushed":
        _back_to_migrated()
        _STATE["db"] = "migrated"
    if wants_demo and _STATE["db"] == "migrated":
        _load_demo(committed=True)
        _STATE["db"] = "demo"


def rows_for_module(django_db_blocker, make: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture (``yield from rows_for_module(django_db_blocker, make)``):
    rows that many tests of one module read, written by ``make`` once for the module on top
    of the committed demo, instead of once for each test. They are written in a transaction
    left open while the module's tests run (each test's own transaction is a savepoint in
    it, rolled back after the test as usual) and rolled back after the module's last test.
    ``make``'s objects are shared by the tests: hand each test fresh copies (by primary
    key) so that one test's changes in memory cannot reach the next. Once made, the rows
    are seen by every database test of the module that runs before the module ends: a
    test that needs the demo alone belongs in another module."""
    with django_db_blocker.unblock():
        _commit_state(wants_demo=True)
        if _STATE["db"] != "demo":
            pytest.fail("rows_for_module needs the committed demo under it")
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = make()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _set_view(request) -> None:
    """Inside the test's transaction: the view the test asked for."""
    wants_demo = "demo" in request.fixturenames
    if _STATE["db"] == "flushed" or (_STATE["db"] == "demo" and not wants_demo):
        _back_to_migrated()  # undone when the test's transaction is rolled back
        _VIEW["test"] = "migrated"
    else:
        _VIEW["test"] = _STATE["db"]


@pytest.fixture
def db(request, django_db_setup, django_db_blocker):
    """pytest-django's `db` (each test in a transaction rolled back at the end), with the
    committed demo shown only to the tests that ask for it."""
    _prepare_database(request, django_db_blocker)
    request.getfixturevalue("_django_db_helper")
    if connection.in_atomic_block:
        _set_view(request)
    else:
        # A transactional test (no wrapping transaction; flushed at the end).
        if _STATE["db"] == "demo" and "demo" not in request.fixturenames:
            _back_to_migrated()
            _STATE["db"] = "migrated"
        _VIEW["test"] = _STATE["db"]
        request.addfinalizer(_flushed)
    yield
    _VIEW["test"] = None


@pytest.fixture
def transactional_db(db):
    """pytest-django's `transactional_db`: its name among the test's fixtures is what makes
    pytest-django's helper (started by `db`) run the test without a wrapping transaction."""


@pytest.fixture(autouse=True)
def _django_db_marker(request):
    """Overrides pytest-django's (internal) fixture for `@pytest.mark.django_db`, so that a
    marked test goes through `db` above and gets the committed demo too."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")


def _flushed() -> None:
    _STATE["db"] = "flushed"


@pytest.fixture
def demo(db, django_db_blocker):
    """The Lancashire demo data, loaded exactly as `socialvalue demo` loads it."""
    if _VIEW["test"] != "demo":
        # Only when the committed demo could not be used (a test marked django_db, or one
        # that asked for the demo some other way): load it inside the test's transaction.
        _load_demo(committed=False)
        _VIEW["test"] = "demo"
    _put_back_demo_files()


@pytest.fixture
def user_for(demo):
    def get(role: Role) -> User:
        return User.objects.get(username=ROLE_USERNAMES[role])

    return get


@pytest.fixture
def client_for(demo, client):
    """A test client signed in as the demo user of a role."""

    def sign_in(role: Role):
        client.force_login(User.objects.get(username=ROLE_USERNAMES[role]))
        return client

    return sign_in


def about(target) -> dict[str, object]:
    """Filter arguments for the audit events about one object:
    ``Event.objects.filter(verb="tender.published", **about(tender))``. By type and id, as
    ``audit.selectors.event_list`` does: one verb can be about objects of several types (a
    notice is published for a project and for a contracting authority), and their ids meet."""
    from django.contrib.contenttypes.models import ContentType

    return {"target_type": ContentType.objects.get_for_model(target), "target_id": str(target.pk)}


def assert_error(response, field: str, text: str) -> None:
    """The page is the form again, with the GOV.UK error summary linking to the field."""
    page = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page, page[:4000]
    assert text in page, page[:6000]


# The longest transactional tests (a browser walking every page, schemathesis), started
# before the other transactional ones.
_LONGEST = (
    "tests/e2e/test_tender_journey.py",  # about a minute: every step of issue #14
    "tests/e2e/test_accessibility.py",
    "tests/api/test_schemathesis.py",
    "tests/e2e/",
)


def _order(item) -> tuple[int, int]:
    """Database tests without the demo first; then the transactional ones, longest first;
    then the tests with the demo; the tests with no database last.

    Why this order: a test without the demo that runs after the demo was committed has to
    hide the demo's rows inside its transaction, so those go first; the transactional tests
    (browser, schemathesis) are the longest, and pytest-xdist hands tests to its workers in
    this order, so starting them in the middle leaves short tests at the end for both workers
    to share instead of one worker finishing a 70-second scan while the other waits. After
    them the demo is put back once (tests/conftest.py `_put_back_rows`)."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if {"live_server", "transactional_db"} & set(names) or (
        marker is not None and marker.kwargs.get("transaction")
    ):
        path = item.nodeid
        rank = next((n for n, prefix in enumerate(_LONGEST) if path.startswith(prefix)), 9)
        return 1, rank
    uses_db = "db" in names or marker is not None
    if not uses_db:
        return 3, 0
    return (2, 0) if "demo" in names else (0, 0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # pytest-django sorted its own way; this order replaces it (see `_order`).
    items.sort(key=_order)
