"""collectstatic with the production storage (WhiteNoise's compressed manifest) works, and every
static file a page refers to, and every url() in the stylesheets, resolves to a collected file."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from socialvalue.core.operations import server_error, service_unavailable

# pytest-xdist: one worker runs this module: its tests share one collectstatic (about 13 s).
pytestmark = pytest.mark.xdist_group("collectstatic")

STATIC_REFERENCE = re.compile(r"""(?:href|src)=["'](/static/[^"'#?]+)""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="session")
def collected_root(tmp_path_factory) -> Path:
    # Once per worker: the module's tests need not run one after another (see tests/conftest.py).
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    return root


@pytest.fixture
def collected(collected_root):
    # The production storage only for the test that asks: the tests after it keep the default.
    with override_settings(STATIC_ROOT=collected_root, STORAGES=PRODUCTION_STORAGES):
        yield collected_root


def _resolve(root: Path, url: str) -> Path:
    assert url.startswith("/static/"), url
    return root / url.removeprefix("/static/")


def test_every_static_file_of_the_rendered_pages_is_collected(collected, client, db):
    pages = {
        "sign-in page (base template)": client.get(reverse("accounts:login")).content.decode(),
        "404 page": client.get("/no-such-page/").content.decode(),
        "500 page": server_error(None).content.decode(),
        "503 page": service_unavailable(None).content.decode(),
    }
    for name, page in pages.items():
        references = STATIC_REFERENCE.findall(page)
        assert any("govuk-frontend.min" in r for r in references), name
        assert any("favicon" in r for r in references), name
        for url in references:
            assert _resolve(collected, url).is_file(), f"{name}: {url} was not collected"
            assert re.search(r"\.[0-9a-f]{12}\.", url), f"{name}: {url} is not the hashed name"


def test_every_url_in_the_collected_stylesheets_resolves(collected):
    stylesheets = [
        collected / staticfiles_storage.stored_name(name)
        for name in ("govuk/govuk-frontend.min.css", "socialvalue/socialvalue.css")
    ]
    checked = 0
    for css in stylesheets:
        text = css.read_text(encoding="utf-8")
        assert "sourceMappingURL" not in text, css
        for url in CSS_URL.findall(text):
            if url.startswith(("data:", "#")):
                continue
            assert not url.startswith("/"), f"{css.name}: {url} points at the site root"
            target = (css.parent / url).resolve()
            assert target.is_file(), f"{css.name}: url({url}) does not resolve"
            checked += 1
    assert checked >= 5  # the four GOV.UK font files and the crest


def test_favicon_ico_leads_to_the_collected_favicon(collected, client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert _resolve(collected, response["Location"]).is_file()


def test_fonts_and_images_of_the_stylesheet_are_served_as_in_development(client, db):
    # No collectstatic: WhiteNoise serves from the app folders, as `make run` does.
    css_url = "/static/govuk/govuk-frontend.min.css"
    css = client.get(css_url)
    assert css.status_code == 200
    urls = CSS_URL.findall(b"".join(css.streaming_content).decode("utf-8"))
    fonts = [u for u in urls if ".woff" in u]
    assert len(fonts) == 4
    for url in urls:
        target = urljoin(css_url, url)
        assert client.get(target).status_code == 200, target
