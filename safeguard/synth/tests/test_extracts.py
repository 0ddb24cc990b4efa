"""The extract generator: reproducible files, complete truth, and the planted hard cases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from safeguard.people.identifiers import nhs_number_is_valid, upn_is_valid
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


def test_nhs_numbers_pass_modulus_11_unless_marked_invalid(small_set) -> None:
    truth = _read(small_set.truth_file)
    marked = truth["noise"].str.contains("nhs_invalid")
    spoiled = set(truth.loc[marked, "source"] + ":" + truth.loc[marked, "record_id"])
    checked = 0
    for source, path in small_set.source_files.items():
        records = _read(path)
        for record_id, number in zip(records["record_id"], records["nhs_number"], strict=True):
            if number:
                checked += 1
                assert nhs_number_is_valid(number) == (f"{source}:{record_id}" not in spoiled), (source, record_id)
    assert checked > 1000
    assert spoiled


def test_upns_pass_their_check_letter_unless_marked_invalid(small_set) -> None:
    truth = _read(small_set.truth_file)
    marked = truth["noise"].str.contains("upn_invalid")
    spoiled = set(truth.loc[marked, "source"] + ":" + truth.loc[marked, "record_id"])
    for source, path in {"ehe_register": small_set.cohort_file, **small_set.source_files}.items():
        records = _read(path)
        for record_id, upn in zip(records["record_id"], records["upn"], strict=True):
            if upn:
                assert upn_is_valid(upn) == (f"{source}:{record_id}" not in spoiled), (source, record_id)


def test_the_cohort_truth_agrees_with_the_records(small_set) -> None:
    """Recompute each cohort child's latest contact from the files alone and compare."""
    truth = _read(small_set.truth_file)
    cohort_truth = _read(small_set.cohort_truth_file)
    cutoff = small_set.cutoff_date
    latest: dict[str, tuple[date, str]] = {}
    owner = dict(zip(truth["source"] + ":" + truth["record_id"], truth["person_id"], strict=True))
    for source, path in small_set.source_files.items():
        records = _read(path)
        for record_id, seen in zip(records["record_id"], records["last_seen_date"], strict=True):
            person = owner[f"{source}:{record_id}"]
            day = _parse(seen)
            if person not in latest or day > latest[person][0]:
                latest[person] = (day, source)
    row: Any
    for row in cohort_truth.itertuples():
        found = latest.get(row.person_id)
        unseen = found is None or found[0] < cutoff
        assert (row.truly_unseen == "true") == unseen, row
        assert row.true_last_seen_date == (found[0].isoformat() if found else "")


def test_cohort_children_are_not_on_a_current_school_roll(small_set) -> None:
    """Home-educated children appear in the census only as old records (left before ``as_of``)."""
    truth = _read(small_set.truth_file)
    cohort_people = set(_read(small_set.cohort_truth_file)["person_id"])
    census = _read(small_set.source_files["school_census"]).merge(
        truth.loc[truth["source"] == "school_census", ["record_id", "person_id", "noise"]], on="record_id"
    )
    census = census[~census["noise"].str.contains("duplicate")]  # copies are older by design
    on_roll = census[~census["person_id"].isin(cohort_people)]
    left = census[census["person_id"].isin(cohort_people)]
    assert all(_parse(d) >= date(2017, 6, 10) for d in on_roll["last_seen_date"])
    assert len(left) < len(cohort_people)
    assert all(_parse(d) < date(2017, 6, 10) for d in left["last_seen_date"])


def test_hard_cases_are_planted(small_set) -> None:
    cohort_truth = _read(small_set.cohort_truth_file)
    cases = cohort_truth["hard_case"].value_counts()
    assert cases.get("twin_seen", 0) >= 1 and cases.get("twin_seen") == cases.get("twin_unseen")
    assert cases.get("similar_sibling_seen", 0) >= 1
    assert cases.get("namesake_seen_elsewhere", 0) >= 1
    twins = cohort_truth[cohort_truth["hard_case"].str.startswith("twin")]
    assert set(twins.loc[twins["hard_case"] == "twin_seen", "truly_unseen"]) == {"false"}
    assert set(twins.loc[twins["hard_case"] == "twin_unseen", "truly_unseen"]) == {"true"}


def test_every_kind_of_noise_appears_somewhere(tmp_path: Path) -> None:
    result = write_extracts(tmp_path, children=6000, seed=4, as_of=AS_OF)
    truth = _read(result.truth_file)
    kinds = set(";".join(truth["noise"]).split(";")) - {""}
    expected = {
        "duplicate",
        "old_address",
        "old_surname",
        "surname_form",
        "nickname",
        "typo_given",
        "typo_family",
        "name_swap",
        "dob_swap",
        "dob_digit",
        "missing_dob",
        "missing_postcode",
        "nhs_invalid",
        "upn_invalid",
        "other_date_format",
    }
    assert expected <= kinds, expected - kinds


def test_sources_use_their_own_date_format(small_set) -> None:
    health = _read(small_set.source_files["health"])
    census = _read(small_set.source_files["school_census"])
    assert health["date_of_birth"].str.match(r"^\d{2}/\d{2}/\d{4}$").all()
    assert census["date_of_birth"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()


def test_the_manifest_records_how_to_reproduce_the_set(small_set) -> None:
    manifest = json.loads(small_set.manifest_file.read_text())
    assert manifest["seed"] == 11
    assert manifest["as_of"] == "2017-06-30"
    assert manifest["cohort_size"] == 60 and manifest["unseen_count"] == 33
    assert {f["name"] for f in manifest["files"]} >= {"truth.csv", "cohort_truth.csv", "health.csv", "ehe_register.csv"}


def test_xlsx_copies_are_reproducible(tmp_path: Path) -> None:
    first = write_extracts(tmp_path / "a", children=300, seed=1, as_of=AS_OF, xlsx=True)
    second = write_extracts(tmp_path / "b", children=300, seed=1, as_of=AS_OF, xlsx=True)
    assert first.xlsx_files
    for source, path in first.xlsx_files.items():
        assert path.read_bytes() == second.xlsx_files[source].read_bytes()
    back = pd.read_excel(first.xlsx_files["health"], dtype=str, keep_default_na=False)
    assert list(back.columns[: len(CANONICAL_COLUMNS)]) == list(CANONICAL_COLUMNS)


def test_a_cohort_bigger_than_the_unseen_count_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_extracts(tmp_path, children=500, seed=1, as_of=AS_OF, cohort_size=5, unseen_count=6)


def _parse(text: str) -> date:
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)
