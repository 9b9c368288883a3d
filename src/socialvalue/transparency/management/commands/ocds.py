"""``socialvalue ocds export DIR``: one OCDS 1.1 release package file per public procurement.

Files are named ``<ocid>.json``. Running it again with the same data writes the same bytes;
files of procurements no longer public are removed only with ``--prune``.

The Procurement Act notices recorded as published go in ``notices/<ocid>.json``: a release
per notice as Find a Tender publishes it (UK extension). ``--authority ID`` writes only the
procurements of one contracting authority.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from socialvalue.transparency import ocds
from socialvalue.transparency.selectors import public_procurements


class Command(BaseCommand):
    help = "Write an Open Contracting (OCDS 1.1) release package for every public procurement."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export"], help="what to do")
        parser.add_argument("directory", help="folder to write the packages to (created)")
        parser.add_argument(
            "--base-url",
            default="",
            help="where the site is published, e.g. https://socialvalue.example.org "
            "(default: https:// and the first of ALLOWED_HOSTS)",
        )
        parser.add_argument(
            "--authority",
            type=int,
            default=None,
            help="only the procurements of this contracting authority (its id)",
        )

    def handle(self, *args, **options):
        base_url = (options["base_url"] or _default_base_url()).rstrip("/")
        folder = Path(options["directory"])
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create {folder}: {error.strerror}") from error
        projects = public_procurements()
        if options["authority"] is not None:
            projects = projects.filter(contracting_authority_id=options["authority"])
        count = notices = 0
        for project in projects.select_related("contracting_authority"):
            package = ocds.release_package(project, uri=base_url + ocds.package_path(project))
            _write(folder / ocds.package_filename(project), ocds.package_json(package))
            count += 1
            uri = f"{base_url}/open-data/ocds/notices/{ocds.package_filename(project)}"
            notice_package = ocds.notice_release_package(project, uri=uri, published_only=True)
            if notice_package["releases"]:
                (folder / "notices").mkdir(exist_ok=True)
                target = folder / "notices" / ocds.package_filename(project)
                _write(target, ocds.package_json(notice_package))
                notices += 1
        self.stdout.write(f"Wrote {count} OCDS release packages to {folder}.")
        if notices:
            self.stdout.write(f"Wrote {notices} packages of published notices to {folder}/notices.")


def _write(target: Path, text: str) -> None:
    """Write only when the bytes change, so a rerun leaves files (and their times) alone."""
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _default_base_url() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    return f"https://{hosts[0] if hosts else 'localhost'}"
