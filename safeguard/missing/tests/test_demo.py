from __future__ import annotations

from django.test import TestCase

from safeguard.core.testing import World
from safeguard.missing import selectors
from safeguard.missing.demo import load_demo as load_missing
from safeguard.missing.models import Episode
from safeguard.placements.demo import load_demo as load_placements
from safeguard.placements.selectors import inbox_for_user, outgoing_overdue_for_user


class DemoTests(TestCase):
    def test_the_demo_stories_load_on_the_test_world_and_look_alive(self) -> None:
        world = World()
        load_missing(partnership=world.darlington)
        load_placements(partnership=world.darlington)
        assert Episode.objects.filter(ended_at__isnull=True).exists()
        work = selectors.rhi_worklist(world.charlie)
        assert (len(work.overdue), len(work.due_soon)) == (1, 1)
        assert len(selectors.repeat_missing_for_user(world.charlie)) == 1
        assert sorted(
            (n.kind, n.recipient, n.placement.person.given_name) for n in outgoing_overdue_for_user(world.charlie)
        ) == [
            ("police", "police", "Callum"),
            ("reg13", "child", "Callum"),
            ("reg13", "host", "Callum"),
            ("reg13", "icb_home", "Callum"),
            ("reg13", "icb_placement", "Callum"),
            ("reg13", "iro", "Callum"),
            ("reg13", "school", "Callum"),
        ]
        assert len(inbox_for_user(world.charlie).waiting) == 1
        assert len(inbox_for_user(world.heidi).waiting) == 1
