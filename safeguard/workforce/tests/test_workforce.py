"""Workforce returns: arithmetic, shortages, access and the Word report."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document

from safeguard.core.testing import World, signed_in_client

from .. import selectors
from ..models import StaffGroup, WorkforceReturn
from ..services import ReturnExists
from .factories import a_return, figures

pytestmark = pytest.mark.django_db
Q2 = dt.date(2026, 4, 1)


def test_rates_are_summed_across_groups_and_shortages_flagged_against_the_thresholds(world: World) -> None:
    a_return(world.dana)  # with the nurses: vacancies 8/50, agency 6/50, turnover 2*4/42 a year
    a_return(world.dana, group=StaffGroup.SCHOOL_NURSES, establishment_fte=Decimal(10), filled_fte=Decimal(10),
             vacancies_fte=Decimal(0), agency_fte=Decimal(0), leavers=Decimal(0))  # fmt: skip
    report = selectors.workforce_report(WorkforceReturn.objects.all(), Q2)
    (health,) = report.by_agency
    assert (health.vacancy_rate, health.agency_rate, health.turnover_rate) == (Decimal(16), Decimal(12), Decimal(19))
    assert len(health.shortages) == 3
    nurses = next(t for r, t in report.detail if r.staff_group == StaffGroup.SCHOOL_NURSES)
    assert nurses.shortages == []


def test_an_empty_establishment_gives_no_rate_rather_than_a_crash(world: World) -> None:
    a_return(world.dana, establishment_fte=Decimal(0), filled_fte=Decimal(0), vacancies_fte=Decimal(0),
             agency_fte=Decimal(0), leavers=Decimal(0))  # fmt: skip
    (totals,) = selectors.workforce_report(WorkforceReturn.objects.all(), Q2).by_agency
    assert totals.vacancy_rate is None and totals.turnover_rate is None and totals.shortages == []


def test_the_trend_covers_recent_quarters_and_the_vacancy_figure_feeds_the_scorecard(world: World) -> None:
    a_return(world.dana, quarter=dt.date(2026, 1, 1), vacancies_fte=Decimal(4))
    a_return(world.dana)
    report = selectors.workforce_report(WorkforceReturn.objects.all(), Q2)
    assert [t.vacancy_rate for t in report.trend] == [None, None, Decimal(10), Decimal(20)]
    figure = selectors.figure_vacancy_rate(
        partnership=world.darlington, period_start=Q2, period_end=dt.date(2026, 6, 30)
    )
    assert figure.value == 0.2


def test_an_agency_edits_only_its_own_returns(world: World) -> None:
    mine = a_return(world.dana)
    erin = signed_in_client(world.erin)  # children's services data submitter
    assert erin.get(f"/workforce/returns/{mine.pk}/change/").status_code == 404
    assert erin.post(f"/workforce/returns/{mine.pk}/change/", {}).status_code == 404
    assert signed_in_client(world.dana).get(f"/workforce/returns/{mine.pk}/change/").status_code == 200
    assert signed_in_client(world.frank).get("/workforce/returns/").status_code == 403


def test_the_form_explains_figures_that_do_not_add_up(world: World) -> None:
    client = signed_in_client(world.dana)
    data = {
        "quarter": "2026-04", "staff_group": "health_visitors", "establishment_fte": "10", "filled_fte": "12",
        "vacancies_fte": "x", "agency_fte": "0", "leavers": "0", "sickness_percent": "3",
    }  # fmt: skip
    page = client.post("/workforce/returns/new/", data).content.decode()
    assert "Vacancies (FTE) must be a number" in page
    data["vacancies_fte"] = "0"
    page = client.post("/workforce/returns/new/", data).content.decode()
    assert "Filled posts cannot be more than the establishment" in page
    data["filled_fte"] = "9"
    assert client.post("/workforce/returns/new/", data).status_code == 302
    page = client.post("/workforce/returns/new/", data).content.decode()
    assert "already sent a return for Health visitors" in page
    assert WorkforceReturn.objects.get().agency == world.health


def test_the_board_reads_the_report_with_charts_and_exports_it_to_word(world: World) -> None:
    a_return(world.dana)
    a_return(world.erin, group=StaffGroup.SOCIAL_WORKERS, pressures="=cmd|' /C calc'!A0")
    client = signed_in_client(world.frank)
    page = client.get("/workforce/?quarter=2026-04").content.decode()
    assert 'role="img"' in page and "<title>Vacancy rate by agency" in page
    assert "Darlington Health Trust" in page and "govuk-tag--red" in page
    response = client.get("/workforce/report.docx?quarter=2026-04")
    doc = Document(io.BytesIO(response.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Workforce stability, Apr to Jun 2026" in text
    assert "Recruitment: Overseas campaign" in text
    assert len(doc.inline_shapes) == 3
    assert doc.tables[0].rows[1].cells[0].text in {"Darlington Health Trust", "Darlington Children's Services"}


def test_the_figures_type_checks_refuse_negative_numbers() -> None:
    from ..services import check_figures

    assert ("leavers", "Enter a number of 0 or more") in check_figures(figures(leavers=Decimal(-1)))


def test_a_second_return_for_the_same_group_and_quarter_is_a_clear_error_not_a_crash(world: World) -> None:
    # What a double submit does once both have passed the page's own check.
    a_return(world.dana)
    with pytest.raises(ReturnExists, match="has just been sent"):
        a_return(world.dana)
    assert WorkforceReturn.objects.count() == 1
