"""The ``socialvalue`` console command: Django's management commands behind one name.

``socialvalue demo``, ``socialvalue migrate``, ``socialvalue spend analyse ...`` and so on.

Commands that sign nothing and serve nothing (``tender score``, ``spend analyse``, ``ocds
export``) work with no configuration at all: no DEBUG, no SECRET_KEY. A configuration problem
(no SECRET_KEY with DEBUG off, a DATABASE_URL that cannot be read or reached) is one clear
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys

# (command, first argument) pairs that need no secret key.
OFFLINE_COMMANDS = {("tender", "score"), ("spend", "analyse"), ("ocds", "export")}

EXIT_CONFIGURATION = 2


HELP = {"help", "--help", "-h", "version", "--version"}


def _is_offline(args: list[str]) -> bool:
    if not args or args[0] in HELP:  # the list of commands and their help
        return True
    return len(args) >= 2 and (args[0], args[1]) in OFFLINE_COMMANDS


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialvalue.config.settings")
    if _is_offline(args):
        os.environ["_SOCIALVALUE_OFFLINE_COMMAND"] = "1"

    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reads the settings: configuration errors show here
    except ImproperlyConfigured as error:
        sys.exit(f"socialvalue: {error}")

    from django.core.management import execute_from_command_line
    from django.db import InterfaceError, OperationalError

    try:
        execute_from_command_line(["socialvalue", *args])
    except ImproperlyConfigured as error:
        sys.exit(f"socialvalue: {error}")
    except (OperationalError, InterfaceError) as error:
        print(
            f"socialvalue: the database cannot be used: {_first_line(error)}. "
            "Check DATABASE_URL, that the database server runs, and that "
            "`socialvalue migrate` has been run.",
            file=sys.stderr,
        )
        sys.exit(EXIT_CONFIGURATION)


if __name__ == "__main__":
    main()
