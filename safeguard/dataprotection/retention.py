"""Applying the retention schedule: what is past its time, what is held, and the job that disposes of it.

Each kind of record is disposed of by the app that owns it: ``KINDS`` below names, for each kind, the
owning app's selector of what is past its time (``*_past_retention``, built on ``core.retention``) and its
services that delete or anonymise one record and audit it (``*_retention_delete`` / ``*_retention_anonymise``).
This module only applies the schedule: it works out the cut-off, keeps what is under legal hold, and runs
the disposal in audited batches.

A record is kept, whatever its age, when it is about a person under legal hold (the subject of a review
still open, ``reviews.selectors``) or when another record still depends on it (a wash run a visit campaign
adopted, a sharing decision a later one supersedes): those are counted as held, or kept, never forced.

The audit trail is kept whole. Its events are the evidence of who saw and changed a child's record and
that other records were deleted on time, and each is hash-chained to the one before: deleting or
anonymising one would break ``safeguard audit verify`` for every later event. So its rule only reports
what is past the period; no disposal other than "report only" can be chosen for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import ProtectedError, Q, QuerySet

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.dataprotection import selectors
from safeguard.dataprotection.models import Disposal, RecordKind, RetentionRule
from safeguard.datawash import selectors as datawash_selectors
from safeguard.datawash import services as datawash_services
from safeguard.governance import selectors as governance_selectors
from safeguard.governance import services as governance_services
from safeguard.intelligence import selectors as intelligence_selectors
from safeguard.intelligence import services as intelligence_services
from safeguard.missing import selectors as missing_selectors
from safeguard.missing import services as missing_services
from safeguard.partnership.models import Partnership
from safeguard.placements import selectors as placements_selectors
from safeguard.placements import services as placements_services
from safeguard.reviews import selectors as reviews_selectors
from safeguard.reviews.rules import add_months
from safeguard.sharing import selectors as sharing_selectors
from safeguard.sharing import services as sharing_services
from safeguard.training import selectors as training_selectors
from safeguard.training import services as training_services
from safeguard.visits import selectors as visits_selectors
from safeguard.visits import services as visits_services

JOB_NAME = "apply_retention"
BATCH_SIZE = 500

Candidates = Callable[..., QuerySet[Any]]
Dispose = Callable[[Any, str], None]


def _on_person(path: str) -> Callable[[set[int]], Q]:
    return lambda held: Q(**{f"{path}__in": held})


def _never(held: set[int]) -> Q:
    return Q(pk__in=[])


@dataclass(frozen=True)
class Kind:
    """How one kind of record leaves: the owning app's selector of candidates and its disposal services."""

    candidates: Candidates
    held: Callable[[set[int]], Q] = _never
    delete: Dispose | None = None
    anonymise: Dispose | None = None

    @property
    def disposals(self) -> frozenset[Disposal]:
        """What the schedule may choose for this kind: report-only always, the rest where the app offers it."""
        offered = {Disposal.REVIEW}
        if self.delete is not None:
            offered.add(Disposal.DELETE)
        if self.anonymise is not None:
            offered.add(Disposal.ANONYMISE)
        return frozenset(offered)


def _extract_delete(extract: Any, by: str) -> None:
    datawash_services.extracts_delete(extracts=[extract], by=by)


KINDS: dict[str, Kind] = {
    RecordKind.EXTRACT: Kind(datawash_selectors.extracts_past_retention, delete=_extract_delete),
    RecordKind.WASH_RUN: Kind(
        datawash_selectors.runs_past_retention,
        held=_on_person("children__person_id"),
        delete=lambda run, by: datawash_services.run_delete(run=run, by=by),
    ),
    RecordKind.VISIT: Kind(
        visits_selectors.visits_past_retention,
        held=_on_person("person_id"),
        delete=lambda visit, by: visits_services.visit_retention_delete(visit=visit, by=by),
    ),
    RecordKind.EPISODE: Kind(
        missing_selectors.episodes_past_retention,
        held=_on_person("person_id"),
        delete=lambda episode, by: missing_services.episode_retention_delete(episode=episode, by=by),
    ),
    RecordKind.INTERVIEW: Kind(
        missing_selectors.interviews_past_retention,
        held=_on_person("episode__person_id"),
        delete=lambda interview, by: missing_services.interview_retention_delete(interview=interview, by=by),
    ),
    RecordKind.PROFILE_PHOTO: Kind(
        missing_selectors.profiles_past_retention,
        held=_on_person("person_id"),
        delete=lambda profile, by: missing_services.profile_retention_delete(profile=profile, by=by),
    ),
    RecordKind.PLACEMENT_NOTICE: Kind(
        placements_selectors.notices_past_retention,
        held=_on_person("placement__person_id"),
        delete=lambda notice, by: placements_services.notice_retention_delete(notice=notice, by=by),
    ),
    RecordKind.SHARING_DECISION: Kind(
        sharing_selectors.decisions_past_retention,
        held=_on_person("person_id"),
        delete=lambda decision, by: sharing_services.decision_retention_delete(decision=decision, by=by),
    ),
    RecordKind.INTELLIGENCE: Kind(
        intelligence_selectors.submissions_past_retention,
        held=intelligence_selectors.naming_any_of,
        delete=lambda submission, by: intelligence_services.submission_retention_delete(submission=submission, by=by),
    ),
    RecordKind.TRAINING_BOOKING: Kind(
        training_selectors.bookings_past_retention,
        delete=lambda booking, by: training_services.booking_retention_delete(booking=booking, by=by),
    ),
    RecordKind.SUBSCRIBER: Kind(
        governance_selectors.subscribers_past_retention,
        delete=lambda subscriber, by: governance_services.subscriber_retention_delete(subscriber=subscriber, by=by),
        anonymise=lambda subscriber, by: governance_services.subscriber_retention_anonymise(
            subscriber=subscriber, by=by
        ),
    ),
}


def disposals_for(kind: str) -> frozenset[Disposal]:
    """The disposals the schedule may choose for a kind; the audit trail (no entry) is report-only."""
    entry = KINDS.get(kind)
    return entry.disposals if entry is not None else frozenset({Disposal.REVIEW})


def cutoff(rule: RetentionRule, *, today: dt.date) -> dt.date:
    """The day before which the trigger must have happened for the record to go."""
    return add_months(today, -12 * rule.years) - dt.timedelta(days=rule.days)


def _disposer(rule: RetentionRule) -> Dispose | None:
    entry = KINDS.get(rule.kind)
    if entry is None:
        return None
    if rule.disposal == Disposal.DELETE:
        return entry.delete
    if rule.disposal == Disposal.ANONYMISE:
        return entry.anonymise
    return None


@dataclass
class KindReport:
    rule: RetentionRule
    cutoff: dt.date
    disposed_by_job: bool
    # False for the audit trail, whose age nothing here counts.
    counted: bool = False
    would_go: int = 0
    held: int = 0
    # What goes, as a query: counted for the report, read in batches by the job.
    go: QuerySet[models.Model] | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return RecordKind(self.rule.kind).label


def retention_report(*, partnership: Partnership, today: dt.date) -> list[KindReport]:
    """The dry run: for each kind, how many of the partnership's records are past their time and how
    many are held."""
    held_people = reviews_selectors.people_under_legal_hold()
    reports = []
    for rule in selectors.schedule_for(partnership):
        before = cutoff(rule, today=today)
        entry = KINDS.get(rule.kind)
        disposed = _disposer(rule) is not None
        report = KindReport(rule, before, disposed_by_job=disposed, counted=entry is not None)
        # Report-only kinds are counted too: the count is what a person reviews by hand.
        if entry is not None:
            found = entry.candidates(partnership=partnership, trigger=rule.trigger, before=before, today=today)
            held = entry.held(held_people)
            report.go = found.exclude(pk__in=found.filter(held).values("pk")).order_by("pk")
            report.would_go = report.go.count()
            report.held = found.filter(held).distinct().count()
        reports.append(report)
    return reports


def retention_apply(*, today: dt.date) -> int:
    """The scheduled job: dispose of every record past its time that is not held, in audited batches.

    Each record goes in its own savepoint through its app's service (which audits it), so one that
    another record still needs (a protected reference) is kept and counted, and the rest of the batch
    still goes. The audit events name the kind and id of what went, never its content.
    """
    total = 0
    for partnership in Partnership.objects.order_by("pk"):
        for report in retention_report(partnership=partnership, today=today):
            total += _dispose(report)
    return total


def _dispose(report: KindReport) -> int:
    dispose = _disposer(report.rule)
    if dispose is None or report.go is None or not report.would_go:
        return 0
    total, after = 0, 0
    verb = "anonymised" if report.rule.disposal == Disposal.ANONYMISE else "deleted"
    while True:
        # Batches by primary key, so memory stays bounded and a record kept (protected) is not re-read.
        batch = list(report.go.filter(pk__gt=after)[:BATCH_SIZE])
        if not batch:
            break
        after = batch[-1].pk
        gone, kept = 0, 0
        with transaction.atomic():
            for obj in batch:
                try:
                    with transaction.atomic():
                        dispose(obj, JOB_NAME)
                    gone += 1
                except ProtectedError:
                    kept += 1
            audit_record(
                actor=None,
                actor_username=JOB_NAME,
                action=Action.DELETE,
                object_type=RetentionRule._meta.label_lower,
                object_id=report.rule.pk,
                summary=f"Retention batch for {report.label}: {gone} {verb}, {kept} kept as still referenced",
            )
        total += gone
    return total
