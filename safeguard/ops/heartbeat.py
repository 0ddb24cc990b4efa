"""A thread that tells the database this process is alive, read by ``/readyz``."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

from safeguard.ops import services

logger = logging.getLogger(__name__)


def start_heartbeat(*, role: str, every_seconds: float) -> threading.Event:
    """Beat now and then every ``every_seconds`` until the returned event is set."""
    stop = threading.Event()
    instance = services.this_process()

    def beat() -> None:
        while True:
            try:
                close_old_connections()
                services.heartbeat_beat(role=role, instance=instance)
            except Exception:  # a database blip must not kill the thread; /readyz will show the silence
                logger.exception("Could not record the %s heartbeat", role)
            if stop.wait(every_seconds):
                break
        connection.close()

    services.heartbeat_beat(role=role, instance=instance)
    threading.Thread(target=beat, name=f"{role}-heartbeat", daemon=True).start()
    return stop
