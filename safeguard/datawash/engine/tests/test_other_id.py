"""``other_id``: another identifier the agencies share (a local child ID), weighed as evidence but never trusted
like a validated NHS number."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from safeguard.datawash.engine import WashResult, run_wash
from safeguard.datawash.engine.io import Mapping, ValidationRules, load_extract, load_mapping
from safeguard.datawash.engine.model import settings
from safeguard.datawash.engine.rules import SIBLINGS_RULE, doubt_reason, veto_reason

from .conftest import AS_OF, CANONICAL_HEADER, MODEL, config_for, write_csv
from .test_rules import facts

HEADER = CANONICAL_HEADER + ",other_id"
SOURCES = ("ehe_register", "school_census", "health", "police", "social_care")


def _load(path: Path) -> pd.DataFrame:
    extract = load_extract("health", path, Mapping(), ValidationRules(as_of=AS_OF))
    return extract.records


# --- rules ------------------------------------------------------------------------------------------------


def test_a_shared_other_id_excuses_a_date_of_birth_no_single_slip_explains() -> None:
    register = facts("Amy", "Hall", "2010-03-04", other_id="LC1234")
    school = facts("Amy", "Hall", "2012-08-21", other_id="LC1234")
    assert doubt_reason(register, school) is None
    assert doubt_reason(register, facts("Amy", "Hall", "2012-08-21")) == SIBLINGS_RULE


def test_siblings_sharing_a_family_number_as_other_id_are_not_linked_automatically() -> None:
    olivia = facts("Olivia", "Hall", "2010-03-04", other_id="FAM77")
    jack = facts("Jack", "Hall", "2013-11-19", other_id="FAM77")
    assert doubt_reason(olivia, jack) == SIBLINGS_RULE


def test_a_shared_other_id_does_not_excuse_a_different_date_of_birth_without_a_given_name() -> None:
    register = facts("Olivia", "Hall", "2010-03-04", other_id="FAM77")
    police = facts("Olivia", "Hall", "2013-11-19", other_id="FAM77", given_name=None)
    assert doubt_reason(register, police) == SIBLINGS_RULE


def test_twins_sharing_an_other_id_stay_apart() -> None:
    olivia = facts("Olivia", "Hall", "2010-03-04", other_id="LC1234")
    amelia = facts("Amelia", "Hall", "2010-03-04", other_id="LC1234")
    assert "twins" in (veto_reason(olivia, amelia) or "")


def test_a_different_other_id_is_no_veto_as_two_valid_nhs_numbers_are() -> None:
    a = facts("Amy", "Hall", "2010-03-04", other_id="LC1234")
    b = facts("Amy", "Hall", "2010-03-04", other_id="LC9876")
    assert veto_reason(a, b) is None
    assert doubt_reason(a, b) is None


# --- reading ----------------------------------------------------------------------------------------------


def test_other_id_is_read_without_case_spaces_or_hyphens_and_placeholders_are_set_aside(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        "1,Amy,,Hall,2010-03-04,F,,,,,,lc-12 34",
        "2,Ben,,Cole,2011-05-06,M,,,,,,Unknown",
        "3,Cat,,Dunn,2012-07-08,F,,,,,,0000",
        header=HEADER,
    )
    extract = load_extract("health", path, Mapping(), ValidationRules(as_of=AS_OF))
    assert extract.records["other_id"].tolist() == ["LC1234", "", ""]
    assert [(r["row_number"], r["field"]) for r in extract.rejects] == [(3, "other_id"), (4, "other_id")]
    assert all("placeholder" in str(r["reason"]) for r in extract.rejects)


def test_an_agency_giving_one_other_id_to_two_children_has_its_other_ids_set_aside(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        "1,Olivia,,Hall,2010-03-04,F,,,,,,FAM77",
        "2,Jack,,Hall,2013-11-19,M,,,,,,FAM77",
        "3,Ben,,Cole,2011-05-06,M,,,,,,FAM80",
        header=HEADER,
    )
    extract = load_extract("health", path, Mapping(), ValidationRules(as_of=AS_OF))
    assert extract.records["other_id"].tolist() == ["", "", ""]
    assert len(extract.rejects) == 3
    assert all("family or case number" in str(r["reason"]) for r in extract.rejects)


def test_one_child_held_twice_under_one_other_id_keeps_it(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        "1,Amy,,Hall,2010-03-04,F,,,,,,LC1234",
        "2,amy,,Hall,2010-03-05,F,,,,,,LC1234",
        header=HEADER,
    )
    assert _load(path)["other_id"].tolist() == ["LC1234", "LC1234"]


def test_a_mapping_file_may_name_other_id(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"Local Child ID" = "other_id"\n', encoding="utf-8")
    assert load_mapping(mapping).columns == {"Local Child ID": "other_id"}


# --- the model --------------------------------------------------------------------------------------------


def test_a_model_trained_without_other_id_gives_it_no_weight() -> None:
    trained = json.loads(MODEL.read_text())
    (comparison,) = [
        c for c in settings(trained).get_settings("duckdb").comparisons if c.output_column_name == "other_id"
    ]
    assert all(level._bayes_factor == 1.0 for level in comparison.comparison_levels)


# --- end to end -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_ids(small_set: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The small partnership with every agency holding a local child ID (one in twenty keyed wrongly), plus:

    * ``wrong_dob``: a seen child whose record elsewhere has a wholly wrong date of birth, the ID kept;
    * ``wrong_dob_no_id``: the same slip on another child, with the ID missing from that record;
    * ``twin``: a made-up twin of an unseen child, seen lately, carrying the unseen child's ID.
    """
    directory = tmp_path_factory.mktemp("local-ids")
    truth = pd.read_csv(small_set / "truth.csv", dtype=str)
    person = {(s, r): p for s, r, p in truth[["source", "record_id", "person_id"]].itertuples(index=False)}
    rows: dict[str, list[dict[str, str]]] = {}
    for name in SOURCES:
        frame = pd.read_csv(small_set / f"{name}.csv", dtype=str, keep_default_na=False)
        rows[name] = [{str(k): str(v) for k, v in row.items()} for row in frame.to_dict("records")]
        for index, row in enumerate(rows[name]):
            number = person[(name, row["record_id"])][1:]
            row["other_id"] = f"LC9{number[2:][::-1]}" if index % 20 == 7 else f"LC{number}"

    register = {row["record_id"]: row for row in rows["ehe_register"]}
    cohort = pd.read_csv(small_set / "cohort_truth.csv", dtype=str, keep_default_na=False)
    children = [{str(k): str(v) for k, v in row.items()} for row in cohort.to_dict("records")]
    clean = [child for child in children if child["hard_case"] == ""]
    chosen: dict[str, str] = {}

    def records_of(child: dict[str, str], source: str) -> list[dict[str, str]]:
        return [row for row in rows[source] if person[(source, row["record_id"])] == child["person_id"]]

    # One iterator for both labels, so each gets a different child.
    seen = (c for c in clean if c["truly_unseen"] == "false" and c["true_last_seen_by"] in rows)
    for label in ("wrong_dob", "wrong_dob_no_id"):
        for child in seen:
            home = register[child["cohort_record_id"]]
            found = records_of(child, child["true_last_seen_by"])
            if len(found) == 1 and found[0]["given_name"] == home["given_name"]:
                year, month, day = home["date_of_birth"].split("-")
                found[0]["date_of_birth"] = (
                    f"{int(year) - 3}-{'02' if month == '11' else '11'}-{'05' if day == '23' else '23'}"
                )
                if label == "wrong_dob_no_id":
                    found[0]["other_id"] = ""
                chosen[label] = child["cohort_record_id"]
                chosen[f"{label}_record"] = f"{child['true_last_seen_by']}:{found[0]['record_id']}"
                break
    for child in (c for c in clean if c["truly_unseen"] == "true"):
        # The twin goes to an agency holding no record of the child, so that agency holds each ID once.
        elsewhere = [name for name in SOURCES[1:] if not records_of(child, name)]
        if elsewhere:
            home = register[child["cohort_record_id"]]
            twin = {column: home.get(column, "") for column in rows[elsewhere[0]][0]}
            twin.update(
                record_id="TWIN",
                given_name="Zebedee" if home["sex"] == "M" else "Zuleika",
                middle_name="",
                last_seen_date="2017-06-01",
            )
            rows[elsewhere[0]].append(twin)
            chosen["twin"], chosen["twin_record"] = child["cohort_record_id"], f"{elsewhere[0]}:TWIN"
            break
    for name, records in rows.items():
        pd.DataFrame(records).to_csv(directory / f"{name}.csv", index=False)
    return directory, chosen


@pytest.fixture(scope="module")
def washed_with_local_ids(
    local_ids: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> WashResult:
    directory, _ = local_ids
    return run_wash(config_for(directory, tmp_path_factory.mktemp("wash-ids") / "out"))


def _cluster_of(result: WashResult, source: str, record_id: str) -> set[str]:
    links = pd.read_csv(result.out_dir / "links.csv", dtype=str)
    person = links.loc[(links["source"] == source) & (links["record_id"] == record_id), "person_id"].iloc[0]
    members = links[links["person_id"] == person]
    return {f"{s}:{r}" for s, r in zip(members["source"], members["record_id"], strict=True)}


@pytest.mark.slow
def test_an_agreeing_other_id_links_a_record_whose_date_of_birth_is_wholly_wrong(
    local_ids: tuple[Path, dict[str, str]], washed_with_local_ids: WashResult
) -> None:
    _, chosen = local_ids
    assert chosen["wrong_dob_record"] in _cluster_of(washed_with_local_ids, "ehe_register", chosen["wrong_dob"])
    # The same slip without the shared ID is the siblings rule's case: no automatic link.
    cluster = _cluster_of(washed_with_local_ids, "ehe_register", chosen["wrong_dob_no_id"])
    assert chosen["wrong_dob_no_id_record"] not in cluster


@pytest.mark.slow
def test_a_twin_carrying_an_unseen_childs_other_id_does_not_make_the_child_seen(
    local_ids: tuple[Path, dict[str, str]], washed_with_local_ids: WashResult
) -> None:
    _, chosen = local_ids
    status = {row.cohort_record_id: row.status for row in washed_with_local_ids.cohort}
    assert status[chosen["twin"]] == "unseen"
    assert chosen["twin_record"] not in _cluster_of(washed_with_local_ids, "ehe_register", chosen["twin"])


@pytest.mark.slow
def test_other_ids_keyed_wrongly_do_not_keep_a_childs_records_apart(
    small_set: Path, washed_with_local_ids: WashResult
) -> None:
    links = pd.read_csv(washed_with_local_ids.out_dir / "links.csv", dtype=str)
    truth = pd.read_csv(small_set / "truth.csv", dtype=str)
    merged = links.merge(truth, on=["source", "record_id"], suffixes=("", "_true"))
    merged["slipped"] = False
    for name in SOURCES:
        frame = pd.read_csv(small_set / f"{name}.csv", dtype=str, usecols=["record_id"])
        slipped = frame.loc[frame.index % 20 == 7, "record_id"]
        merged.loc[(merged["source"] == name) & merged["record_id"].isin(slipped), "slipped"] = True
    # A record is joined when it shares a cluster with another record of its child.
    pairs = merged.groupby(["person_id_true", "person_id"])["record_id"].transform("size")
    has_partner = merged.groupby("person_id_true")["record_id"].transform("size") > 1
    joined = (pairs > 1)[has_partner]
    slipped = merged.loc[has_partner, "slipped"]
    assert slipped.sum() > 50
    assert joined[slipped].mean() >= joined[~slipped].mean() - 0.05
