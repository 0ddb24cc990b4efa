"""A sighting that fits two children makes neither seen (issue 13, the twin missed at 5,000,000 records).

Eva Amelia and Evie Reid are twins on the register. Eva's police record gives her as "Eie Amelia Reid": a
misspelt short form of her sister's name, so the engine links it to Evie, whom nobody has seen for five years.
The record fits both twins and nothing on it (an identifier, a middle name Evie's records hold) ties it to Evie.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from safeguard.datawash.engine.config import Decisions
from safeguard.datawash.engine.rivals import sightings_fitting_two

from .conftest import statuses_of_a_small_wash
from .test_rules import facts

HEADER = (
    "record_id,given_name,middle_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,last_seen_date"
)
EVA = "R1,Eva,Amelia,Reid,2011-07-01,F,DL1 5PL,113 Meadow Gardens,,"
EVIE = "R2,Evie,,Reid,2011-07-01,F,DL1 5PL,113 Meadow Gardens,,"
EVA_HEALTH = "H1,Eva,Amelia,Reid,01/07/2011,Female,DL1 5PL,113 Meadow Gardens,9262808917,17/06/2017"
EVIE_HEALTH = "H2,Evie,,Reid,01/07/2011,Female,DL1 5PL,113 Meadow Gardens,9353751195,25/06/2012"
EVA_BY_POLICE = "P1,Eie,Amelia,Reid,2011-07-01,F,DL1 5PL,113 Meadow Gardens,,2017-06-30"
# Another child, so the run is not about one family only.
OTHER_CHILD = "R9,Amy,Rose,Cole,2011-05-06,F,DL1 1AA,2 Low Street,,"
OTHER_HEALTH = "H9,Amy,Rose,Cole,06/05/2011,Female,DL1 1AA,2 Low Street,4010234563,01/05/2017"


def _wash(tmp_path: Path, police_row: str, decisions: Decisions | None = None) -> tuple[dict[str, str], pd.DataFrame]:
    statuses = statuses_of_a_small_wash(
        tmp_path,
        (EVA, EVIE, OTHER_CHILD),
        {"health": (EVA_HEALTH, EVIE_HEALTH, OTHER_HEALTH), "police": (police_row,)},
        header=HEADER,
        decisions=decisions,
    )
    assert statuses.pop("R9") == "seen"
    return statuses, pd.read_csv(tmp_path / "out" / "review.csv", dtype=str)


def test_a_twins_sighting_that_fits_both_twins_makes_neither_seen(tmp_path: Path) -> None:
    statuses, review = _wash(tmp_path, EVA_BY_POLICE)
    # Eva was seen by her GP this month; Evie has not been seen since 2012 and must not look seen.
    assert statuses == {"R1": "seen", "R2": "check"}
    why = review.loc[review["cohort_record_id"] == "R2", "why"].tolist()
    assert any(w.startswith("this sighting fits another child as well") for w in why)


def test_a_sighting_under_the_twins_own_name_is_hers(tmp_path: Path) -> None:
    statuses, _ = _wash(tmp_path, EVA_BY_POLICE.replace("Eie,Amelia", "Evie,"))
    assert statuses == {"R1": "seen", "R2": "seen"}


def test_an_officers_confirmed_link_settles_whose_sighting_it_is(tmp_path: Path) -> None:
    decisions = Decisions(confirmed=((("ehe_register", "R2"), ("police", "P1")),))
    statuses, _ = _wash(tmp_path, EVA_BY_POLICE, decisions=decisions)
    assert statuses["R2"] == "seen"


def test_a_sighting_fits_two_children_only_when_nothing_on_it_ties_it_to_its_own() -> None:
    sighting = facts("Eie", "Reid", "2011-07-01", middle_name="amelia")
    evie = facts("Evie", "Reid", "2011-07-01", nhs_number="9353751195")
    eva = facts("Eva", "Reid", "2011-07-01", middle_name="amelia", nhs_number="9262808917")
    records = [sighting, evie, eva]
    table = pd.DataFrame(
        {"family_name": [r.family_name for r in records], "date_of_birth": [r.date_of_birth for r in records]}
    )
    # The sighting was linked to Evie's record; Eva's is another child's (different NHS numbers).
    found = sightings_fitting_two(table, records, np.array([1, 1, 2]), [0])
    assert [(f.sighting, f.other, f.why) for f in found.values()] == [(0, 2, "different valid NHS numbers")]
    # With Evie's NHS number on it, the sighting is hers.
    records[0] = facts("Eie", "Reid", "2011-07-01", middle_name="amelia", nhs_number="9353751195")
    assert sightings_fitting_two(table, records, np.array([1, 1, 2]), [0]) == {}
    # Linked to Eva, the middle name they share (and Evie's records lack) ties it to her.
    records[0] = sighting
    assert sightings_fitting_two(table, records, np.array([2, 1, 2]), [0]) == {}
    # A record the other child's records cannot take (Eva's NHS number against Evie's) is not a stray of hers.
    eva_health = facts("Eva", "Reid", "2011-07-01", middle_name="amelia", nhs_number="9262808917")
    records = [eva_health, evie, sighting]
    assert sightings_fitting_two(table, records, np.array([0, 1, 1]), [0]) == {}


def test_the_given_name_or_the_address_as_written_ties_a_sighting_to_its_own_child() -> None:
    # Harvey and Harry Morris: Harry may be a short form of Harvey, but a record written "Harvey" is Harvey's.
    harvey_seen = facts("Harvey", "Morris", "2008-11-07", nhs_number="9629747421", address="98 church drive")
    harvey = facts("Harvey", "Morris", "2008-11-07", address="98 church drive", source="ehe_register")
    harry = facts("Harry", "Morris", "2008-11-07", address="98 church drive", source="ehe_register")
    records = [harvey_seen, harvey, harry]
    table = pd.DataFrame(
        {"family_name": [r.family_name for r in records], "date_of_birth": [r.date_of_birth for r in records]}
    )
    assert sightings_fitting_two(table, records, np.array([1, 1, 2]), [0]) == {}
    # Namesakes at two addresses: the sighting at the child's own address is the child's.
    willow_seen = facts("Willow", "Thompson", "2006-08-28", address="148 moor close")
    willow = facts("Willow", "Thompson", "2006-08-28", upn="R841372810027", address="148 moor close")
    namesake = facts("Willow", "Thompson", "2006-08-28", upn="G841229105012", address="141 valley court")
    records = [willow_seen, willow, namesake]
    assert sightings_fitting_two(table, records, np.array([1, 1, 2]), [0]) == {}
    # At neither address, it is either child's.
    records[0] = facts("Willow", "Thompson", "2006-08-28", address="2 low street")
    assert list(sightings_fitting_two(table, records, np.array([1, 1, 2]), [0])) == [0]
