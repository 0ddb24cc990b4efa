"""Reading extracts, runs and their results, scoped in the query to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from safeguard.core.retention import past_retention
from safeguard.datawash.models import (
    COHORT_KINDS,
    AgencyRecord,
    CohortChild,
    ColumnMapping,
    Extract,
    ExtractStatus,
    ReviewCase,
    RunStatus,
    WashRun,
)
from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person


def extracts_for_user(user: User) -> QuerySet[Extract]:
    """A data officer sees their own agency's extracts and nobody else's."""
    if user.agency_id is None or not user.can(Perm.UPLOAD_EXTRACTS):
        return Extract.objects.none()
    return Extract.objects.filter(agency_id=user.agency_id).select_related("agency", "uploaded_by")


def get_extract_for_user(user: User, pk: int) -> Extract:
    return get_object_or_404(extracts_for_user(user), pk=pk)


def extract_is_used(extract: Extract) -> bool:
    """Whether any run has used the extract, as the register or as a source (it then cannot be withdrawn)."""
    return (
        WashRun.objects.filter(cohort_extract=extract).exists()
        or WashRun.objects.filter(source_extracts=extract).exists()
    )


def register_results(extract: Extract, *, status: str = "") -> tuple[WashRun | None, QuerySet[CohortChild]]:
    """The latest finished run on this register upload, and its children (of one status if given): what the
    uploading agency may see.

    Only the register's own children and their status and date last seen; which agency saw them, and
    the records linked to them, stay with those who run the wash.
    """
    run = WashRun.objects.filter(cohort_extract=extract, status=RunStatus.SUCCEEDED).order_by("-created_at").first()
    if run is None:
        return None, CohortChild.objects.none()
    return run, run_children(run, status=status)


def saved_mapping(extract: Extract) -> ColumnMapping | None:
    return ColumnMapping.objects.filter(agency_id=extract.agency_id, source_kind=extract.source_kind).first()


def extracts_for_run(user: User) -> QuerySet[Extract]:
    """Validated extracts an analyst may wash: every agency's in the partnership (counts, not contents)."""
    if user.agency is None or not user.can(Perm.RUN_WASH):
        return Extract.objects.none()
    return (
        Extract.objects.filter(agency__partnership_id=user.agency.partnership_id, status=ExtractStatus.VALIDATED)
        .select_related("agency", "uploaded_by")
        .order_by("agency__name", "source_kind", "-version")
    )


def cohort_extracts_for_run(user: User) -> QuerySet[Extract]:
    return extracts_for_run(user).filter(source_kind__in=COHORT_KINDS)


def runs_for_user(user: User) -> QuerySet[WashRun]:
    if user.agency is None or not user.can(Perm.RUN_WASH):
        return WashRun.objects.none()
    return WashRun.objects.filter(partnership_id=user.agency.partnership_id).select_related(
        "cohort_extract__agency", "started_by"
    )


def get_run_for_user(user: User, pk: int) -> WashRun:
    return get_object_or_404(runs_for_user(user), pk=pk)


def previous_run(run: WashRun) -> WashRun | None:
    """The last successful run on the same kind of register before this one, for comparison."""
    return (
        WashRun.objects.filter(
            partnership_id=run.partnership_id,
            cohort_kind=run.cohort_kind,
            status=RunStatus.SUCCEEDED,
            created_at__lt=run.created_at,
        )
        .order_by("-created_at")
        .first()
    )


NEVER_SEEN = "none"


def run_children(run: WashRun, *, status: str = "", source: str = "") -> QuerySet[CohortChild]:
    """The run's children, those of one status and last seen by one source if given (``NEVER_SEEN``: by none)."""
    children = run.children.select_related("person").order_by("status", "person__family_name", "cohort_record_id")
    if status:
        children = children.filter(status=status)
    if source:
        children = children.filter(last_seen_by="" if source == NEVER_SEEN else source)
    return children


def run_child_sources(run: WashRun) -> list[str]:
    """The sources that last saw any of the run's children, for the children's filter (agency labels, no names)."""
    return sorted(set(run.children.exclude(last_seen_by="").values_list("last_seen_by", flat=True)))


def get_child_for_user(user: User, run: WashRun, pk: int) -> CohortChild:
    return get_object_or_404(run_children(run), pk=pk)


def review_cases_for_user(user: User) -> QuerySet[ReviewCase]:
    """Undecided pairs from each partnership run's latest results."""
    if user.agency is None or not user.can(Perm.REVIEW_LINKS):
        return ReviewCase.objects.none()
    return ReviewCase.objects.filter(
        run__partnership_id=user.agency.partnership_id, run__status=RunStatus.SUCCEEDED
    ).select_related("run", "child__person", "decision__decided_by")


def open_review_case_count(run: WashRun) -> int:
    """How many of this run's possible matches still wait for a person to decide."""
    return run.review_cases.filter(decision__isnull=True).count()


def open_review_cases_for_user(user: User) -> QuerySet[ReviewCase]:
    latest = latest_runs_ids(user.agency.partnership_id if user.agency else None)
    return review_cases_for_user(user).filter(decision__isnull=True, run_id__in=latest)


def open_review_cases_count_for_user(user: User) -> int:
    return open_review_cases_for_user(user).count()


# The review queue's "which pairs" filter: codes in the address, never a child's name.
REVIEW_KINDS = {
    "decides": "Those that decide whether a child was seen",
    "child": "Those with a child on the register",
    "other": "Those with no child on the register",
}


def review_case_sources(cases: QuerySet[ReviewCase]) -> list[str]:
    """The sources the possible matches in these pairs come from, for the queue's filter (agency labels, no names)."""
    # One query, distinct in the database: the queue can hold thousands of pairs from a handful of sources.
    labels = cases.order_by().values_list("right__label", flat=True).distinct()
    return sorted({label for label in labels if isinstance(label, str) and label})


def review_cases_filtered(cases: QuerySet[ReviewCase], *, kind: str = "", source: str = "") -> QuerySet[ReviewCase]:
    """Of these pairs, those of one kind (a ``REVIEW_KINDS`` code) and with a possible match from one source."""
    if kind == "decides":
        cases = cases.filter(decides_status=True)
    elif kind == "child":
        cases = cases.filter(child__isnull=False)
    elif kind == "other":
        cases = cases.filter(child__isnull=True)
    if source:
        cases = cases.filter(right__label=source)
    return cases


def get_review_case_for_user(user: User, pk: int) -> ReviewCase:
    return get_object_or_404(review_cases_for_user(user), pk=pk)


def latest_runs_ids(partnership_id: int | None) -> list[int]:
    """The latest successful run for each kind of register."""
    if partnership_id is None:
        return []
    ids = []
    for kind in COHORT_KINDS:
        run = (
            WashRun.objects.filter(partnership_id=partnership_id, cohort_kind=kind, status=RunStatus.SUCCEEDED)
            .order_by("-created_at")
            .values_list("pk", flat=True)
            .first()
        )
        if run is not None:
            ids.append(run)
    return ids


# --- for the visits app and the board ------------------------------------------------------------------


def successful_runs(*, partnership: Partnership, kind: str) -> QuerySet[WashRun]:
    return WashRun.objects.filter(partnership=partnership, status=RunStatus.SUCCEEDED, cohort_kind=kind).order_by(
        "created_at"
    )


def finished_cohort_runs(*, partnership: Partnership) -> QuerySet[WashRun]:
    """Succeeded runs on any register, newest first, with who started them (counts only, no names)."""
    return (
        WashRun.objects.filter(partnership=partnership, status=RunStatus.SUCCEEDED, cohort_kind__in=COHORT_KINDS)
        .select_related("started_by", "cohort_extract__agency")
        .order_by("-created_at")
    )


def unseen_children(run: WashRun) -> QuerySet[CohortChild]:
    """Children the run did not find seen: unseen, and those whose only contact waits on a check."""
    return run_children(run).exclude(status="seen").filter(person__isnull=False)


@dataclass(frozen=True)
class RunComparison:
    cohort: int
    unseen: int
    check: int
    seen: int
    previous_cohort: int | None
    previous_unseen: int | None


def run_comparison(run: WashRun) -> RunComparison:
    counts = run.counts
    before = previous_run(run)
    return RunComparison(
        cohort=counts.get("cohort", 0),
        unseen=counts.get("cohort_unseen", 0),
        check=counts.get("cohort_check", 0),
        seen=counts.get("cohort_seen", 0),
        previous_cohort=before.counts.get("cohort") if before else None,
        previous_unseen=before.counts.get("cohort_unseen") if before else None,
    )


def records_for_subject(person: Person) -> list[Model]:
    """Every wash result about the person (cohort register lines and linked agency records), for a subject
    access bundle. Unscoped: the caller has checked the requester may answer a subject access request."""
    return [
        *CohortChild.objects.filter(person=person).select_related("run").order_by("run__as_of", "pk"),
        *AgencyRecord.objects.filter(person=person).select_related("extract", "extract__agency").order_by("pk"),
    ]


def extracts_received_before(*, received_before: dt.datetime) -> QuerySet[Extract]:
    """Extracts received before the cut-off, for the nightly purge (``purge_extracts``)."""
    return Extract.objects.filter(received_at__lt=received_before).select_related("agency")


# --- retention ----------------------------------------------------------------------------------------------


def extracts_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[Extract]:
    """Uploaded extracts past their time, counted from when they were received."""
    return past_retention(
        Extract.objects.filter(agency__partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="received_at",
    )


def runs_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[WashRun]:
    """Wash runs past their time that are not running."""
    return past_retention(
        WashRun.objects.filter(partnership=partnership).exclude(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]),
        trigger=trigger,
        before=before,
        today=today,
        created="created_at",
    )
