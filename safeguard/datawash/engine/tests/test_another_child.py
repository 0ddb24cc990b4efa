"""A candidate reaching into records that carry another child's NHS number or UPN does not hold a child back.

Hand-built records: a register child linked to its own records, and a look-alike (a namesake or a twin)
seen recently elsewhere. Whether the look-alike sends the child to a desk check depends on whether the
two sets of records can be one child at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from safeguard.datawash.engine.cluster import Clustering, Edge
from safeguard.datawash.engine.cohort import Candidate, CohortRules, decide
from safeguard.datawash.engine.rules import NAMESAKE_RULE, RecordFacts

from .conftest import AS_OF
from .test_rules import facts

RULES = CohortRules("ehe_register", AS_OF, 18, review_threshold=0.2, check_threshold=0.5)


def _decide(mine: dict[str, str], theirs: dict[str, str], probability: float = 0.9999) -> tuple[str, bool, float]:
    """Register R1 linked to its health record H1 (seen long ago); a look-alike's records S2 and H2 seen lately.

    The candidate joins H1 to S2. Returns the child's status, whether the candidate decided it, and confidence.
    """
    records = pd.DataFrame(
        {
            "source": ["ehe_register", "health", "school_census", "health"],
            "record_id": ["R1", "H1", "S2", "H2"],
            "last_seen_date": [pd.NaT, pd.Timestamp("2013-01-01"), pd.Timestamp("2017-06-01"), pd.NaT],
        }
    )
    register = facts("Sophia", "Wright", "2007-03-12")
    table: list[RecordFacts] = [
        register,
        facts("Sophia", "Wright", "2007-03-12", **mine),
        facts("Sophia", "Wright", "2007-03-12", upn=theirs.get("upn"), address="114 holly grove"),
        facts("Sophia", "Wright", "2007-03-12", nhs_number=theirs.get("nhs_number"), address="114 holly grove"),
    ]
    clustering = Clustering(
        labels=np.array([0, 0, 1, 1]), tree=[Edge(0, 1, 0.999, checked=True), Edge(2, 3, 0.999, checked=True)]
    )
    candidate = Candidate(1, 2, probability, NAMESAKE_RULE)
    outcome = decide(records, clustering, [candidate], RULES, facts=table)
    row = outcome.rows[0]
    return row.status, any(decides for _, _, decides in outcome.review), row.confidence


def test_a_look_alike_with_a_different_nhs_number_is_another_child_and_the_child_stays_unseen() -> None:
    status, decides, confidence = _decide({"nhs_number": "9133014019"}, {"nhs_number": "9547364839"})
    assert (status, decides) == ("unseen", False)
    assert confidence == 1.0  # the other child's pair is not a near miss of this child's


def test_a_look_alike_with_a_different_upn_is_another_child_and_the_child_stays_unseen() -> None:
    assert _decide({"upn": "E841201711014"}, {"upn": "D841201806019"})[:2] == ("unseen", False)


def test_a_look_alike_sharing_an_identifier_still_sends_the_child_to_a_desk_check() -> None:
    shared = {"nhs_number": "9133014019"}
    assert _decide(shared, shared)[:2] == ("check", True)


def test_a_look_alike_without_identifiers_still_sends_the_child_to_a_desk_check() -> None:
    assert _decide({"nhs_number": "9133014019"}, {})[:2] == ("check", True)


def test_identifiers_of_different_kinds_prove_nothing_and_the_child_goes_to_a_desk_check() -> None:
    # An NHS number on one side and a UPN on the other can belong to one child.
    assert _decide({"nhs_number": "9133014019"}, {"upn": "D841201806019"})[:2] == ("check", True)


def test_without_facts_every_candidate_is_weighed_as_before() -> None:
    records = pd.DataFrame(
        {
            "source": ["ehe_register", "health"],
            "record_id": ["R1", "H1"],
            "last_seen_date": [pd.NaT, pd.Timestamp("2017-05-01")],
        }
    )
    outcome = decide(records, Clustering(np.array([0, 1]), []), [Candidate(0, 1, 0.9, "uncertain match")], RULES)
    assert outcome.rows[0].status == "check"
