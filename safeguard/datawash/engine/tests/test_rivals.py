"""A register record that fits two children equally never borrows either one's sighting (issue 13, missed twins).

Twins with one first name, told apart elsewhere only by middle names or NHS numbers, and a register row that
records neither: the register row fits both twins, so a sighting of one twin cannot make the register child seen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from safeguard.datawash.engine.config import Decisions
from safeguard.datawash.engine.rivals import rival_children
from safeguard.datawash.engine.rules import fits_without_doubt, tells_apart, two_children

from .conftest import statuses_of_a_small_wash
from .test_rules import facts

HEADER = (
    "record_id,given_name,middle_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,last_seen_date"
)
# Another child on the register, seen by health, so the run is not about one record only.
OTHER_CHILD = "R9,Amy,Rose,Cole,2011-05-06,F,DL1 1AA,2 Low Street,,"
OTHER_HEALTH = "H9,Amy,Rose,Cole,06/05/2011,Female,DL1 1AA,2 Low Street,,01/05/2017"
# James Christopher was seen by his GP this spring; his twin James Kevin not for years.
SEEN_TWIN = "H1,James,Christopher,Hall,04/03/2010,Male,DL3 7AB,1 High Street,4010234563,01/05/2017"
UNSEEN_TWIN = "H2,James,Kevin,Hall,04/03/2010,Male,DL3 7AB,1 High Street,9434765919,01/05/2014"


def _wash(tmp_path: Path, register_row: str, *health_rows: str, decisions: Decisions | None = None) -> dict[str, str]:
    statuses = statuses_of_a_small_wash(
        tmp_path,
        (register_row, OTHER_CHILD),
        {"health": (*health_rows, OTHER_HEALTH)},
        header=HEADER,
        decisions=decisions,
    )
    assert statuses.pop("R9") == "seen"
    return statuses


def test_a_register_row_without_a_middle_name_is_not_seen_through_one_of_two_twins(tmp_path: Path) -> None:
    statuses = _wash(tmp_path, "R1,James,,Hall,2010-03-04,M,DL3 7AB,1 High Street,,", SEEN_TWIN, UNSEEN_TWIN)
    assert statuses == {"R1": "check"}
    review = pd.read_csv(tmp_path / "out" / "review.csv", dtype=str)
    why = review.loc[review["cohort_record_id"] == "R1", "why"].tolist()
    assert any("another child fits this record as well (health H2" in w for w in why)


def test_the_twin_who_fits_better_can_be_at_another_address(tmp_path: Path) -> None:
    # A quarter of records hold a previous address, and twins' records often disagree on it: no evidence.
    moved = "H2,James,Kevin,Hall,04/03/2010,Male,DH1 0FU,55 Cuthbert Lane,9434765919,"
    statuses = _wash(tmp_path, "R1,James,,Hall,2010-03-04,M,DL3 7AB,1 High Street,,", SEEN_TWIN, moved)
    assert statuses == {"R1": "check"}


def test_a_register_middle_name_tells_the_twins_apart(tmp_path: Path) -> None:
    seen = _wash(
        tmp_path / "a", "R1,James,Christopher,Hall,2010-03-04,M,DL3 7AB,1 High Street,,", SEEN_TWIN, UNSEEN_TWIN
    )
    unseen = _wash(tmp_path / "b", "R1,James,Kevin,Hall,2010-03-04,M,DL3 7AB,1 High Street,,", SEEN_TWIN, UNSEEN_TWIN)
    assert seen == {"R1": "seen"}
    assert unseen == {"R1": "unseen"}


def test_a_register_nhs_number_tells_the_twins_apart(tmp_path: Path) -> None:
    register = "R1,James,,Hall,2010-03-04,M,DL3 7AB,1 High Street,4010234563,"
    assert _wash(tmp_path, register, SEEN_TWIN, UNSEEN_TWIN) == {"R1": "seen"}


def test_when_both_twins_were_seen_the_register_child_was_seen_either_way(tmp_path: Path) -> None:
    both_seen = UNSEEN_TWIN.replace("01/05/2014", "01/06/2017")
    assert _wash(tmp_path, "R1,James,,Hall,2010-03-04,M,DL3 7AB,1 High Street,,", SEEN_TWIN, both_seen) == {
        "R1": "seen"
    }


def test_the_registers_own_sighting_needs_no_other_record(tmp_path: Path) -> None:
    register = "R1,James,,Hall,2010-03-04,M,DL3 7AB,1 High Street,,2017-03-01"
    assert _wash(tmp_path, register, SEEN_TWIN, UNSEEN_TWIN) == {"R1": "seen"}


def test_an_officers_confirmed_link_settles_which_twin_it_is(tmp_path: Path) -> None:
    decisions = Decisions(confirmed=((("ehe_register", "R1"), ("health", "H1")),))
    register = "R1,James,,Hall,2010-03-04,M,DL3 7AB,1 High Street,,"
    assert _wash(tmp_path, register, SEEN_TWIN, UNSEEN_TWIN, decisions=decisions) == {"R1": "seen"}


def test_one_child_with_no_namesake_is_seen_as_before(tmp_path: Path) -> None:
    assert _wash(tmp_path, "R1,James,,Hall,2010-03-04,M,DL3 7AB,1 High Street,,", SEEN_TWIN) == {"R1": "seen"}


def test_what_counts_as_two_children_and_what_tells_them_apart() -> None:
    register = facts("James", "Hall", "2010-03-04")
    christopher = facts("James", "Hall", "2010-03-04", middle_name="christopher", nhs_number="4010234563")
    kevin = facts("Jim", "Hall", "2010-03-04", middle_name="kevin", nhs_number="9434765919", address="55 low lane")
    assert fits_without_doubt(register, christopher) and fits_without_doubt(register, kevin)
    assert two_children(christopher, kevin) == "different valid NHS numbers"
    assert not tells_apart(register, christopher, kevin)
    # A middle name or an identifier on the register that agrees with one twin and is missing on the other.
    assert tells_apart(
        facts("James", "Hall", "2010-03-04", middle_name="chris"), christopher, facts("James", "Hall", "2010-03-04")
    )
    assert tells_apart(facts("James", "Hall", "2010-03-04", nhs_number="4010234563"), christopher, kevin)
    # Sex or a date of birth against the rival means it does not fit; a sister is not a rival.
    assert not fits_without_doubt(
        facts("James", "Hall", "2010-03-04", sex="m"), facts("James", "Hall", "2010-03-04", sex="f")
    )
    assert not fits_without_doubt(register, facts("Jane", "Hall", "2010-03-04"))
    assert not fits_without_doubt(register, facts("James", "Hall", "2013-08-21"))


def test_one_agency_listing_the_name_twice_is_two_children_when_the_engine_keeps_them_apart() -> None:
    register = facts("Mia", "Ford", "2012-01-02", source="ehe_register")
    first = facts("Mia", "Ford", "2012-01-02", source="health")
    second = facts("Mia", "Ford", "2012-01-02", source="health")
    records = [register, first, second]
    table = pd.DataFrame(
        {
            "given_name": [r.given_name for r in records],
            "family_name": [r.family_name for r in records],
            "date_of_birth": [r.date_of_birth for r in records],
        }
    )
    # The register row was linked to the first health record; the engine kept the second apart.
    found = rival_children(table, records, np.array([0, 0, 2]), [0], [])
    assert [(r.linked, r.other, r.why) for r in found[0]] == [(1, 2, "health lists both")]
    # Linked as one child's duplicate record, there is no rival.
    assert rival_children(table, records, np.array([0, 0, 0]), [0], []) == {}
