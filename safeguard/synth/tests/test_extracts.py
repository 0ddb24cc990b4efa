"""The extract generator: reproducible files, complete truth, and the planted hard cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from safeguard.synth.extracts import CANONICAL_COLUMNS, SOURCES, write_extracts

AS_OF = date(2017, 6, 30)


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("extracts")
    return write_extracts(out, children=4000, seed=11, as_of=AS_OF, cohort_size=60, unseen_count=33)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = write_extracts(tmp_path / "a", children=1500, seed=5, as_of=AS_OF)
    second = write_extracts(tmp_path / "b", children=1500, seed=5, as_of=AS_OF)
    names = sorted(p.name for p in first.out_dir.iterdir())
    assert names == sorted(p.name for p in second.out_dir.iterdir())
    for name in names:
        assert (first.out_dir / name).read_bytes() == (second.out_dir / name).read_bytes(), name


def test_truth_covers_every_record(small_set) -> None:
    truth = _read(small_set.truth_file)
    for source, path in {"ehe_register": small_set.cohort_file, **small_set.source_files}.items():
        records = _read(path)
        ids = set(truth.loc[truth["source"] == source, "record_id"])
        assert set(records["record_id"]) == ids, source
        assert len(records) == len(ids), source
    assert truth["person_id"].str.startswith("P").all()


def test_every_source_has_the_canonical_columns(small_set) -> None:
    for source in SOURCES:
        columns = list(_read(small_set.source_files[source]).columns)
        assert columns[: len(CANONICAL_COLUMNS)] == list(CANONICAL_COLUMNS)


def test_cohort_has_the_requested_size_and_unseen_count(small_set) -> None:
    cohort_truth = _read(small_set.cohort_truth_file)
    assert len(cohort_truth) == 60
    assert (cohort_truth["truly_unseen"] == "true").sum() == 33
