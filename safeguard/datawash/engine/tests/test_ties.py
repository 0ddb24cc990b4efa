"""A record that fits two different children equally well joins neither: which one it joined would be chance."""

from __future__ import annotations

from safeguard.datawash.engine.cluster import FITS_TWO_CHILDREN, Edge, cluster
from safeguard.datawash.engine.rules import RecordFacts

from .test_rules import facts


def _twins_and_a_record() -> list[RecordFacts]:
    # 0 = a register record with no identifier; 1 and 2 = twins' health records: one name, two NHS numbers.
    return [
        facts("Harry", "Ward", "2014-06-01"),
        facts("Harry", "Ward", "2014-06-01", nhs_number="9434765919"),
        facts("Harry", "Ward", "2014-06-01", nhs_number="9434765870"),
    ]


def test_a_record_equally_like_two_different_children_joins_neither() -> None:
    result = cluster(3, [Edge(0, 1, 0.9998), Edge(0, 2, 0.9998)], _twins_and_a_record())
    assert len(set(result.labels.tolist())) == 3
    assert sorted((edge.left, edge.right) for edge, why in result.refused if why == FITS_TWO_CHILDREN) == [
        (0, 1),
        (0, 2),
    ]


def test_a_record_more_like_one_child_joins_that_child() -> None:
    result = cluster(3, [Edge(0, 1, 0.9999), Edge(0, 2, 0.9990)], _twins_and_a_record())
    assert result.labels[0] == result.labels[1] != result.labels[2]
    assert all(why != FITS_TWO_CHILDREN for _, why in result.refused)


def test_one_childs_two_records_are_not_a_tie_between_children() -> None:
    # The same child twice at one agency (same NHS number): equal links to both are one child's.
    records = [
        facts("Harry", "Ward", "2014-06-01"),
        facts("Harry", "Ward", "2014-06-01", nhs_number="9434765919"),
        facts("Harry", "Ward", "2014-06-01", nhs_number="9434765919"),
    ]
    result = cluster(3, [Edge(0, 1, 0.9998), Edge(0, 2, 0.9998), Edge(1, 2, 0.9999)], records)
    assert len(set(result.labels.tolist())) == 1
    assert not result.refused


def test_a_register_records_tie_is_left_to_the_rival_rule() -> None:
    # The cohort's rival rule sends such a child to a check, or finds it seen when every twin it fits was seen.
    records = _twins_and_a_record()
    records[0] = facts("Harry", "Ward", "2014-06-01", source="ehe_register")
    result = cluster(3, [Edge(0, 1, 0.9998), Edge(0, 2, 0.9998)], records, cohort="ehe_register")
    assert all(why != FITS_TWO_CHILDREN for _, why in result.refused)


def test_a_pair_linked_only_to_each_other_is_a_cluster_of_two_beside_the_ties_decided_as_ever() -> None:
    # 3 and 4 are one child's records, cleared by the rules and linked to nothing else: clustered without a check.
    records = [*_twins_and_a_record(), facts("Amy", "Cole", "2012-02-02"), facts("Amy", "Cole", "2012-02-02")]
    lone = Edge(3, 4, 0.9997, checked=True)
    result = cluster(5, [Edge(0, 1, 0.9998, checked=True), lone, Edge(0, 2, 0.9998, checked=True)], records)
    assert result.labels.tolist() == [0, 1, 2, 3, 3]
    assert result.tree == [lone]
    assert result.links == [lone]
    assert len(result.refused) == 2
