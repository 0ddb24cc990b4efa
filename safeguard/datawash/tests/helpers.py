"""Small synthetic extracts and a fixed model, so a real engine run takes seconds in tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files import File

from safeguard.core.testing import World
from safeguard.datawash import services
from safeguard.datawash.models import CANONICAL_FIELDS, Extract, SourceKind
from safeguard.synth.extracts import HardCases, write_extracts

AS_OF = dt.date(2017, 6, 30)
MODEL = Path(__file__).resolve().parents[1] / "data" / "synthetic_model.json"


def small_extracts(out_dir: Path) -> None:
    write_extracts(
        out_dir,
        children=400,
        seed=7,
        as_of=AS_OF,
        cohort_size=12,
        unseen_count=6,
        sources=("health", "school_census"),
        hard_cases=HardCases(dissimilar_twins=True),
    )


def upload(world: World, path: Path, agency_name: str, kind: SourceKind) -> Extract:
    """Receive a synth file with its canonical headers mapped to themselves."""
    agency = getattr(world, agency_name)
    with path.open("rb") as handle:
        extract = services.extract_receive(
            actor=None, agency=agency, source_kind=kind, name=path.name, content=File(handle)
        )
    if not extract.is_usable:
        columns = {h: h for h in extract.headers if h in CANONICAL_FIELDS}
        extract = services.extract_map(actor=world.dana, extract=extract, columns=columns, date_formats={})
    return extract


def register_and_health(world: World, out_dir: Path) -> tuple[Extract, Extract]:
    small_extracts(out_dir)
    register = upload(world, out_dir / "ehe_register.csv", "education", SourceKind.EHE_REGISTER)
    health = upload(world, out_dir / "health.csv", "health", SourceKind.HEALTH)
    return register, health
