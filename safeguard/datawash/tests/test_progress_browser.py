"""The wash progress page updates in place, announcing progress politely, with no timed full-page refresh."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from safeguard.conftest import browser_sign_in
from safeguard.core.testing import World
from safeguard.datawash.models import RunStatus, WashRun
from safeguard.datawash.tests.factories import sample_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_page_updates_itself_without_reloading(page: Any, live_server: Any, world: World) -> None:
    run, _, _ = sample_run(world)
    WashRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, stage="reading extracts", percent=10)
    page.set_default_navigation_timeout(60000)
    browser_sign_in(page, live_server, world.erin)
    page.goto(reverse("datawash:run", args=[run.pk]))
    page.evaluate("() => { window.sgSamePage = true; }")  # lost if the page reloads

    WashRun.objects.filter(pk=run.pk).update(stage="comparing records", percent=60)

    page.wait_for_function("() => document.getElementById('run-progress-live').textContent.includes('60%')")
    assert page.locator("#run-progress-label").inner_text() == "Now comparing records (60%)"
    assert page.evaluate("() => document.getElementById('run-progress').value") == 60
    assert page.evaluate("() => window.sgSamePage") is True
    assert page.locator("meta[http-equiv=refresh]").count() == 0  # only inside <noscript>, not parsed with script on
