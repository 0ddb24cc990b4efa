"""Draft each section of the yearly report from what Safeguard already holds.

Other apps are read only through their selectors (their ``figure_*`` functions are the public aggregate API),
and nothing here names a person: the report is a public page. A figure that fails is reported as not
available rather than stopping the draft, the same way the scorecard treats it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from safeguard.core.figures import Figure
from safeguard.missing import selectors as missing
from safeguard.partnership.models import Partnership
from safeguard.performance import selectors as performance
from safeguard.reviews import selectors as reviews
from safeguard.training import selectors as training
from safeguard.visits import selectors as visits
from safeguard.workforce import selectors as workforce

log = logging.getLogger(__name__)

NOT_AVAILABLE = "not available"


@dataclass
class SectionDraft:
    key: str
    heading: str
    figures: list[str] = field(default_factory=list)
    body: str = ""


def _percent(figure: Figure) -> str:
    if figure.denominator is None:
        return f"{figure.numerator:g}"
    if figure.value is None:
        return "no cases in the period"
    return f"{figure.value * 100:.0f}% ({figure.numerator:g} of {figure.denominator:g})"


def _safe(what: str, compute: Callable[[], str]) -> str:
    try:
        return compute()
    except Exception:
        log.exception("Yearly report figure %r failed", what)
        return NOT_AVAILABLE


def _period(func: Callable[..., Figure], partnership: Partnership, start: dt.date, end: dt.date) -> Figure:
    return func(partnership=partnership, period_start=start, period_end=end)


def _line(label: str, func: Callable[..., Figure], partnership: Partnership, start: dt.date, end: dt.date) -> str:
    return f"{label}: " + _safe(label, lambda: _percent(_period(func, partnership, start, end)))


def _scorecard(partnership: Partnership, start: dt.date, end: dt.date) -> SectionDraft:
    section = SectionDraft("scorecard", "How the partnership performed: the scorecard")
    rows = performance.scorecard(partnership=partnership, month=end.replace(day=1))
    for row in rows:
        if row.measure.value is None:
            # "Not submitted" or "No cases in the period": say so, with no rating to read into it.
            section.figures.append(f"{row.indicator.name}: {row.value_text.lower()} for {row.period_label}")
            continue
        trend = ", ".join(f"{p.label} {p.value:g}" for p in row.trend if p.value is not None)
        direction = f"; {row.direction.text}" if row.direction.text else ""
        section.figures.append(
            f"{row.indicator.name}: {row.value_text} in {row.period_label} ({row.rag.label}{direction}). Trend: {trend}"
        )
    if not rows:
        section.figures.append("No indicators are on the scorecard yet.")
    section.body = "Write here what the scorecard shows about the year: what improved, what did not, and why."
    return section


def _audits(partnership: Partnership) -> SectionDraft:
    section = SectionDraft("case_audits", "Multi-agency case audits")
    for summary in performance.audit_summaries(partnership).values():
        grades = ", ".join(f"{label}: {count}" for _, label, count in summary.grade_rows() if count)
        section.figures.append(
            f"{summary.theme_label}: {summary.cases} cases in {summary.programmes} audit(s), {summary.graded} graded"
            f"{f' ({grades})' if grades else ''}; {summary.open_actions} audit action(s) open"
        )
    if not section.figures:
        section.figures.append("No case audits were recorded.")
    section.body = "Write here what the audits found about the quality of practice and what changed as a result."
    return section


def _unseen(partnership: Partnership, start: dt.date, end: dt.date) -> SectionDraft:
    section = SectionDraft("unseen_children", "Children not seen: the data wash and joint visits")

    def totals() -> str:
        t = visits.campaign_totals(partnership=partnership, today=end)
        return f"Latest campaign: {t.cohort} children in the cohort, {t.seen} seen, {t.unseen} still unseen"

    section.figures.append(_safe("campaign", totals))
    section.figures.append(
        "Children unseen at the end of the year: "
        + _safe("unseen", lambda: _percent(_period(visits.figure_unseen_children, partnership, start, end)))
    )
    section.figures.append(
        "Home-educated children seen: "
        + _safe("ehe", lambda: _percent(_period(visits.figure_home_educated_seen, partnership, start, end)))
    )
    section.body = "Write here how agencies found and saw the children no one had seen."
    return section


def _missing(partnership: Partnership, start: dt.date, end: dt.date) -> SectionDraft:
    section = SectionDraft("missing", "Missing children and return home interviews")
    section.figures += [
        "Return home interviews within 72 hours: "
        + _safe("rhi", lambda: _percent(_period(missing.figure_rhi_within_72_hours, partnership, start, end))),
        "Missing episodes per child who went missing: "
        + _safe(
            "episodes",
            lambda: (
                f"{v:.1f}"
                if (v := _period(missing.figure_missing_episodes_per_child, partnership, start, end).value) is not None
                else "no episodes"
            ),
        ),
        "Children missing repeatedly: "
        + _safe("repeat", lambda: _percent(_period(missing.figure_children_repeat_missing, partnership, start, end))),
    ]
    section.body = "Write here what the partnership learnt about children who go missing and what it did."
    return section


def _training(partnership: Partnership, start: dt.date, end: dt.date) -> SectionDraft:
    section = SectionDraft("training", "Multi-agency training")
    section.figures.append(
        "Places attended, of places booked and marked: "
        + _safe("training", lambda: _percent(_period(training.figure_training_attendance, partnership, start, end)))
    )
    section.body = "Write here who the training reached and what practitioners said changed."
    return section


def _reviews(partnership: Partnership, start: dt.date, end: dt.date) -> SectionDraft:
    section = SectionDraft("reviews", "Serious incidents, reviews and their learning")
    f = reviews.figure_reviews(partnership=partnership, period_start=start, period_end=end)
    section.figures += [
        f"Serious incidents notified to the Panel: {f.notifications} ({f.notified_on_time} within 5 working days)",
        f"Rapid reviews sent to the Panel: {f.rapid_reviews} ({f.rapid_reviews_on_time} within 15 working days)",
        f"Local child safeguarding practice reviews commissioned: {f.lcsprs_commissioned}; "
        f"published: {f.lcsprs_published}",
        f"Learning actions: {f.learning_actions}, {f.learning_actions_complete} complete, "
        f"impact checked for {f.learning_impact_checked}",
    ]
    section.figures += [f"Learning briefing: {title} ({day:%-d %B %Y})" for title, day in f.briefings]
    section.body = "Write here what the reviews taught the partnership and how practice changed."
    return section


def _workforce(partnership: Partnership, start: dt.date, end: dt.date) -> SectionDraft:
    section = SectionDraft("workforce", "Workforce stability")
    for label, func in (
        ("Vacancy rate", workforce.figure_vacancy_rate),
        ("Agency staff rate", workforce.figure_agency_staff_rate),
        ("Turnover", workforce.figure_turnover_rate),
    ):
        section.figures.append(_line(label, func, partnership, start, end))
    section.body = "Write here how workforce pressures affected safeguarding, and what agencies did."
    return section


def draft_sections(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> list[SectionDraft]:
    """Every section, in the report's order, opening with the introduction and closing with the year ahead."""
    intro = SectionDraft(
        "introduction",
        "Introduction",
        body=f"This is the {partnership.name}'s report on what the safeguarding partners did from "
        f"{period_start:%-d %B %Y} to {period_end:%-d %B %Y}, its impact, what was learnt from reviews, and how "
        "the arrangements will change.",
    )
    drafted = [
        intro,
        _safe_section("scorecard", lambda: _scorecard(partnership, period_start, period_end)),
        _safe_section("case_audits", lambda: _audits(partnership)),
        _unseen(partnership, period_start, period_end),
        _missing(partnership, period_start, period_end),
        _training(partnership, period_start, period_end),
        _safe_section("reviews", lambda: _reviews(partnership, period_start, period_end)),
        _workforce(partnership, period_start, period_end),
        SectionDraft(
            "next_year",
            "How the arrangements will change",
            body="Write here the priorities for the year ahead and any change to the arrangements.",
        ),
    ]
    return drafted


def _safe_section(key: str, build: Callable[[], SectionDraft]) -> SectionDraft:
    try:
        return build()
    except Exception:
        log.exception("Yearly report section %r failed", key)
        return SectionDraft(key, key.replace("_", " ").capitalize(), [f"Figures {NOT_AVAILABLE}"])
