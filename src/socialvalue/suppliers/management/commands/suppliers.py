"""``socialvalue suppliers import FILE``: add or update the supplier register from CSV/XLSX."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socialvalue.suppliers.services import COLUMNS, SupplierImportError, suppliers_import


class Command(BaseCommand):
    help = f"Import the supplier register. Columns: {', '.join(COLUMNS)}."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            added, updated = suppliers_import(
                actor=None, content=path.read_bytes(), filename=path.name
            )
        except SupplierImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(error.message) from error
        self.stdout.write(f"{path.name}: {added} suppliers added, {updated} updated.")
