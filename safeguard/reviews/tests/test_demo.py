from __future__ import annotations

from safeguard.core.testing import BaseTestCase
from safeguard.reviews import selectors
from safeguard.reviews.demo import load_demo
from safeguard.reviews.models import Review, Stage


class Demo(BaseTestCase):
    def test_the_demo_tells_the_durham_review_from_notification_to_the_mappa_briefing(self) -> None:
        load_demo(partnership=self.world.darlington)
        review = Review.objects.get()
        assert review.stage == Stage.LEARNING
        assert [b.title for b in review.briefings.all()] == ["MAPPA information sharing briefing"]
        assert review in selectors.reviews_for_member(self.charlie)
        progress = selectors.progress_for_user(self.frank)
        assert (progress[0].actions_total, progress[0].actions_complete) == (2, 1)

    def test_loading_the_demo_twice_adds_nothing(self) -> None:
        load_demo(partnership=self.world.darlington)
        load_demo(partnership=self.world.darlington)
        assert Review.objects.count() == 1
