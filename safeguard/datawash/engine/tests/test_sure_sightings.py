"""A register child is seen only through links the model is sure of (issue 13, the 5,000,000-record run).

Two agencies' records under one name and date of birth are linked however low the model scores them
(``pipeline._one_child_by_name``), which joins a child's records across a move. But a register child's school
record joined that way to a namesake's health record would carry the namesake's sighting to the register: at
5,000,000 records that hid unseen children. So a sighting counts only over links at or above the link threshold;
over a weaker one the child goes to an officer."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from safeguard.datawash.engine.cluster import Clustering, Edge
from safeguard.datawash.engine.cohort import CohortRules, decide

from .conftest import AS_OF
from .test_rules import facts

RULES = CohortRules("ehe_register", AS_OF, 18, review_threshold=0.2, check_threshold=0.5, link_threshold=0.995)


def _register_school_health(school_seen: str | None, school_to_health: float) -> tuple[str, str | None, str]:
    """Register R1 joined surely (by UPN) to school S1, which is joined to health H1 at ``school_to_health``."""
    records = pd.DataFrame(
        {
            "source": ["ehe_register", "school_census", "health"],
            "record_id": ["R1", "S1", "H1"],
            "last_seen_date": [
                pd.NaT,
                pd.Timestamp(school_seen) if school_seen else pd.NaT,
                pd.Timestamp("2017-05-01"),
            ],
        }
    )
    tree = [Edge(0, 1, 0.99999), Edge(1, 2, school_to_health)]
    row = decide(records, Clustering(labels=np.array([0, 0, 0]), tree=tree, links=tree), [], RULES).rows[0]
    return row.status, str(row.last_seen_date) if row.last_seen_date else None, row.last_seen_by


def test_a_sighting_over_sure_links_makes_the_child_seen() -> None:
    assert _register_school_health(None, 0.999) == ("seen", "2017-05-01", "health")


def test_a_sighting_over_a_name_and_birthday_link_alone_sends_the_child_to_a_check() -> None:
    status, _, _ = _register_school_health(None, 0.3)
    assert status == "check"


def test_an_older_sighting_over_sure_links_still_counts_and_is_the_one_shown() -> None:
    # The health sighting may be a namesake's; the school's own, over the UPN, is this child's.
    assert _register_school_health("2016-11-20", 0.3) == ("seen", "2016-11-20", "school_census")


def _namesake_shaped(register_sector: str, register_middle: str | None = None) -> str:
    """Register R1 (no identifier) surely linked by the model to school S1, which is surely linked to health H1."""
    child = {"given": "Hana", "family": "Singh", "dob": "2009-06-05"}
    register = facts(
        child["given"], child["family"], child["dob"], postcode_sector=register_sector, address="82 poplar crescent"
    )
    elsewhere = {"postcode_sector": "DL3 6", "address": "169 fell lane", "middle_name": "priya"}
    school = facts(child["given"], child["family"], child["dob"], **elsewhere, upn="L841431904013")
    health = facts(child["given"], child["family"], child["dob"], **elsewhere, nhs_number="9230018686")
    register = replace(register, source="ehe_register", middle_name=register_middle)
    records = pd.DataFrame(
        {
            "source": ["ehe_register", "school_census", "health"],
            "record_id": ["R1", "S1", "H1"],
            "last_seen_date": [pd.NaT, pd.NaT, pd.Timestamp("2017-06-21")],
        }
    )
    links = [Edge(0, 1, 0.9999), Edge(1, 2, 0.99999)]
    clustering = Clustering(labels=np.array([0, 0, 0]), tree=links, links=links)
    return decide(records, clustering, [], RULES, facts=[register, school, health]).rows[0].status


def test_a_register_record_joined_by_its_name_and_birthday_alone_is_a_check_however_sure_the_model() -> None:
    # A namesake seen elsewhere and a child who moved look alike: an officer looks.
    assert _namesake_shaped("DL3 4") == "check"


def test_a_shared_neighbourhood_or_full_name_makes_the_link_the_register_childs_own() -> None:
    assert _namesake_shaped("DL3 6") == "seen"
    assert _namesake_shaped("DL3 4", register_middle="priya") == "seen"


def test_a_name_and_birthday_link_further_along_the_chain_is_not_sure_either() -> None:
    # Register R1 and school S1 share a UPN; S1 and a namesake's health record H1 share only a name and birthday.
    register = replace(facts("Szymon", "Mazur", "2006-07-09", upn="J841218210023"), source="ehe_register")
    school = facts("Szymon", "Mazur", "2006-07-09", upn="J841218210023", middle_name="jan")
    health = facts(
        "Szymon", "Mazur", "2006-07-09", postcode_sector="DL1 7", address="141 market square", nhs_number="9159490411"
    )
    records = pd.DataFrame(
        {
            "source": ["ehe_register", "school_census", "health"],
            "record_id": ["R1", "S1", "H1"],
            "last_seen_date": [pd.NaT, pd.Timestamp("2014-03-13"), pd.Timestamp("2017-04-18")],
        }
    )
    links = [Edge(0, 1, 0.99999), Edge(1, 2, 0.9977)]
    clustering = Clustering(labels=np.array([0, 0, 0]), tree=links, links=links)
    row = decide(records, clustering, [], RULES, facts=[register, school, health]).rows[0]
    assert row.status == "check"
