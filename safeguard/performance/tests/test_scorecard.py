"""The scorecard page, its exports, and case audits beside the numbers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from safeguard.core.figures import Figure
from safeguard.core.testing import World, signed_in_client
from safeguard.partnership.models import Group, GroupKind

from .. import selectors, services
from ..catalogue import STANDARD_INDICATORS
from ..models import AuditGrade, Indicator
from ..scoring import Rag, State
from ..services import FigureEntry, figures_submit
from . import factories
from .factories import computed_indicator, programme, submitted_indicator

pytestmark = pytest.mark.django_db


def filled(world: World) -> Indicator:
    indicator = submitted_indicator(world)
    for month, num in ((3, 9), (4, 8), (5, 11)):
        figures_submit(
            actor=world.dana,
            entries=[FigureEntry(indicator, dt.date(2026, month, 1), Decimal(num), Decimal(40), f"Month {month}")],
        )
    return indicator


def test_the_scorecard_rates_values_shows_direction_and_trend(world: World) -> None:
    filled(world)
    computed_indicator(world)
    rows = {r.indicator.code: r for r in selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))}
    referrals = rows["re-referrals"]
    assert referrals.measure.value == Decimal("27.5")
    assert referrals.rag == Rag.RED  # lower is better, red beyond 25
    assert referrals.direction.text == "Up from 20%: worse"
    assert [p.value for p in referrals.trend][-3:] == [Decimal("22.5"), Decimal(20), Decimal("27.5")]
    assert len(referrals.trend) == 8 and referrals.trend[0].value is None
    assert referrals.commentary == "Month 5"
    computed = rows["computed"]
    assert computed.measure.value == Decimal(70) and computed.rag == Rag.AMBER
    # Before 2026 the test figure has no cases: shown as such, not as zero.
    assert computed.trend[0].value is None


def test_a_figure_function_that_is_missing_or_broken_shows_not_yet_available(world: World) -> None:
    computed_indicator(world, path="safeguard.missing.selectors.figure_does_not_exist_yet")
    (row,) = selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))
    assert row.measure.state == State.NOT_AVAILABLE
    Indicator.objects.update(figure_path="safeguard.performance.tests.factories.figure_broken")
    (row,) = selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))
    assert row.measure.state == State.NOT_AVAILABLE


def test_a_board_member_reads_the_scorecard_filtered_by_theme_but_cannot_submit(world: World) -> None:
    filled(world)
    computed_indicator(world)
    client = signed_in_client(world.frank)
    page = client.get("/performance/?period=2026-05&theme=early_help").content.decode()
    assert "Re-referrals within 12 months" in page and "Computed share" not in page
    assert "27.5%" in page and "govuk-tag--red" in page and "Up from 20%: worse" in page
    assert 'role="img"' in page and "<title>Re-referrals within 12 months, last 8 periods" in page
    assert client.get("/performance/submit/").status_code == 403
    assert client.post("/performance/indicators/standard/").status_code == 403


def test_nonsense_filters_give_an_error_not_a_crash(world: World) -> None:
    response = signed_in_client(world.frank).get("/performance/?period=banana&agency=999999")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_excel_export_has_a_sheet_per_theme_with_charts(world: World) -> None:
    filled(world)
    computed_indicator(world)
    response = signed_in_client(world.frank).get("/performance/export/scorecard.xlsx?period=2026-05")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.getvalue()))
    assert wb.sheetnames == ["Referrals and assessment", "Missing children"]
    ws = wb["Referrals and assessment"]
    assert isinstance(ws, Worksheet)
    assert [c.value for c in ws[3]][:6] == [
        "re-referrals",
        "Re-referrals within 12 months",
        "May 2026",
        0.275,
        0.2,
        "Red",
    ]
    assert ws["D3"].number_format == "0.0%" and ws["E3"].number_format == "0.0%"
    assert len(ws._charts) == 1  # type: ignore[attr-defined]  # openpyxl keeps charts only privately


def test_the_word_report_has_commentary_charts_and_audit_grades(world: World) -> None:
    filled(world)
    computed_indicator(world)
    audit = programme(world)
    case = audit.cases.get()
    services.audit_case_grade(actor=world.charlie, case=case, grade=AuditGrade.GOOD, summary="")
    response = signed_in_client(world.frank).get("/performance/export/board-report.docx?period=2026-05")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Commentary: Month 5" in text
    assert "Case audits: 1 of 1 cases graded across 1 programme(s): Good 1" in text
    assert len(doc.inline_shapes) == 2
    assert doc.tables[0].rows[1].cells[1].text in {"27.5%", "70%"}
    assert "rated no rating" not in text


def test_the_word_summary_puts_red_first_then_amber_green_and_the_unrated(world: World) -> None:
    filled(world)
    computed_indicator(world)
    response = signed_in_client(world.frank).get("/performance/export/board-report.docx?period=2026-05")
    doc = Document(io.BytesIO(response.getvalue()))
    rags = [row.cells[3].text for row in doc.tables[0].rows[1:]]
    order = ["Red", "Amber", "Green", "No rating"]
    assert rags == sorted(rags, key=order.index)


def test_the_standard_indicator_set_is_added_once(world: World) -> None:
    assert services.indicators_seed_standard(actor=world.alice, partnership=world.darlington) == len(
        STANDARD_INDICATORS
    )
    assert services.indicators_seed_standard(actor=world.alice, partnership=world.darlington) == 0
    rhi = Indicator.objects.get(code="rhi-72h")
    assert rhi.figure_path == "safeguard.missing.selectors.figure_rhi_within_72_hours"
    assert rhi.owner_agency == world.childrens
    # The page works whichever figure functions exist yet.
    assert signed_in_client(world.frank).get("/performance/").status_code == 200


def test_an_indicator_must_name_an_allowed_figure_function(world: World) -> None:
    client = signed_in_client(world.alice)
    data = {
        "code": "x", "name": "X", "definition": "X", "numerator_label": "n", "denominator_label": "d",
        "unit": "percent", "polarity": "higher", "owner_agency": world.health.pk, "frequency": "monthly",
        "theme": "missing", "source": "computed", "figure_path": "os.system", "is_active": "on",
    }  # fmt: skip
    response = client.post("/performance/indicators/new/", data)
    assert response.status_code == 400 and "Enter a figure function" in response.content.decode()
    data["figure_path"] = "safeguard.performance.tests.factories.figure_fixed"
    assert client.post("/performance/indicators/new/", data).status_code == 302


def test_auditors_from_several_agencies_grade_cases_and_only_assigned_ones_see_them(world: World) -> None:
    audit = programme(world)
    case = audit.cases.get()
    assert case.person == world.child
    charlie, ivan = signed_in_client(world.charlie), signed_in_client(world.ivan)
    response = charlie.post(f"/performance/audits/cases/{case.pk}/", {"form": "grade", "grade": "requires_improvement"})
    assert response.status_code == 302
    ivan.post(f"/performance/audits/cases/{case.pk}/", {"form": "finding", "text": "GP not told of the episode"})
    case.refresh_from_db()
    assert case.grade == AuditGrade.REQUIRES_IMPROVEMENT
    assert case.findings.get().agency == world.health
    audit.refresh_from_db()
    assert audit.status == "complete"
    # bob is not an auditor on it: he learns nothing.
    assert signed_in_client(world.bob).get(f"/performance/audits/{audit.pk}/").status_code == 404
    summary = selectors.audit_summaries(world.darlington)["missing"]
    assert summary.grades == {"requires_improvement": 1} and summary.open_actions == 1


def test_only_people_who_may_read_cases_are_offered_as_auditors(world: World) -> None:
    offered = set(selectors.auditors_choices(world.alice))
    assert {world.charlie, world.ivan, world.erin} <= offered
    # A data officer only uploads extracts, a board member sees aggregates: neither reads a case.
    assert world.dana not in offered and world.frank not in offered
    assert signed_in_client(world.frank).get("/performance/audits/").status_code == 403


def test_an_audit_needs_auditors_from_two_agencies(world: World) -> None:
    response = signed_in_client(world.alice).post(
        "/performance/audits/new/",
        {"title": "T", "theme": "missing", "auditors": [world.charlie.pk, world.erin.pk], "sample_size": 2},
    )
    assert "at least two agencies" in response.content.decode()


def test_the_sampler_only_draws_people_the_sampler_may_see(world: World) -> None:
    audit = programme(world)
    assert set(audit.cases.values_list("person__partnership", flat=True)) == {world.darlington.pk}


def test_a_figure_not_sent_by_its_due_date_is_marked_overdue_on_the_scorecard(world: World) -> None:
    submitted_indicator(world)
    (row,) = selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))
    assert row.measure.state == State.NOT_SUBMITTED and row.overdue
    page = signed_in_client(world.frank).get("/performance/?period=2026-05").content.decode()
    assert "Not submitted" in page and "Overdue" in page


def test_the_home_page_shows_ratings_to_the_board_and_what_is_owed_to_data_officers(world: World) -> None:
    submitted_indicator(world)
    board = signed_in_client(world.frank).get("/dashboard/").content.decode()
    assert "Scorecard," in board and "No rating" in board
    officer = signed_in_client(world.dana).get("/dashboard/").content.decode()
    assert "Your scorecard figures" in officer and "Overdue" in officer
    assert "not sent its workforce return" in officer


def test_an_administrator_changes_an_indicator_and_the_scorecard_filters_by_sub_group(world: World) -> None:
    missing_group = Group.objects.create(name="Missing and exploited sub-group", kind=GroupKind.SUB_GROUP)
    missing_group.partnerships.add(world.darlington)
    indicator = submitted_indicator(world)
    computed_indicator(world)
    client = signed_in_client(world.alice)
    form = client.get(f"/performance/indicators/{indicator.pk}/change/")
    assert form.status_code == 200
    data = {
        "code": "re-referrals", "name": "Re-referrals", "definition": "d", "numerator_label": "n",
        "denominator_label": "d", "unit": "percent", "polarity": "lower", "target": "19",
        "green_threshold": "19", "red_threshold": "24", "owner_agency": world.health.pk, "frequency": "monthly",
        "theme": "early_help", "sub_group": missing_group.pk, "source": "submitted", "figure_path": "",
        "is_active": "on",
    }  # fmt: skip
    assert client.post(f"/performance/indicators/{indicator.pk}/change/", data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target == Decimal(19) and indicator.sub_group == missing_group
    rows = selectors.scorecard_for_user(world.frank, month=dt.date(2026, 5, 1), group_id=missing_group.pk)
    assert [r.indicator.code for r in rows] == ["re-referrals"]


def test_a_computed_figure_is_asked_once_for_all_its_periods_when_it_can_be(world: World) -> None:
    asked: list[list[tuple[dt.date, dt.date]]] = []

    def many(*, partnership: Any, periods: list[tuple[dt.date, dt.date]]) -> dict[tuple[dt.date, dt.date], Figure]:
        asked.append(periods)
        return {period: factories.figure_fixed(partnership=partnership, period_start=period[0], period_end=period[1])
                for period in periods}  # fmt: skip

    computed_indicator(world)
    with mock.patch.object(factories.figure_fixed, "for_periods", many, create=True):
        (row,) = selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))
    assert len(asked) == 1 and len(asked[0]) == 8  # the eight trend periods (the one before the latest among them)
    assert row.measure.value == Decimal(70) and row.trend[0].value is None


def test_computed_figures_are_kept_in_the_shared_cache_for_the_time_set(world: World, settings: Any) -> None:
    computed_indicator(world)
    with mock.patch.object(factories, "figure_fixed", wraps=factories.figure_fixed) as figure:
        settings.SAFEGUARD_FIGURE_CACHE_SECONDS = 60
        first = selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))
        counted = figure.call_count
        again = selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))
        assert counted > 0 and figure.call_count == counted  # the second look counted nothing
        assert [p.value for p in again[0].trend] == [p.value for p in first[0].trend]
        settings.SAFEGUARD_FIGURE_CACHE_SECONDS = 0
        selectors.scorecard(partnership=world.darlington, month=dt.date(2026, 5, 1))
        assert figure.call_count == 2 * counted  # switched off, every look counts again
