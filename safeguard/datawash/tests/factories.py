"""Rows for tests that do not need the engine to have run (URL samples, access checks)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from safeguard.core.testing import World
from safeguard.datawash.models import (
    CohortChild,
    Extract,
    ExtractStatus,
    ReviewCase,
    RunStatus,
    SourceKind,
    WashRun,
)

CSV = b"record_id,given_name,family_name,date_of_birth\nH1,Amelia,Hartley,2011-03-14\n"


def sample_extract(world: World) -> Extract:
    extract = Extract(
        agency=world.health,
        source_kind=SourceKind.HEALTH,
        version=(Extract.objects.filter(agency=world.health).count() + 1),
        original_name="health.csv",
        size_bytes=len(CSV),
        status=ExtractStatus.VALIDATED,
        headers=["record_id", "given_name", "family_name", "date_of_birth"],
        samples={"record_id": ["H1"]},
        mapping={"record_id": "record_id"},
        rows_read=1,
        rows_accepted=1,
    )
    extract.file.save("health.csv", ContentFile(CSV), save=False)
    extract.save()
    return extract


def sample_run(world: World) -> tuple[WashRun, CohortChild, ReviewCase]:
    extract = sample_extract(world)
    run = WashRun.objects.create(
        partnership=world.darlington,
        cohort_extract=extract,
        cohort_kind=SourceKind.EHE_REGISTER,
        as_of=dt.date(2017, 6, 30),
        status=RunStatus.SUCCEEDED,
        started_by=world.erin,
        finished_at=timezone.now(),
        counts={"cohort": 1, "cohort_unseen": 1, "cohort_seen": 0, "cohort_check": 0},
    )
    child = CohortChild.objects.create(
        run=run, cohort_source="ehe_register_dbc_education", cohort_record_id="E1", person=world.child, status="unseen"
    )
    case = ReviewCase.objects.create(
        run=run,
        child=child,
        probability=0.5,
        why="uncertain match",
        left={"source": "ehe_register_dbc_education", "record_id": "E1", "given_name": "Amelia", "label": "Register"},
        right={"source": "health_cddft", "record_id": "H1", "given_name": "Amelia", "label": "Health"},
    )
    return run, child, case
