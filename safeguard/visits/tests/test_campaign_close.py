"""A lead closes the unseen-children campaign with a summary; the partnership can then start the next one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.visits import selectors
from safeguard.visits.services import VisitProblem, campaign_close, campaign_start
from safeguard.visits.tests.factories import sample_campaign

pytestmark = pytest.mark.django_db


def test_a_lead_closes_the_campaign_with_a_summary_and_a_new_one_can_be_started(world: World) -> None:
    run, _, _ = sample_campaign(world)
    campaign = selectors.campaign_for(partnership=world.darlington)
    assert campaign is not None
    client = signed_in_client(world.erin)
    refused = client.post(reverse("visits:campaign_close"), {"summary": ""})
    assert refused.status_code == 400 and "Enter a closing summary" in refused.content.decode()
    response = client.post(reverse("visits:campaign_close"), {"summary": "Every child on the register was seen."})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.closed_at is not None and campaign.closed_by == world.erin
    assert selectors.campaign_for(partnership=world.darlington) is None
    event = AuditEvent.objects.get(action=Action.UPDATE, summary__startswith="Closed the campaign")
    assert event.reason == "Every child on the register was seen."
    page = client.get(reverse("visits:dashboard")).content.decode()
    assert "Every child on the register was seen." in page and "Start the campaign" in page
    following = campaign_start(actor=world.erin, group=world.board, run=run, name="Next year's campaign")
    assert selectors.campaign_for(partnership=world.darlington) == following


def test_only_a_named_lead_closes_the_campaign_and_only_once(world: World) -> None:
    sample_campaign(world)
    campaign = selectors.campaign_for(partnership=world.darlington)
    assert campaign is not None
    with pytest.raises(VisitProblem, match="Only a named lead"):
        campaign_close(actor=world.alice, campaign=campaign, summary="Done")
    assert signed_in_client(world.alice).post(reverse("visits:campaign_close"), {"summary": "Done"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.closed_at is None
    campaign_close(actor=world.erin, campaign=campaign, summary="Done")
    with pytest.raises(VisitProblem, match="already been closed"):
        campaign_close(actor=world.erin, campaign=campaign, summary="Again")


def test_a_closed_campaigns_figures_still_count_for_the_periods_it_ran(world: World) -> None:
    run, _, _ = sample_campaign(world)
    campaign = selectors.campaign_for(partnership=world.darlington)
    assert campaign is not None
    campaign_close(actor=world.erin, campaign=campaign, summary="Done")
    day = run.as_of
    assert selectors.campaign_for_period(partnership=world.darlington, period_end=day) == campaign
