"""Validate OCDS packages that declare Find a Tender's extensions with libcoveocds, offline.

The packages declare each extension by its public URL, as Find a Tender's do. While a check
runs, every ``requests`` session answers those URLs from the copies in
``src/socialvalue/data/ocds/extensions`` (``index.json`` maps each folder to its URL) and
refuses any other URL without opening a socket; the core schema comes from the standard's zip
beside them. Adapted from ``shared/data/ocds/validate_offline.py``.
"""

from __future__ import annotations

import io
import json
import re
import socket
import tempfile
import zipfile
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import requests
import urllib3
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from requests.adapters import BaseAdapter, HTTPAdapter

OCDS = Path(str(resources.files("socialvalue") / "data" / "ocds"))
EXTENSIONS = OCDS / "extensions"
STANDARD_ZIP = OCDS / "standard-1__1__5.zip"

RAW = re.compile(r"^https?://raw\.githubusercontent\.com/([^/]+)/([^/]+)/([^/]+)/(.+)$")
ARCHIVE = re.compile(
    r"^https?://github\.com/([^/]+)/([^/]+)/archive/(?:refs/(?:heads|tags)/)?(.+)\.zip$"
)


def _index() -> dict[tuple[str, str, str], Path]:
    index = {}
    for folder, entry in json.loads((EXTENSIONS / "index.json").read_text()).items():
        owner, repo, ref = RAW.match(entry["url"]).groups()[:3]
        index[(owner.lower(), repo.lower(), ref)] = EXTENSIONS / folder
    return index


INDEX = _index()


class _Vendored(BaseAdapter):
    def send(self, request, **kwargs):
        url = request.url
        if match := RAW.match(url):
            owner, repo, ref, path = match.groups()
            folder = INDEX.get((owner.lower(), repo.lower(), ref))
            if folder and (folder / path).is_file():
                return self._response(request, 200, (folder / path).read_bytes())
            if folder:
                return self._response(request, 404, b"404: Not Found")
        elif match := ARCHIVE.match(url):
            owner, repo, ref = match.groups()
            folder = INDEX.get((owner.lower(), repo.lower(), ref))
            if folder:
                return self._response(request, 200, self._zip(folder, f"{repo}-{ref}/"))
        raise requests.ConnectionError(f"offline: {url} is not vendored", request=request)

    @staticmethod
    def _zip(folder: Path, prefix: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(prefix, b"")
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                archive.write(path, prefix + path.relative_to(folder).as_posix())
        return buffer.getvalue()

    @staticmethod
    def _response(request, status: int, body: bytes):
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(body),
            status=status,
            reason="OK" if status == 200 else "Not Found",
            headers={"Content-Length": str(len(body))},
            preload_content=False,
            request_url=request.url,
        )
        return HTTPAdapter().build_response(request, raw)

    def close(self):
        pass


@contextmanager
def _offline():
    adapter = _Vendored()
    get_adapter = requests.Session.get_adapter
    connect = socket.socket.connect

    def refuse(*args, **kwargs):
        raise AssertionError(f"the OCDS check tried the network: {args[1:]}")

    requests.Session.get_adapter = lambda self, url: adapter  # type: ignore[method-assign]
    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        requests.Session.get_adapter = get_adapter  # type: ignore[method-assign]
        socket.socket.connect = connect  # type: ignore[method-assign]


def uk_problems(package: dict) -> list[str]:
    """Every error libcoveocds finds with the declared extensions applied: schema errors,
    closed codelist values, extensions not applied, an unusable extended schema, fields no
    schema defines. Empty when the package is clean."""
    config = LibCoveOCDSConfig()
    config.config["standard_zip"] = STANDARD_ZIP.as_uri()
    config.config["context"] = "api"
    with _offline(), tempfile.TemporaryDirectory() as folder:
        result = ocds_json_output(
            folder, None, None, convert=False, json_data=package, lib_cove_ocds_config=config
        )
    problems = []
    extensions = result.get("extensions") or {}
    for url, why in extensions.get("invalid_extension", {}).items():
        problems.append(f"extension not applied: {url}: {why}")
    if result.get("json_deref_error"):
        problems.append(f"extended schema unusable: {result['json_deref_error']}")
    for error in result.get("validation_errors", []):
        value = f" (value {error['value']!r})" if "value" in error else ""
        problems.append(f"schema: {error['description'].strip()} at {error['path']}{value}")
    for info in result.get("additional_closed_codelist_values", {}).values():
        problems.append(f"closed codelist {info['codelist']}: {info['values']} at {info['path']}")
    for extra in result.get("additional_fields", []) or []:
        problems.append(f"additional field: {extra['path']}/{extra['field']}")
    applied = [e["url"] for e in extensions.get("extensions", []) if e]
    if len(applied) != len(package.get("extensions", [])):
        problems.append(f"only {len(applied)} extensions applied")
    return problems
