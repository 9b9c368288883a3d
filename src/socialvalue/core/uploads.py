"""The one check every uploaded document goes through (engagement files, bid attachments,
delivery evidence): an allowed type, a size limit, and content that really is that type.

The content check matters because the extension is the uploader's word: a renamed
executable called ``evidence.pdf`` is refused. Binary formats are recognised from their
first bytes (``filetype``); text formats (CSV, TXT) must be text (no NUL bytes, UTF-8 or
Windows-1252) and must not be a binary format in disguise.
"""

from __future__ import annotations

from pathlib import Path

import filetype
from django import forms
from django.core.files.uploadedfile import UploadedFile

# extension -> media type. jpeg is accepted as jpg.
DOCUMENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
}
TEXT_TYPES = frozenset({"csv", "txt"})
TABLE_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The per-file limits, in one place. The request body limit (MAX_REQUEST_BYTES, enforced
# by core/middleware_limits.py before the body is read) is sized from the largest of them.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a document: engagement file, bid attachment, evidence
MAX_TABLE_IMPORT_BYTES = 10 * 1024 * 1024  # a measures library or supplier register file
MAX_SPEND_IMPORT_BYTES = 100 * 1024 * 1024  # a payments file
LARGEST_UPLOAD_BYTES = max(MAX_UPLOAD_BYTES, MAX_TABLE_IMPORT_BYTES, MAX_SPEND_IMPORT_BYTES)
# Room for the other form fields and the multipart boundaries around the largest file.
REQUEST_OVERHEAD_BYTES = 1024 * 1024


def max_request_bytes() -> int:
    """The largest request body accepted: MAX_REQUEST_BYTES when set, else the largest
    upload plus room for the rest of the form."""
    from django.conf import settings

    configured = getattr(settings, "MAX_REQUEST_BYTES", None)
    return int(configured) if configured else LARGEST_UPLOAD_BYTES + REQUEST_OVERHEAD_BYTES


_SNIFF_BYTES = 8192


def allowed_types_text(allowed: dict[str, str] = DOCUMENT_TYPES) -> str:
    """'PDF, DOCX, ... or JPG' for help texts and error messages."""
    names = [ext.upper() for ext in allowed]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def check_upload(
    upload: UploadedFile,
    *,
    allowed: dict[str, str] = DOCUMENT_TYPES,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> str:
    """Return the upload's media type, or raise ``forms.ValidationError`` saying what is
    wrong with the file (by name)."""
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower().lstrip(".")
    extension = "jpg" if extension == "jpeg" else extension
    if extension not in allowed:
        raise forms.ValidationError(f"{name} must be a {allowed_types_text(allowed)} file")
    if upload.size == 0:
        raise forms.ValidationError(f"{name} is empty")
    if upload.size > max_bytes:
        raise forms.ValidationError(f"{name} must be smaller than {_megabytes(max_bytes)}")
    head = _first_bytes(upload)
    if not _content_matches(extension, head):
        raise forms.ValidationError(
            f"{name} is not a real {extension.upper()} file: its content does not match its name"
        )
    return allowed[extension]


def check_table_upload(upload: UploadedFile, *, max_bytes: int = MAX_TABLE_IMPORT_BYTES) -> None:
    """A CSV or XLSX file to import: the document checks, then the XLSX limits that can be
    read from the zip directory at once (the import repeats them in the worker)."""
    from socialvalue.core.tabular import xlsx_unpacked_problem

    check_upload(upload, allowed=TABLE_TYPES, max_bytes=max_bytes)
    if Path(upload.name or "").suffix.lower() == ".xlsx":
        upload.seek(0)
        problem = xlsx_unpacked_problem(upload.read(), Path(upload.name or "").name)
        upload.seek(0)
        if problem:
            raise forms.ValidationError(problem)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _first_bytes(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    return head


def _content_matches(extension: str, head: bytes) -> bool:
    guessed = filetype.guess(head)
    if extension in TEXT_TYPES:
        return guessed is None and _is_text(head)
    if guessed is None:
        return False
    if extension == "odt":
        # filetype reads the mimetype entry that OpenDocument files start with.
        return guessed.extension == "odt"
    return guessed.extension == extension


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # The sniffed block may cut a multi-byte character in two: ignore the last 3 bytes.
            head[: max(len(head) - 3, 0)].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False
