"""A saved model from another version of the engine is refused with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safeguard.datawash.engine.errors import BadInput
from safeguard.datawash.engine.model import forget_unlearnt, settings

MODEL = Path(__file__).resolve().parents[2] / "data" / "synthetic_model.json"


def test_the_shipped_model_fits_the_engine() -> None:
    settings(json.loads(MODEL.read_text()))


def test_a_model_with_different_levels_is_refused_with_a_clear_message() -> None:
    trained = json.loads(MODEL.read_text())
    trained["comparisons"][0]["comparison_levels"].pop()
    with pytest.raises(BadInput, match="does not fit this version of the engine"):
        settings(trained)


def test_a_model_missing_a_comparison_is_refused() -> None:
    trained = json.loads(MODEL.read_text())
    trained["comparisons"].pop()
    with pytest.raises(BadInput, match="it has no"):
        settings(trained)


def test_a_comparison_that_learnt_nothing_is_saved_without_parameters() -> None:
    placeholder = {"m_probability": 0.5, "u_probability": 0.5}
    model = {
        "comparisons": [
            {
                "output_column_name": "other_id",
                "comparison_levels": [{"is_null_level": True}, dict(placeholder), dict(placeholder)],
            },
            {
                "output_column_name": "sex",
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 0.99, "u_probability": 0.5},
                    {"m_probability": 0.01, "u_probability": 0.5},
                ],
            },
        ]
    }
    other_id, sex = forget_unlearnt(model)["comparisons"]
    assert all("m_probability" not in level for level in other_id["comparison_levels"])
    assert sex["comparison_levels"][1] == {"m_probability": 0.99, "u_probability": 0.5}
