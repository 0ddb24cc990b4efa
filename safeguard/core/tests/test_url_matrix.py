"""Every URL of the project against every role.

The URL list is read from the resolver, so a URL added tomorrow is covered
tomorrow: a view without an access decorator fails here, and so does a URL
with parameters that no app's ``tests/url_samples.py`` gives values for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguard.audit.models import AuditEvent
from safeguard.core.testing import BaseTestCase, World, signed_in_client
from safeguard.partnership.access import AccessRule, access_rule_of
from safeguard.partnership.models import User

# Pages behind a personal-data permission that, opened bare, show a blank search,
# upload or new-record form; what they find or take is audited when it happens.
SHOW_NO_ONE_UNTIL_ASKED = frozenset(
    {
        "people:search",
        "people:trace",
        "people:create",
        "missing:find",
        "missing:export",
        "placements:find",
        "sharing:choose_person",
        "intelligence:mine",
        "intelligence:create",
        "datawash:upload",
        "performance:audit_create",
        "reviews:find",
        "dataprotection:find",
    }
)

# Personal-data pages the samples cannot open; what each shows is audited in its own tests.
NOT_SHOWN_WITH_SAMPLES = frozenset(
    {
        "missing:add_child",  # opens only after a search found no one, then as a blank form
        "missing:profile_photo_image",  # the sample profile has no photo (test_philomena)
        "datawash:run_report",  # the sample run has no engine report (test_runs)
    }
)

# Readiness probes answer 503, by design, while the test has no worker or scheduler running.
NOT_READY_IS_AN_ANSWER = frozenset({"ops:readyz"})

# URL prefixes served by something other than a Django view with our decorators.
NOT_VIEWS = ("api/",)


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    callback: Callable[..., Any]
    params: tuple[str, ...]


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        else:
            full = prefix + str(entry.pattern)
            if full.startswith(NOT_VIEWS) or not entry.name:
                continue
            yield Route(f"{namespace}{entry.name}", full, entry.callback, tuple(entry.pattern.converters))


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def url_samples(world: World) -> dict[str, dict[str, Any]]:
    samples: dict[str, dict[str, Any]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("safeguard."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.url_samples")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(config.name):
                continue
            raise
        samples.update(module.samples(world))
    return samples


class UrlMatrixTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.samples = url_samples(self.world)
        self.routes = all_routes()
        self._clients: dict[str, Client] = {}

    def _url(self, route: Route) -> str:
        if not route.params:
            return reverse(route.name)
        kwargs = self.samples.get(route.name)
        assert kwargs is not None, (
            f"{route.name} ({route.pattern}) needs sample values in its app's tests/url_samples.py"
        )
        return reverse(route.name, kwargs=kwargs)

    def _client(self, user: User | None) -> Client:
        # One signed-in client per user: signing in for every URL would dominate the run time.
        key = user.username if user is not None else ""
        if key not in self._clients:
            self._clients[key] = signed_in_client(user) if user is not None else Client()
        return self._clients[key]

    def test_every_view_declares_who_may_use_it(self) -> None:
        undeclared = [f"{r.name} ({r.pattern})" for r in self.routes if access_rule_of(r.callback) is None]
        assert undeclared == [], "Views without @public, @signed_in or @requires(...)"

    def test_every_url_with_parameters_has_samples(self) -> None:
        missing = [r.name for r in self.routes if r.params and r.name not in self.samples]
        assert missing == []

    def test_anonymous_visitors_reach_only_public_pages(self) -> None:
        client = self._client(None)
        for route in self.routes:
            rule = access_rule_of(route.callback)
            assert rule is not None
            response = client.get(self._url(route))
            if rule.kind == "public":
                assert response.status_code < (504 if route.name in NOT_READY_IS_AN_ANSWER else 500), route.name
            else:
                assert response.status_code == 302, route.name
                assert reverse("login") in response["Location"], route.name

    def test_each_role_gets_exactly_what_its_permissions_allow(self) -> None:
        users = self.world.users()
        for route in self.routes:
            rule = access_rule_of(route.callback)
            assert rule is not None
            url = self._url(route)
            for username, user in users.items():
                with self.subTest(url=url, user=username):
                    response = self._client(user).get(url)
                    self._check(route, rule, user, response.status_code)

    def _check(self, route: Route, rule: AccessRule, user: User, status: int) -> None:
        if route.name in NOT_READY_IS_AN_ANSWER and status == 503:
            return
        assert status < 500, f"{route.name} crashed for {user.username}"
        if rule.kind != "perm":
            assert status != (404 if rule.kind == "public" else 403)
            return
        assert rule.perm is not None
        if not user.can(rule.perm):
            assert status == 403, f"{user.username} lacks {rule.perm} but got {status} at {route.name}"
            return
        if rule.write:
            assert status == 405, f"{route.name} changes data and must refuse GET"
            return
        outsider = user.agency is not None and user.agency.partnership_id != self.world.darlington.pk
        if outsider and route.params:
            # Sample records belong to Darlington: another partnership learns nothing.
            assert status == 404, f"{user.username} from another partnership reached {route.name}"
        else:
            assert status in (200, 302, 404), f"{user.username} got {status} at {route.name}"

    def test_board_members_never_see_a_page_of_personal_data(self) -> None:
        client = self._client(self.frank)
        for route in self.routes:
            rule = access_rule_of(route.callback)
            if rule is not None and rule.personal_data:
                assert client.get(self._url(route)).status_code != 200, route.name

    def test_read_only_users_cannot_post_anywhere(self) -> None:
        client = self._client(self.grace)
        for route in self.routes:
            rule = access_rule_of(route.callback)
            assert rule is not None
            if rule.kind != "perm":
                continue
            response = client.post(self._url(route), {})
            if rule.search and self.grace.can(rule.perm):  # type: ignore[arg-type]
                # Search terms come by POST to keep names out of URLs; a search changes nothing.
                assert response.status_code < 500, route.name
                continue
            assert response.status_code in (403, 405), f"auditor posted to {route.name}: {response.status_code}"

    def test_write_views_refuse_get(self) -> None:
        writes = [r for r in self.routes if (rule := access_rule_of(r.callback)) is not None and rule.write]
        client = self._client(self.alice)
        for route in writes:
            assert client.get(self._url(route)).status_code in (403, 405), route.name

    def test_every_page_of_personal_data_leaves_an_audit_event_when_it_is_shown(self) -> None:
        users = self.world.users()
        unaudited, revealing, never_shown = [], [], []
        for route in self.routes:
            rule = access_rule_of(route.callback)
            if rule is None or not rule.personal_data or rule.write:
                continue
            url = self._url(route)
            if route.name in NOT_SHOWN_WITH_SAMPLES:
                continue
            never_shown.append(route.name)
            for user in users.values():
                before = AuditEvent.objects.count()
                response = self._client(user).get(url)
                if response.status_code != 200:
                    continue
                if route.name in SHOW_NO_ONE_UNTIL_ASKED:
                    # The search or the upload is audited when it is made; the empty form names no one.
                    if self.child.family_name in response.content.decode():
                        revealing.append(route.name)
                elif AuditEvent.objects.count() == before:
                    unaudited.append(f"{route.name} ({user.username})")
                never_shown.remove(route.name)
                break
        self.maxDiff = None
        # A page no sample user can open is a page this test cannot check: give it a sample that opens.
        assert never_shown == [], "Personal-data pages that no user could open with the samples"
        assert unaudited == [], "Pages that showed personal data and recorded no audit event"
        assert revealing == [], "Pages said to show no one that named the sample child"
