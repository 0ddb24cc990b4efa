"""/healthz and /readyz: JSON for probes, no sign-in, non-200 naming the failing check."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.test import TestCase, override_settings
from django.utils import timezone

from safeguard.ops import health, services


class ProbeTests(TestCase):
    def beat(self, *roles: str, ago: int = 0) -> None:
        for role in roles:
            services.heartbeat_beat(role=role, instance="test:1", now=timezone.now() - dt.timedelta(seconds=ago))

    def test_healthz_answers_without_sign_in(self) -> None:
        response = self.client.get("/healthz")
        assert (response.status_code, response.json()["status"]) == (200, "ok")

    def test_readyz_is_ready_when_every_check_passes(self) -> None:
        self.beat("worker", "scheduler")
        response = self.client.get("/readyz")
        assert response.status_code == 200, response.json()
        assert set(response.json()["checks"]) == {"database", "migrations", "worker", "scheduler", "disk"}

    def test_readyz_names_a_silent_worker(self) -> None:
        self.beat("scheduler")
        self.beat("worker", ago=600)
        response = self.client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["failing"] == ["worker"]
        assert "600s ago" in response.json()["checks"]["worker"]["detail"]

    def test_readyz_names_a_missing_scheduler(self) -> None:
        self.beat("worker")
        assert self.client.get("/readyz").json()["failing"] == ["scheduler"]

    @override_settings(SAFEGUARD_MIN_FREE_DISK_MB=10**12)
    def test_readyz_names_a_full_disk(self) -> None:
        self.beat("worker", "scheduler")
        assert self.client.get("/readyz").json()["failing"] == ["disk"]

    def test_readyz_names_unapplied_migrations(self) -> None:
        self.beat("worker", "scheduler")
        with mock.patch("safeguard.ops.health.MigrationExecutor") as executor:
            executor.return_value.migration_plan.return_value = [("people", "0099")]
            body = self.client.get("/readyz").json()
        assert body["failing"] == ["migrations"]

    def test_a_broken_database_is_named_and_nothing_else_is_tried(self) -> None:
        refused = mock.Mock(side_effect=OSError("connection refused"))
        with mock.patch.dict(health.CHECKS, {"database": refused}):
            body = self.client.get("/readyz").json()
        assert body["failing"] == ["database", "migrations", "worker", "scheduler", "disk"]
        assert body["checks"]["database"]["detail"] == "OSError"
        assert body["checks"]["worker"]["detail"] == "not checked: no database"

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_probes_over_plain_http_are_not_redirected(self) -> None:
        assert self.client.get("/healthz").status_code == 200
