"""Settings that depend on the deployment, worked out from the environment by settings.py.

Plain functions with no Django imports at module level, so settings.py can call them
before Django is set up and tests can call them with any inputs.
"""

from __future__ import annotations

import importlib
from typing import Any

NOTIFY_BACKEND = "safeguard.core.notify.NotifyEmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
_EMAIL_ALIASES = {"notify": NOTIFY_BACKEND, "smtp": SMTP_BACKEND, "console": CONSOLE_BACKEND}


def cache_config(redis_url: str) -> dict[str, Any]:
    """One cache every process shares, so rate limits count across them.

    Redis when a URL is given; otherwise a table in the database every process already
    uses (``safeguard createcachetable`` makes it; ``make run`` and the deploy guide run it).
    """
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "safeguard_cache"}}


def email_backend(chosen: str, *, notify_api_key: str) -> str:
    """``SAFEGUARD_EMAIL_BACKEND``: notify, smtp, console or a dotted path; unset means Notify when it has a key."""
    if chosen:
        return _EMAIL_ALIASES.get(chosen.strip().lower(), chosen)
    return NOTIFY_BACKEND if notify_api_key else CONSOLE_BACKEND


def logging_config(*, level: str, json_lines: bool) -> dict[str, Any]:
    formatter = (
        {"()": "safeguard.ops.logs.JsonFormatter"} if json_lines else {"format": "%(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            # The request middleware writes one line per request with more in it than these.
            "django.server": {"level": "WARNING"},
            "gunicorn.access": {"level": "WARNING"},
        },
    }


def init_sentry(dsn: str, *, environment: str, release: str) -> bool:
    """Switch on Sentry error reporting when ``SAFEGUARD_SENTRY_DSN`` is set (``pip install safeguard[sentry]``).

    sentry_sdk is imported only then, so it need not be installed otherwise. No personal
    data is sent: no request bodies, cookies or user details.
    """
    if not dsn:
        return False
    sentry_sdk = importlib.import_module("sentry_sdk")
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
    )
    return True


def version() -> str:
    """The installed package's version, for ``safeguard --version`` and error reports."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("safeguard")
    except PackageNotFoundError:
        return "unknown"
