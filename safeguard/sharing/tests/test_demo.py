from __future__ import annotations

from safeguard.core.testing import BaseTestCase
from safeguard.sharing import selectors
from safeguard.sharing.demo import load_demo


class DemoTests(BaseTestCase):
    def test_the_demo_loads_on_the_test_world_and_tells_a_story(self) -> None:
        load_demo(partnership=self.world.darlington)
        assert selectors.briefings_for_user(self.charlie).count() == 2
        counts = selectors.decision_counts(self.charlie)
        assert counts.superseded == 1 and counts.reviews_overdue == 1 and counts.reviews_due_soon == 1
