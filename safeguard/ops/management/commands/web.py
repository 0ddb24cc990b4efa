"""``safeguard web [ADDR:PORT]``: the production web server (gunicorn).

Workers come from ``SAFEGUARD_WEB_WORKERS`` (threads each from ``SAFEGUARD_WEB_THREADS``);
static files are served by whitenoise from ``safeguard collectstatic``'s output. Outside
debug it refuses to start while ``safeguard check --deploy`` finds an unsafe setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser, SystemCheckError
from django.db import connections


def _bind(addrport: str) -> str:
    if addrport.isdigit():
        return f"127.0.0.1:{addrport}"
    return addrport


class Command(BaseCommand):
    help = "Serve Safeguard with gunicorn (the production web server)"
    requires_system_checks: list[str] = []  # run below, with --deploy outside debug

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="address:port or port")
        parser.add_argument("--workers", type=int, default=None, help="default: SAFEGUARD_WEB_WORKERS")
        parser.add_argument(
            "--allow-unsafe",
            action="store_true",
            help="start even though the deploy checks fail (for a test on one machine; never live)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._check(allow_unsafe=options["allow_unsafe"])
        workers = options["workers"] or settings.SAFEGUARD_WEB_WORKERS
        # Nothing opened here may be shared with the forked workers.
        connections.close_all()
        from safeguard.ops.gunicorn import SafeguardApplication

        SafeguardApplication(
            {
                "bind": _bind(options["addrport"]),
                "workers": workers,
                "worker_class": "gthread",
                "threads": settings.SAFEGUARD_WEB_THREADS,
                "timeout": settings.SAFEGUARD_WEB_TIMEOUT,
                "graceful_timeout": 30,
                # Keep an idle connection open longer than a person (or a proxy) pauses between requests:
                # gunicorn's 2 s closed connections just as clients reused them, and they saw resets.
                "keepalive": settings.SAFEGUARD_WEB_KEEPALIVE,
                # Recycle workers now and then so a slow leak never grows.
                "max_requests": 2000,
                "max_requests_jitter": 200,
                "accesslog": None,  # the request middleware logs each request, as JSON
                "logconfig_dict": settings.LOGGING,
                "proc_name": "safeguard-web",
                # gunicorn 27's control socket sits in the home directory, shared by every instance.
                "control_socket_disable": True,
            }
        ).run()

    def _check(self, *, allow_unsafe: bool) -> None:
        if settings.DEBUG:
            call_command("check")
            return
        try:
            call_command("check", deploy=True, fail_level="ERROR")
        except SystemCheckError as error:
            if not allow_unsafe:
                raise CommandError(
                    f"Refusing to start: this is production (SAFEGUARD_DEBUG is off) and a setting is unsafe.\n{error}"
                ) from None
            self.stderr.write(f"Starting despite unsafe settings (--allow-unsafe):\n{error}")
        manifest = Path(settings.STATIC_ROOT) / getattr(staticfiles_storage, "manifest_name", "staticfiles.json")
        if hasattr(staticfiles_storage, "manifest_name") and not manifest.exists():
            raise CommandError(
                f"No static files at {settings.STATIC_ROOT}: run `safeguard collectstatic --no-input` first."
            )
