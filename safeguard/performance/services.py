"""Every change to indicators, figures and case audits: one function each, atomic and audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import SystemActor, api_actor, audit_record
from safeguard.core.errors import Refused
from safeguard.partnership.models import Agency, AgencyKind, ApiToken, Group, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import active_agencies
from safeguard.people.models import PersonKind
from safeguard.people.selectors import people_for_user

from . import conf, periods, selectors
from .catalogue import STANDARD_INDICATORS
from .models import (
    ActionStatus,
    AuditAction,
    AuditCase,
    AuditFinding,
    AuditGrade,
    AuditProgramme,
    Commentary,
    Indicator,
    Polarity,
    ProgrammeStatus,
    Source,
    Submission,
    SubmissionStatus,
    Theme,
    Unit,
)
from .scoring import is_allowed_figure_path, measure_of, outlier_reason
from .tasks import send_chase_email


class PerformanceError(Refused):
    """A change to indicators or case audits the rules refuse, with a message for the person who asked."""


class SubmissionError(PerformanceError):
    """A figure that cannot be saved, with a message for the person who entered it."""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    definition: str
    numerator_label: str
    denominator_label: str
    unit: Unit
    polarity: Polarity
    target: Decimal | None
    green_threshold: Decimal | None
    red_threshold: Decimal | None
    owner_agency: Agency
    frequency: periods.Frequency
    theme: Theme
    source: Source
    figure_path: str = ""
    sub_group: Group | None = None
    is_active: bool = True


def check_indicator_spec(spec: IndicatorSpec) -> list[str]:
    problems = []
    if spec.source == Source.COMPUTED and not is_allowed_figure_path(spec.figure_path):
        problems.append("Enter a figure function such as safeguard.missing.selectors.figure_rhi_within_72_hours")
    if spec.source == Source.SUBMITTED and spec.figure_path:
        problems.append("A submitted indicator has no figure function: leave it blank")
    if (spec.green_threshold is None) != (spec.red_threshold is None):
        problems.append("Enter both the green and the red threshold, or neither")
    elif spec.green_threshold is not None and spec.red_threshold is not None:
        higher = spec.polarity == Polarity.HIGHER_IS_BETTER
        if (higher and spec.green_threshold < spec.red_threshold) or (
            not higher and spec.green_threshold > spec.red_threshold
        ):
            problems.append(
                "The green threshold must be above the red one when higher is better, and below it when lower is better"
            )
    return problems


def _values(spec: IndicatorSpec) -> dict[str, Any]:
    # Not dataclasses.asdict: that deep-copies the agency and group model instances.
    return {f.name: getattr(spec, f.name) for f in fields(spec)}


def _refuse_spec(spec: IndicatorSpec, *, partnership_id: int, other_than: Indicator | None = None) -> None:
    problems = check_indicator_spec(spec)
    taken = Indicator.objects.filter(partnership_id=partnership_id, code=spec.code)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        problems.append(f"There is already an indicator with the code {spec.code}")
    if problems:
        raise PerformanceError("; ".join(problems))


def indicator_create(*, actor: User | None, partnership: Partnership, spec: IndicatorSpec) -> Indicator:
    _refuse_spec(spec, partnership_id=partnership.pk)
    try:
        with transaction.atomic():
            indicator = Indicator.objects.create(partnership=partnership, **_values(spec))
            audit_record(actor=actor, action=Action.CREATE, target=indicator, summary=f"Added indicator {spec.code}")
    except IntegrityError:
        # Looked for first; a double submit or a colleague added the same code in between.
        raise PerformanceError(f"There is already an indicator with the code {spec.code}") from None
    return indicator


def indicator_update(*, actor: User, indicator: Indicator, spec: IndicatorSpec) -> Indicator:
    _refuse_spec(spec, partnership_id=indicator.partnership_id, other_than=indicator)
    try:
        with transaction.atomic():
            values = _values(spec)
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.save(update_fields=list(values))
            audit_record(actor=actor, action=Action.UPDATE, target=indicator, summary=f"Changed indicator {spec.code}")
    except IntegrityError:
        raise PerformanceError(f"There is already an indicator with the code {spec.code}") from None
    return indicator


def check_figures(
    indicator: Indicator, numerator: Decimal | None, denominator: Decimal | None
) -> list[tuple[str, str]]:
    """What is wrong with a pair of figures, as (field, message) for the person entering them."""
    problems = []
    if numerator is None:
        problems.append(("numerator", f"Enter the {indicator.numerator_label.lower()}"))
    elif numerator < 0:
        problems.append(("numerator", "The numerator cannot be negative"))
    if indicator.denominator_label:
        if denominator is None:
            problems.append(("denominator", f"Enter the {indicator.denominator_label.lower()}"))
        elif denominator < 0:
            problems.append(("denominator", "The denominator cannot be negative"))
        elif numerator is not None and indicator.unit == Unit.PERCENT and numerator > denominator:
            problems.append(
                (
                    "numerator",
                    f"The numerator ({numerator:f}) cannot be larger than the denominator ({denominator:f})",
                )
            )
    elif denominator is not None:
        problems.append(("denominator", "This indicator is a count: leave the denominator blank"))
    return problems


@dataclass(frozen=True)
class FigureEntry:
    indicator: Indicator
    period_start: dt.date
    numerator: Decimal
    denominator: Decimal | None
    commentary: str = ""


def _commentary_upsert(*, actor: User | None, indicator: Indicator, period_start: dt.date, text: str) -> None:
    if not text.strip():
        Commentary.objects.filter(indicator=indicator, period_start=period_start).delete()
        return
    Commentary.objects.update_or_create(
        indicator=indicator,
        period_start=period_start,
        defaults={"text": text.strip(), "author": actor, "updated_at": timezone.now()},
    )


def _may_submit(actor: User, indicator: Indicator) -> None:
    if not actor.can(Perm.SUBMIT_FIGURES) or actor.agency_id != indicator.owner_agency_id:
        raise PermissionError("Only the owner agency's data officers submit this indicator's figures")


def figures_submit(*, actor: User, entries: list[FigureEntry]) -> list[Submission]:
    """Save every entry or none: a batch with one bad figure saves nothing.

    A figure far outside its history is saved but queried, so the agency confirms
    or corrects it rather than the board reading a typo.
    """
    for entry in entries:
        _may_submit(actor, entry.indicator)
    return _figures_save(actor=actor, actor_username="", entries=entries)


def figures_submit_by_token(*, token: ApiToken, entries: list[FigureEntry]) -> list[Submission]:
    """The same for an agency system calling the API with its agency's token."""
    if Perm.SUBMIT_FIGURES not in token.permissions:
        raise PermissionError("This token does not allow submitting figures")
    if any(entry.indicator.owner_agency_id != token.agency_id for entry in entries):
        raise PermissionError("A token submits only its own agency's indicators")
    return _figures_save(actor=None, actor_username=api_actor(token), agency=token.agency, entries=entries)


def _figures_save(
    *, actor: User | None, actor_username: str, entries: list[FigureEntry], agency: Agency | None = None
) -> list[Submission]:
    saved = []
    with transaction.atomic():
        for entry in entries:
            indicator = entry.indicator
            if indicator.source != Source.SUBMITTED:
                raise SubmissionError(f"{indicator.name} is computed by Safeguard, not submitted")
            if periods.period_start(entry.period_start, indicator.frequency) != entry.period_start:
                raise SubmissionError(f"{entry.period_start} does not start a {indicator.frequency} period")
            problems = check_figures(indicator, entry.numerator, entry.denominator)
            if problems:
                raise SubmissionError(f"{indicator.name}: {'; '.join(m for _, m in problems)}")
            value = measure_of(indicator, entry.numerator, entry.denominator).value
            reason = outlier_reason(
                value,
                selectors.history_values(indicator, entry.period_start),
                sd_limit=conf.OUTLIER_STANDARD_DEVIATIONS,
                percent_limit=conf.OUTLIER_PERCENT_FROM_MEAN,
            )
            submission, created = Submission.objects.update_or_create(
                indicator=indicator,
                period_start=entry.period_start,
                defaults={
                    "numerator": entry.numerator,
                    "denominator": entry.denominator,
                    "status": SubmissionStatus.QUERIED if reason else SubmissionStatus.ACCEPTED,
                    "query_reason": reason,
                    "confirmation_note": "",
                    "submitted_by": actor,
                    "submitted_at": timezone.now(),
                },
            )
            _commentary_upsert(actor=actor, indicator=indicator, period_start=entry.period_start, text=entry.commentary)
            audit_record(
                actor=actor,
                actor_username=actor_username,
                agency=agency,
                action=Action.CREATE if created else Action.UPDATE,
                target=submission,
                summary=f"Submitted {indicator.code} for {entry.period_start:%Y-%m}"
                + (f" (queried: {reason})" if reason else ""),
            )
            saved.append(submission)
    return saved


def commentary_save(*, actor: User, indicator: Indicator, period_start: dt.date, text: str) -> None:
    with transaction.atomic():
        if actor.agency_id != indicator.owner_agency_id:
            raise PermissionError("Only the owner agency comments on its indicators")
        _commentary_upsert(actor=actor, indicator=indicator, period_start=period_start, text=text)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=indicator,
            summary=f"Commentary on {indicator.code} for {period_start:%Y-%m}",
        )


def submission_confirm(*, actor: User, submission: Submission, note: str) -> Submission:
    """The agency stands by a queried figure and says why."""
    with transaction.atomic():
        _may_submit(actor, submission.indicator)
        if submission.status != SubmissionStatus.QUERIED:
            raise SubmissionError("Only a queried figure needs confirming", field="note")
        if not note.strip():
            raise SubmissionError("Say why the figure is right", field="note")
        submission.status = SubmissionStatus.CONFIRMED
        submission.confirmation_note = note.strip()
        submission.save(update_fields=["status", "confirmation_note"])
        audit_record(actor=actor, action=Action.UPDATE, target=submission, summary="Confirmed a queried figure")
    return submission


def late_submissions_chase(*, actor: User | None, partnership: Partnership) -> int:
    """Email each agency that owes figures; returns how many agencies were chased.

    ``actor`` is None when ``safeguard scheduler`` chases on its weekly round.
    """
    overdue = selectors.overdue_submissions(partnership)
    by_agency: dict[int, tuple[Agency, list[str]]] = {}
    for item in overdue:
        agency, lines = by_agency.setdefault(item.agency.pk, (item.agency, []))
        names = ", ".join(i.name for i in item.indicators)
        lines.append(f"{item.period_label} (due {item.due_on:%-d %B %Y}): {names}")
    with transaction.atomic():
        for agency, lines in by_agency.values():
            recipients = sorted(
                u.email for u in agency.users.filter(is_active=True) if u.email and u.can(Perm.SUBMIT_FIGURES)
            )
            audit_record(
                actor=actor,
                actor_username=SystemActor.SCHEDULER,
                action=Action.SHARE,
                target=agency,
                summary=f"Chased {agency.name} for {len(lines)} late period(s) ({len(recipients)} recipient(s))",
            )

            def enqueue(recipients: list[str] = recipients, name: str = agency.name, lines: list[str] = lines) -> None:
                send_chase_email.enqueue(recipients=recipients, agency_name=name, lines=lines)

            # Only send once the audit record is committed.
            transaction.on_commit(enqueue)
    return len(by_agency)


def _owner(partnership: Partnership, kind: str) -> Agency | None:
    agencies = active_agencies(partnership.pk)
    return (
        agencies.filter(kind=kind).order_by("pk").first()
        or agencies.filter(kind=AgencyKind.BUSINESS_UNIT).order_by("pk").first()
        or agencies.order_by("pk").first()
    )


def _decimal_or_none(value: object) -> Decimal | None:
    """A catalogue number as a Decimal; None for a figure the board reads without a target or a rating."""
    return None if value is None else Decimal(str(value))


def indicators_seed_standard(*, actor: User | None, partnership: Partnership) -> int:
    """Add the standard indicator set a board expects, skipping codes already present."""
    created = 0
    with transaction.atomic():
        existing = set(Indicator.objects.filter(partnership=partnership).values_list("code", flat=True))
        for row in STANDARD_INDICATORS:
            owner = _owner(partnership, str(row["owner"]))
            if row["code"] in existing or owner is None:
                continue
            path = str(row.get("figure_path", ""))
            spec = IndicatorSpec(
                code=str(row["code"]),
                name=str(row["name"]),
                definition=str(row["definition"]),
                numerator_label=str(row["numerator_label"]),
                denominator_label=str(row["denominator_label"]),
                unit=Unit(row["unit"]),
                polarity=Polarity(row["polarity"]),
                target=_decimal_or_none(row["target"]),
                green_threshold=_decimal_or_none(row["green"]),
                red_threshold=_decimal_or_none(row["red"]),
                owner_agency=owner,
                frequency=periods.Frequency(row.get("frequency", periods.Frequency.MONTHLY)),
                theme=Theme(row["theme"]),
                source=Source.COMPUTED if path else Source.SUBMITTED,
                figure_path=path,
            )
            indicator_create(actor=actor, partnership=partnership, spec=spec)
            created += 1
    return created


# Multi-agency case audits


def audit_programme_create(
    *,
    actor: User,
    title: str,
    theme: Theme,
    scope: str,
    auditors: list[User],
    sample_size: int,
) -> AuditProgramme:
    """Start a programme and sample its cases from the people the actor may see."""
    assert actor.agency is not None
    partnership = actor.agency.partnership
    if any(a.partnership_id != partnership.pk for a in auditors):
        raise PerformanceError("Auditors must work in the partnership", field="auditors")
    with transaction.atomic():
        programme = AuditProgramme.objects.create(
            partnership=partnership, title=title, theme=theme, scope=scope, created_by=actor
        )
        programme.auditors.set(auditors)
        # The sampler draws only from people the actor may already see.
        sample = list(people_for_user(actor).filter(kind=PersonKind.CHILD).order_by("?")[:sample_size])
        AuditCase.objects.bulk_create([AuditCase(programme=programme, person=p) for p in sample])
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=programme,
            summary=f"Started case audit {title} with {len(sample)} sampled case(s) and {len(auditors)} auditor(s)",
        )
    return programme


def _refresh_status(programme: AuditProgramme) -> None:
    # Locked first, so two auditors grading the last two cases at once are counted one after the other.
    AuditProgramme.objects.select_for_update().only("pk").get(pk=programme.pk)
    cases = programme.cases.all()
    graded = cases.exclude(grade="").count()
    status = ProgrammeStatus.PLANNED if graded == 0 else ProgrammeStatus.RUNNING
    if graded and graded == cases.count():
        status = ProgrammeStatus.COMPLETE
    if programme.status != status:
        programme.status = status
        programme.save(update_fields=["status"])


def audit_case_grade(*, actor: User, case: AuditCase, grade: AuditGrade, summary: str) -> AuditCase:
    with transaction.atomic():
        case.grade, case.summary, case.graded_by, case.graded_at = grade, summary, actor, timezone.now()
        case.save(update_fields=["grade", "summary", "graded_by", "graded_at"])
        _refresh_status(case.programme)
        audit_record(
            actor=actor,
            action=Action.DECIDE,
            target=case,
            person_id=case.person_id,
            summary=f"Graded audit case {grade.label}",
        )
    return case


def audit_finding_add(*, actor: User, case: AuditCase, text: str) -> AuditFinding:
    """A finding is always in the name of the auditor's own agency."""
    assert actor.agency is not None
    with transaction.atomic():
        finding = AuditFinding.objects.create(case=case, agency=actor.agency, text=text, author=actor)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=finding,
            person_id=case.person_id,
            summary=f"Added {actor.agency.name} finding to audit case",
        )
    return finding


def audit_action_add(
    *,
    actor: User,
    programme: AuditProgramme,
    description: str,
    owner_agency: Agency,
    owner_name: str,
    due_on: dt.date,
) -> AuditAction:
    if owner_agency.partnership_id != programme.partnership_id:
        raise PerformanceError("The owner agency must be in the partnership", field="owner_agency")
    with transaction.atomic():
        action = AuditAction.objects.create(
            programme=programme,
            description=description,
            owner_agency=owner_agency,
            owner_name=owner_name,
            due_on=due_on,
            created_by=actor,
        )
        audit_record(actor=actor, action=Action.CREATE, target=action, summary=f"Audit action for {owner_agency}")
    return action


def audit_action_complete(*, actor: User, action: AuditAction) -> AuditAction:
    with transaction.atomic():
        action.status, action.completed_at = ActionStatus.DONE, timezone.now()
        action.save(update_fields=["status", "completed_at"])
        audit_record(actor=actor, action=Action.UPDATE, target=action, summary="Audit action done")
    return action
