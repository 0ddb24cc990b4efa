"""Getting a wash run's inputs ready for the engine, and reading its outputs back from storage.

The engine takes files and TOML mappings in a working folder; everything it needs is copied there
from private storage, with the partnership's earlier link decisions and the visit contacts other
apps hand to the wash (``datawash.contacts``).
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from django.conf import settings
from django.core.files.storage import default_storage

from safeguard.datawash.contacts import contacts_for
from safeguard.datawash.engine import Decisions, SourceSpec, WashConfig
from safeguard.datawash.models import Decision, Extract, LinkDecision, WashRun
from safeguard.datawash.uploads import UploadProblem

VISITS_SOURCE = "joint_visits"


OUTPUT_FILES = ("cohort.csv", "links.csv", "review.csv", "rejects.csv", "report.html", "run.json")


@dataclass
class Inputs:
    config: WashConfig
    extracts: dict[str, Extract]
    visit_keys: dict[str, Any]


def _write_toml_mapping(path: Path, extract: Extract) -> None:
    # tomli-w escapes what an agency's headers may hold (quotes, backslashes, line breaks) so the engine's
    # tomllib reads back exactly the headers the file has.
    mapping = {
        "encoding": extract.encoding,
        "columns": dict(extract.mapping),
        "dates": {k: v for k, v in extract.date_formats.items() if v},
    }
    path.write_text(tomli_w.dumps(mapping), encoding="utf-8")


def _copy_extract(extract: Extract, work: Path) -> Path:
    path = work / f"{extract.engine_name}{Path(extract.file.name).suffix}"
    with default_storage.open(extract.file.name, "rb") as source, path.open("wb") as target:
        shutil.copyfileobj(source, target)
    return path


def model_path_of(given: Path | None) -> Path | None:
    """A partnership may fix an approved model so every run scores pairs the same way (and skips training)."""
    if given is not None:
        return given
    configured = getattr(settings, "SAFEGUARD_WASH_MODEL_PATH", "")
    return Path(configured) if configured else None


def prepare(run: WashRun, work: Path, *, model_path: Path | None = None) -> Inputs:
    cohort = run.cohort_extract
    if cohort is None or not cohort.is_usable:
        raise UploadProblem("The cohort extract has been deleted or is not validated")
    extracts = {cohort.engine_name: cohort}
    sources: list[SourceSpec] = []
    mappings: dict[str, Path] = {}
    for extract in run.source_extracts.select_related("agency"):
        if not extract.is_usable:
            raise UploadProblem(f"{extract} is not validated")
        if extract.engine_name in extracts:
            raise UploadProblem(f"Choose one version of {extract.agency}'s {extract.get_source_kind_display()}")
        extracts[extract.engine_name] = extract
    for name, extract in extracts.items():
        path = _copy_extract(extract, work)
        mapping = work / f"{name}.toml"
        _write_toml_mapping(mapping, extract)
        mappings[name] = mapping
        if extract.pk != cohort.pk:
            sources.append(SourceSpec(name, path))
    cohort_path = work / f"{cohort.engine_name}{Path(cohort.file.name).suffix}"
    confirmed: list[Any] = []
    rejected: list[Any] = []
    for decision in LinkDecision.objects.filter(partnership=run.partnership):
        pair = (
            (decision.left_source, decision.left_record_id),
            (decision.right_source, decision.right_record_id),
        )
        (confirmed if decision.decision == Decision.CONFIRM else rejected).append(pair)
    visit_keys: dict[str, Any] = {}
    if run.include_visits:
        visits = _visits_source(run, work, confirmed, visit_keys)
        if visits is not None:
            sources.append(visits)
    config = WashConfig(
        model_path=model_path_of(model_path),
        cohort=SourceSpec(cohort.engine_name, cohort_path),
        sources=tuple(sources),
        as_of=run.as_of,
        unseen_months=run.unseen_months,
        out_dir=work / "out",
        mappings=mappings,
        decisions=Decisions(confirmed=tuple(confirmed), rejected=tuple(rejected)),
    )
    return Inputs(config=config, extracts=extracts, visit_keys=visit_keys)


def _visits_source(run: WashRun, work: Path, confirmed: list[Any], visit_keys: dict[str, Any]) -> SourceSpec | None:
    """The visit contacts as one more source, each confirmed as the register entry the officer visited.

    Handed over by the apps that record sightings (joint visits): the wash imports none of them.
    """
    contacts = [c for c in contacts_for(partnership=run.partnership) if c.contact_date <= run.as_of]
    if not contacts:
        return None
    path = work / f"{VISITS_SOURCE}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "given_name", "family_name", "date_of_birth", "last_seen_date"])
        for contact in contacts:
            record_id = contact.record_id
            writer.writerow(
                [
                    record_id,
                    contact.given_name,
                    contact.family_name,
                    contact.date_of_birth.isoformat() if contact.date_of_birth else "",
                    contact.contact_date.isoformat(),
                ]
            )
            visit_keys[record_id] = contact
            # The visit was to this register entry: an officer saw the child, no guessing.
            confirmed.append(((VISITS_SOURCE, record_id), (contact.cohort_source, contact.cohort_record_id)))
    return SourceSpec(VISITS_SOURCE, path)


def run_output(run: WashRun, name: str) -> bytes:
    """One of the engine's output files for a run, from private storage."""
    if name not in OUTPUT_FILES or not run.output_prefix:
        raise FileNotFoundError(name)
    with default_storage.open(f"{run.output_prefix}/{name}", "rb") as handle:
        data: bytes = handle.read()
    return data
