"""Fixtures shared by every app's tests.

Browser tests drive Debian's Chromium through Playwright (no browser download).
They are skipped, with the reason shown, when Chromium is not installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import get_resolver

from safeguard.core.testing import World, signed_in_client


def pytest_configure(config: pytest.Config) -> None:
    """``SAFEGUARD_TEST_CLOCK=2027-12-02T12:00`` runs the whole suite as if it were then.

    CI runs the suite again a year ahead and on a bank holiday weekend (``scripts/test-clocks``), so a test that
    only passes on the day it was written is caught. The clock keeps ticking from there; a test that needs one
    exact moment still freezes it itself with ``time_machine``.
    """
    clock = os.environ.get("SAFEGUARD_TEST_CLOCK", "").strip()
    if clock:
        import datetime as dt

        import time_machine

        moment = dt.datetime.fromisoformat(clock)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        time_machine.travel(moment, tick=True).start()


CHROMIUM = os.environ.get("SAFEGUARD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "build" / "test-assets" / "axe.min.js"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def world(db: Any) -> World:
    return World()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # The live server runs in this process: load every app's URLs (some import pandas and
    # Splink) before the browser waits on the first page, not during it.
    get_resolver().url_patterns  # noqa: B018
    # bypass_csp lets the test inject axe-core; the pages themselves run under the real policy.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    # Generous: the suite shares two cores with Splink and Spark in CI.
    page.set_default_timeout(45000)
    yield page
    context.close()


def browser_sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Put a signed-in, second-factor-verified session into the browser."""
    client = signed_in_client(user)
    cookie = client.cookies["sessionid"]
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "domain": host, "path": "/"}])


def assert_accessible(page: Any) -> None:
    """Run axe-core on the current page and fail on any violation (WCAG 2.2 AA rules)."""
    if not AXE.exists():
        pytest.fail("build/test-assets/axe.min.js is missing: run `make assets`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} on {page.url}) e.g. {v['nodes'][0]['html'][:200]}"
        for v in result["violations"]
    ]
    assert violations == [], "\n".join(violations)
