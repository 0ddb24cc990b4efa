"""Deploy checks, the shared cache, the email backend choice, Sentry and the version."""

from __future__ import annotations

import re
import sys
from io import StringIO
from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import SimpleTestCase, TestCase, override_settings

from safeguard.cli import main
from safeguard.ops import config

SAFE = {
    "DEBUG": False,
    "DEMO_MODE": False,
    "EMAIL_BACKEND": config.NOTIFY_BACKEND,
    "SITE_URL": "https://safeguard.darlington.example.gov.uk",
    "CACHES": config.cache_config(""),
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "ALLOWED_HOSTS": ["safeguard.darlington.example.gov.uk"],
}


def deploy_errors() -> str:
    try:
        call_command("check", deploy=True, fail_level="ERROR", stdout=StringIO(), stderr=StringIO())
    except SystemCheckError as error:
        return str(error)
    return ""


class DeployCheckTests(SimpleTestCase):
    maxDiff = None

    def test_a_safe_production_configuration_passes(self) -> None:
        with override_settings(**SAFE):
            errors = deploy_errors()
        # Safeguard's own deploy checks (E010-E015) pass. Once, under xdist, another app's check failed here too
        # and the message was cut short: the whole message is printed if it happens again.
        assert not re.search(r"safeguard\.E01\d", errors), errors

    def test_each_unsafe_setting_fails_the_deploy_check_by_its_own_id(self) -> None:
        unsafe: dict[str, dict[str, Any]] = {
            "safeguard.E010": {"DEMO_MODE": True},
            "safeguard.E011": {"DEBUG": True},
            "safeguard.E012": {"EMAIL_BACKEND": config.CONSOLE_BACKEND},
            "safeguard.E013": {"SITE_URL": "https://localhost:8000"},
            "safeguard.E014": {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
            "safeguard.E015": {"SECURE_SSL_REDIRECT": False, "SECURE_PROXY_SSL_HEADER": None},
        }
        for check_id, change in unsafe.items():
            with self.subTest(check_id), override_settings(**{**SAFE, **change}):
                errors = deploy_errors()
                assert check_id in errors
                assert errors.count("safeguard.E0") == 1, errors

    def test_the_web_server_refuses_to_start_in_production_with_an_unsafe_setting(self) -> None:
        with (
            override_settings(**{**SAFE, "EMAIL_BACKEND": config.CONSOLE_BACKEND}),
            pytest.raises(CommandError) as caught,
        ):
            call_command("web", "127.0.0.1:0", stdout=StringIO(), stderr=StringIO())
        assert "Refusing to start" in str(caught.value)
        assert "safeguard.E012" in str(caught.value)


class ConfigTests(SimpleTestCase):
    def test_the_cache_is_the_database_unless_redis_is_configured(self) -> None:
        assert config.cache_config("")["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        redis = config.cache_config("redis://cache.internal:6379/0")["default"]
        assert redis["LOCATION"] == "redis://cache.internal:6379/0"

    def test_email_goes_through_notify_when_it_has_a_key_and_otherwise_as_chosen(self) -> None:
        assert config.email_backend("", notify_api_key="k") == config.NOTIFY_BACKEND
        assert config.email_backend("", notify_api_key="") == config.CONSOLE_BACKEND
        assert config.email_backend("SMTP", notify_api_key="k") == config.SMTP_BACKEND
        assert config.email_backend("my.Backend", notify_api_key="") == "my.Backend"

    def test_sentry_is_not_imported_unless_a_dsn_is_set(self) -> None:
        sys.modules.pop("sentry_sdk", None)
        assert not config.init_sentry("", environment="test", release="0")
        assert "sentry_sdk" not in sys.modules

    def test_safeguard_version_prints_the_package_version(self) -> None:
        out = StringIO()
        stdout, sys.stdout = sys.stdout, out
        try:
            assert main(["--version"]) == 0
        finally:
            sys.stdout = stdout
        assert re.search(r"^safeguard \d+\.\d+", out.getvalue())


class SharedCacheTests(TestCase):
    @override_settings(CACHES=config.cache_config(""))
    def test_the_database_cache_counts_rate_limits_for_every_process(self) -> None:
        call_command("createcachetable", stdout=StringIO())
        from safeguard.core import ratelimit

        cache = caches["default"]
        assert "DatabaseCache" in type(cache).__name__
        with self.settings(CACHES=config.cache_config("")):
            assert all(ratelimit.allow("sign-up:1.2.3.4", limit=2, window_seconds=60) for _ in range(2))
            assert not ratelimit.allow("sign-up:1.2.3.4", limit=2, window_seconds=60)
