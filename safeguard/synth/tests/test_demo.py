"""The bulletin's demo: 101 children on the register, 57 of them unseen for 18 months, and unambiguous data."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

import jellyfish
import pandas as pd
import pytest

from safeguard.synth import names
from safeguard.synth.demo_data import DEMO_AS_OF, demo_population, write_demo_extracts
from safeguard.synth.extracts import ExtractSet

CUTOFF = date(2015, 12, 30)  # 18 months before 30 June 2017


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> ExtractSet:
    return write_demo_extracts(tmp_path_factory.mktemp("demo"))


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _date(text: str) -> date | None:
    if not text:
        return None
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


def test_the_demo_has_101_on_the_register_and_57_unseen(demo: ExtractSet) -> None:
    register = _read(demo.cohort_file)
    cohort_truth = _read(demo.cohort_truth_file)
    assert len(register) == 101
    assert len(cohort_truth) == 101
    assert (cohort_truth["truly_unseen"] == "true").sum() == 57
    assert demo.as_of == DEMO_AS_OF
    assert set(demo.source_files) == {"school_census", "health", "police", "social_care"}


def test_the_demo_has_a_pair_of_twins_one_seen_and_one_not(demo: ExtractSet) -> None:
    cohort_truth = _read(demo.cohort_truth_file)
    twins = cohort_truth[cohort_truth["hard_case"].str.startswith("twin")]
    assert sorted(twins["hard_case"]) == ["twin_seen", "twin_unseen"]
    assert sorted(twins["truly_unseen"]) == ["false", "true"]


def test_the_demo_population_matches_the_extracts(demo: ExtractSet) -> None:
    people = demo_population()
    assert people["on_ehe_register"].sum() == 101
    assert people["truly_unseen"].sum() == 57
    cohort_truth = _read(demo.cohort_truth_file)
    assert set(people.loc[people["on_ehe_register"], "person_id"]) == set(cohort_truth["person_id"])
    assert people.equals(demo_population())


@functools.cache
def _given_forms(name: str) -> frozenset[str]:
    forms = {name, *names.NICKNAMES.get(name, ())}
    forms |= {full for full, short in names.NICKNAMES.items() if name in short}
    return frozenset(f.lower() for f in forms)


def _given_matches(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if _given_forms(a) & _given_forms(b):
        return True
    return jellyfish.damerau_levenshtein_distance(a.lower(), b.lower()) <= 1


def _family_matches(a: str, b: str) -> bool:
    parts_a = {p.lower() for p in a.replace("-", " ").split()}
    parts_b = {p.lower() for p in b.replace("-", " ").split()}
    if parts_a & parts_b:
        return True
    return jellyfish.damerau_levenshtein_distance(a.lower(), b.lower()) <= 1


def test_a_careful_rule_finds_exactly_57_with_no_wrong_links(demo: ExtractSet) -> None:
    """A plain deterministic rule (same DOB, compatible given name, and surname or address or
    identifier agreeing) links the demo perfectly: the demo must not depend on a clever engine."""
    register = _read(demo.cohort_file)
    truth = _read(demo.truth_file)
    owner = dict(zip(truth["source"] + ":" + truth["record_id"], truth["person_id"], strict=True))
    records = []
    for source, path in demo.source_files.items():
        frame = _read(path)
        frame["source"] = source
        records.append(frame)
    pool = pd.concat(records, ignore_index=True)
    pool = pool[pool["date_of_birth"].map(_date).isin({_date(d) for d in register["date_of_birth"]})]
    pool["dob"] = pool["date_of_birth"].map(_date)
    pool["seen"] = pool["last_seen_date"].map(_date)
    by_dob: dict[Any, pd.DataFrame] = dict(list(pool.groupby("dob")))

    unseen = 0
    # pandas' row tuples are untyped; the columns are read as text.
    child: Any
    rec: Any
    for child in register.itertuples():
        person = owner[f"ehe_register:{child.record_id}"]
        candidates = by_dob.get(_date(child.date_of_birth), pool.iloc[0:0])
        linked = []
        for rec in candidates.itertuples():
            if not _given_matches(child.given_name, rec.given_name):
                continue
            agree = (
                _family_matches(child.family_name, rec.family_name)
                or (child.postcode and child.postcode == rec.postcode)
                or (child.upn and child.upn == rec.upn)
            )
            if agree:
                linked.append(rec)
        for rec in linked:
            assert owner[f"{rec.source}:{rec.record_id}"] == person, (child, rec)
        if not any(rec.seen and rec.seen >= CUTOFF for rec in linked):
            unseen += 1
    assert unseen == 57
