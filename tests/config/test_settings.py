"""Production settings: Argon2 passwords, secure cookies and headers, `check --deploy` clean."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The suite's own settings module and its test-only variables must not leak in.
    ignored = {
        "DEBUG",
        "DATABASE_URL",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests; check --deploy warns of it
        "SECURE_SSL_REDIRECT",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
    }
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "socialvalue.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_django_deploy_checks(tmp_path):
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="socialvalue.example.org",
        SITE_URL="https://socialvalue.example.org",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run("check", DEBUG="0", SECRET_KEY="", SOCIALVALUE_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_prints_argon2_as_password_hasher(tmp_path):
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = _run(
        "shell",
        "--no-imports",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="x.example.org",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    ), result.stderr


def test_demo_refuses_to_run_in_production(tmp_path):
    result = _run(
        "demo",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="x.example.org",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "DEBUG is off" in result.stderr
