"""The `socialvalue tender score` command runs the domain scoring on the documented example."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "tender-example.json"


def _score(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "socialvalue.cli", "tender", "score", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_scores_the_worked_example():
    result = _score(str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    text = json.dumps(output)
    # The three bidders of the example are all ranked.
    bidders = json.loads(EXAMPLE.read_text())["bids"]
    for bid in bidders:
        assert bid["bidder"] in text


def test_bad_json_exits_with_the_problem(tmp_path):
    broken = tmp_path / "tender.json"
    broken.write_text('{"weights": ')
    result = _score(str(broken))
    assert result.returncode == 2
    assert "tender.json" in result.stderr
