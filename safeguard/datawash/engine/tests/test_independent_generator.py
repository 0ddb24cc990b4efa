"""The second, independent extract generator (``bench/independent``): its files, its truth, its identifiers.

Nothing here measures the engine: these tests only prove the generator's ground truth can be trusted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from stdnum.gb import nhs, upn

from bench.independent import SOURCES, cutoff_for, generate
from bench.independent.world import build_world
from safeguard.datawash.engine.io import CANONICAL_COLUMNS, Mapping, ValidationRules, load_extract

AS_OF = dt.date(2017, 6, 30)
CHILDREN = 2_000
# other_id and registered_on are optional: the generator writes registered_on on the register only.
CANONICAL = [c for c in CANONICAL_COLUMNS if c not in ("other_id", "registered_on")]
POSTCODE = re.compile(r"^(DL|TS|DH)[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}$")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("independent")
    generate(out, children=CHILDREN, seed=11, as_of=AS_OF, unseen_months=18)
    return out


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _dates(values: pd.Series) -> pd.Series:
    iso = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    return iso.fillna(pd.to_datetime(values, format="%d/%m/%Y", errors="coerce"))


def _all_records(made: Path) -> pd.DataFrame:
    frames = [_read(made / f"{source}.csv").assign(source=source) for source in SOURCES]
    return pd.concat(frames, ignore_index=True)


def test_it_writes_every_file_in_the_canonical_columns_and_the_manifest_says_what_it_wrote(made: Path) -> None:
    manifest = json.loads((made / "manifest.json").read_text())
    for source in SOURCES:
        frame = _read(made / f"{source}.csv")
        assert list(frame.columns[: len(CANONICAL)]) == CANONICAL
        assert manifest["files"][f"{source}.csv"]["rows"] == len(frame)
    assert "registered_on" in _read(made / "ehe_register.csv").columns
    assert list(_read(made / "truth.csv").columns) == ["source", "record_id", "person_id", "noise"]
    assert list(_read(made / "cohort_truth.csv").columns) == [
        "cohort_record_id",
        "person_id",
        "truly_unseen",
        "true_last_seen_date",
        "true_last_seen_by",
        "hard_case",
    ]
    assert manifest["rates"]["police"]["nhs_present"] == 0
    assert manifest["cutoff"] == cutoff_for(AS_OF, 18).isoformat()


def test_every_record_has_exactly_one_truth_row_and_the_cohort_is_the_register(made: Path) -> None:
    records = _all_records(made)
    truth = _read(made / "truth.csv")
    assert len(truth) == len(records)
    assert not truth.duplicated(["source", "record_id"]).any()
    merged = records.merge(truth, on=["source", "record_id"], how="left", validate="one_to_one")
    assert merged["person_id"].ne("").all()
    cohort = _read(made / "cohort_truth.csv")
    register = _read(made / "ehe_register.csv")
    assert sorted(cohort["cohort_record_id"]) == sorted(register["record_id"])
    assert len(cohort) >= 101


def test_truly_unseen_agrees_with_the_sightings_written_the_registers_own_included(made: Path) -> None:
    records = _all_records(made).merge(_read(made / "truth.csv"), on=["source", "record_id"])
    records["seen"] = _dates(records["last_seen_date"])
    assert records.loc[records["last_seen_date"] != "", "seen"].notna().all(), "every sighting is a readable date"
    assert (records["seen"].dropna() <= pd.Timestamp(AS_OF)).all()
    latest = records.dropna(subset=["seen"]).sort_values("seen").groupby("person_id").tail(1).set_index("person_id")
    cohort = _read(made / "cohort_truth.csv")
    last = latest.reindex(cohort["person_id"])
    cutoff = pd.Timestamp(cutoff_for(AS_OF, 18))
    expected_unseen = ~(last["seen"] >= cutoff).fillna(False).to_numpy(dtype=bool)
    assert (cohort["truly_unseen"].eq("true").to_numpy() == expected_unseen).all()
    written = last["seen"].dt.strftime("%Y-%m-%d").fillna("").to_numpy()
    assert (cohort["true_last_seen_date"].to_numpy() == written).all()
    # The register's officers are among the sighters, and every kind of history is present.
    assert (cohort["true_last_seen_by"] == "ehe_register").any()
    assert 0.3 < expected_unseen.mean() < 0.7
    assert (cohort["true_last_seen_date"] == "").any()
    assert ((cohort["true_last_seen_date"] != "") & cohort["truly_unseen"].eq("true")).any()


def test_registration_is_never_a_sighting(made: Path) -> None:
    register = _read(made / "ehe_register.csv")
    cohort = _read(made / "cohort_truth.csv").set_index("cohort_record_id").loc[register["record_id"]]
    registered = pd.to_datetime(register["registered_on"], format="%Y-%m-%d")
    cutoff = pd.Timestamp(cutoff_for(AS_OF, 18))
    recently_registered_unseen = (registered >= cutoff).to_numpy() & cohort["truly_unseen"].eq("true").to_numpy()
    assert recently_registered_unseen.any()
    assert register["registered_on"].ne("").all()
    assert register["last_seen_date"].eq("").any() and register["last_seen_date"].ne("").any()


def test_nhs_numbers_are_valid_except_the_planted_transpositions(made: Path) -> None:
    records = _all_records(made).merge(_read(made / "truth.csv"), on=["source", "record_id"])
    given = records[records["nhs_number"] != ""]
    transposed = given["noise"].str.contains("nhs_transposed")
    valid = given["nhs_number"].map(nhs.is_valid)
    assert valid[~transposed].all()
    assert transposed.any() and not valid[transposed].all()
    # A transposed number differs from the child's own only by two neighbouring digits.
    own = given[~transposed].groupby("person_id")["nhs_number"].first()
    for person, number in given.loc[transposed, ["person_id", "nhs_number"]].itertuples(index=False):
        if person in own.index:
            diff = [i for i, (a, b) in enumerate(zip(own[person], number, strict=True)) if a != b]
            assert len(diff) == 2 and diff[1] == diff[0] + 1


def test_upns_are_valid_except_the_mistyped_and_police_hold_no_identifiers(made: Path) -> None:
    records = _all_records(made).merge(_read(made / "truth.csv"), on=["source", "record_id"])
    given = records[records["upn"] != ""]
    mistyped = given["noise"].str.contains("upn_mistyped")
    assert given.loc[~mistyped, "upn"].map(upn.is_valid).all()
    assert mistyped.any()
    police = records[records["source"] == "police"]
    assert police["nhs_number"].eq("").all() and police["upn"].eq("").all()


def test_postcodes_are_north_east_and_valid_in_shape_once_normalised(made: Path) -> None:
    codes = _all_records(made)["postcode"]
    codes = codes[codes != ""].str.upper().str.replace(" ", "").str.replace(r"(...)$", r" \1", regex=True)
    assert codes.map(lambda c: bool(POSTCODE.match(c))).all()


def test_every_kind_of_variation_the_issue_names_is_planted(made: Path) -> None:
    truth = _read(made / "truth.csv")
    labels = set(";".join(truth["noise"]).split(";"))
    for label in (
        "nickname",
        "misspelt_given",
        "misspelt_family",
        "nickname_and_misspelling",
        "swapped_names",
        "dob_day",
        "dob_ten_days",
        "dob_year",
        "dob_day_month_swapped",
        "other_surname",
        "old_address",
        "no_postcode",
        "duplicate",
        "nhs_transposed",
        "upn_mistyped",
        "sex_wrong",
        "no_middle",
        "middle_initial",
        "upper_case",
        "extra_spaces",
    ):
        assert label in labels, label
    police = truth[truth["source"] == "police"]
    assert police["noise"].str.contains("nickname_and_misspelling").any()
    assert truth.loc[truth["noise"].str.contains("duplicate"), "source"].nunique() >= 3
    hard = ";".join(_read(made / "cohort_truth.csv")["hard_case"])
    assert "twin" in hard and "step_family_surname" in hard


def test_same_name_twins_differ_only_in_their_middle_names() -> None:
    world = build_world(np.random.default_rng(5), 5_000, np.datetime64(AS_OF, "D"))
    first = np.flatnonzero(world.twin_same_name & (world.twin > np.arange(world.children)))
    assert len(first)
    second = world.twin[first]
    assert (world.given[first] == world.given[second]).all()
    assert (world.dob[first] == world.dob[second]).all()
    assert (world.sex[first] == world.sex[second]).all()
    assert (world.middle[first] != world.middle[second]).all() and (world.middle[first] != "").all()
    assert (world.nhs[first] != world.nhs[second]).all()


def test_the_reader_accepts_every_row_and_every_sighting(made: Path) -> None:
    rules = ValidationRules(as_of=AS_OF)
    for source in SOURCES:
        extract = load_extract(source, made / f"{source}.csv", Mapping(), rules)
        assert len(extract.records) == extract.rows_read
        fields = {str(r["field"]) for r in extract.rejects}
        assert fields <= {"nhs_number", "upn"}, (source, fields)


def test_the_same_seed_makes_the_same_files_and_another_seed_does_not(tmp_path: Path) -> None:
    def hashes(out: Path, seed: int) -> dict[str, str]:
        manifest = generate(out, children=400, seed=seed, as_of=AS_OF)
        files = manifest["files"]
        assert isinstance(files, dict)
        return {name: info["sha256"] for name, info in files.items()}

    first = hashes(tmp_path / "a", 3)
    assert hashes(tmp_path / "b", 3) == first
    assert hashes(tmp_path / "c", 4) != first
