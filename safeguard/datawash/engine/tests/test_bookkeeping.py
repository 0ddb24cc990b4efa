"""The wash's bookkeeping beside the rules: person ids, officers' rejections, the garbage collector."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd

from safeguard.datawash.engine.cohort import person_ids
from safeguard.datawash.engine.pipeline import _fewer_collections, _not_rejected


def test_person_ids_are_each_clusters_own_even_where_a_record_id_is_missing() -> None:
    records = pd.DataFrame({"source": ["x", "x", "y"], "record_id": ["b", None, "z"]})
    ids = person_ids(records, np.array([0, 0, 2]))
    assert ids[0] == ids[1] != ids[2]


def test_a_rejected_pair_is_left_out_whatever_width_its_ids_come_in() -> None:
    left, right = np.array([70_000, 1], dtype=np.int32), np.array([70_001, 2], dtype=np.int32)
    assert _not_rejected(left, right, {(70_000, 70_001)}).tolist() == [False, True]


def test_washes_overlapping_in_threads_leave_the_collector_as_they_found_it() -> None:
    before = gc.get_threshold()
    first, second = _fewer_collections(), _fewer_collections()
    first.__enter__()
    second.__enter__()
    assert gc.get_threshold()[0] == 100_000
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == 100_000
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
