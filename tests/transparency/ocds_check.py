"""Validate OCDS packages with libcoveocds, offline, against the schema shipped in
src/socialvalue/data/ocds (no extension is declared, so nothing is fetched)."""

from __future__ import annotations

import socket
from importlib import resources

from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig

STANDARD_ZIP = resources.files("socialvalue") / "data" / "ocds" / "standard-1__1__5.zip"


def _config() -> LibCoveOCDSConfig:
    config = LibCoveOCDSConfig()
    config.config["standard_zip"] = f"file://{STANDARD_ZIP}"
    config.config["context"] = "api"
    return config


class _NoNetwork:
    """Any attempt to open a connection fails the check: validation must be offline."""

    def __enter__(self):
        self._connect = socket.socket.connect

        def refuse(*args, **kwargs):
            raise AssertionError(f"libcoveocds tried the network: {args[1:]}")

        socket.socket.connect = refuse
        return self

    def __exit__(self, *exc):
        socket.socket.connect = self._connect


def problems(package: dict) -> dict:
    """Everything libcoveocds reports as wrong: schema errors, closed codelist values,
    additional checks (empty fields), conformance (ocid prefix), fields outside the schema,
    deprecated fields. Empty when the package is clean."""
    with _NoNetwork():
        result = ocds_json_output(
            "", json_data=package, schema_version="1.1", lib_cove_ocds_config=_config()
        )
    found = {
        "validation_errors": result["validation_errors"],
        "additional_closed_codelist_values": result["additional_closed_codelist_values"],
        "additional_open_codelist_values": result["additional_open_codelist_values"],
        "additional_checks": result["additional_checks"],
        "conformance_errors": result.get("conformance_errors", {}),
        "additional_fields": result["additional_fields"],
        "deprecated_fields": result["deprecated_fields"],
        "json_deref_error": result.get("json_deref_error", ""),
    }
    return {key: value for key, value in found.items() if value}
