"""The ``socialvalue`` console command: Django's management commands behind one name.

``socialvalue demo``, ``socialvalue migrate``, ``socialvalue spend analyse ...`` and so on.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialvalue.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["socialvalue", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
