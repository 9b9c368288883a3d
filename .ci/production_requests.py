"""The requests of .ci/production against a running gunicorn (stdlib only).

Usage: python .ci/production_requests.py BASE_URL USERNAME PASSWORD

Run from the repository root with DJANGO_SETTINGS_MODULE and the production environment set:
it reads the page tables of tests/pages*.py (pages marked ``public=True``, and the pages a
viewer may open) to know the addresses. Every request goes to gunicorn as the TLS proxy
would send it (``X-Forwarded-Proto: https``). It fails (exit 1) on any answer that is not
2xx/3xx, on any static file a page refers to that is missing, and on any url() of a
stylesheet that does not resolve. Prints one line per request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.cookiejar
import json
import re
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

STATIC_REFERENCE = re.compile(r"""(?:href|src)=["'](/static/[^"'#?]+)""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """The session and CSRF cookies are Secure: the browser sends them over HTTPS to the proxy,
    which passes them to gunicorn over plain HTTP. Send them the same way here."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report 3xx as they are


class Client:
    def __init__(self, base: str) -> None:
        if not base.startswith("http://"):
            raise SystemExit(f"expected the http:// address of gunicorn, not {base!r}")
        self.base = base.rstrip("/")
        self.origin = "https://" + urllib.parse.urlsplit(self.base).netloc
        self.cookies = http.cookiejar.CookieJar(BehindTheProxy())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        self.failures: list[str] = []
        self.count = 0

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (http only)
        request.add_header("X-Forwarded-Proto", "https")
        if body is not None:
            request.add_header("Origin", self.origin)
            request.add_header("Referer", self.origin + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                status, headers, content = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, dict(error.headers), error.read()
        self.count += 1
        print(f"{status} {'POST' if body is not None else 'GET '} {path}")
        return status, headers, content

    def expect_ok(self, path: str, what: str, data: dict | None = None) -> tuple[int, dict, bytes]:
        status, headers, content = self.request(path, data)
        if not 200 <= status < 400:
            self.failures.append(f"{what}: {path} answered {status}")
        return status, headers, content


def check_static(client: Client, page_path: str, html: str, seen: set[str]) -> None:
    references = STATIC_REFERENCE.findall(html)
    if not references:
        client.failures.append(f"{page_path}: refers to no static file (no stylesheet?)")
    for url in references:
        if url in seen:
            continue
        seen.add(url)
        status, _, content = client.request(url)
        if status != 200:
            client.failures.append(f"{page_path}: static file {url} answered {status}")
            continue
        if url.endswith(".css"):
            for ref in CSS_URL.findall(content.decode("utf-8")):
                if ref.startswith(("data:", "#")):
                    continue
                target = urllib.parse.urljoin(url, ref)
                if target in seen:
                    continue
                seen.add(target)
                status, _, _ = client.request(target)
                if status != 200:
                    client.failures.append(f"{url}: url({ref}) answered {status}")


def wait_for_health(client: Client, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        status, headers, content = client.request("/healthz")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(1)
    if status != 200:
        client.failures.append(f"/healthz answered {status}: {content.decode()[:500]}")
        return
    body = json.loads(content)
    if body["status"] != "ok" or headers.get("Content-Type") != "application/json":
        client.failures.append(f"/healthz: unexpected answer {body}")


def sign_in(client: Client, username: str, password: str) -> None:
    login = "/accounts/login/"
    status, _, content = client.expect_ok(login, "sign-in form")
    token = CSRF_FIELD.search(content.decode())
    if not token:
        client.failures.append("the sign-in form has no CSRF token")
        return
    status, headers, _ = client.request(
        login,
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
    )
    if status != 302:
        client.failures.append(f"signing in as {username} answered {status}, not a redirect")


SECRET_KEY_TEXT = re.compile(r'id="secret-key">([A-Z2-7 ]+)<')


def totp(key_text: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now (RFC 6238: SHA-1, 30 s), as django-otp
    checks it: what a person types from their phone."""
    key = base64.b32decode(key_text.replace(" ", "") + "=" * (-len(key_text.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def second_factor(client: Client) -> None:
    """With DEBUG off every staff role needs two-factor sign-in: set up an authenticator app
    the way a person does (the key typed by hand), so the signed-in pages are really seen."""
    status, headers, _ = client.request("/")
    if status != 302 or "/two-factor/set-up/" not in headers.get("Location", ""):
        client.failures.append(f"signed in without a second factor: / answered {status}")
        return
    setup = "/accounts/two-factor/set-up/"
    _, _, content = client.expect_ok(setup, "two-factor set-up")
    page = content.decode()
    key, token = SECRET_KEY_TEXT.search(page), CSRF_FIELD.search(page)
    if not key or not token:
        client.failures.append("the two-factor set-up page shows no key or no CSRF token")
        return
    data = {"csrfmiddlewaretoken": token.group(1), "code": totp(key.group(1))}
    status, headers, _ = client.request(setup, data)
    if status != 302 or "/two-factor/recovery-codes/" not in headers.get("Location", ""):
        client.failures.append(f"the authenticator code was refused ({status})")
        return
    client.expect_ok("/accounts/two-factor/recovery-codes/", "recovery codes shown once")


def fetch_all(client: Client, pages: list, what: str) -> list[tuple]:
    """GET the pages three at a time (gunicorn runs 3 workers); (page, status, content)."""
    paths = [page.url() for page in pages]  # the page tables read the database: this thread

    def fetch(index: int) -> tuple:
        status, _, content = client.expect_ok(paths[index], f"{what} {pages[index].name!r}")
        return pages[index], status, content

    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(fetch, range(len(pages))))


def main(base: str, username: str, password: str) -> int:
    import django

    django.setup()
    from tests.pages import PAGES

    from socialvalue.accounts.roles import Role

    client = Client(base)
    seen_static: set[str] = set()
    wait_for_health(client)

    public = [page for page in PAGES if page.public]
    for page, status, content in fetch_all(client, public, "public page"):
        if page.html and status == 200:
            check_static(client, page.url(), content.decode("utf-8"), seen_static)

    sign_in(client, username, password)
    second_factor(client)
    status, _, content = client.expect_ok("/", "home page, signed in")
    if f"Sign out ({username})".encode() not in content:
        client.failures.append(f"the home page does not show {username} signed in")
    viewer = [page for page in PAGES if Role.VIEWER in page.roles and not page.public]
    for page, status, content in fetch_all(client, viewer, "viewer page"):
        if page.html and status == 200:
            check_static(client, page.url(), content.decode("utf-8"), seen_static)

    wait_for_health(client, seconds=0)  # still healthy after all that
    print(f"{client.count} requests, {len(client.failures)} failures")
    for failure in client.failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if client.failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
