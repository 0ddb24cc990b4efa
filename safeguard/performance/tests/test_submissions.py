"""Submitting figures on the form and by workbook, with every kind of bad cell."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from safeguard.core.testing import World, signed_in_client

from .. import selectors, services
from ..models import Submission, SubmissionStatus
from ..services import FigureEntry, SubmissionError, figures_submit
from ..workbook import read_upload, template_workbook
from .factories import submitted_indicator

pytestmark = pytest.mark.django_db


def workbook(*rows: list[Any], sheet: str = "Figures") -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(["Indicator code", "Indicator", "Period", "Numerator", "Denominator", "Commentary"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_every_kind_of_bad_cell_is_reported_with_its_row_and_column(world: World) -> None:
    indicator = submitted_indicator(world)
    count = submitted_indicator(world, code="count", name="A count", denominator_label="")
    entries, problems = read_upload(
        workbook(
            ["re-referrals", "", "2026-01", "twelve", 40, ""],  # text for a number
            ["re-referrals", "", "2026-02", -1, 40, ""],  # negative
            ["re-referrals", "", "2026-03", 50, 40, ""],  # numerator above denominator
            ["re-referrals", "", None, 5, 40, ""],  # missing period
            ["re-referrals", "", "2026-04", 5, 40, ""],
            ["re-referrals", "", "2026-04", 6, 40, ""],  # duplicate
            ["nonsense", "", "2026-04", 6, 40, ""],  # not theirs
            ["count", "", "2026-04", 6, 40, ""],  # a denominator on a count
            ["re-referrals", "", "April", 6, 40, ""],  # period not a month
        ),
        {"re-referrals": indicator, "count": count},
    )
    text = [str(p) for p in problems]
    assert text == [
        "Figures sheet, row 2, column D (Numerator): enter a number, not “twelve”",
        "Figures sheet, row 3, column D (Numerator): the numerator cannot be negative",
        "Figures sheet, row 4, column D (Numerator): the numerator (50) cannot be larger than the denominator (40)",
        "Figures sheet, row 5, column C (Period (YYYY-MM)): enter the period, for example 2026-10",
        "Figures sheet, row 7, column C (Period (YYYY-MM)): re-referrals for 2026-04 is already on row 6",
        "Figures sheet, row 8, column A (Indicator code): “nonsense” is not one of your agency's submitted indicators",
        "Figures sheet, row 9, column E (Denominator): this indicator is a count: leave the denominator blank",
        "Figures sheet, row 10, column C (Period (YYYY-MM)): enter the period as year and month, "
        "for example 2026-10, not “April”",
    ]
    assert len(entries) == 1  # row 6 alone is good


def test_a_number_too_big_or_too_precise_to_store_is_reported_and_a_formulas_places_are_rounded(
    world: World,
) -> None:
    count = submitted_indicator(world, code="count", name="A count", denominator_label="")
    entries, problems = read_upload(
        workbook(
            ["count", "", "2026-01", 123456789012345, None, ""],
            ["count", "", "2026-02", "1.234", None, ""],
            ["count", "", "2026-03", 100 / 3, None, ""],  # as a formula leaves it
            ["count", "", "2026-04", 9999999999.996, None, ""],  # rounds up past what the column holds
        ),
        {"count": count},
    )
    assert [str(p) for p in problems] == [
        "Figures sheet, row 2, column D (Numerator): enter a number below 10,000,000,000, not “123456789012345”",
        "Figures sheet, row 3, column D (Numerator): enter a number with at most 2 decimal places, not “1.234”",
        "Figures sheet, row 5, column D (Numerator): enter a number below 10,000,000,000, not “9999999999.996”",
    ]
    assert [e.numerator for e in entries] == [Decimal("33.33")]


def test_a_file_that_is_not_a_workbook_or_lacks_the_sheet_is_refused(world: World) -> None:
    _, problems = read_upload(io.BytesIO(b"not a workbook"), {})
    assert "not an Excel workbook" in str(problems[0])
    _, problems = read_upload(workbook(sheet="Other"), {})
    assert "no sheet called Figures" in str(problems[0])


def test_a_workbook_with_any_error_saves_nothing(world: World) -> None:
    submitted_indicator(world)
    client = signed_in_client(world.dana)
    upload = workbook(["re-referrals", "", "2026-01", 5, 40, ""], ["re-referrals", "", "2026-02", "x", 40, ""])
    response = client.post(
        "/performance/submit/upload/", {"workbook": SimpleUploadedFile("figures.xlsx", upload.getvalue())}
    )
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    assert "row 3, column D" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_good_workbook_saves_every_row(world: World) -> None:
    submitted_indicator(world)
    client = signed_in_client(world.dana)
    upload = workbook(["re-referrals", "", "2026-01", 5, 40, "=cmd"], ["re-referrals", "", "2026-02", 6, 40, ""])
    response = client.post(
        "/performance/submit/upload/", {"workbook": SimpleUploadedFile("figures.xlsx", upload.getvalue())}
    )
    assert response.status_code == 302
    assert Submission.objects.count() == 2


def test_the_template_lists_the_agencys_indicators_and_neutralises_formulas(world: World) -> None:
    indicator = submitted_indicator(world, name="=HYPERLINK(1)")
    wb = load_workbook(io.BytesIO(template_workbook([indicator], dt.date(2026, 10, 1))))
    ws = wb["Figures"]
    assert [c.value for c in ws[2]][:3] == ["re-referrals", "=HYPERLINK(1)", "2026-10"]
    assert ws["B2"].data_type == "s"  # text, never a formula
    response = signed_in_client(world.dana).get("/performance/submit/template.xlsx?period=2026-10")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.getvalue()))["Figures"]["A2"].value == "re-referrals"


def test_a_figure_far_from_its_history_is_saved_but_queried_until_the_agency_confirms(world: World) -> None:
    indicator = submitted_indicator(world)
    for month, num in ((1, 8), (2, 9), (3, 8), (4, 9)):
        figures_submit(
            actor=world.dana, entries=[FigureEntry(indicator, dt.date(2026, month, 1), Decimal(num), Decimal(40))]
        )
    (odd,) = figures_submit(
        actor=world.dana, entries=[FigureEntry(indicator, dt.date(2026, 5, 1), Decimal(30), Decimal(40))]
    )
    assert odd.status == SubmissionStatus.QUERIED and "average" in odd.query_reason
    response = signed_in_client(world.dana).post(f"/performance/submit/{odd.pk}/confirm/", {"note": "A sibling group"})
    assert response.status_code == 302
    odd.refresh_from_db()
    assert odd.status == SubmissionStatus.CONFIRMED


def test_the_form_refuses_a_numerator_above_its_denominator(world: World) -> None:
    indicator = submitted_indicator(world)
    client = signed_in_client(world.dana)
    response = client.post(
        "/performance/submit/?period=2026-03",
        {f"num_{indicator.pk}": "50", f"den_{indicator.pk}": "40", f"comment_{indicator.pk}": ""},
    )
    assert response.status_code == 200
    assert "cannot be larger than the denominator" in response.content.decode()
    assert not Submission.objects.exists()
    response = client.post(
        "/performance/submit/?period=2026-03",
        {f"num_{indicator.pk}": "5", f"den_{indicator.pk}": "40", f"comment_{indicator.pk}": "Steady"},
    )
    assert response.status_code == 302
    assert Submission.objects.get().period_start == dt.date(2026, 3, 1)


def test_an_agency_submits_only_its_own_indicators(world: World) -> None:
    theirs = submitted_indicator(world, owner_agency=world.childrens)
    with pytest.raises(PermissionError):
        figures_submit(actor=world.dana, entries=[FigureEntry(theirs, dt.date(2026, 1, 1), Decimal(1), Decimal(2))])
    mine = submitted_indicator(world, code="mine")
    (submission,) = figures_submit(
        actor=world.dana, entries=[FigureEntry(mine, dt.date(2026, 1, 1), Decimal(1), Decimal(2))]
    )
    # erin (children's services analyst) may submit figures, but not health's.
    assert signed_in_client(world.erin).get(f"/performance/submit/{submission.pk}/confirm/").status_code == 404
    with pytest.raises(SubmissionError):
        figures_submit(actor=world.dana, entries=[FigureEntry(mine, dt.date(2026, 1, 1), Decimal(3), Decimal(2))])


def test_late_submissions_are_listed_and_chased_by_email(world: World, django_capture_on_commit_callbacks: Any) -> None:
    indicator = submitted_indicator(world)
    today = dt.date(2026, 5, 20)
    overdue = selectors.overdue_submissions(world.darlington, today=today)
    # Lookback of six months from May: Nov to Mar are due before 20 May; April's is not yet due.
    assert [o.period_start.month for o in overdue] == [11, 12, 1, 2, 3]
    assert overdue[0].indicators == [indicator]
    figures_submit(actor=world.dana, entries=[FigureEntry(indicator, dt.date(2026, 1, 1), Decimal(1), Decimal(4))])
    assert len(selectors.overdue_submissions(world.darlington, today=today)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        chased = services.late_submissions_chase(actor=world.alice, partnership=world.darlington)
    assert chased == 1
    assert mail.outbox[0].to == ["dana@example.org"]
    assert "Re-referrals within 12 months" in mail.outbox[0].body
