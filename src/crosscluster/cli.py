"""The ``crosscluster`` console script: Django management plus the engines' command lines."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")
    from django.core.management import execute_from_command_line

    # `crosscluster <django command> ...` is `manage.py <django command> ...`.
    execute_from_command_line(["crosscluster", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
