"""Storing a successful wash run's results: the children, their linked records, the pairs to check, the files."""

from __future__ import annotations

import csv
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import SystemActor, audit_record
from safeguard.datawash.engine import CohortRow, WashResult
from safeguard.datawash.extracts import canonical_rows
from safeguard.datawash.matching import known_people, linked_identifiers, person_for
from safeguard.datawash.models import AgencyRecord, CohortChild, Extract, ReviewCase, RunStatus, WashRun
from safeguard.datawash.runs import OUTPUT_FILES, VISITS_SOURCE, Inputs
from safeguard.people.models import InvolvementReason, Person
from safeguard.people.services import involvement_add


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return None if value != value else value  # NaN → None


def source_label(name: str, extracts: dict[str, Extract]) -> str:
    if name == VISITS_SOURCE:
        return "Joint visit"
    extract = extracts.get(name)
    return f"{extract.agency.name} ({extract.get_source_kind_display().lower()})" if extract else name


def _cohort_people(run: WashRun, inputs: Inputs, cohort: Extract) -> dict[str, dict[str, Any]]:
    """The cohort register's own rows in canonical columns, to name children new to the index."""
    return canonical_rows(run, cohort)


def store_results(run: WashRun, inputs: Inputs, result: WashResult) -> None:
    """Everything a successful run found, in one transaction: a failure part-way keeps the earlier results."""
    cohort = run.cohort_extract
    assert cohort is not None
    members_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for link in _read_csv(result.outputs["links"]):
        members_of[link["person_id"]].append((link["source"], link["record_id"]))
    cohort_rows = _cohort_people(run, inputs, cohort)
    # Only children not already tied to the index by an earlier run need their linked records read again.
    earlier = known_people(run)
    unresolved = [members_of.get(row.person_id, []) for row in result.cohort]
    member_identifiers = linked_identifiers(
        run, inputs, {m for members in unresolved if not any(m in earlier for m in members) for m in members}
    )
    review_rows = _read_csv(result.outputs["review"])
    # A prefix of this run's own: a folder left by an earlier database's run with the same number
    # (or a storage that renames on clash) must never make the run's page open another run's report.
    prefix = f"datawash/runs/{run.pk}-{uuid.uuid4().hex[:12]}"
    with transaction.atomic():
        known = known_people(run)
        children: dict[str, CohortChild] = {}
        involved: set[tuple[int, int]] = set()
        for row in result.cohort:
            members = members_of.get(row.person_id, [(cohort.engine_name, row.cohort_record_id)])
            person, new_to_index = person_for(
                run, cohort_rows.get(row.cohort_record_id), members, known, member_identifiers
            )
            children[row.cohort_record_id] = _child_create(run, inputs, row, person, members)
            _records_tie(run, inputs, person, members, new_to_index=new_to_index, involved=involved)
        for review in review_rows:
            _review_case_create(run, inputs, review, children.get(review["cohort_record_id"]))
        _outputs_save(result, prefix)
        _run_succeeded(run, inputs, result, prefix=prefix, pairs=len(review_rows))


def _child_create(
    run: WashRun, inputs: Inputs, row: CohortRow, person: Person, members: list[tuple[str, str]]
) -> CohortChild:
    cohort = run.cohort_extract
    assert cohort is not None
    extracts = inputs.extracts
    return CohortChild.objects.create(
        run=run,
        cohort_source=cohort.engine_name,
        cohort_record_id=row.cohort_record_id,
        person=person,
        status=row.status,
        last_seen_date=row.last_seen_date,
        last_seen_by=source_label(row.last_seen_by, extracts) if row.last_seen_by else "",
        confidence=row.confidence,
        linked_records=[
            f"{source_label(s, extracts)}: {r}"
            for s, r in members
            if (s, r) != (cohort.engine_name, row.cohort_record_id)
        ],
    )


def _records_tie(
    run: WashRun,
    inputs: Inputs,
    person: Person,
    members: list[tuple[str, str]],
    *,
    new_to_index: bool,
    involved: set[tuple[int, int]],
) -> None:
    """Each agency record linked to the child now points at the person (and this run)."""
    for source, record_id in members:
        extract = inputs.extracts.get(source)
        if extract is None:
            continue
        AgencyRecord.objects.update_or_create(
            extract=extract, record_id=record_id, defaults={"person": person, "run": run}
        )
        # Only a child this run added to the index is the agencies' own from their extracts; a
        # child already there stays out of their reach (the run's result is all they get).
        if new_to_index and (person.pk, extract.agency_id) not in involved:
            involvement_add(person=person, agency=extract.agency, reason=InvolvementReason.EXTRACT)
            involved.add((person.pk, extract.agency_id))


def _review_case_create(run: WashRun, inputs: Inputs, review: dict[str, str], child: CohortChild | None) -> None:
    ReviewCase.objects.create(
        run=run,
        child=child,
        decides_status=review["decides_status"] == "yes",
        probability=_float(review["match_probability"]) or 0.0,
        match_weight=_float(review["match_weight"]),
        why=review["why"][:300],
        left=_side(review, "left", inputs.extracts),
        right=_side(review, "right", inputs.extracts),
    )


def _outputs_save(result: WashResult, prefix: str) -> None:
    for name in OUTPUT_FILES:
        path = result.out_dir / name
        if path.exists():
            with path.open("rb") as handle:
                saved = default_storage.save(f"{prefix}/{name}", File(handle))
            if saved != f"{prefix}/{name}":
                raise OSError(f"The run's {name} could not be stored under its own name")


def _run_succeeded(run: WashRun, inputs: Inputs, result: WashResult, *, prefix: str, pairs: int) -> None:
    run.status = RunStatus.SUCCEEDED
    run.stage = "done"
    run.percent = 100
    run.finished_at = timezone.now()
    run.seconds = result.seconds
    run.counts = result.counts
    run.output_prefix = prefix
    run.source_labels = {name: source_label(name, inputs.extracts) for name in [*inputs.extracts, VISITS_SOURCE]}
    run.save(
        update_fields=[
            "status",
            "stage",
            "percent",
            "finished_at",
            "seconds",
            "counts",
            "output_prefix",
            "source_labels",
        ]
    )
    audit_record(
        actor=None,
        actor_username=SystemActor.WASH,
        action=Action.CREATE,
        target=run,
        summary=f"Wash run succeeded: {result.counts.get('cohort', 0)} on the register, "
        f"{result.counts.get('cohort_unseen', 0)} not seen for {run.unseen_months} months, "
        f"{pairs} pairs to check",
    )


def _side(review: dict[str, str], prefix: str, extracts: dict[str, Extract]) -> dict[str, str]:
    side = {key[len(prefix) + 1 :]: value for key, value in review.items() if key.startswith(f"{prefix}_")}
    side["label"] = source_label(side.get("source", ""), extracts)
    return side
