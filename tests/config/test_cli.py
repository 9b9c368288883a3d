"""The console command with no configuration: offline commands just work, and configuration
problems are one clear line and a non-zero exit, never a traceback.

The command runs as the console script does (``socialvalue.cli:main``), in a subprocess whose
environment is empty: no DEBUG, no SECRET_KEY, no DATABASE_URL.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# pytest-xdist: one worker runs this module: its tests share one real `migrate` (about 35 s).
pytestmark = pytest.mark.xdist_group("migrated-database")

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
TENDER_EXAMPLE = ROOT / "docs" / "examples" / "tender-example.json"
SPEND_FILE = ROOT / "tests" / "fixtures" / "spend" / "hyndburn"
SPEND_FILE = SPEND_FILE / "hyndburn-spend-over-250-April-24.csv"


def socialvalue(*args: str, **env: str) -> subprocess.CompletedProcess:
    # `python -m socialvalue.cli` from src/ is the console script of this checkout.
    return subprocess.run(  # noqa: S603  (our own command line)
        [sys.executable, "-m", "socialvalue.cli", *args],
        cwd=SRC,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _one_clear_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("socialvalue: ")
    return lines[0]


def test_tender_score_needs_no_configuration():
    result = socialvalue("tender", "score", str(TENDER_EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)


def test_spend_analyse_needs_no_configuration():
    result = socialvalue("spend", "analyse", str(SPEND_FILE))
    assert result.returncode == 0, result.stderr
    assert "428 lines" in result.stdout


@pytest.fixture(scope="session")
def migrated_var(tmp_path_factory) -> str:
    """A folder with a migrated embedded SQLite database (what `make run` leaves behind).
    Made once: the tests that use it run in a different order from the file's (the database
    tests first), and a module fixture would be made again for them."""
    var = str(tmp_path_factory.mktemp("var"))
    migrated = socialvalue("migrate", "--verbosity", "0", DEBUG="1", SOCIALVALUE_VAR_DIR=var)
    assert migrated.returncode == 0, migrated.stderr
    return var


def test_ocds_export_needs_no_secret_key(migrated_var, tmp_path):
    result = socialvalue("ocds", "export", str(tmp_path / "out"), SOCIALVALUE_VAR_DIR=migrated_var)
    assert result.returncode == 0, result.stderr
    assert "Wrote 0 OCDS release packages" in result.stdout


def _process_groups() -> dict[int, int]:
    """pid -> process group of every running process (zombies left to be reaped excluded)."""
    groups = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            groups[int(stat.parent.name)] = int(fields[2])
    return groups


def test_devserver_runs_web_server_and_worker_and_ctrl_c_stops_both(migrated_var):
    # What `make run` runs after migrating and loading the demo.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    devserver = subprocess.Popen(  # noqa: S603  (our own command line)
        [sys.executable, "-m", "socialvalue.cli", "devserver", f"127.0.0.1:{port}"],
        cwd=SRC,
        env={"DEBUG": "1", "SOCIALVALUE_VAR_DIR": migrated_var},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        health = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    health = json.load(r)
                    break
            except (OSError, urllib.error.HTTPError):
                time.sleep(1)
        assert health is not None and health["status"] == "ok", health
        children = Path(f"/proc/{devserver.pid}/task/{devserver.pid}/children").read_text()
        groups = {int(pid) for pid in children.split()}
        assert len(groups) == 2  # runserver and db_worker, each leading its own group
        members = [pid for pid, group in _process_groups().items() if group in groups]
        assert len(members) >= 4  # each with its autoreloader's child
        devserver.send_signal(signal.SIGINT)
        assert devserver.wait(timeout=60) == 0
        alive = [pid for pid, group in _process_groups().items() if group in groups]
        assert alive == [], f"still running: {alive}"
    finally:
        if devserver.poll() is None:
            devserver.kill()


def test_ocds_export_on_a_database_never_migrated_is_one_line(tmp_path):
    var = str(tmp_path / "var")
    line = _one_clear_line(socialvalue("ocds", "export", str(tmp_path), SOCIALVALUE_VAR_DIR=var))
    assert "socialvalue migrate" in line


def test_server_commands_without_secret_key_are_one_line(tmp_path):
    for command in (["runserver"], ["migrate"]):
        line = _one_clear_line(socialvalue(*command, SOCIALVALUE_VAR_DIR=str(tmp_path)))
        assert "Set SECRET_KEY" in line


def test_unreadable_database_url_is_one_line_without_the_password(tmp_path):
    result = socialvalue(
        "migrate",
        SECRET_KEY="k" * 50,
        DATABASE_URL="nonsense://user:hunter2secret@db.example.org/x",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
    )
    line = _one_clear_line(result)
    assert "DATABASE_URL" in line
    assert "hunter2secret" not in result.stderr + result.stdout


def test_unreachable_database_is_one_line(tmp_path):
    result = socialvalue(
        "migrate",
        SECRET_KEY="k" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
    )
    line = _one_clear_line(result)
    assert "the database cannot be used" in line


def test_list_of_commands_needs_no_configuration():
    result = socialvalue("help")
    assert result.returncode == 0, result.stderr
    assert "db_worker" in result.stdout
    assert "devserver" in result.stdout


def test_the_test_database_holds_what_migrate_writes(migrated_var, db):
    """The suite makes its tables from the models and runs the migrations' data steps
    itself (tests/conftest.py): the same tables, and the same rows in each, as a real
    `socialvalue migrate` of a new database. A new data migration that writes rows the
    harness does not reproduce fails here."""
    import sqlite3

    from tests.conftest import _MIGRATED

    database = Path(migrated_var) / "socialvalue.sqlite3"
    with sqlite3.connect(database) as migrated:
        tables = {
            name
            for (name,) in migrated.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        } - {"django_migrations"}
        counts = {
            table: migrated.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
    assert tables == set(_MIGRATED)
    assert counts == {table: len(rows) for table, (_, rows) in _MIGRATED.items()}
    assert counts["flags_flagrule"] > 0  # the first version of each red flag's rule
