from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.missing.demo import load_demo as load_missing
from safeguard.missing.models import Episode, RiskLocation
from safeguard.people.models import Person
from safeguard.placements.demo import load_demo as load_placements
from safeguard.placements.models import Notice, Placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"#id_{name}_0", str(day.day))
    page.fill(f"#id_{name}_1", str(day.month))
    page.fill(f"#id_{name}_2", str(day.year))


def test_a_social_worker_records_an_episode_the_return_and_a_completed_interview(
    page: Any, live_server: Any, world: World
) -> None:
    two_days_ago = timezone.localdate() - dt.timedelta(days=2)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    # The shared test machine can be slow to serve static files; the default 15 s is too tight.
    page.set_default_navigation_timeout(60000)
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/missing/record/")
    assert_accessible(page)
    page.fill("#id_name", "Amelia Hartly")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Record episode for Amelia Hartley").click()

    page.get_by_label("Missing (whereabouts unknown)").check()
    page.get_by_label("Medium", exact=True).check()
    fill_date(page, "started_at_date", two_days_ago)
    page.fill("#id_started_at_time", "10:00")
    fill_date(page, "reported_at_date", two_days_ago)
    page.fill("#id_reported_at_time", "10:30")
    page.fill("#id_last_seen_place", "Darlington bus station")
    assert_accessible(page)
    page.get_by_role("button", name="Record episode").click()
    assert page.locator("h1").inner_text() == "Amelia Hartley"
    assert "Still missing" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Record the return").click()
    fill_date(page, "ended_at_date", two_days_ago)
    page.fill("#id_ended_at_time", "18:00")
    page.get_by_role("button", name="Record return").click()
    assert "Due in" in page.locator("main").inner_text()

    page.get_by_role("link", name="Record the return home interview").click()
    assert_accessible(page)
    fill_date(page, "offered_at_date", yesterday)
    page.fill("#id_offered_at_time", "09:00")
    page.fill("#id_offered_by", "Chris Evans")
    page.get_by_label("Accepted").check()
    fill_date(page, "completed_at_date", yesterday)
    page.fill("#id_completed_at_time", "11:00")
    page.fill("#id_completed_by", "Jess Moore")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Child criminal exploitation (including county lines)").check()
    page.get_by_role("button", name="Save interview").click()
    assert "Return home interview saved" in page.content()
    assert page.locator(".govuk-tag", has_text="Done").first.is_visible()
    assert_accessible(page)


def test_the_missing_and_placement_pages_are_accessible(page: Any, live_server: Any, world: World) -> None:
    load_missing(partnership=world.darlington)
    load_placements(partnership=world.darlington)
    placement = Placement.objects.order_by("pk").first()
    assert placement is not None
    page.set_default_navigation_timeout(60000)
    browser_sign_in(page, live_server, world.charlie)
    tyler = Person.objects.get(given_name="Tyler").pk
    returned = Episode.objects.filter(rhi__isnull=False, rhi__completed_at__isnull=True).order_by("pk").first()
    outside = Notice.objects.filter(to_agency__isnull=True, sent_at__isnull=True).order_by("pk").first()
    assert returned is not None and outside is not None
    location = RiskLocation.objects.select_related("profile").order_by("pk").first()
    assert location is not None
    for url in [
        "/dashboard/",
        "/missing/",
        "/missing/interviews/",
        f"/missing/profiles/{tyler}/",
        "/missing/export/",
        "/placements/",
        f"/placements/{placement.pk}/",
        f"/placements/record/{world.child.pk}/",
        f"/placements/notices/{outside.pk}/record-sent/",
        f"/placements/{outside.placement_id}/details/",
        f"/missing/episodes/{returned.pk}/",
        f"/missing/episodes/{returned.pk}/interview/provider/",
        # Issue 19: removing a risk-assessed location asks first, on a page of its own.
        f"/missing/profiles/{location.profile.person_id}/locations/{location.pk}/remove/",
    ]:
        page.goto(url)
        assert_accessible(page)
    browser_sign_in(page, live_server, world.heidi)
    page.goto("/placements/incoming/")
    assert "Kacey Robson" in page.content()
    assert_accessible(page)
    browser_sign_in(page, live_server, world.alice)
    page.goto("/partnership/settings/")
    assert_accessible(page)


def test_police_can_see_a_high_risk_child_who_is_missing_right_now(page: Any, live_server: Any, world: World) -> None:
    from safeguard.missing.services import profile_save

    profile_save(actor=world.charlie, person=world.child, fields={"description": "Freckles, long red hair"})
    two_hours_ago = timezone.localtime() - dt.timedelta(hours=2)
    page.set_default_navigation_timeout(60000)
    # The social worker starts from the home page.
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/")
    page.get_by_role("link", name="Missing children").first.click()
    page.get_by_role("link", name="Record a missing episode").click()
    page.fill("#id_name", "Amelia Hartley")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Record episode for Amelia Hartley").click()
    page.get_by_label("Missing (whereabouts unknown)").check()
    page.get_by_label("High", exact=True).check()
    fill_date(page, "started_at_date", two_hours_ago.date())
    page.fill("#id_started_at_time", two_hours_ago.strftime("%H:%M"))
    fill_date(page, "reported_at_date", two_hours_ago.date())
    page.fill("#id_reported_at_time", two_hours_ago.strftime("%H:%M"))
    page.fill("#id_clothing", "Green parka")
    page.fill("#id_police_reference", "DP-2026-0042")
    assert_accessible(page)
    page.get_by_role("button", name="Record episode").click()
    assert "Episode recorded" in page.content()
    assert "police see this episode" in page.locator("main").inner_text()

    # The police officer finds her on the missing children page and opens the Philomena profile.
    browser_sign_in(page, live_server, world.bob)
    page.goto("/")
    page.get_by_role("link", name="Missing children").first.click()
    page.get_by_role("link", name="Amelia Hartley").click()
    assert "DP-2026-0042" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Philomena profile").click()
    main = page.locator("main").inner_text()
    assert "Freckles, long red hair" in main and "Green parka" in main
    assert_accessible(page)
