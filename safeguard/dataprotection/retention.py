"""Applying the retention schedule: what is past its time, what is held, and the job that disposes of it.

Candidates are read through each owning app's selectors. A record is kept, whatever its age, when it is
about a person under legal hold (the subject of a review still open, ``reviews.selectors``) or when
another record still depends on it (a wash run a visit campaign adopted, an episode shared with police):
those are counted as held and reported, never forced.

Kinds disposed of by the job: extracts, wash runs, visits, episodes and bulletin subscribers. The others
(return interviews go with their episode; Philomena profiles, placement notices, sharing decisions,
intelligence, the audit trail and training bookings) are report-only for now: their schedule is recorded
and shown, and a person reviews them by hand. The audit trail is hash-chained, so it is never deleted here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import SystemActor, audit_record
from safeguard.dataprotection import selectors
from safeguard.dataprotection.models import Disposal, RecordKind, RetentionRule, Trigger
from safeguard.datawash import selectors as datawash_selectors
from safeguard.datawash import services as datawash_services
from safeguard.governance import selectors as governance_selectors
from safeguard.missing import selectors as missing_selectors
from safeguard.partnership.models import Partnership
from safeguard.reviews import selectors as reviews_selectors
from safeguard.reviews.rules import add_months
from safeguard.visits import selectors as visits_selectors

JOB_NAME = SystemActor.RETENTION
BATCH_SIZE = 500
ANONYMISED_DOMAIN = "@anonymised.invalid"
DISPOSED_KINDS = (
    RecordKind.EXTRACT,
    RecordKind.WASH_RUN,
    RecordKind.VISIT,
    RecordKind.EPISODE,
    RecordKind.SUBSCRIBER,
)


def cutoff(rule: RetentionRule, *, today: dt.date) -> dt.date:
    """The day before which the trigger must have happened for the record to go."""
    return add_months(today, -12 * rule.years) - dt.timedelta(days=rule.days)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _candidates(rule: RetentionRule, *, partnership: Partnership, today: dt.date) -> QuerySet[models.Model] | None:
    """Records of the rule's kind past their time, or None for a kind the job does not dispose of."""
    before = cutoff(rule, today=today)
    kind, trigger = rule.kind, rule.trigger
    found: QuerySet[models.Model]
    if kind == RecordKind.EXTRACT:
        found = datawash_selectors.extracts_received_before(received_before=_start_of(before))  # type: ignore[assignment]
    elif kind == RecordKind.WASH_RUN:
        found = datawash_selectors.runs_created_before(created_before=_start_of(before))  # type: ignore[assignment]
    elif kind == RecordKind.SUBSCRIBER:
        found = governance_selectors.subscribers_gone_before(unsubscribed_before=_start_of(before))  # type: ignore[assignment]
        # One anonymised already is not anonymised again each night.
        found = found.exclude(email__endswith=ANONYMISED_DOMAIN)
    elif kind in (RecordKind.VISIT, RecordKind.EPISODE):
        if trigger == Trigger.BIRTHDAY_25:
            # 25th birthday before the cut-off: born more than 25 years before it (and the record closed).
            born_before = add_months(before, -12 * 25)
            if kind == RecordKind.VISIT:
                found = visits_selectors.visits_past(finished_before=today)  # type: ignore[assignment]
            else:
                found = missing_selectors.episodes_closed_before(ended_before=_start_of(today))  # type: ignore[assignment]
            found = found.filter(person__date_of_birth__lt=born_before)
        elif kind == RecordKind.VISIT:
            found = visits_selectors.visits_past(finished_before=before)  # type: ignore[assignment]
        else:
            found = missing_selectors.episodes_closed_before(ended_before=_start_of(before))  # type: ignore[assignment]
    else:
        return None
    ours = {"agency__partnership": partnership} if kind == RecordKind.EXTRACT else {"partnership": partnership}
    return found.filter(**ours).order_by("pk")


def _held(kind: str, held_people: set[int]) -> Q:
    """The condition for a record of this kind being under legal hold, in the query (no rows loaded)."""
    if kind in (RecordKind.VISIT, RecordKind.EPISODE):
        return Q(person_id__in=held_people)
    if kind == RecordKind.WASH_RUN:
        return Q(children__person_id__in=held_people)
    return Q(pk__in=[])


@dataclass
class KindReport:
    rule: RetentionRule
    cutoff: dt.date
    disposed_by_job: bool
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
        found = _candidates(rule, partnership=partnership, today=today) if rule.disposal != Disposal.REVIEW else None
        report = KindReport(rule, cutoff(rule, today=today), disposed_by_job=found is not None)
        if found is not None:
            held = _held(rule.kind, held_people)
            report.go = found.exclude(pk__in=found.filter(held).values("pk"))
            report.would_go = report.go.count()
            report.held = found.filter(held).distinct().count()
        reports.append(report)
    return reports


def _anonymise(kind: str, obj: models.Model) -> bool:
    """Strip what identifies someone and keep the record for counting; False where not supported."""
    if kind == RecordKind.SUBSCRIBER:
        obj.email = f"removed-{obj.pk}{ANONYMISED_DOMAIN}"  # type: ignore[attr-defined]
        obj.user = None  # type: ignore[attr-defined]
        obj.save(update_fields=["email", "user"])
        return True
    return False


def retention_apply(*, today: dt.date) -> int:
    """The scheduled job: dispose of every record past its time that is not held, in audited batches.

    Each record goes in its own savepoint, so one that another record still needs (a protected
    reference) is kept and counted, and the rest of the batch still goes. The audit event names the
    kind and id of what went, never its content.
    """
    total = 0
    for partnership in Partnership.objects.order_by("pk"):
        for report in retention_report(partnership=partnership, today=today):
            total += _dispose(report)
    return total


def _dispose(report: KindReport) -> int:
    total = 0
    if report.go is not None and report.would_go:
        kind, disposal = report.rule.kind, report.rule.disposal
        if kind == RecordKind.EXTRACT and disposal == Disposal.DELETE:
            # Extracts have one way out, with their files: datawash's purge (itself audited per extract).
            return datawash_services.extracts_delete(extracts=list(report.go), by=JOB_NAME)  # type: ignore[arg-type]
        after = 0
        while True:
            # Batches by primary key, so memory stays bounded and a record kept (protected) is not re-read.
            batch = list(report.go.filter(pk__gt=after)[:BATCH_SIZE])
            if not batch:
                break
            after = batch[-1].pk
            gone, kept = 0, 0
            with transaction.atomic():
                for obj in batch:
                    label, pk = obj._meta.label_lower, obj.pk
                    try:
                        with transaction.atomic():
                            if kind == RecordKind.WASH_RUN and disposal == Disposal.DELETE:
                                # A run has files beside its rows: datawash deletes both (and audits).
                                datawash_services.run_delete(run=obj, by=JOB_NAME)  # type: ignore[arg-type]
                                gone += 1
                                continue
                            if disposal == Disposal.ANONYMISE:
                                if not _anonymise(kind, obj):
                                    kept += 1
                                    continue
                                action, verb = Action.UPDATE, "Anonymised"
                            else:
                                obj.delete()
                                action, verb = Action.DELETE, "Deleted"
                            audit_record(
                                actor=None,
                                actor_username=JOB_NAME,
                                action=action,
                                object_type=label,
                                object_id=pk,
                                summary=f"{verb} {label} {pk}: past its retention period",
                            )
                            gone += 1
                    except ProtectedError:
                        kept += 1
                audit_record(
                    actor=None,
                    actor_username=JOB_NAME,
                    action=Action.DELETE,
                    object_type=RetentionRule._meta.label_lower,
                    object_id=report.rule.pk,
                    summary=f"Retention batch for {report.label}: {gone} disposed of, {kept} kept as still referenced",
                )
            total += gone
    return total
