"""SITE_URL: the site's address for links in e-mails; checked by `check` (format) and
`check --deploy` (set, HTTPS)."""

from __future__ import annotations

import secrets

import pytest
from django.core.checks import run_checks

from socialvalue.core.links import absolute_url
from tests.config.test_settings import _run


def _ids(deploy: bool) -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=deploy) if m.id}


def test_absolute_url_joins_site_url_and_path(settings):
    settings.SITE_URL = "https://socialvalue.example.org"
    assert absolute_url("/contracts/3/") == "https://socialvalue.example.org/contracts/3/"


@pytest.mark.parametrize("bad", ["contracts/3/", "https://elsewhere.example/x", "//evil.example/"])
def test_absolute_url_takes_only_paths_of_this_site(settings, bad):
    settings.SITE_URL = "https://socialvalue.example.org"
    with pytest.raises(ValueError, match="path of this site"):
        absolute_url(bad)


def test_without_site_url_the_path_goes_alone_and_is_logged(settings, caplog):
    settings.SITE_URL = ""
    assert absolute_url("/contracts/3/") == "/contracts/3/"
    assert "SITE_URL is not set" in caplog.text


def test_deploy_check_warns_when_site_url_is_missing_or_plain_http(settings):
    settings.SITE_URL = ""
    assert "socialvalue.W001" in _ids(deploy=True)
    assert "socialvalue.W001" not in _ids(deploy=False)  # development is not nagged
    settings.SITE_URL = "http://socialvalue.example.org"
    assert "socialvalue.W002" in _ids(deploy=True)
    settings.SITE_URL = "https://socialvalue.example.org"
    assert not {"socialvalue.W001", "socialvalue.W002"} & _ids(deploy=True)


@pytest.mark.parametrize(
    "bad", ["socialvalue.example.org", "ftp://socialvalue.example.org", "https://x.org/app"]
)
def test_a_malformed_site_url_is_an_error_in_every_mode(settings, bad):
    settings.SITE_URL = bad
    errors = [m for m in run_checks() if m.id == "socialvalue.E001"]
    assert errors and bad in errors[0].msg


def test_production_without_site_url_fails_check_deploy_at_warning_level(tmp_path):
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="socialvalue.example.org",
        SOCIALVALUE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "socialvalue.W001" in result.stdout + result.stderr


def test_development_defaults_to_the_runserver_address(tmp_path):
    code = "from django.conf import settings; print(settings.SITE_URL)"
    result = _run("shell", "--no-imports", "-c", code, DEBUG="1", SOCIALVALUE_VAR_DIR=str(tmp_path))
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8000", result.stderr
