"""Logs are one JSON object a line, tied to the request, and audit events are copied to them without names."""

from __future__ import annotations

import json
import logging
import re

from django.test import override_settings
from django.urls import reverse

from safeguard.core.testing import BaseTestCase
from safeguard.ops.logs import JsonFormatter
from safeguard.people.services import person_create


def lines(logs: list[logging.LogRecord]) -> list[dict[str, object]]:
    return [json.loads(JsonFormatter().format(record)) for record in logs]


class RequestLogTests(BaseTestCase):
    def test_each_request_is_one_json_line_with_its_id_user_agency_status_and_duration(self) -> None:
        self.login(self.charlie)
        with self.assertLogs("safeguard.request", "INFO") as logs:
            response = self.client.get(reverse("dashboard"), {"q": "Hartley"})
        (line,) = lines(logs.records)
        assert line["request_id"] == response["X-Request-ID"]
        assert (line["path"], line["status"], line["user_id"], line["agency_id"], line["level"], line["logger"]) == (
            "/dashboard/",
            200,
            self.charlie.pk,
            self.charlie.agency_id,
            "INFO",
            "safeguard.request",
        )
        assert isinstance(line["duration_ms"], float)
        assert "time" in line
        # The query string can hold a searched name; it is never logged.
        assert "Hartley" not in json.dumps(line)

    def test_a_sane_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(self) -> None:
        kept = self.client.get("/healthz", headers={"X-Request-ID": "abcdef12-proxy"})
        replaced = self.client.get("/healthz", headers={"X-Request-ID": "<script>"})
        assert kept["X-Request-ID"] == "abcdef12-proxy"
        assert re.search(r"^[0-9a-f]{32}$", replaced["X-Request-ID"])

    def test_a_password_reset_token_in_the_path_is_not_logged(self) -> None:
        with self.assertLogs("safeguard.request", "INFO") as logs:
            self.client.get(reverse("password_reset_confirm", args=["MQ", "secret-token-value"]))
        assert "secret-token-value" not in json.dumps(lines(logs.records))


class AuditLogTests(BaseTestCase):
    def test_every_audit_event_is_logged_with_ids_only(self) -> None:
        with (
            self.assertLogs("safeguard.audit", "INFO") as logs,
            self.captureOnCommitCallbacks(execute=True),
        ):
            person = person_create(
                actor=self.charlie,
                partnership=self.world.darlington,
                agency=self.world.childrens,
                given_name="Zebedee",
                family_name="Quillfeather",
                identifiers=[],
            )
        (line,) = lines(logs.records)
        assert (line["audit_action"], line["object_type"]) == ("create", "people.person")
        assert (line["object_id"], line["actor_id"]) == (str(person.pk), self.charlie.pk)
        text = json.dumps(line)
        for secret in ("Zebedee", "Quillfeather", "charlie"):
            assert secret not in text

    def test_an_event_rolled_back_is_not_logged(self) -> None:
        with self.assertNoLogs("safeguard.audit", "INFO"), self.captureOnCommitCallbacks(execute=False):
            person_create(
                actor=self.charlie,
                partnership=self.world.darlington,
                agency=self.world.childrens,
                given_name="Zebedee",
                family_name="Quillfeather",
                identifiers=[],
            )


@override_settings()
class FormatterTests(BaseTestCase):
    def test_an_exception_is_kept_in_the_line(self) -> None:
        try:
            raise ValueError("bad")
        except ValueError:
            record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
            import sys

            record.exc_info = sys.exc_info()
        line = json.loads(JsonFormatter().format(record))
        assert line["message"] == "failed here"
        assert "ValueError: bad" in line["exception"]
