"""Schemathesis against the running API: generated requests (valid and invalid) for every
operation of /api/schema/, as a member of staff and as a supplier's user. No answer may be a
server error or break the schema. Bounded: a few examples per operation, one worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from socialvalue.accounts.models import User
from tests.api.conftest import new_token

ST = Path(sys.executable).with_name("st")
CHECKS = "not_a_server_error,response_schema_conformance"


def _known_ids(token: str) -> str:
    """schemathesis.toml naming, for each record endpoint, a record this user may read, so
    that the record answers are tested too and not only "not found"."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    schema = client.get("/api/schema/?format=json").json()
    config = []
    for path in schema["paths"]:
        if not path.endswith("{id}/"):
            continue
        answer = client.get(path.removesuffix("{id}/"))
        results = answer.json().get("results") if answer.status_code == 200 else None
        if results:
            config.append(
                f'[[operations]]\ninclude-path = "{path}"\n'
                f'parameters = {{ "path.id" = {results[0]["id"]} }}\n'
            )
    return "\n".join(config)


def _schemathesis(
    live_server, token: str, tmp_path: Path, only: str
) -> subprocess.CompletedProcess:
    config = tmp_path / "schemathesis.toml"
    config.write_text(_known_ids(token), encoding="utf-8")
    command = [
        str(ST),
        "--config-file",
        str(config),
        "run",
        f"{live_server.url}/api/schema/?format=json",
        "--checks",
        CHECKS,
        "--include-path-regex",
        only,
        "--max-examples",
        "10",
        "--workers",
        "1",
        "--seed",
        "7",
        "--phases",
        "examples,coverage,fuzzing",
        "--request-timeout",
        "20",
        "--header",
        f"Authorization: Token {token}",
        "--report-dir",
        str(tmp_path),
    ]
    # Hypothesis keeps its example database out of the checkout.
    env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path)}
    return subprocess.run(  # noqa: S603  (our own command line)
        command, capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path
    )


@pytest.mark.parametrize(
    ("username", "only"),
    [
        ("officer", ".*"),
        # A supplier's user: the endpoints it may read (the others only answer 403).
        ("supplier1", "^/api/(opportunities|tenders|bids|contracts|delivery-returns)/"),
    ],
    ids=["officer", "supplier1"],
)
def test_api_conforms_to_its_schema(live_server, demo, username, only, tmp_path):
    token = new_token(User.objects.get(username=username), name="Schemathesis")
    result = _schemathesis(live_server, token, tmp_path, only)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "No issues found" in output or "passed" in output, output[-3000:]
