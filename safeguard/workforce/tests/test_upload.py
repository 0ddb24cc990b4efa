"""Returns sent as a workbook or CSV: the template, the round trip, every kind of bad file, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from safeguard.audit import services as audit_services
from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase, signed_in_client

from .. import selectors
from ..batch import COLUMNS
from ..models import StaffGroup, WorkforceReturn
from .factories import a_return

Q2 = dt.date(2026, 4, 1)
HEADERS = [c.header for c in COLUMNS]
UPLOAD = "/workforce/returns/upload/"
TEMPLATE = "/workforce/returns/template.xlsx"


def row(group: str = "Health visitors", quarter: Any = "2026-04-01", **changes: Any) -> list[Any]:
    """A good row in the template's column order, with any cell changed by field name."""
    values: dict[str, Any] = {
        "quarter_start": quarter,
        "staff_group": group,
        "establishment_fte": 40,
        "filled_fte": 32,
        "vacancies_fte": 8,
        "agency_fte": 6,
        "leavers": 2,
        "sickness_percent": 4.5,
        "average_caseload": 18,
        "pressures": "Court work rising",
        "mitigations": None,
        "recruitment": None,
    }
    values.update(changes)
    return [values[c.name] for c in COLUMNS]


def xlsx(*rows: list[Any], headers: list[Any] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.append(HEADERS if headers is None else headers)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(*rows: list[Any], encoding: str = "utf-8") -> bytes:
    lines = [",".join(HEADERS)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def message_of(response: Any) -> str:
    (message,) = response.context["messages"]
    return str(message)


class UploadTests(BaseTestCase):
    def upload(self, content: bytes, name: str = "returns.xlsx", client: Client | None = None) -> Any:
        client = client or self.login(self.dana)
        return client.post(UPLOAD, {"workbook": SimpleUploadedFile(name, content)}, follow=True)

    def problems(self, response: Any) -> list[str]:
        assert response.status_code == 400
        return [str(p) for p in response.context["problems"]]

    # --- the template -----------------------------------------------------------------------------------

    def test_the_template_has_a_row_per_staff_group_with_units_in_the_headings_and_the_figures_already_sent(
        self,
    ) -> None:
        a_return(self.dana, pressures='=HYPERLINK("http://evil")')
        response = self.login(self.dana).get(f"{TEMPLATE}?quarter=2026-04")
        assert response.status_code == 200
        assert 'filename="workforce-return-2026-04.xlsx"' in response["Content-Disposition"]
        ws = load_workbook(io.BytesIO(response.getvalue()))["Workforce returns"]
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == HEADERS
        assert "Establishment (FTE)" in HEADERS
        assert "Sickness absence (% of working time)" in HEADERS
        assert [r[1] for r in rows[1:]] == [g.label for g in StaffGroup]
        assert all(r[0] == "2026-04-01" for r in rows[1:])
        health_visitors = rows[1 + list(StaffGroup).index(StaffGroup.HEALTH_VISITORS)]
        assert health_visitors[2:6] == (40, 32, 8, 6)
        # Text goes out as text a spreadsheet will not run, and every cell is a plain value.
        assert health_visitors[9] == '=HYPERLINK("http://evil")'
        assert not any(cell.data_type == "f" for r in ws.iter_rows() for cell in r)
        social_workers = rows[1 + list(StaffGroup).index(StaffGroup.SOCIAL_WORKERS)]
        assert social_workers[2:] == (None,) * 10
        assert AuditEvent.objects.filter(
            action=Action.EXPORT, object_type="workforce.template", actor=self.dana
        ).exists()

    def test_the_template_is_for_a_completed_quarter_even_if_a_later_one_is_asked_for(self) -> None:
        response = self.login(self.dana).get(f"{TEMPLATE}?quarter=2999-01")
        ws = load_workbook(io.BytesIO(response.getvalue()))["Workforce returns"]
        assert ws["A2"].value == selectors.latest_quarter().isoformat()

    def test_the_returns_page_links_to_the_template_and_the_upload(self) -> None:
        page = self.login(self.dana).get("/workforce/returns/").content.decode()
        assert f'href="{TEMPLATE}?quarter={selectors.latest_quarter():%Y-%m}">Download the template</a>' in page
        assert f'href="{UPLOAD}">Upload a workbook</a>' in page

    # --- good files -------------------------------------------------------------------------------------

    def test_a_filled_template_uploads_and_saves_the_rows_filled_in_and_says_which_were_skipped(self) -> None:
        client = self.login(self.dana)
        wb = load_workbook(io.BytesIO(client.get(f"{TEMPLATE}?quarter=2026-04").getvalue()))
        ws = wb["Workforce returns"]
        by_group = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
        for group, figures in (("Health visitors", (40, 32, 8, 6, 2, 4.5, 18.5)), ("School nurses", (10, 10, 0))):
            for offset, value in enumerate(figures):
                ws.cell(by_group[group], 3 + offset, value)
        nurses = by_group["School nurses"]
        cells: tuple[tuple[int, Any], ...] = ((6, 0), (7, 1.25), (8, 3), (10, "- Vacancies held for the restructure"))
        for column, value in cells:
            ws.cell(nurses, column, value)
        out = io.BytesIO()
        wb.save(out)
        response = self.upload(out.getvalue(), client=client)
        self.assertRedirects(response, "/workforce/returns/")
        message = message_of(response)
        assert "Saved 2 workforce returns from the file (2 new)" in message
        skipped = [str(r) for r in sorted(by_group.values()) if r not in (by_group["Health visitors"], nurses)]
        assert f"Skipped 11 blank rows with no figures: {', '.join(skipped)}." in message
        saved = {r.staff_group: r for r in WorkforceReturn.objects.all()}
        assert set(saved) == {StaffGroup.HEALTH_VISITORS, StaffGroup.SCHOOL_NURSES}
        assert saved[StaffGroup.HEALTH_VISITORS].average_caseload == Decimal("18.5")
        assert saved[StaffGroup.SCHOOL_NURSES].leavers == Decimal("1.25")
        assert saved[StaffGroup.SCHOOL_NURSES].pressures == "- Vacancies held for the restructure"
        assert all(r.agency == self.world.health and r.quarter_start == Q2 for r in saved.values())
        assert AuditEvent.objects.filter(action=Action.CREATE, object_type="workforce.workforcereturn").count() == 2

    def test_a_row_sent_again_replaces_the_return_and_the_same_figures_change_nothing(self) -> None:
        first = a_return(self.dana, pressures="=cmd|' /C calc'!A0")
        client = self.login(self.dana)
        template = client.get(f"{TEMPLATE}?quarter=2026-04").getvalue()
        # Uploaded as downloaded: the figures and the formula-like text come back exactly as sent.
        message = message_of(self.upload(template, client=client))
        assert "Saved 1 workforce return from the file (1 unchanged)" in message
        assert WorkforceReturn.objects.get().pressures == "=cmd|' /C calc'!A0"
        assert WorkforceReturn.objects.get().submitted_at == first.submitted_at
        response = self.upload(xlsx(row(vacancies_fte=7, filled_fte=33)), client=client)
        assert "(1 changed)" in message_of(response)
        changed = WorkforceReturn.objects.get()
        assert (changed.pk, changed.vacancies_fte, changed.pressures) == (first.pk, 7, "Court work rising")

    def test_a_csv_with_the_template_headings_is_accepted_in_either_encoding_a_spreadsheet_saves(self) -> None:
        response = self.upload(
            csv_bytes(row(pressures="Caseloads £ rising", sickness_percent="4.5%"), encoding="cp1252"), "r.csv"
        )
        self.assertRedirects(response, "/workforce/returns/")
        saved = WorkforceReturn.objects.get()
        assert (saved.pressures, saved.sickness_percent) == ("Caseloads £ rising", Decimal("4.5"))
        # Field names work as headings too, for files an agency's own system writes.
        content = "\n".join([",".join(c.name for c in COLUMNS), ",".join(str(v or "") for v in row("school_nurses"))])
        self.assertRedirects(self.upload(content.encode("utf-8-sig"), "r.csv"), "/workforce/returns/")
        assert WorkforceReturn.objects.count() == 2

    def test_a_csv_separated_by_semicolons_as_european_excel_saves_it_is_accepted(self) -> None:
        content = csv_bytes(row(pressures="Court work, rising")).replace(b",", b";")
        content = content.replace(b"Court work; rising", b'"Court work, rising"')
        self.assertRedirects(self.upload(content, "r.csv"), "/workforce/returns/")
        assert WorkforceReturn.objects.get().pressures == "Court work, rising"

    def test_a_cell_formatted_as_a_percentage_is_read_as_it_shows(self) -> None:
        wb = load_workbook(io.BytesIO(xlsx(row(sickness_percent=0.045))))
        ws = wb.active
        assert isinstance(ws, Worksheet)
        ws["H2"].number_format = "0.0%"
        out = io.BytesIO()
        wb.save(out)
        self.assertRedirects(self.upload(out.getvalue()), "/workforce/returns/")
        assert WorkforceReturn.objects.get().sickness_percent == Decimal("4.5")

    # --- bad files: nothing saved, every problem by row and column --------------------------------------

    def test_a_workbook_with_a_bad_cell_saves_nothing_and_names_the_row_and_column(self) -> None:
        content = xlsx(row("Health visitors"), row("School nurses"), row("Midwives", vacancies_fte="n/a"))
        problems = self.problems(self.upload(content))
        assert problems == ["Row 4, Vacancies (FTE): must be a number, got 'n/a'"]
        assert not WorkforceReturn.objects.exists()

    def test_every_kind_of_bad_cell_is_reported_with_its_row_and_column(self) -> None:
        current = selectors.shift_quarter(selectors.latest_quarter(), 1)
        content = xlsx(
            row("Nurses"),
            row(leavers=-1),
            row("Midwives", filled_fte=41),
            row("Doctors", sickness_percent=101, leavers=True),
            row("Police staff", agency_fte=1.234, average_caseload=123456),
            row("Health visitors"),
            row("Midwives", quarter="2026-05-01"),
            row("Midwives", quarter=current.isoformat()),
            row("Police officers", establishment_fte=None),
            row("Probation officers", quarter="last quarter", vacancies_fte=dt.datetime(2026, 4, 1)),
            [*row("Youth justice workers"), None, "stray"],
        )
        problems = self.problems(self.upload(content))
        assert problems == [
            "Row 2, Staff group: 'Nurses' is not a staff group: use the template's names",
            "Row 3, Leavers in the quarter (FTE): enter a number of 0 or more",
            "Row 4, Filled posts (FTE): filled posts cannot be more than the establishment",
            "Row 5, Leavers in the quarter (FTE): must be a number, got TRUE",
            "Row 6, Agency or locum staff (FTE): can have at most 2 decimal places, got '1.234'",
            "Row 6, Average caseload (cases per worker): must be less than 100,000, got '123456'",
            "Row 7, Staff group: Health visitors for Apr to Jun 2026 is already on row 3",
            "Row 8, Quarter start (YYYY-MM-DD): must be the first day of a quarter, such as 2026-04-01, got 2026-05-01",
            f"Row 9, Quarter start (YYYY-MM-DD): {selectors.quarter_label(current)} has not ended: "
            "returns are for completed quarters",
            "Row 10, Establishment (FTE): must be filled in: 0 if there are none",
            "Row 11, Quarter start (YYYY-MM-DD): must be a date like "
            f"{selectors.latest_quarter():%Y-%m-%d}, got 'last quarter'",
            "Row 11, Vacancies (FTE): must be a number, got a date or time",
            "Row 12, column N: has a value but no heading to say what it is",
        ]
        assert not WorkforceReturn.objects.exists()

    def test_the_page_shows_the_problems_in_an_error_summary_linked_to_the_file_input(self) -> None:
        response = self.upload(xlsx(row(), row("Midwives", sickness_percent=120), row("Doctors", filled_fte=50)))
        page = response.content.decode()
        assert 'class="govuk-error-summary"' in page
        assert "The file has 2 problems: nothing was saved" in page
        assert (
            '<li><a href="#id_workbook">Row 3, Sickness absence (% of working time): '
            "sickness is a percentage of working time: 100 or less</a></li>" in page
        )
        assert 'id="id_workbook-error"' in page

    def test_a_file_that_is_not_a_spreadsheet_gets_one_clear_message(self) -> None:
        not_spreadsheet = (
            "The file is not a spreadsheet: upload the .xlsx template, or a CSV file with the template's headings"
        )
        for content, name in (
            (b"just some words", "returns.xlsx"),
            (b"PK\x03\x04 not really a zip", "returns.xlsx"),
            (b"%PDF-1.7\n\x00\x01\x02 binary", "returns.csv"),
        ):
            with self.subTest(content=content):
                assert self.problems(self.upload(content, name)) == [not_spreadsheet]
        assert "older Excel workbook (.xls)" in self.problems(self.upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))[0]
        assert self.problems(self.upload(b" \r\n", "r.csv")) == ["The file is empty"]
        assert "not well-formed CSV" in self.problems(self.upload(b'a,"b\n', "r.csv"))[0]
        assert not WorkforceReturn.objects.exists()

    def test_a_file_without_the_template_headings_gets_one_clear_message(self) -> None:
        no_header = (
            "The file has no header row: its first row must be the template's headings, "
            "such as Staff group and Vacancies (FTE)"
        )
        assert self.problems(self.upload(xlsx(row(), headers=row()))) == [no_header]
        assert self.problems(self.upload(xlsx(headers=[]))) == [no_header]
        assert self.problems(self.upload(b"1,2,3\n4,5,6\n", "r.csv")) == [no_header]
        headers = [h if h != "Vacancies (FTE)" else "Vacancy" for h in HEADERS]
        assert self.problems(self.upload(xlsx(row(), headers=[*headers, "Staff group"]))) == [
            "Row 1, column E: 'Vacancy' is not one of the template's headings",
            "Row 1, column M: Staff group is there twice",
            "Row 1: there is no column for Vacancies (FTE): use the template's headings",
        ]

    def test_a_file_with_only_blank_rows_says_it_has_no_figures(self) -> None:
        # The template's quarter and staff group, and nothing else.
        content = xlsx([*row()[:2], *[None] * 10], [None] * 12)
        assert self.problems(self.upload(content)) == [
            "The file has no figures in it: fill in the row of each staff group you report on"
        ]

    def test_a_file_of_another_type_or_over_the_size_limit_is_refused_before_it_is_read(self) -> None:
        response = self.upload(xlsx(row()), "returns.pdf")
        self.assertContains(response, "must be an Excel workbook (.xlsx) or a CSV file", status_code=400)
        with override_settings(SAFEGUARD_MAX_UPLOAD_MB=1):
            response = self.upload(csv_bytes(row()) + b"\r\n" * (1024 * 1024), "r.csv")
        self.assertContains(response, "The selected file must be smaller than 1 MB", status_code=400)
        self.assertContains(self.login(self.dana).post(UPLOAD, {}), "Choose a workbook or CSV file", status_code=400)
        assert not WorkforceReturn.objects.exists()

    def test_a_failure_while_saving_undoes_every_row_already_written(self) -> None:
        real = audit_services.audit_record
        calls: list[int] = []

        def fail_on_the_second(**kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return real(**kwargs)

        with (
            mock.patch("safeguard.workforce.services.audit_record", fail_on_the_second),
            pytest.raises(RuntimeError),
        ):
            self.upload(xlsx(row("Health visitors"), row("School nurses")))
        assert not WorkforceReturn.objects.exists()

    # --- who may ---------------------------------------------------------------------------------------

    def test_another_agency_neither_sees_nor_overwrites_these_returns(self) -> None:
        mine = a_return(self.dana)
        erin = self.login(self.erin)  # children's services: she submits figures too, for her own agency
        ws = load_workbook(io.BytesIO(erin.get(f"{TEMPLATE}?quarter=2026-04").getvalue()))["Workforce returns"]
        assert all(v is None for r in ws.iter_rows(min_row=2, min_col=3, values_only=True) for v in r)
        self.assertRedirects(self.upload(xlsx(row(vacancies_fte=0, filled_fte=40)), client=erin), "/workforce/returns/")
        theirs = WorkforceReturn.objects.exclude(pk=mine.pk).get()
        assert theirs.agency == self.world.childrens
        mine.refresh_from_db()
        assert (mine.vacancies_fte, mine.agency) == (8, self.world.health)

    def test_only_those_who_submit_figures_may_download_or_upload_and_the_auditor_may_not_post(self) -> None:
        for user in (self.grace, self.ivan, self.frank):
            client = signed_in_client(user)
            with self.subTest(user=user.username):
                assert client.get(TEMPLATE).status_code == 403
                assert client.get(UPLOAD).status_code == 403
                response = client.post(UPLOAD, {"workbook": SimpleUploadedFile("r.xlsx", xlsx(row()))})
                assert response.status_code == 403
        assert Client().get(UPLOAD).status_code == 302
        assert not WorkforceReturn.objects.exists()
