"""A saved model from another version of the engine is refused with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safeguard.datawash.engine.errors import BadInput
from safeguard.datawash.engine.model import settings

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
