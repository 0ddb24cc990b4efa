"""Reading indicators, figures and audits, scoped to the user's partnership and agency."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, Period, figures_for_periods
from safeguard.core.workdays import add_working_days
from safeguard.partnership.models import Agency, Group, GroupKind, Partnership, User
from safeguard.partnership.roles import Perm, roles_with
from safeguard.partnership.selectors import groups_for_user

from . import conf, periods
from .models import (
    AuditAction,
    AuditCase,
    AuditFinding,
    AuditGrade,
    AuditProgramme,
    Commentary,
    Indicator,
    Source,
    Submission,
    SubmissionStatus,
    Theme,
)
from .scoring import (
    Direction,
    Measure,
    Rag,
    State,
    direction_of,
    format_value,
    measure_figure,
    measure_of,
    rag_for,
    resolve_figure,
)

log = logging.getLogger(__name__)


def indicators_for_user(user: User) -> QuerySet[Indicator]:
    if user.agency is None or not (user.can(Perm.VIEW_SCORECARD) or user.can(Perm.SUBMIT_FIGURES)):
        return Indicator.objects.none()
    return Indicator.objects.filter(partnership_id=user.agency.partnership_id).select_related(
        "owner_agency", "sub_group"
    )


def get_indicator_for_user(user: User, pk: int) -> Indicator:
    return get_object_or_404(indicators_for_user(user), pk=pk)


def indicators_owned_by(user: User) -> QuerySet[Indicator]:
    """The indicators the user's agency answers for: the only ones it may submit or comment on."""
    if user.agency is None or not user.can(Perm.SUBMIT_FIGURES):
        return Indicator.objects.none()
    return Indicator.objects.filter(owner_agency_id=user.agency_id, is_active=True).select_related("owner_agency")


def submitted_indicators_owned_by(user: User) -> QuerySet[Indicator]:
    """The user's agency's indicators whose figures it submits itself (not those computed here)."""
    return indicators_owned_by(user).filter(source=Source.SUBMITTED)


def sub_groups_for_user(user: User) -> QuerySet[Group]:
    """The sub-groups and task-and-finish groups an indicator can belong to."""
    return groups_for_user(user).filter(kind__in=[GroupKind.SUB_GROUP, GroupKind.TASK_AND_FINISH])


def submissions_for_user(user: User) -> QuerySet[Submission]:
    return Submission.objects.filter(indicator__in=indicators_owned_by(user)).select_related("indicator")


def get_submission_for_user(user: User, pk: int) -> Submission:
    return get_object_or_404(submissions_for_user(user), pk=pk)


def default_month(today: dt.date | None = None) -> dt.date:
    """The last complete month: the board looks back, not at a month still running."""
    today = today or timezone.localdate()
    return periods.shift(dt.date(today.year, today.month, 1), periods.Frequency.MONTHLY, -1)


def period_for_month(indicator: Indicator, month: dt.date) -> dt.date:
    """The indicator's latest complete period by the end of ``month``."""
    start = periods.period_start(month, indicator.frequency)
    if periods.period_end(start, indicator.frequency) > periods.period_end(month, periods.Frequency.MONTHLY):
        start = periods.shift(start, indicator.frequency, -1)
    return start


@dataclass(frozen=True)
class TrendPoint:
    period_start: dt.date
    label: str
    value: Decimal | None


@dataclass
class ScoreRow:
    indicator: Indicator
    period_start: dt.date
    period_label: str
    measure: Measure
    rag: Rag
    direction: Direction
    trend: list[TrendPoint]
    commentary: str = ""
    submission: Submission | None = None
    overdue: bool = False

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else ""

    @property
    def value_text(self) -> str:
        """The value as the board reads it, or why there is none ("Not submitted")."""
        if self.measure.value is None:
            return self.measure.state.label
        return format_value(self.indicator, self.measure.value)


def _figure_key(path: str, partnership: Partnership, spans: list[Period]) -> str:
    wanted = ",".join(f"{start:%Y%m%d}-{end:%Y%m%d}" for start, end in sorted(set(spans)))
    return "figures:" + hashlib.sha256(f"{path}|{partnership.pk}|{wanted}".encode()).hexdigest()


class _Figures:
    """Values for many indicator periods: submissions in one query, each computed figure's periods in one go."""

    def __init__(
        self, partnership: Partnership, indicators: list[Indicator], since: dt.date, wanted: dict[int, list[dt.date]]
    ) -> None:
        self.partnership = partnership
        self.submissions: dict[tuple[int, dt.date], Submission] = {
            (s.indicator_id, s.period_start): s
            for s in Submission.objects.filter(indicator__in=indicators, period_start__gte=since)
        }
        # Every period each computed figure is wanted for, so each figure function is asked once for all of
        # them: the page's query count then depends on the figures, not on the indicators times the periods.
        asked: dict[str, list[Period]] = defaultdict(list)
        for indicator in indicators:
            if indicator.source != Source.SUBMITTED:
                asked[indicator.figure_path].extend(
                    (start, periods.period_end(start, indicator.frequency)) for start in wanted.get(indicator.pk, [])
                )
        self.computed: dict[str, dict[Period, Figure] | None] = self._cached(asked)

    def _cached(self, asked: dict[str, list[Period]]) -> dict[str, dict[Period, Figure] | None]:
        """Each figure's periods from the shared cache (one read for them all), counting only what is not there."""
        seconds = settings.SAFEGUARD_FIGURE_CACHE_SECONDS
        if not seconds:
            return {path: self._compute(path, spans) for path, spans in asked.items()}
        keys = {path: _figure_key(path, self.partnership, spans) for path, spans in asked.items()}
        kept = cache.get_many(list(keys.values()))
        computed: dict[str, dict[Period, Figure] | None] = {}
        fresh: dict[str, dict[Period, Figure]] = {}
        for path, spans in asked.items():
            found = kept.get(keys[path])
            if found is None:
                found = self._compute(path, spans)
                if found is not None:
                    fresh[keys[path]] = found
            computed[path] = found
        if fresh:
            cache.set_many(fresh, timeout=seconds)
        return computed

    def _compute(self, path: str, spans: list[Period]) -> dict[Period, Figure] | None:
        func = resolve_figure(path)
        if func is None:
            return None
        try:
            return figures_for_periods(func, partnership=self.partnership, periods=spans)
        except Exception:
            # Another app's figure failing must not take the whole board scorecard down.
            log.exception("Figure %s failed for %s", path, sorted({start for start, _ in spans}))
            return None

    def measure(self, indicator: Indicator, start: dt.date) -> Measure:
        if indicator.source == Source.SUBMITTED:
            submission = self.submissions.get((indicator.pk, start))
            if submission is None:
                return Measure(State.NOT_SUBMITTED)
            return measure_of(indicator, submission.numerator, submission.denominator)
        found = self.computed.get(indicator.figure_path)
        figure = found.get((start, periods.period_end(start, indicator.frequency))) if found else None
        if figure is None:
            return Measure(State.NOT_AVAILABLE)
        return measure_figure(indicator, figure)


def scorecard(
    *,
    partnership: Partnership,
    month: dt.date,
    indicators: QuerySet[Indicator] | None = None,
    trend_periods: int = conf.TREND_PERIODS,
) -> list[ScoreRow]:
    qs = indicators if indicators is not None else Indicator.objects.filter(partnership=partnership)
    chosen = list(qs.filter(is_active=True).select_related("owner_agency", "sub_group"))
    since = periods.shift(month, periods.Frequency.QUARTERLY, -(trend_periods + 1))
    # Each indicator's trend periods, the latest last, and the period before the latest (for the arrow).
    trends = {
        indicator.pk: periods.last_periods(period_for_month(indicator, month), indicator.frequency, trend_periods)
        for indicator in chosen
    }
    wanted = {
        indicator.pk: [*trends[indicator.pk], periods.shift(trends[indicator.pk][-1], indicator.frequency, -1)]
        for indicator in chosen
    }
    figures = _Figures(partnership, chosen, since, wanted)
    comments = {
        (c.indicator_id, c.period_start): c.text
        for c in Commentary.objects.filter(indicator__in=chosen, period_start__gte=since)
    }
    rows = []
    today = timezone.localdate()
    for indicator in chosen:
        starts = trends[indicator.pk]
        start = starts[-1]
        measures = {s: figures.measure(indicator, s) for s in starts}
        current = measures[start]
        previous = figures.measure(indicator, periods.shift(start, indicator.frequency, -1))
        rows.append(
            ScoreRow(
                indicator=indicator,
                period_start=start,
                period_label=periods.label(start, indicator.frequency),
                measure=current,
                rag=rag_for(indicator, current.value),
                direction=direction_of(indicator, current.value, previous.value),
                trend=[TrendPoint(s, periods.short_label(s, indicator.frequency), measures[s].value) for s in starts],
                commentary=comments.get((indicator.pk, start), ""),
                submission=figures.submissions.get((indicator.pk, start)),
                overdue=current.state == State.NOT_SUBMITTED and due_date(indicator, start) < today,
            )
        )
    return rows


def scorecard_for_user(
    user: User, *, month: dt.date, agency_id: int | None = None, theme: str = "", group_id: int | None = None
) -> list[ScoreRow]:
    if user.agency is None or not user.can(Perm.VIEW_SCORECARD):
        return []
    qs = indicators_for_user(user)
    if agency_id:
        qs = qs.filter(owner_agency_id=agency_id)
    if theme:
        qs = qs.filter(theme=theme)
    if group_id:
        qs = qs.filter(sub_group_id=group_id)
    return scorecard(partnership=user.agency.partnership, month=month, indicators=qs)


def history_values(indicator: Indicator, before: dt.date, count: int = conf.OUTLIER_HISTORY_PERIODS) -> list[Decimal]:
    """The indicator's submitted values for the periods just before ``before``, for outlier checks."""
    earlier = Submission.objects.filter(indicator=indicator, period_start__lt=before).order_by("-period_start")[:count]
    values = [measure_of(indicator, s.numerator, s.denominator).value for s in earlier]
    return [v for v in values if v is not None]


@dataclass
class Overdue:
    agency: Agency
    period_start: dt.date
    period_label: str
    due_on: dt.date
    indicators: list[Indicator] = field(default_factory=list)


def due_date(indicator: Indicator, start: dt.date) -> dt.date:
    return add_working_days(periods.period_end(start, indicator.frequency), conf.SUBMISSION_DUE_WORKING_DAYS)


def overdue_submissions(partnership: Partnership, *, today: dt.date | None = None) -> list[Overdue]:
    """Agency and period pairs still owing figures after their due date."""
    today = today or timezone.localdate()
    earliest = periods.shift(
        dt.date(today.year, today.month, 1), periods.Frequency.MONTHLY, -conf.CHASE_LOOKBACK_MONTHS
    )
    indicators = list(
        Indicator.objects.filter(partnership=partnership, source=Source.SUBMITTED, is_active=True).select_related(
            "owner_agency"
        )
    )
    have = set(
        Submission.objects.filter(indicator__in=indicators, period_start__gte=earliest).values_list(
            "indicator_id", "period_start"
        )
    )
    found: dict[tuple[int, dt.date], Overdue] = {}
    for indicator in indicators:
        start = periods.period_start(earliest, indicator.frequency)
        while True:
            due = due_date(indicator, start)
            if due >= today:
                break
            if start >= earliest and (indicator.pk, start) not in have:
                key = (indicator.owner_agency_id, start)
                if key not in found:
                    found[key] = Overdue(indicator.owner_agency, start, periods.label(start, indicator.frequency), due)
                found[key].indicators.append(indicator)
            start = periods.shift(start, indicator.frequency, 1)
    return sorted(found.values(), key=lambda o: (o.due_on, o.agency.name))


def overdue_for_user(user: User) -> list[Overdue]:
    if user.agency is None:
        return []
    items = overdue_submissions(user.agency.partnership)
    if user.can(Perm.MANAGE_INDICATORS):
        return items
    return [item for item in items if item.agency.pk == user.agency_id]


def queried_for_user(user: User) -> QuerySet[Submission]:
    return submissions_for_user(user).filter(status=SubmissionStatus.QUERIED)


# Multi-agency case audits


def programmes_for_user(user: User) -> QuerySet[AuditProgramme]:
    """Programmes the user runs (indicator managers) or audits in, in their partnership."""
    if user.agency is None or not user.can(Perm.VIEW_PEOPLE):
        return AuditProgramme.objects.none()
    if not (user.can(Perm.MANAGE_INDICATORS) or user.can(Perm.AUDIT_CASES)):
        return AuditProgramme.objects.none()
    qs = AuditProgramme.objects.filter(partnership_id=user.agency.partnership_id)
    if not user.can(Perm.MANAGE_INDICATORS):
        qs = qs.filter(auditors=user)
    return qs.distinct()


def programmes_listed(user: User) -> QuerySet[AuditProgramme]:
    """The user's programmes for the list, with their auditors' agencies and their cases."""
    return programmes_for_user(user).prefetch_related("auditors__agency", "cases")


def get_programme_for_user(user: User, pk: int) -> AuditProgramme:
    return get_object_or_404(programmes_for_user(user), pk=pk)


def get_case_for_user(user: User, pk: int) -> AuditCase:
    return get_object_or_404(
        AuditCase.objects.filter(programme__in=programmes_for_user(user)).select_related("programme", "person"),
        pk=pk,
    )


def get_action_for_user(user: User, pk: int) -> AuditAction:
    return get_object_or_404(AuditAction.objects.filter(programme__in=programmes_for_user(user)), pk=pk)


@dataclass
class AuditSummary:
    theme: str
    theme_label: str
    programmes: int
    cases: int
    graded: int
    grades: dict[str, int]
    open_actions: int

    def grade_rows(self) -> list[tuple[str, str, int]]:
        return [(g.value, g.label, self.grades.get(g.value, 0)) for g in AuditGrade]


def programme_cases(programme: AuditProgramme) -> QuerySet[AuditCase]:
    return programme.cases.select_related("person", "graded_by")


def programme_case_count(programme: AuditProgramme) -> int:
    return programme.cases.count()


def programme_auditors(programme: AuditProgramme) -> QuerySet[User]:
    return programme.auditors.select_related("agency")


def programme_actions(programme: AuditProgramme) -> QuerySet[AuditAction]:
    return programme.actions.select_related("owner_agency")


def audit_summaries(partnership: Partnership) -> dict[str, AuditSummary]:
    """Grades counted by theme: what the board sees beside the numbers, without names."""
    summaries: dict[str, AuditSummary] = {}
    grades: dict[str, Counter[str]] = defaultdict(Counter)
    for programme in AuditProgramme.objects.filter(partnership=partnership).prefetch_related("cases", "actions"):
        summary = summaries.setdefault(
            programme.theme,
            AuditSummary(programme.theme, Theme(programme.theme).label, 0, 0, 0, {}, 0),
        )
        summary.programmes += 1
        cases = list(programme.cases.all())
        summary.cases += len(cases)
        summary.graded += sum(1 for c in cases if c.grade)
        grades[programme.theme].update(c.grade for c in cases if c.grade)
        summary.open_actions += sum(1 for a in programme.actions.all() if a.status == "open")
    for theme, summary in summaries.items():
        summary.grades = dict(grades[theme])
    return summaries


def auditors_choices(user: User) -> QuerySet[User]:
    if user.agency is None:
        return User.objects.none()
    return (
        User.objects.filter(agency__partnership_id=user.agency.partnership_id, is_active=True)
        # Auditors read the cases, so only roles that may do that (and see people) are offered.
        .filter(role_assignments__role__in=roles_with(Perm.AUDIT_CASES) & roles_with(Perm.VIEW_PEOPLE))
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "last_name")
    )


def commentary_texts(indicators: list[Indicator]) -> dict[tuple[int, dt.date], str]:
    """The commentary on these indicators, by indicator and period: for indicators the user owns."""
    return {(c.indicator_id, c.period_start): c.text for c in Commentary.objects.filter(indicator__in=indicators)}


def case_findings(case: AuditCase) -> QuerySet[AuditFinding]:
    """The findings on a case the user may open (get_case_for_user)."""
    return AuditFinding.objects.filter(case=case).select_related("agency", "author")
