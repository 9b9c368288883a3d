"""``socialvalue tender score TENDER.json``: the command-line twin of tender scoring.

It calls the same domain code as the web (``socialvalue.domain.evaluation``); the JSON
format is in docs/tender-scoring.md.
"""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError

from socialvalue.domain.evaluation import cli


class Command(BaseCommand):
    help = "Score a tender described in JSON and print the results as JSON (see docs)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["score"], help="what to do with the tender")
        parser.add_argument("rest", nargs=argparse.REMAINDER, help="TENDER.json [--indent N]")

    def handle(self, *args, **options):
        code = cli.main(options["rest"])
        if code:
            raise CommandError("the tender could not be scored (see above)", returncode=code)
