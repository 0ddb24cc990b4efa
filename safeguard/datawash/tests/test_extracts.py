"""Receiving extracts: malformed files refused with clear errors, mappings reused, reports kept."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.datawash import extracts, services
from safeguard.datawash.engine.tests.test_validation import damaged_xlsx
from safeguard.datawash.models import ColumnMapping, Extract, ExtractStatus, SourceKind
from safeguard.datawash.tests.factories import sample_extract
from safeguard.datawash.uploads import UploadProblem

pytestmark = pytest.mark.django_db

AGENCY_CSV = (
    "Patient Ref,Forename,Surname,DOB,NHS No,Seen\n"
    "H1,Amelia,Hartley,14/03/2011,943 476 5919,01/02/2017\n"
    "H2,Ben,Stokes,02/02/2012,1234567890,\n"
    ",Carl,Jones,03/03/2013,,\n"
    "H4,Dee,Smith,31/02/2010,,\n"
)
AGENCY_MAPPING = {
    "Patient Ref": "record_id",
    "Forename": "given_name",
    "Surname": "family_name",
    "DOB": "date_of_birth",
    "NHS No": "nhs_number",
    "Seen": "last_seen_date",
}


def receive(world: World, content: bytes, name: str = "extract.csv", encoding: str = "utf-8") -> Extract:
    return services.extract_receive(
        actor=world.dana,
        agency=world.health,
        source_kind=SourceKind.HEALTH,
        name=name,
        content=ContentFile(content),
        encoding=encoding,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("extract.pdf", b"%PDF-1.4", "must be a CSV or an Excel"),
        ("extract.csv", b"", "is empty"),
        ("extract.csv", b'record_id,given_name\n"H1,Amelia\n', "not well-formed CSV"),
        ("extract.csv", b"record_id,given_name\nH1,Amelia,extra,cells\n", "Row 2 has 4 values"),
        ("extract.csv", "record_id,given_name\nH1,Zo\u00eb\n".encode("cp1252"), "not UTF-8"),
        ("extract.csv", b"123,2011-03-14\n456,2012-01-01\n", "no header row"),
        ("extract.csv", b"PK\x03\x04rest", "spreadsheet, not CSV"),
        ("extract.xlsx", b"not a zip at all", "not a readable Excel"),
        ("extract.csv", b"id,id\n1,2\n", "more than once"),
    ],
)
def test_it_refuses_malformed_files_with_a_clear_error_and_saves_nothing(
    world: World, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(UploadProblem, match=message):
        receive(world, content, name)
    assert not Extract.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(world: World, settings: Any) -> None:
    settings.SAFEGUARD_MAX_UPLOAD_MB = 0
    with pytest.raises(UploadProblem, match="smaller than 0 MB"):
        receive(world, AGENCY_CSV.encode())
    assert not Extract.objects.exists()


def test_it_reads_a_windows_file_when_told_its_encoding(world: World) -> None:
    extract = receive(world, "Ref,Name\nH1,Zo\u00eb\n".encode("cp1252"), encoding="cp1252")
    assert extract.samples["Name"] == ["Zo\u00eb"]


def test_a_new_layout_waits_for_its_columns_to_be_mapped_then_reports_rejects(world: World) -> None:
    extract = receive(world, AGENCY_CSV.encode())
    assert extract.status == ExtractStatus.AWAITING_MAPPING
    assert extract.samples["Forename"] == ["Amelia", "Ben", "Carl"]

    services.extract_map(actor=world.dana, extract=extract, columns=AGENCY_MAPPING, date_formats={})

    extract.refresh_from_db()
    assert extract.status == ExtractStatus.VALIDATED
    assert (extract.rows_read, extract.rows_accepted, extract.rows_rejected) == (4, 3, 1)
    reasons = {(r["row"], r["field"]): r for r in extract.rejects}
    assert reasons[(4, "record_id")]["row_not_used"] is True
    assert "check digit" in reasons[(3, "nhs_number")]["reason"].lower() or reasons[(3, "nhs_number")]["reason"]
    assert "Date of birth must be a real date" in reasons[(5, "date_of_birth")]["reason"]


def test_a_saved_mapping_is_used_for_the_next_upload_of_the_same_kind(world: World) -> None:
    first = receive(world, AGENCY_CSV.encode())
    services.extract_map(actor=world.dana, extract=first, columns=AGENCY_MAPPING, date_formats={})

    second = receive(world, AGENCY_CSV.encode())

    assert second.version == 2
    assert second.status == ExtractStatus.VALIDATED
    assert ColumnMapping.objects.get(agency=world.health, source_kind=SourceKind.HEALTH).columns == AGENCY_MAPPING


def test_an_xlsx_extract_is_read(world: World) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["record_id", "given_name", "family_name", "date_of_birth"])
    sheet.append(["H1", "Amelia", "Hartley", dt.date(2011, 3, 14)])
    buffer = io.BytesIO()
    book.save(buffer)
    extract = receive(world, buffer.getvalue(), "extract.xlsx")
    services.extract_map(actor=world.dana, extract=extract, columns={h: h for h in extract.headers}, date_formats={})
    assert extract.rows_accepted == 1


def xlsx_of(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "has no rows"),
        ([["id", "id"], ["1", "2"]], "more than once"),
    ],
)
def test_a_spreadsheets_own_problem_is_named_not_called_damage(
    world: World, rows: list[list[object]], message: str
) -> None:
    with pytest.raises(UploadProblem, match=message):
        receive(world, xlsx_of(*rows), "extract.xlsx")


def test_a_damaged_xlsx_is_refused_with_a_clear_message(world: World) -> None:
    with pytest.raises(UploadProblem, match="damaged"):
        receive(world, damaged_xlsx(), "extract.xlsx")
    assert not Extract.objects.exists()


def test_a_data_officer_sees_only_their_own_agencys_extracts(world: World) -> None:
    mine = sample_extract(world)
    client = signed_in_client(world.dana)
    assert client.get(reverse("datawash:extract", args=[mine.pk])).status_code == 200
    mine.agency = world.police
    mine.save(update_fields=["agency"])
    assert client.get(reverse("datawash:extract", args=[mine.pk])).status_code == 404


def test_the_upload_page_shows_an_error_summary_for_a_bad_file(world: World) -> None:
    client = signed_in_client(world.dana)
    response = client.post(
        reverse("datawash:upload"),
        {"source_kind": "health", "encoding": "utf-8", "file": ContentFile(b"%PDF", name="x.pdf")},
    )
    assert response.status_code == 400
    assert "must be a CSV or an Excel" in response.content.decode()
    assert not Extract.objects.exists()


def test_the_mapping_page_saves_the_mapping_and_shows_the_report(world: World) -> None:
    extract = receive(world, AGENCY_CSV.encode())
    client = signed_in_client(world.dana)
    page = client.get(reverse("datawash:mapping", args=[extract.pk])).content.decode()
    assert "For example: Amelia, Ben, Carl" in page
    form = {f"col_{i}": AGENCY_MAPPING[h] for i, h in enumerate(extract.headers)}
    response = client.post(reverse("datawash:mapping", args=[extract.pk]), form, follow=True)
    assert "Rows rejected" in response.content.decode()
    assert "Enter a record ID: the row has none" in response.content.decode()


def test_the_mapping_page_offers_other_id_and_validation_reports_a_family_number_in_it(world: World) -> None:
    content = (
        "Patient Ref,Forename,Surname,DOB,Other ID\nH1,Olivia,Hall,14/03/2011,FAM-77\nH2,Jack,Hall,02/02/2013,FAM-77\n"
    )
    extract = receive(world, content.encode())
    client = signed_in_client(world.dana)
    page = client.get(reverse("datawash:mapping", args=[extract.pk])).content.decode()
    assert "Another ID the agencies share" in page
    assert extracts.guess_column("Other ID") == "other_id"
    form = {f"col_{i}": value for i, value in enumerate(("record_id", "given_name", "family_name", "date_of_birth"))}
    form["col_4"] = "other_id"
    response = client.post(reverse("datawash:mapping", args=[extract.pk]), form, follow=True)
    assert "family or case number" in response.content.decode()
    extract.refresh_from_db()
    assert extract.mapping["Other ID"] == "other_id"
    assert extract.rows_accepted == 2 and extract.values_not_used == 2


def test_the_mapping_page_needs_a_record_id_column(world: World) -> None:
    extract = receive(world, AGENCY_CSV.encode())
    client = signed_in_client(world.dana)
    response = client.post(reverse("datawash:mapping", args=[extract.pk]), {"col_0": "given_name"})
    assert response.status_code == 400
    assert "Choose which column holds the record ID" in response.content.decode()


def test_purging_deletes_old_extracts_and_their_files_and_audits_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    old = sample_extract(world)
    Extract.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(days=400))
    recent = sample_extract(world)
    name = old.file.name
    assert name and default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_extracts", "--days", "365", stdout=io.StringIO())

    assert list(Extract.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not default_storage.exists(name)
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="datawash.extract").count() == 1


def test_the_extracts_page_says_who_sees_extracts_including_the_analysts_who_wash_them(world: World) -> None:
    page = signed_in_client(world.dana).get(reverse("datawash:extracts")).content.decode()
    assert "Only your agency can see them" not in page
    assert "agency data officers" in page
    assert "analysts and partnership administrators use it in data wash runs" in page
