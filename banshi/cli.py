"""The `banshi` command: every Django management command plus the project's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banshi.settings")
    # Deferred on purpose: Django's management is imported once the settings module is named.
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    # Our commands are spelled with hyphens on the command line (`banshi lint-org`) and live
    # in modules with underscores (lint_org.py); Django's own names have neither.
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["banshi", *args])


if __name__ == "__main__":
    main()
