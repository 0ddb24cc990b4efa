"""Run everything in one for the demo: ``safeguard web`` with ``worker`` and ``scheduler`` beside it.

Production runs the three as separate services (deploy/); ``make run`` uses this. Ctrl-C
stops all three: the worker and scheduler are child processes ended when the web server
returns, however it returns.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Safeguard on an address with the task worker and the scheduler (the demo's all-in-one)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker or the scheduler")
        parser.add_argument("--dev-server", action="store_true", help="Use Django's development server, not gunicorn")

    def handle(self, *args: Any, **options: Any) -> None:
        children: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"]:
            for command in (["worker", "--interval", "1"], ["scheduler"]):
                child = subprocess.Popen([sys.executable, "-m", "safeguard.cli", *command])
                self.stdout.write(f"{command[0].capitalize()} started (process {child.pid})")
                children.append(child)
        try:
            if options["dev_server"]:
                call_command("runserver", options["addrport"], use_reloader=False, use_threading=True)
            else:
                call_command("web", options["addrport"])
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write("Stopped.")
