"""End to end: the Python API and the command line on a small synthetic partnership."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from safeguard.datawash.engine import BadInput, Decisions, WashCancelled, WashResult, run_wash
from safeguard.datawash.engine.cli import main

from .conftest import config_for, write_csv

OUTPUTS = ("cohort.csv", "links.csv", "review.csv", "rejects.csv", "report.html", "model.json")


@pytest.fixture(scope="module")
def washed(small_set: Path, tmp_path_factory: pytest.TempPathFactory) -> WashResult:
    out = tmp_path_factory.mktemp("wash") / "out"
    return run_wash(config_for(small_set, out))


def _statuses(small_set: Path, result: WashResult) -> pd.DataFrame:
    truth = pd.read_csv(small_set / "cohort_truth.csv", dtype=str)
    got = pd.DataFrame([{"cohort_record_id": r.cohort_record_id, "status": r.status} for r in result.cohort])
    return truth.merge(got, on="cohort_record_id", how="left")


@pytest.mark.slow
def test_no_unseen_child_is_marked_seen(small_set: Path, washed: WashResult) -> None:
    merged = _statuses(small_set, washed)
    truly_unseen = merged["truly_unseen"] == "true"
    assert len(merged) == 101 and truly_unseen.sum() == 57
    assert not (truly_unseen & (merged["status"] == "seen")).any()


@pytest.mark.slow
def test_false_alarms_and_checks_stay_within_targets(small_set: Path, washed: WashResult) -> None:
    merged = _statuses(small_set, washed)
    false_alarms = ((merged["truly_unseen"] == "false") & (merged["status"] == "unseen")).sum()
    checks = (merged["status"] == "check").sum()
    assert false_alarms <= 2
    assert checks <= 5


@pytest.mark.slow
def test_every_input_row_is_in_the_links_or_the_rejects(small_set: Path, washed: WashResult) -> None:
    links = pd.read_csv(washed.outputs["links"], dtype=str)
    rejects = pd.read_csv(washed.outputs["rejects"], dtype=str)
    for name in ("ehe_register", "school_census", "health", "police", "social_care"):
        rows = len(pd.read_csv(small_set / f"{name}.csv", dtype=str))
        rejected = rejects[(rejects["source"] == name) & (rejects["outcome"] == "row not used")]["row_number"].nunique()
        assert (links["source"] == name).sum() + rejected == rows


@pytest.mark.slow
def test_outputs_are_written_with_the_agreed_columns(washed: WashResult) -> None:
    for name in OUTPUTS:
        assert (washed.out_dir / name).is_file()
    header = next(csv.reader((washed.out_dir / "cohort.csv").open()))
    assert header == [
        "cohort_record_id",
        "person_id",
        "status",
        "last_seen_date",
        "last_seen_by",
        "linked_records",
        "linked_sources",
        "confidence",
    ]
    report = (washed.out_dir / "report.html").read_text()
    assert "on the register" in report and "Why records were linked" in report
    assert all(0.0 <= row.confidence <= 1.0 for row in washed.cohort)


@pytest.mark.slow
def test_explanations_name_the_level_behind_each_weight_and_add_up(washed: WashResult) -> None:
    steps = pd.read_csv(washed.out_dir / "explanations.csv", dtype={"level": str})
    linked = steps[steps["kind"] == "linked"]
    assert (linked.loc[linked["comparison"] == "given_name", "level"] == "same given name").mean() > 0.5
    assert linked["level"].fillna("").str.startswith("weight ").sum() == 0
    for _, pair in linked.groupby(["left", "right"]):
        parts = pair.loc[~pair["comparison"].isin(["total"]), "weight"].sum()
        assert abs(parts - pair.loc[pair["comparison"] == "total", "weight"].iloc[0]) < 0.1


@pytest.mark.slow
def test_a_saved_model_repeats_the_run_exactly(small_set: Path, washed: WashResult, tmp_path: Path) -> None:
    again = run_wash(config_for(small_set, tmp_path / "again", model_path=washed.outputs["model"]))
    assert [r.status for r in again.cohort] == [r.status for r in washed.cohort]
    assert [r.person_id for r in again.cohort] == [r.person_id for r in washed.cohort]


@pytest.mark.slow
def test_a_rejected_pair_never_links(small_set: Path, washed: WashResult, tmp_path: Path) -> None:
    seen = next(r for r in washed.cohort if r.status == "seen" and len(r.linked_records) == 1)
    source, record_id = seen.linked_records[0].split(":", 1)
    decisions = Decisions(rejected=((("ehe_register", seen.cohort_record_id), (source, record_id)),))
    again = run_wash(config_for(small_set, tmp_path / "again", model_path=washed.outputs["model"], decisions=decisions))
    row = next(r for r in again.cohort if r.cohort_record_id == seen.cohort_record_id)
    assert f"{source}:{record_id}" not in row.linked_records


def test_cancelling_leaves_no_output(small_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(WashCancelled):
        run_wash(config_for(small_set, out), should_cancel=lambda: True)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_bad_input_raises_and_leaves_no_output(small_set: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02 not text")
    out = tmp_path / "out"
    config = config_for(small_set, out)
    from dataclasses import replace

    from safeguard.datawash.engine import SourceSpec

    with pytest.raises(BadInput, match="binary"):
        run_wash(replace(config, sources=(SourceSpec("health", broken),)))
    assert not out.exists()


def test_the_cli_exits_2_on_a_file_with_no_header(tmp_path: Path) -> None:
    cohort = tmp_path / "c.csv"
    cohort.write_text("1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,\n", encoding="utf-8")
    source = write_csv(tmp_path / "s.csv", "1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,2017-01-01")
    code = main(
        [
            "--cohort",
            f"ehe_register={cohort}",
            "--source",
            f"health={source}",
            "--as-of",
            "2017-06-30",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    assert not (tmp_path / "out").exists()


def test_the_cli_exits_2_on_bad_options(tmp_path: Path) -> None:
    assert main(["--cohort", "no-equals-sign", "--as-of", "2017-06-30", "--out", str(tmp_path)]) == 2
    assert main(["--cohort", "a=b.csv", "--as-of", "30/06/2017", "--out", str(tmp_path)]) == 2


@pytest.mark.slow
def test_the_cli_runs_as_a_module(small_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--cohort", f"ehe_register={small_set / 'ehe_register.csv'}"]
    for name in ("school_census", "health", "police", "social_care"):
        args += ["--source", f"{name}={small_set / f'{name}.csv'}"]
    args += ["--as-of", "2017-06-30", "--unseen-months", "18", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "safeguard.datawash.engine.cli", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "101 on the register" in done.stdout
    assert (out / "cohort.csv").is_file()
