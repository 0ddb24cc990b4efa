"""Writing a synthetic world to disk: one CSV per source (streamed in chunks), the truth files, the manifest,
and optionally byte-stable XLSX copies for demos.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from safeguard.synth.sources import COHORT_SOURCE
from safeguard.synth.world import World

GENERATOR_VERSION = 1


_CSV_CHUNK = 100_000


# XLSX is for demos and small tests; beyond this many rows a spreadsheet is the wrong tool.
XLSX_MAX_ROWS = 100_000


@dataclass(frozen=True)
class ExtractSet:
    """What ``write_extracts`` wrote, and the numbers needed to check a linkage run against the truth."""

    out_dir: Path
    seed: int
    as_of: date
    children: int
    cutoff_date: date
    unseen_months: int
    cohort_size: int
    unseen_count: int
    cohort_file: Path
    source_files: dict[str, Path]
    truth_file: Path
    cohort_truth_file: Path
    manifest_file: Path
    record_counts: dict[str, int]
    xlsx_files: dict[str, Path] = field(default_factory=dict)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", chunksize=_CSV_CHUNK, encoding="utf-8")


class CsvWriter:
    """Writes each source's CSV and its rows of truth.csv as the records arrive."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.files: dict[str, Path] = {}
        self.counts: dict[str, int] = {}
        self.truth_path = out_dir / "truth.csv"
        self._truth = self.truth_path.open("w", encoding="utf-8", newline="\n")
        self._truth.write("source,record_id,person_id,noise\n")

    def __enter__(self) -> CsvWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._truth.close()

    def __call__(self, source: str, table: pd.DataFrame, person_ids: np.ndarray, noise: np.ndarray) -> None:
        path = self.out_dir / f"{source}.csv"
        _write_csv(table, path)
        self.files[source] = path
        self.counts[source] = len(table)
        part = pd.DataFrame(
            {"source": source, "record_id": table["record_id"].to_numpy(), "person_id": person_ids, "noise": noise},
            dtype=object,
        )
        part.to_csv(self._truth, index=False, header=False, lineterminator="\n", chunksize=_CSV_CHUNK)


def write_world(out_dir: Path, world: World, *, xlsx: bool = False) -> ExtractSet:
    """Write a world built by ``build_world`` (without a sink): the CSVs, truth files and manifest."""
    with CsvWriter(out_dir) as writer:
        for source, table in world.tables.items():
            writer(source, table, world.truth[source], world.noise[source])
    xlsx_files = _write_xlsx(out_dir, world.tables, world.as_of) if xlsx else {}
    return finish_extracts(out_dir, world, writer, xlsx_files)


def finish_extracts(out_dir: Path, world: World, writer: CsvWriter, xlsx_files: dict[str, Path]) -> ExtractSet:
    """The cohort truth and the manifest, once every source has been written."""
    files, counts, truth_path = writer.files, writer.counts, writer.truth_path
    cohort_truth = world.cohort_truth.copy()
    cohort_truth["truly_unseen"] = np.where(cohort_truth["truly_unseen"].to_numpy(dtype=bool), "true", "false")
    cohort_truth_path = out_dir / "cohort_truth.csv"
    _write_csv(cohort_truth, cohort_truth_path)

    unseen_total = int(world.cohort_truth["truly_unseen"].sum())
    manifest_path = out_dir / "manifest.json"
    manifest = {
        "generator": "safeguard.synth.extracts",
        "generator_version": GENERATOR_VERSION,
        "seed": world.seed,
        "children": world.children,
        "people": len(world.population),
        "as_of": world.as_of.isoformat(),
        "unseen_months": world.unseen_months,
        "cutoff_date": str(world.cutoff),
        "cohort_source": COHORT_SOURCE,
        "cohort_size": len(world.cohort),
        "unseen_count": unseen_total,
        "sources": list(world.sources),
        "hard_cases": asdict(world.hard_cases),
        "hard_case_counts": {
            k: int(v) for k, v in world.cohort_truth["hard_case"].value_counts().sort_index().items() if k
        },
        "profiles": {name: asdict(world.profiles[name]) for name in (COHORT_SOURCE, *world.sources)},
        "files": [{"name": p.name, "rows": counts.get(k, 0), "sha256": _sha256(p)} for k, p in files.items()]
        + [
            {"name": truth_path.name, "rows": sum(counts.values()), "sha256": _sha256(truth_path)},
            {"name": cohort_truth_path.name, "rows": len(cohort_truth), "sha256": _sha256(cohort_truth_path)},
        ]
        + [{"name": p.name, "rows": counts[k]} for k, p in xlsx_files.items()],
        "date_formats": {name: world.profiles[name].date_format for name in (COHORT_SOURCE, *world.sources)},
    }
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return ExtractSet(
        out_dir=out_dir,
        seed=world.seed,
        as_of=world.as_of,
        children=world.children,
        cutoff_date=world.cutoff.astype(object),
        unseen_months=world.unseen_months,
        cohort_size=len(world.cohort),
        unseen_count=unseen_total,
        cohort_file=files[COHORT_SOURCE],
        source_files={k: v for k, v in files.items() if k != COHORT_SOURCE},
        truth_file=truth_path,
        cohort_truth_file=cohort_truth_path,
        manifest_file=manifest_path,
        record_counts=counts,
        xlsx_files=xlsx_files,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_xlsx(out_dir: Path, tables: dict[str, pd.DataFrame], as_of: date) -> dict[str, Path]:
    total = sum(len(t) for t in tables.values())
    if total > XLSX_MAX_ROWS:
        raise ValueError(f"XLSX output is for small sets (at most {XLSX_MAX_ROWS:,} records); this has {total:,}")
    out: dict[str, Path] = {}
    for source, table in tables.items():
        path = out_dir / f"{source}.xlsx"
        path.write_bytes(_xlsx_bytes(table, source[:31], as_of))
        out[source] = path
    return out


def _xlsx_bytes(table: pd.DataFrame, sheet: str, as_of: date) -> bytes:
    """A workbook with every cell as text (as agencies' exports are), with reproducible bytes.

    openpyxl stamps the save time into docProps/core.xml and into each zip entry; both are
    replaced with fixed values so the same data always gives the same file.
    """
    from openpyxl import Workbook  # only needed for XLSX, which is optional

    workbook = Workbook(write_only=True)
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    workbook.properties.created = stamp
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(list(table.columns))
    for row in table.itertuples(index=False, name=None):
        worksheet.append(list(row))
    raw = io.BytesIO()
    workbook.save(raw)
    fixed = io.BytesIO()
    when = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = when.sub(rb"\g<1>" + iso + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return fixed.getvalue()
