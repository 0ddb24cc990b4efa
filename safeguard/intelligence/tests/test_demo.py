from __future__ import annotations

from safeguard.core.testing import BaseTestCase
from safeguard.intelligence import selectors
from safeguard.intelligence.demo import load_demo
from safeguard.intelligence.models import Status, Submission


class DemoTests(BaseTestCase):
    def test_the_demo_loads_on_the_test_world_and_tells_a_story(self) -> None:
        load_demo(partnership=self.world.darlington)
        assert Submission.objects.filter(status=Status.DRAFT).count() == 1
        assert selectors.queue_for_user(self.bob).filter(status=Status.SUBMITTED).count() == 2
        assert selectors.network_for_user(self.erin), "the shared car and phone should connect submissions"
