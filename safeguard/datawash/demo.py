"""The bulletin's data wash, ready on first login: five agencies' extracts and one run (visits: ``visits.demo``).

A home-education register of 101 children of whom 57 have not been seen for 18 months as of
30 June 2017; the run and the visits are dated in the recent past so the campaign dashboard
shows progress up to today.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from safeguard.datawash import services
from safeguard.datawash.models import CANONICAL_FIELDS, Extract, RunStatus, SourceKind, WashRun
from safeguard.partnership.models import AgencyKind, Partnership
from safeguard.partnership.roles import Role
from safeguard.synth.lookups import find_agency, find_user

logger = logging.getLogger(__name__)

AS_OF = dt.date(2017, 6, 30)
UNSEEN_MONTHS = 18
# Trained once on synthetic extracts of the same shape: the demo run then takes seconds, not a minute.
# scripts/train_demo_model.py retrains it when the engine's comparisons change.
DEMO_MODEL = Path(__file__).resolve().parent / "data" / "synthetic_model.json"
# (agency code, fallback agency kind, source kind); the first is the register.
UPLOADS = (
    ("dbc-education", AgencyKind.LA_EDUCATION, SourceKind.EHE_REGISTER),
    ("dbc-education", AgencyKind.LA_EDUCATION, SourceKind.SCHOOL_CENSUS),
    ("cddft", AgencyKind.HEALTH_PROVIDER, SourceKind.HEALTH),
    ("durham-police", AgencyKind.POLICE, SourceKind.POLICE),
    ("dbc-childrens", AgencyKind.LA_CHILDREN, SourceKind.SOCIAL_CARE),
)


def _write_extracts(out_dir: Path) -> None:
    """The synthetic extracts: the synth app's demo set when present, else the same shape generated here."""
    try:
        from safeguard.synth.demo_data import write_demo_extracts  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        from safeguard.synth.extracts import HardCases, write_extracts

        write_extracts(
            out_dir,
            children=3000,
            seed=2017,
            as_of=AS_OF,
            cohort_size=101,
            unseen_count=57,
            unseen_months=UNSEEN_MONTHS,
            hard_cases=HardCases(dissimilar_twins=True),
        )
    else:
        write_demo_extracts(out_dir)


def load_demo(*, partnership: Partnership) -> None:
    if WashRun.objects.filter(partnership=partnership).exists():
        return
    analyst = (
        find_user(partnership, role=Role.ANALYST)
        or find_user(partnership, role=Role.PARTNERSHIP_ADMIN)
        or find_user(partnership)
    )
    if analyst is None or analyst.agency is None:
        logger.warning("No user in %s to run the demo wash", partnership)
        return
    extracts: list[Extract] = []
    with tempfile.TemporaryDirectory(prefix="sg-demo-wash-") as folder:
        out = Path(folder)
        _write_extracts(out)
        for code, kind, source_kind in UPLOADS:
            agency = find_agency(partnership, code=code, kind=kind)
            path = out / f"{source_kind.value}.csv"
            if agency is None or not path.exists():
                logger.warning("Demo extract %s skipped: no agency %s or no file", source_kind, code)
                continue
            officer = find_user(partnership, agency=agency, role=Role.DATA_OFFICER) or find_user(
                partnership, agency=agency
            )
            with path.open("rb") as handle:
                extract = services.extract_receive(
                    actor=officer, agency=agency, source_kind=source_kind, name=path.name, content=File(handle)
                )
            if not extract.is_usable:
                # The synthetic files use Safeguard's own column names, so each maps to itself.
                columns = {h: h for h in extract.headers if h in CANONICAL_FIELDS}
                extract = services.extract_map(
                    actor=officer or analyst, extract=extract, columns=columns, date_formats={}
                )
            extracts.append(extract)
    if not extracts or not extracts[0].is_usable or extracts[0].source_kind != SourceKind.EHE_REGISTER:
        logger.warning("Demo wash skipped: the register was not loaded")
        return
    run = services.run_start(
        actor=analyst,
        cohort_extract=extracts[0],
        source_extracts=extracts[1:],
        as_of=AS_OF,
        unseen_months=UNSEEN_MONTHS,
        enqueue=False,
    )
    run = services.run_execute(run_id=run.pk, model_path=DEMO_MODEL)
    if run.status != RunStatus.SUCCEEDED:
        logger.warning("Demo wash run failed: %s", run.error)
        return
    # The campaign began six weeks ago (the visits demo starts it from this run); dating the run then
    # lets the burn-down show the weeks since.
    started = timezone.now() - dt.timedelta(days=42)
    WashRun.objects.filter(pk=run.pk).update(created_at=started, started_at=started, finished_at=started)
