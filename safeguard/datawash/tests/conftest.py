from __future__ import annotations

from typing import Any

import pytest

from safeguard.datawash.tests.helpers import MODEL


@pytest.fixture(autouse=True)
def fixed_model(settings: Any) -> None:
    """Reuse a trained model: the engine then scores in seconds instead of training."""
    settings.SAFEGUARD_WASH_MODEL_PATH = str(MODEL)
