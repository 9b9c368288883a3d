"""``socialvalue spend analyse FILES...`` (no import) and ``socialvalue spend import FILES...``.

See docs/spend-analysis.md for the options and the JSON the analysis prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socialvalue.analytics import cli as analytics_cli
from socialvalue.policy.selectors import contracting_authority_list
from socialvalue.spend.models import ImportStatus
from socialvalue.spend.services import spend_import_paths


class Command(BaseCommand):
    help = "Analyse payment files without importing them, or import them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["analyse", "import"])
        parser.add_argument("rest", nargs=argparse.REMAINDER)

    def handle(self, *args, **options):
        if options["action"] == "analyse":
            code = analytics_cli.main(["analyse", *options["rest"]], out=self.stdout)
            if code:
                raise CommandError("the files could not be analysed (see above)", returncode=code)
            return
        self._import(options["rest"])

    def _import(self, rest: list[str]) -> None:
        parser = argparse.ArgumentParser(prog="socialvalue spend import")
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--lenient", action="store_true", help="import the readable lines")
        parser.add_argument(
            "--authority",
            type=int,
            help="the id of the contracting authority that made the payments (implied when "
            "the organisation has one; otherwise the imports' body is not stated until an "
            "officer sets it)",
        )
        args = parser.parse_args(rest)
        missing = [str(f) for f in args.files if not f.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        authority = None
        if args.authority is not None:
            authority = contracting_authority_list().filter(pk=args.authority).first()
            if authority is None:
                raise CommandError(f"no contracting authority with id {args.authority}")
        imports = spend_import_paths(
            actor=None, paths=args.files, lenient=args.lenient, contracting_authority=authority
        )
        failed = False
        for spend_import in imports:
            self.stdout.write(f"{spend_import.filename}: {spend_import.message}")
            for problem in spend_import.problems[:50]:
                where = [f"sheet {problem['sheet']}"] if problem["sheet"] else []
                where += [f"row {problem['row']}"] if problem["row"] is not None else []
                if problem["column"]:
                    where.append(f"column {problem['letter']} ({problem['column']})")
                self.stderr.write(f"  {' '.join(where) or 'file'}: {problem['problem']}")
            failed |= spend_import.status != ImportStatus.DONE
        if failed:
            raise CommandError("some files were not imported")
