"""A hostile extract on the web page gets a form error and on the API a 400 in JSON: never a 500, never a hang."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from safeguard.core.testing import World, signed_in_client
from safeguard.core.tests import hostile_files as hostile
from safeguard.datawash.models import Extract
from safeguard.partnership.models import ApiToken
from safeguard.partnership.roles import Role

pytestmark = pytest.mark.django_db

HOSTILE: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("row 900,000,000", lambda: hostile.row_900_million(["record_id"], ["H1"]), "x.xlsx", "row numbered 900,000,000"),
    ("whole-sheet dimension", lambda: hostile.whole_sheet_dimension(["record_id"], ["H1"]), "x.xlsx", ""),
    ("zip bomb", lambda: hostile.zip_bomb(16), "x.xlsx", "unpacks to"),
    ("entity bomb", hostile.entity_bomb, "x.xlsx", "document type"),
    ("ZIP of something else", hostile.zip_of_something_else, "x.xlsx", "not an Excel workbook"),
    ("two million headings", hostile.csv_repeated_header, "x.csv", "longer than"),
    ("NUL bytes", hostile.csv_with_nul, "x.csv", "NUL"),
    ("header with no rows", lambda: b"record_id,given_name\n", "x.csv", "no rows of data"),
]
IDS = [case[0] for case in HOSTILE]


@pytest.mark.parametrize(("label", "make", "name", "message"), HOSTILE, ids=IDS)
def test_the_upload_page_answers_a_hostile_file_with_a_form_error(
    world: World, label: str, make: Callable[[], bytes], name: str, message: str
) -> None:
    client = signed_in_client(world.dana)
    response = client.post(
        reverse("datawash:upload"),
        {"source_kind": "health", "encoding": "utf-8", "file": ContentFile(make(), name=name)},
    )
    if not message:  # a dimension that lies is ignored: the file is read for what it holds
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Extract.objects.exists()


@pytest.mark.parametrize(("label", "make", "name", "message"), HOSTILE, ids=IDS)
def test_the_api_answers_a_hostile_file_with_a_400_in_json(
    world: World, label: str, make: Callable[[], bytes], name: str, message: str
) -> None:
    raw = "sg_test_" + "x" * 30
    ApiToken.objects.create(
        agency=world.health,
        name="system",
        prefix=raw[:8],
        token_hash=ApiToken.hash_token(raw),
        roles=[Role.DATA_OFFICER.value],
    )
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.post("/api/datawash/extracts", {"source_kind": "health", "file": ContentFile(make(), name=name)})
    if not message:
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert message in response.json()["error"]
