"""pytest-xdist's --dist loadgroup keeps the tests of one xdist_group on one worker.

The suite relies on it: the command tests share one real `migrate` and the static-file tests
one collectstatic, each made once per worker. pytest 9.2 broke it silently (pytest-xdist 3.8
writes the group to a node attribute pytest no longer reads); this runs a small suite of one
group on two workers and fails if its tests are spread out again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

GROUPED = """
import pytest

pytestmark = pytest.mark.xdist_group("one")

@pytest.mark.parametrize("n", range(8))
def test_grouped(n):
    pass
"""


def test_one_group_runs_on_one_worker(tmp_path: Path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    result = subprocess.run(  # noqa: S603  (our own command line)
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "-p",
            "xdist",
            "-p",
            "no:cacheprovider",
            "test_grouped.py",
        ],
        capture_output=True,
        # Only pytest-xdist: the other plugins would take seconds to start in each worker.
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers = set(re.findall(r"\[(gw\d)\].*PASSED", result.stdout))
    assert len(re.findall(r"PASSED", result.stdout)) == 8, result.stdout
    assert len(workers) == 1, result.stdout
