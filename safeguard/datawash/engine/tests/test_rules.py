"""Names, comparisons and the domain rules that veto or doubt a link."""

from __future__ import annotations

import pandas as pd

from safeguard.datawash.engine.cluster import Edge, cluster
from safeguard.datawash.engine.names import are_nickname_related, name_features
from safeguard.datawash.engine.rules import RecordFacts, doubt_reason, veto_reason


def facts(given: str, family: str, dob: str, **other: object) -> RecordFacts:
    g = name_features(given)
    f = name_features(family)
    assert g is not None and f is not None
    values: dict[str, object] = {
        "nhs_number": None,
        "upn": None,
        "date_of_birth": dob,
        "given_name": g.clean,
        "given_groups": frozenset(g.groups),
        "given_metaphone": g.metaphone,
        "middle_name": None,
        "family_name": f.clean,
        "family_tokens": frozenset(f.tokens),
        "postcode_sector": "DL3 7",
        "address": "1 high street",
        "sex": None,
    }
    values.update(other)
    return RecordFacts(**values)  # type: ignore[arg-type]


def test_nicknames_link() -> None:
    liz, elizabeth, alfie, alfred = (name_features(n) for n in ("Liz", "Elizabeth", "Alfie", "Alfred"))
    assert liz and elizabeth and alfie and alfred
    assert are_nickname_related(liz.groups, elizabeth.groups)
    assert are_nickname_related(alfie.groups, alfred.groups)  # from the UK supplement
    assert veto_reason(facts("Liz", "Hall", "2010-03-04"), facts("Elizabeth", "Hall", "2010-03-04")) is None


def test_twins_stay_apart() -> None:
    olivia = facts("Olivia", "Hall", "2010-03-04")
    amelia = facts("Amelia", "Hall", "2010-03-04")
    assert "twins" in (veto_reason(olivia, amelia) or "")


def test_a_misspelt_given_name_is_not_taken_for_a_twin() -> None:
    assert veto_reason(facts("Sofia", "Hall", "2010-03-04"), facts("Sfia", "Hall", "2010-03-04")) is None


def test_twins_with_one_shared_nhs_number_go_to_an_officer() -> None:
    olivia = facts("Olivia", "Hall", "2010-03-04", nhs_number="4010234568")
    amelia = facts("Amelia", "Hall", "2010-03-04", nhs_number="4010234568")
    assert veto_reason(olivia, amelia) is None
    assert "twins" in (doubt_reason(olivia, amelia) or "")


def test_twins_rule_holds_when_one_record_has_names_swapped() -> None:
    assert veto_reason(facts("Toby", "Moore", "2007-12-12"), facts("Moore", "Alex", "2007-12-12"))


def test_two_valid_different_nhs_numbers_are_never_one_child() -> None:
    a = facts("Amy", "Hall", "2010-03-04", nhs_number="4010234568")
    b = facts("Amy", "Hall", "2010-03-04", nhs_number="9434765919")
    assert veto_reason(a, b) == "different valid NHS numbers"


def test_siblings_with_different_dates_of_birth_are_not_linked_automatically() -> None:
    assert doubt_reason(facts("Mohammed", "Iqbal", "2011-02-26"), facts("Muhammad", "Iqbal", "2008-08-09"))


def test_a_day_and_month_transposition_or_one_digit_slip_is_not_a_sibling() -> None:
    base = facts("Amy", "Hall", "2010-03-04")
    assert doubt_reason(base, facts("Amy", "Hall", "2010-04-03")) is None
    assert doubt_reason(base, facts("Amy", "Hall", "2010-03-05")) is None


def test_a_namesake_elsewhere_is_doubtful_when_another_child_shares_name_and_birthday() -> None:
    here = facts("Anjali", "Butt", "2000-09-28", namesakes_exist=True)
    there = facts("Anjali", "Butt", "2000-09-28", postcode_sector="DL4 5", address="97 holly street")
    assert "namesake" in (doubt_reason(here, there) or "")


def test_a_double_barrelled_surname_shares_a_part() -> None:
    feature = name_features("Smith-Jones")
    assert feature is not None and feature.tokens == ("smith", "jones")


def test_a_chain_of_strong_links_cannot_join_twins() -> None:
    # 0 = Olivia (register), 1 = a school record without a given name, 2 = Amelia (her twin, health)
    records = [
        facts("Olivia", "Hall", "2010-03-04"),
        facts("Olivia", "Hall", "2010-03-04"),
        facts("Amelia", "Hall", "2010-03-04"),
    ]
    result = cluster(3, [Edge(0, 1, 0.999), Edge(1, 2, 0.998)], records)
    assert result.labels[0] == result.labels[1]
    assert result.labels[2] != result.labels[0]
    assert result.refused and "twins" in result.refused[0][1]


def test_officers_decisions_override_the_model() -> None:
    records = [
        facts("Olivia", "Hall", "2010-03-04"),
        facts("Amelia", "Hall", "2010-03-04"),
        facts("Amy", "Hall", "2010-03-04"),
    ]
    result = cluster(3, [Edge(0, 2, 0.9999)], records, confirmed=[(0, 1)], rejected={(0, 2)})
    assert result.labels[0] == result.labels[1]
    assert result.labels[2] != result.labels[0]


def test_namesakes_are_detected_from_different_identifiers() -> None:
    from safeguard.datawash.engine.rules import namesakes_exist

    table = pd.DataFrame(
        {
            "given_name": ["amy", "amy", "bob"],
            "family_name": ["hall", "hall", "hall"],
            "date_of_birth": ["2010-03-04"] * 3,
            "nhs_number": ["4010234568", "9434765919", None],
            "upn": [None, None, None],
            "source": ["health", "school_census", "health"],
            "postcode_sector": ["DL3 7"] * 3,
            "address": [None] * 3,
        }
    )
    assert namesakes_exist(table).tolist() == [True, True, False]


def test_a_namesake_with_a_different_middle_name_elsewhere_is_never_linked() -> None:
    # One family name and date of birth with two middle names is the twins rule's shape, wherever they live.
    here = facts("George", "Hamilton", "2008-12-02", middle_name="blake")
    there = facts("George", "Hamilton", "2008-12-02", middle_name="robert", postcode_sector="DL1 5", address="10 x")
    assert "twins" in (veto_reason(here, there) or "")
    # Under another family name it is no twins' shape, and the namesake rule still sends it to an officer.
    elsewhere = facts("George", "Reid", "2008-12-02", middle_name="robert", postcode_sector="DL1 5", address="10 x")
    assert veto_reason(here, elsewhere) is None
    assert "namesake" in (doubt_reason(here, elsewhere) or "")


def test_one_agency_holding_a_name_and_birthday_at_two_addresses_means_namesakes() -> None:
    from safeguard.datawash.engine.rules import namesakes_exist

    table = pd.DataFrame(
        {
            "given_name": ["harley", "harley", "harley"],
            "family_name": ["vasey"] * 3,
            "date_of_birth": ["2006-08-28"] * 3,
            "nhs_number": ["9195988211", None, None],
            "upn": [None] * 3,
            "source": ["health", "health", "ehe_register"],
            "postcode_sector": ["DL1 1", "DL3 4", "DL1 1"],
            "address": [None] * 3,
        }
    )
    assert namesakes_exist(table).tolist() == [True, True, True]


def test_twins_with_sound_alike_names_stay_apart() -> None:
    assert veto_reason(facts("Layla", "Burdon", "2011-05-05"), facts("Lola", "Burdon", "2011-05-05"))


def test_a_twin_named_after_the_others_middle_name_stays_apart() -> None:
    isabella = facts("Isabella", "Errington", "2002-07-04", middle_name="poppy")
    poppy = facts("Poppy", "Errington", "2002-07-04", middle_name="lily")
    assert veto_reason(isabella, poppy)
    assert veto_reason(isabella, facts("Poppy", "Errington", "2002-07-04")) is None  # known by her middle name


def test_one_agency_holding_two_given_names_means_two_children() -> None:
    mei = facts("Mei", "Haddad", "2010-12-27", source="ehe_register")
    dina = facts("Dina", "Haddad", "2010-12-27", middle_name="mei", source="ehe_register")
    assert "one agency" in (doubt_reason(mei, dina) or "")


def test_the_pre_filter_passes_every_pair_a_rule_applies_to() -> None:
    # Clustering trusts the pre-filter when it joins two lone records, so it must never clear a pair
    # that a veto or doubt would stop. Every pair of these awkward records is tried both ways round.
    import itertools

    import numpy as np

    from safeguard.datawash.engine.rules import FACT_COLUMNS, facts_from_table, pairs_needing_rules

    people = [
        ("Olivia", "Hall", "2010-03-04", {}),
        ("Amelia", "Hall", "2010-03-04", {}),  # Olivia's twin
        ("Hall", "Amelia", "2010-03-04", {}),  # the twin with names swapped
        ("Thomas", "Thomas", "2011-05-06", {}),
        ("Thomas", "Ward", "2011-05-06", {}),  # equal given names, one record perhaps swapped
        ("Olivia", "Hall", "2014-09-10", {}),  # a younger sister of the same name
        ("Olivia", "Hall", "2010-03-04", {"nhs_number": "4010234568", "source": "health"}),
        ("Olivia", "Hall", "2010-03-04", {"nhs_number": "9434765919", "source": "health", "address": "9 low road"}),
        ("Olivia", "Hall", "2010-03-04", {"sex": "f", "middle_name": "rose"}),
        ("Olivia", "Hall", "2010-03-04", {"sex": "m", "middle_name": "james", "postcode_sector": "DL1 1"}),
        # One agency holds two given names under one NHS number: it believes they are two children.
        ("Amy", "Hall", "2012-01-01", {"source": "police", "nhs_number": "4010234568"}),
        ("Ivy", "Hall", "2013-02-02", {"source": "police", "nhs_number": "4010234568"}),
    ]
    rows = []
    for given, family, dob, other in people:
        record = facts(given, family, dob, **other)
        row = {column: getattr(record, column) for column in FACT_COLUMNS}
        row["given_groups"] = tuple(sorted(record.given_groups))
        row["family_tokens"] = tuple(sorted(record.family_tokens))
        rows.append(row | {"source": other.get("source", "school_census")})
    table = pd.DataFrame(rows)
    table[["nhs_number", "upn", "middle_name", "sex", "other_id"]] = table[
        ["nhs_number", "upn", "middle_name", "sex", "other_id"]
    ].astype(object)
    table = table.where(table.notna(), None)
    pairs = np.array(list(itertools.permutations(range(len(table)), 2)))
    flagged = pairs_needing_rules(pairs[:, 0], pairs[:, 1], table)
    table_facts = facts_from_table(table)
    stopped = [doubt_reason(table_facts[a], table_facts[b]) is not None for a, b in pairs.tolist()]
    assert any(stopped)
    missed = [
        tuple(pair) for pair, flag, stop in zip(pairs.tolist(), flagged, stopped, strict=True) if stop and not flag
    ]
    assert missed == []


def test_one_childs_duplicate_record_in_one_agency_is_no_namesake() -> None:
    from safeguard.datawash.engine.rules import namesakes_exist

    # Health holds Jayden twice under one NHS number (an old and a new address); the school holds its child twice,
    # once without a postcode: each is one child recorded twice, not evidence of a second child.
    table = pd.DataFrame(
        {
            "given_name": ["jayden", "jayden", "muhammad", "muhammad", "harley", "harley"],
            "family_name": ["williams", "williams", "miah", "miah", "vasey", "vasey"],
            "date_of_birth": ["2010-07-02", "2010-07-02", "2006-01-04", "2006-01-04", "2006-08-28", "2006-08-28"],
            "nhs_number": ["4430694508", "4430694508", None, None, None, None],
            "upn": [None, None, None, None, None, None],
            "source": ["health", "health", "school_census", "school_census", "police", "police"],
            "postcode_sector": ["TS22 6", "TS22 2", None, "DH7 6", "DL1 1", None],
            "address": ["35 seaton way", "111 fell gardens", "21 beech crescent", "21 beech cres", None, "4 x road"],
        }
    )
    assert namesakes_exist(table).tolist() == [False] * 6
