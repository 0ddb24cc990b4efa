"""Twins told apart only by their middle names (James Christopher and James Kevin) are two children."""

from __future__ import annotations

from pathlib import Path

from safeguard.datawash.engine import SourceSpec, WashConfig, run_wash
from safeguard.datawash.engine.cluster import Edge, cluster
from safeguard.datawash.engine.rules import TWINS_RULE, doubt_reason, veto_reason

from .conftest import AS_OF, MODEL, write_csv
from .test_rules import facts


def test_twins_with_one_first_name_and_different_middle_names_are_never_linked() -> None:
    christopher = facts("James", "Hall", "2010-03-04", middle_name="christopher", sex="m")
    kevin = facts("James", "Hall", "2010-03-04", middle_name="kevin", sex="m")
    assert veto_reason(christopher, kevin) == TWINS_RULE


def test_middle_name_twins_sharing_an_nhs_number_go_to_an_officer() -> None:
    christopher = facts("James", "Hall", "2010-03-04", middle_name="christopher", nhs_number="4010234568")
    kevin = facts("James", "Hall", "2010-03-04", middle_name="kevin", nhs_number="4010234568")
    assert veto_reason(christopher, kevin) is None
    assert "twins" in (doubt_reason(christopher, kevin) or "")


def test_a_nickname_of_the_first_name_does_not_excuse_different_middle_names() -> None:
    assert veto_reason(
        facts("Jim", "Hall", "2010-03-04", middle_name="christopher"),
        facts("James", "Hall", "2010-03-04", middle_name="kevin"),
    )


def test_a_middle_initial_an_extra_middle_name_a_nickname_or_a_slip_is_one_child() -> None:
    full = facts("James", "Hall", "2010-03-04", middle_name="christopher")
    for other in ("c", "christopherjohn", "chris", "christoper", "christopher", None):
        assert veto_reason(full, facts("James", "Hall", "2010-03-04", middle_name=other)) is None, other
        assert doubt_reason(full, facts("James", "Hall", "2010-03-04", middle_name=other)) is None, other


def test_a_child_known_by_a_middle_name_is_not_taken_for_a_twin() -> None:
    formal = facts("James", "Hall", "2010-03-04", middle_name="christopher")
    known_as = facts("Christopher", "Hall", "2010-03-04", middle_name="james")
    assert veto_reason(formal, known_as) is None


def test_a_chain_of_strong_links_cannot_pull_in_a_middle_name_twin() -> None:
    records = [
        facts("James", "Hall", "2010-03-04", middle_name="christopher"),
        facts("James", "Hall", "2010-03-04"),
        facts("James", "Hall", "2010-03-04", middle_name="kevin"),
    ]
    result = cluster(3, [Edge(0, 1, 0.9999), Edge(1, 2, 0.9998)], records)
    assert result.labels[0] != result.labels[2]
    assert result.refused and "twins" in result.refused[0][1]


def test_the_unseen_twin_is_not_shown_as_seen_through_a_sighting_of_the_other(tmp_path: Path) -> None:
    header = "record_id,given_name,middle_name,family_name,date_of_birth,sex,postcode,address_line,last_seen_date"
    register = write_csv(
        tmp_path / "register.csv",
        "R1,James,Kevin,Hall,2010-03-04,M,DL3 7AB,1 High Street,",
        "R2,Amy,Rose,Cole,2011-05-06,F,DL1 1AA,2 Low Street,",
        header=header,
    )
    health = write_csv(
        tmp_path / "health.csv",
        "H1,James,Christopher,Hall,04/03/2010,Male,DL3 7AB,1 High Street,01/05/2017",
        "H2,Amy,Rose,Cole,06/05/2011,Female,DL1 1AA,2 Low Street,01/05/2017",
        header=header,
    )
    result = run_wash(
        WashConfig(
            cohort=SourceSpec("ehe_register", register),
            sources=(SourceSpec("health", health),),
            as_of=AS_OF,
            out_dir=tmp_path / "out",
            model_path=MODEL,
        )
    )
    statuses = {row.cohort_record_id: row.status for row in result.cohort}
    assert statuses == {"R1": "unseen", "R2": "seen"}
