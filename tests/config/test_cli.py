"""The console command with no configuration: offline commands just work, and configuration
problems are one clear line and a non-zero exit, never a traceback.

The command runs as the console script does (``socialvalue.cli:main``), in a subprocess whose
environment is empty: no DEBUG, no SECRET_KEY, no DATABASE_URL.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def test_ocds_export_needs_no_secret_key(tmp_path):
    var = str(tmp_path / "var")
    migrated = socialvalue("migrate", "--verbosity", "0", DEBUG="1", SOCIALVALUE_VAR_DIR=var)
    assert migrated.returncode == 0, migrated.stderr
    result = socialvalue("ocds", "export", str(tmp_path / "out"), SOCIALVALUE_VAR_DIR=var)
    assert result.returncode == 0, result.stderr
    assert "Wrote 0 OCDS release packages" in result.stdout


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
