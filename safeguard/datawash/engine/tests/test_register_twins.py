"""Two register records under given names that differ are never one child (issue 13, the 5,000,000-record run).

Twins named alike (Harvey and Harry, Sophia and Sophie, Amelia and Emily) can both be on the register. Elsewhere
one agency's two records under a nickname or a slip are one child listed twice, but on the register merging them
hands the unseen twin the other's sightings: at 5,000,000 records that hid four unseen twins."""

from __future__ import annotations

from safeguard.datawash.engine.cluster import Edge, cluster
from safeguard.datawash.engine.pipeline import LINK, pair_verdict
from safeguard.datawash.engine.rules import REGISTER_LISTS_TWO, register_lists_two

from .test_rules import facts

HOME = {"postcode_sector": "DL3 6", "address": "159 ash mews", "sex": "m"}
HARVEY = facts("Harvey", "Khan", "2009-04-18", **HOME, source="ehe_register")
HARRY = facts("Harry", "Khan", "2009-04-18", **HOME, middle_name="zain", source="ehe_register")
HARRY_AT_HEALTH = facts("Harry", "Khan", "2009-04-18", **HOME, middle_name="zain", source="health")


def test_two_register_records_under_a_name_and_its_nickname_are_two_children() -> None:
    assert register_lists_two(HARVEY, HARRY, "ehe_register")
    assert pair_verdict(HARVEY, HARRY, 0.9999, link=0.995, cohort="ehe_register") == REGISTER_LISTS_TWO


def test_another_agency_listing_a_name_and_its_nickname_twice_is_left_to_the_other_rules() -> None:
    school_harvey = facts("Harvey", "Khan", "2009-04-18", **HOME, source="school_census")
    school_harry = facts("Harry", "Khan", "2009-04-18", **HOME, source="school_census")
    assert not register_lists_two(school_harvey, school_harry, "ehe_register")


def test_the_register_listing_one_child_twice_with_one_nhs_number_is_one_child() -> None:
    one = facts("Harvey", "Khan", "2009-04-18", **HOME, nhs_number="9434765919", source="ehe_register")
    again = facts("Harry", "Khan", "2009-04-18", **HOME, nhs_number="9434765919", source="ehe_register")
    assert not register_lists_two(one, again, "ehe_register")
    assert pair_verdict(one, again, 0.9999, link=0.995, cohort="ehe_register") == LINK


def test_a_chain_through_another_agency_does_not_join_the_register_twins() -> None:
    # Harry's health record fits both register records; the stronger link wins and the other twin stays apart.
    records = [HARVEY, HARRY, HARRY_AT_HEALTH]
    edges = [Edge(1, 2, 0.99999), Edge(0, 2, 0.9995)]
    result = cluster(len(records), edges, records, cohort="ehe_register")
    assert result.labels[1] == result.labels[2]
    assert result.labels[0] != result.labels[1]
    assert [reason for _, reason in result.refused] == [REGISTER_LISTS_TWO]
