"""The synthetic population: identifiers that validate, households that hang together, twins that are two children."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from safeguard.people.identifiers import make_nhs_number, make_upn, nhs_number_is_valid, postcode_is_valid, upn_is_valid
from safeguard.synth import names
from safeguard.synth.population import generate_population, nhs_check_digits, upn_check_letters

AS_OF = date(2017, 6, 30)


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return generate_population(children=5000, seed=3, as_of=AS_OF)


def test_the_same_seed_gives_the_same_people() -> None:
    first = generate_population(children=800, seed=9, as_of=AS_OF)
    second = generate_population(children=800, seed=9, as_of=AS_OF)
    pd.testing.assert_frame_equal(first, second)
    assert not first.equals(generate_population(children=800, seed=10, as_of=AS_OF))


def test_it_makes_exactly_the_children_asked_for(people: pd.DataFrame) -> None:
    assert (people["kind"] == "child").sum() == 5000
    assert (people["kind"] == "adult").sum() > 0
    assert people["person_id"].is_unique


def test_every_nhs_number_marked_valid_passes_modulus_11(people: pd.DataFrame) -> None:
    assert people["nhs_number"].is_unique
    assert all(nhs_number_is_valid(n) for n in people["nhs_number"])
    # Drawn from the 9xx range, never issued to patients.
    assert people["nhs_number"].str.startswith("9").all()


def test_the_vectorised_nhs_check_digit_agrees_with_make_nhs_number() -> None:
    bodies = np.random.default_rng(1).integers(100_000_000, 1_000_000_000, size=5000)
    checks = nhs_check_digits(bodies)
    for body, check in zip(bodies, checks, strict=True):
        expected = make_nhs_number(int(body))
        if check == 10:
            assert expected is None
        elif expected is not None:  # None also for all-same-digit numbers, which we drop separately
            assert expected == f"{body:09d}{check}"


def test_every_upn_passes_its_check_letter(people: pd.DataFrame) -> None:
    upns = people.loc[people["upn"] != "", "upn"]
    assert len(upns) > 2000
    assert upns.is_unique
    assert all(upn_is_valid(u) for u in upns)


def test_the_vectorised_upn_check_letter_agrees_with_make_upn() -> None:
    rng = np.random.default_rng(2)
    la, est, year, serial = (rng.integers(0, k, size=2000) for k in (1000, 10000, 100, 1000))
    twelve = ((la * 10_000 + est) * 100 + year) * 1000 + serial
    letters = upn_check_letters(twelve)
    for i in range(len(twelve)):
        assert make_upn(int(la[i]), int(est[i]), int(year[i]), int(serial[i])) == letters[i] + f"{twelve[i]:012d}"


def test_only_children_who_have_started_school_have_upns(people: pd.DataFrame) -> None:
    children = people[people["kind"] == "child"]
    assert (children.loc[children["nc_year"] < 0, "upn"] == "").all()
    assert (children.loc[children["nc_year"] >= 0, "upn"] != "").all()
    assert (people.loc[people["kind"] == "adult", "upn"] == "").all()


def test_postcodes_look_real_and_cluster_in_a_few_districts(people: pd.DataFrame) -> None:
    assert all(postcode_is_valid(p) for p in people["postcode"])
    moved = people["previous_postcode"] != ""
    assert all(postcode_is_valid(p) for p in people.loc[moved, "previous_postcode"])
    districts = people["postcode"].str.split(" ").str[0].value_counts(normalize=True)
    assert districts[["DL1", "DL3"]].sum() > 0.3


def test_children_are_under_eighteen_and_adults_over(people: pd.DataFrame) -> None:
    age_days = (pd.Timestamp(AS_OF) - people["date_of_birth"]).dt.days
    kids = people["kind"] == "child"
    assert age_days[kids].between(0, 18 * 365).all()
    assert (age_days[~kids] >= 18 * 365).all()


def test_twins_share_surname_dob_and_address_but_not_given_name(people: pd.DataFrame) -> None:
    twins = people[people["twin_of"] != ""]
    assert len(twins) >= 50  # about 1.5% of 5000 children
    other = people.set_index("person_id").loc[twins["twin_of"]]
    for column in ("family_name", "date_of_birth", "postcode", "address_line", "household_id"):
        assert (twins[column].to_numpy() == other[column].to_numpy()).all(), column
    assert (twins["given_name"].to_numpy() != other["given_name"].to_numpy()).all()
    assert (twins["nhs_number"].to_numpy() != other["nhs_number"].to_numpy()).all()


def test_no_household_names_two_children_the_same(people: pd.DataFrame) -> None:
    children = people[people["kind"] == "child"]
    assert not children.duplicated(["household_id", "given_name"]).any()


def test_siblings_share_a_surname_and_an_address(people: pd.DataFrame) -> None:
    children = people[people["kind"] == "child"]
    per_house = children.groupby("household_id")[["family_name", "postcode", "address_line"]].nunique()
    assert (per_house == 1).all().all()
    sizes = children.groupby("household_id").size()
    assert sizes.min() >= 1 and sizes.max() <= 5


def test_some_surnames_are_double_barrelled_or_changed(people: pd.DataFrame) -> None:
    assert people["family_name"].str.contains("-").any()
    assert (people["previous_family_name"] != "").any()


def test_some_siblings_have_look_alike_names(people: pd.DataFrame) -> None:
    pairs = people[people["similar_name_of"] != ""]
    assert len(pairs) > 0
    similar = {frozenset(p) for p in names.SIMILAR_BOYS + names.SIMILAR_GIRLS}
    other = people.set_index("person_id").loc[pairs["similar_name_of"], "given_name"].to_numpy()
    assert all(frozenset((a, b)) in similar for a, b in zip(pairs["given_name"], other, strict=True))


def test_the_name_lists_have_no_repeats_and_include_uk_forms() -> None:
    for tradition in names.TRADITIONS:
        for pool in tradition[2:]:
            assert len(pool) == len(set(pool)), tradition[0]
    every_given = {n for t in names.TRADITIONS for pool in t[2:4] for n in pool}
    for name in (
        "Alfie",
        "Evie",
        "Mohammed",
        "Muhammad",
        "Mohammad",
        "Oliver",
        "Ollie",
        "Elizabeth",
        "Isla",
        "Aisha",
        "Zainab",
        "Oskar",
        "Zofia",
    ):
        assert name in every_given, name
    assert "Beth" in names.NICKNAMES["Elizabeth"]
