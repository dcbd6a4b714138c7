"""``alliance87 COMMAND``: the project's management commands, with hyphens (load-alliance-data)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 -- after settings

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
