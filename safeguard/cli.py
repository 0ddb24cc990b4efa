"""The ``safeguard`` command: one entry point for every job.

``safeguard wash`` and ``safeguard synth extracts`` run without Django, so
schedulers and Spark drivers can call them on machines with no database.
Everything else is a Django management command (``safeguard web``, ``worker``,
``scheduler``, ``backup``, ``restore``, ``serve``,
``safeguard synth demo``, ``safeguard audit verify``, ``safeguard migrate``…).
"""

from __future__ import annotations

import os
import sys

_PURE_SYNTH = {"extracts", "demo-extracts"}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from safeguard.ops.config import version

        print(f"safeguard {version()}")
        return 0
    if args[:1] == ["wash"]:
        from safeguard.datawash.engine.cli import main as wash_main

        return wash_main(args[1:])
    if args[:1] == ["synth"] and len(args) > 1 and args[1] in _PURE_SYNTH:
        from safeguard.synth.cli import main as synth_main

        return synth_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safeguard", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
