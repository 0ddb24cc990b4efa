"""The link table holds one Python object per distinct value: a million records share a few thousand dates of
birth and postcodes, and a string apiece would double what the run holds while DuckDB scores."""

from __future__ import annotations

import numpy as np
import pandas as pd

from safeguard.datawash.engine.features import _none_if_blank


def test_blank_and_missing_values_become_none_and_the_rest_are_kept() -> None:
    values = pd.Series(["2010-01-02", "", None, "2011-03-04", np.nan, "2010-01-02"], dtype="str")

    assert _none_if_blank(values).tolist() == ["2010-01-02", None, None, "2011-03-04", None, "2010-01-02"]


def test_rows_with_one_value_share_one_string() -> None:
    shared = _none_if_blank(pd.Series(["DL1 1AA", "DL1 1AB"] * 3, dtype="str"))

    assert shared.dtype == object
    assert len({id(value) for value in shared}) == 2
