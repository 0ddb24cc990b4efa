"""A register child whose records fit two children held apart by their NHS numbers is not seen through the one the
clustering kept while the other is unseen (issue 13, the namesake missed at 5,000,000 records).

Beatrice Bainbridge's school record (as Bainbridge-Hall, at her address) is joined by name, date of birth and
postcode sector to another Beatrice Bainbridge-Hall's health record, seen this year at another house nearby. Her own health record, at her address under an old surname and misspelt, holds another NHS number, so the
clustering refuses it: she looked seen through the other girl's sighting."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from safeguard.datawash.engine.config import Decisions

from .conftest import statuses_of_a_small_wash

HEADER = (
    "record_id,given_name,middle_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,upn,last_seen_date"
)
BEATRICE = "R1,Beatrice,,Bainbridge,2009-01-21,F,DL16 4BB,116 Raby Rise,,,"
SCHOOL = "S1,Beatrice,,Bainbridge-Hall,2009-01-21,F,DL16 4BB,116 Raby Rise,,K840343713026,2015-05-22"
HER_HEALTH = "H1,Beatrie,,Robertson,2009-01-21,F,DL16 4BB,116 Raby Rise,9543622183,,2015-01-24"
# At another house in her postcode, so the saved model is surer of her than of Beatrice's own health record.
NAMESAKE_HEALTH = "H2,Beatrice,Emily,Bainbridge-Hall,2009-01-21,F,DL16 4BB,98 Wren Rise,9106321569,,2017-03-28"
OTHER_CHILD = "R9,Amy,Rose,Cole,2011-05-06,F,DL1 1AA,2 Low Street,,,"
OTHER_HEALTH = "H9,Amy,Rose,Cole,2011-05-06,F,DL1 1AA,2 Low Street,4010234563,,2017-05-01"


def test_a_child_whose_records_fit_another_unseen_identified_child_as_strongly_goes_to_an_officer(
    tmp_path: Path,
) -> None:
    statuses = statuses_of_a_small_wash(
        tmp_path,
        (BEATRICE, OTHER_CHILD),
        {"school_census": (SCHOOL,), "health": (HER_HEALTH, NAMESAKE_HEALTH, OTHER_HEALTH)},
        header=HEADER,
    )
    assert statuses == {"R1": "check", "R9": "seen"}
    review = pd.read_csv(tmp_path / "out" / "review.csv", dtype=str)
    deciding = review[(review["cohort_record_id"] == "R1") & (review["decides_status"] == "yes")]
    assert "H1" in set(deciding["right_record_id"]) | set(deciding["left_record_id"])


def test_the_other_child_seen_as_well_leaves_the_child_seen(tmp_path: Path) -> None:
    statuses = statuses_of_a_small_wash(
        tmp_path,
        (BEATRICE, OTHER_CHILD),
        {
            "school_census": (SCHOOL,),
            "health": (HER_HEALTH.replace("2015-01-24", "2017-02-01"), NAMESAKE_HEALTH, OTHER_HEALTH),
        },
        header=HEADER,
    )
    assert statuses == {"R1": "seen", "R9": "seen"}


def test_an_officers_confirmed_link_from_the_register_record_settles_it(tmp_path: Path) -> None:
    statuses = statuses_of_a_small_wash(
        tmp_path,
        (BEATRICE, OTHER_CHILD),
        {"school_census": (SCHOOL,), "health": (HER_HEALTH, NAMESAKE_HEALTH, OTHER_HEALTH)},
        header=HEADER,
        decisions=Decisions(confirmed=((("ehe_register", "R1"), ("health", "H2")),)),
    )
    assert statuses == {"R1": "seen", "R9": "seen"}
