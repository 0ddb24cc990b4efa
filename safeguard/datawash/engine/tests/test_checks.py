"""Which candidates hold an unseen child back for a desk check, and which only inform the review list."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from safeguard.datawash.engine.cluster import Clustering
from safeguard.datawash.engine.cohort import Candidate, CohortRules, decide

from .conftest import AS_OF


def _decide(probability: float) -> tuple[str, list[bool]]:
    records = pd.DataFrame(
        {
            "source": ["ehe_register", "health"],
            "record_id": ["R1", "H1"],
            "last_seen_date": [pd.NaT, pd.Timestamp("2017-05-01")],
        }
    )
    clustering = Clustering(labels=np.array([0, 1]), tree=[])
    rules = CohortRules("ehe_register", AS_OF, 18, review_threshold=0.2, check_threshold=0.5)
    outcome = decide(records, clustering, [Candidate(0, 1, probability, "uncertain match")], rules)
    return outcome.rows[0].status, [decides for _, _, decides in outcome.review]


@pytest.mark.parametrize("probability", [0.21, 0.35, 0.49])
def test_a_candidate_less_likely_than_not_is_listed_but_the_child_stays_unseen(probability: float) -> None:
    assert _decide(probability) == ("unseen", [False])


@pytest.mark.parametrize("probability", [0.5, 0.8, 0.99])
def test_a_candidate_at_least_an_even_chance_sends_the_child_to_a_desk_check(probability: float) -> None:
    assert _decide(probability) == ("check", [True])


def test_a_candidate_below_the_review_threshold_is_not_listed() -> None:
    assert _decide(0.1) == ("unseen", [])
