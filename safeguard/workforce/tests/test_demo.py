from __future__ import annotations

import pytest

from safeguard.core.testing import World

from ..demo import load_demo
from ..models import WorkforceReturn

pytestmark = pytest.mark.django_db


def test_the_demo_loads_returns_for_the_agencies_that_submit_figures(world: World) -> None:
    load_demo(partnership=world.darlington)
    # dana (health) and erin (children's services) submit; the others have no one who may.
    assert set(WorkforceReturn.objects.values_list("agency__code", flat=True)) == {"cddft", "dbc-childrens"}
