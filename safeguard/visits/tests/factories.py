"""A campaign over the sample run, started by its named lead, for tests that count or list children."""

from __future__ import annotations

from safeguard.core.testing import World
from safeguard.datawash.models import CohortChild, ReviewCase, WashRun
from safeguard.datawash.tests.factories import sample_run
from safeguard.partnership.models import GroupMembership, GroupRole
from safeguard.visits.services import campaign_start


def make_lead(world: World) -> None:
    """Erin (an analyst) becomes a named lead of the board, the group that owns the campaign."""
    GroupMembership.objects.get_or_create(group=world.board, user=world.erin, defaults={"role": GroupRole.LEAD})


def sample_campaign(world: World) -> tuple[WashRun, CohortChild, ReviewCase]:
    run, child, case = sample_run(world)
    make_lead(world)
    campaign_start(actor=world.erin, group=world.board, run=run, name="Children not seen")
    return run, child, case
