"""Start-up checks: configuration that would otherwise fail on first use fails here.

The deploy checks (``safeguard check --deploy``, and ``safeguard web`` before it starts a
production server) are errors, not warnings: each is a way to leak or lose data live.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
NOT_REALLY_SENT = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104 – names to refuse, not to bind


@register()
def field_key_is_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if not str(settings.SAFEGUARD_FIELD_KEY).strip():
        return [
            Error(
                "SAFEGUARD_FIELD_KEY is not set.",
                hint="Soft intelligence is encrypted at rest with this key. Generate one with: python -c "
                "'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'",
                id="safeguard.E001",
            )
        ]
    return []


@register(deploy=True)
def demo_mode_is_off(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO_MODE:
        return [Error("SAFEGUARD_DEMO is on: the second factor is not required.", id="safeguard.E010")]
    return []


@register(deploy=True)
def debug_is_off(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return [Error("SAFEGUARD_DEBUG is on: error pages show settings and code.", id="safeguard.E011")]
    return []


@register(deploy=True)
def email_is_really_sent(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.EMAIL_BACKEND in NOT_REALLY_SENT:
        return [
            Error(
                f"Email goes to {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}, not to people: password-reset links "
                "would be written to the log.",
                hint="Set SAFEGUARD_EMAIL_BACKEND=notify (with SAFEGUARD_NOTIFY_API_KEY and "
                "SAFEGUARD_NOTIFY_TEMPLATE_ID) or smtp (with SAFEGUARD_SMTP_HOST…).",
                id="safeguard.E012",
            )
        ]
    return []


@register(deploy=True)
def site_url_is_public(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if (urlsplit(settings.SITE_URL).hostname or "") in LOCAL_HOSTS:
        return [
            Error(
                f"SAFEGUARD_SITE_URL is {settings.SITE_URL}: links in emails would point at the reader's own machine.",
                hint="Set it to the address people use, e.g. https://safeguard.example.gov.uk",
                id="safeguard.E013",
            )
        ]
    return []


@register(deploy=True)
def cache_is_shared(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The cache ({backend.rsplit('.', 1)[-1]}) is per process: rate limits count separately in each.",
                hint="Leave CACHES to the database cache (the default) or set SAFEGUARD_REDIS_URL.",
                id="safeguard.E014",
            )
        ]
    return []


@register(deploy=True)
def https_is_required(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    missing = [
        name
        for name, ok in (
            ("SESSION_COOKIE_SECURE", getattr(settings, "SESSION_COOKIE_SECURE", False)),
            ("CSRF_COOKIE_SECURE", getattr(settings, "CSRF_COOKIE_SECURE", False)),
            ("SECURE_HSTS_SECONDS", getattr(settings, "SECURE_HSTS_SECONDS", 0)),
            ("SECURE_SSL_REDIRECT", getattr(settings, "SECURE_SSL_REDIRECT", False)),
            ("SECURE_PROXY_SSL_HEADER", getattr(settings, "SECURE_PROXY_SSL_HEADER", None)),
            ("SAFEGUARD_SITE_URL on https", urlsplit(settings.SITE_URL).scheme == "https"),
        )
        if not ok
    ]
    if missing:
        return [
            Error(
                "HTTPS is not fully required: " + ", ".join(missing) + ".",
                hint="Serve only over HTTPS behind the reverse proxy; leave SAFEGUARD_SECURE_COOKIES, "
                "SAFEGUARD_SSL_REDIRECT and SAFEGUARD_HSTS_SECONDS at their defaults.",
                id="safeguard.E015",
            )
        ]
    return []
