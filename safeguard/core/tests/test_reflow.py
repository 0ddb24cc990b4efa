"""Every main page reflows at 320 CSS pixels wide without sideways scrolling (WCAG 1.4.10).

Wide tables scroll inside their own focusable, labelled region (``.sg-table-wrap``), which is allowed:
the page itself must not.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from safeguard.conftest import browser_sign_in
from safeguard.core.testing import World, signed_in_client
from safeguard.core.tests.test_url_matrix import all_routes, url_samples
from safeguard.datawash.tests.factories import sample_run
from safeguard.missing.demo import load_demo as load_missing
from safeguard.partnership.access import access_rule_of
from safeguard.placements.demo import load_demo as load_placements

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320


def _overflow(page: Any, path: str) -> str | None:
    """The widest elements if the page scrolls sideways at 320 pixels, else None."""
    page.goto(path)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width <= WIDTH:
        return None
    culprits = page.evaluate(
        """(limit) => Array.from(document.querySelectorAll('body *'))
             .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('.sg-table-wrap'))
             .slice(-3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
        WIDTH,
    )
    return f"{path} is {width}px wide: {culprits}"


def test_the_main_pages_reflow_at_320_css_pixels(page: Any, live_server: Any, world: World) -> None:
    load_missing(partnership=world.darlington)
    load_placements(partnership=world.darlington)
    run, child, _ = sample_run(world)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.set_default_navigation_timeout(60000)
    problems = [_overflow(page, path) for path in ("/sign-in/", reverse("cookies"), reverse("accessibility"))]

    pages_by_user = [
        (
            world.charlie,
            [
                reverse("dashboard"),
                reverse("people:search"),
                reverse("people:create"),
                reverse("missing:index"),
                reverse("missing:find"),
                reverse("missing:profiles"),
                reverse("missing:worklist"),
                reverse("missing:record", args=[world.child.pk]),
                reverse("placements:index"),
                reverse("people:detail", args=[world.child.pk]),
            ],
        ),
        (
            world.erin,
            [
                reverse("datawash:index"),
                reverse("datawash:runs"),
                reverse("datawash:run", args=[run.pk]),
                reverse("datawash:review"),
                reverse("datawash:child", args=[run.pk, child.pk]),
            ],
        ),
        (world.grace, [reverse("audit:log")]),
    ]
    for user, paths in pages_by_user:
        page.context.clear_cookies()
        browser_sign_in(page, live_server, user)
        problems += [_overflow(page, path) for path in paths]

    failing = [p for p in problems if p]
    assert not failing, "\n".join(failing)


def _html_pages_for(user: Any, samples: dict[str, dict[str, Any]]) -> list[str]:
    """Every URL the user may open that answers with a page (not a download, JSON or a redirect)."""
    client = signed_in_client(user)
    paths = []
    for route in all_routes():
        rule = access_rule_of(route.callback)
        if rule is None or rule.write or (rule.kind == "perm" and not user.can(rule.perm)):
            continue
        if route.params and route.name not in samples:
            continue
        path = reverse(route.name, kwargs=samples.get(route.name) or None)
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            paths.append(path)
    return paths


@pytest.mark.slow
def test_every_page_any_role_can_open_reflows_at_320_css_pixels(page: Any, live_server: Any, world: World) -> None:
    """Every page from the URL matrix's samples that any of the test world's users can open, not a chosen few.

    Each path is opened once, by the first user who can: the practitioner and the analyst open most of them,
    and each other role adds the pages only it reaches (grading, the board, administration, data protection).
    """
    samples = url_samples(world)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.set_default_navigation_timeout(60000)
    problems: list[str | None] = []
    seen: set[str] = set()
    users = world.users()
    first = [users.pop("charlie"), users.pop("erin")]
    for user in [*first, *users.values()]:
        paths = [p for p in _html_pages_for(user, samples) if p not in seen]
        seen.update(paths)
        if user in first:
            assert len(paths) > 10, f"{user.username} opened only {paths}"
        if not paths:
            continue
        page.context.clear_cookies()
        browser_sign_in(page, live_server, user)
        problems += [_overflow(page, path) for path in paths]
    failing = [p for p in problems if p]
    assert not failing, f"{len(failing)} of {len(seen)} pages scroll sideways:\n" + "\n".join(failing)


def test_a_table_scrolls_in_a_labelled_focusable_region(world: World) -> None:
    run, _, _ = sample_run(world)
    html = signed_in_client(world.erin).get(reverse("datawash:run", args=[run.pk])).content.decode()
    assert '<div class="sg-table-wrap" role="region" aria-label="Children on the register" tabindex="0">' in html
