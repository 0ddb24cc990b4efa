"""``core.pages.act``: a button's one service call, its message and where it goes next."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from safeguard.core.errors import Refused
from safeguard.core.pages import act


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _said(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_a_call_that_succeeds_says_so_and_goes_on() -> None:
    request = _request()
    response = act(request, lambda: 3, done=lambda n: f"{n} places booked", redirect_to="/next/", refused_to="/back/")
    assert (response.status_code, response["Location"]) == (302, "/next/")
    assert _said(request) == [("success", "3 places booked")]


def test_a_refusal_is_shown_as_an_error_on_the_page_named_for_it() -> None:
    def refuse() -> None:
        raise Refused("The session has started")

    request = _request()
    response = act(request, refuse, done="Booked", redirect_to="/next/", refused_to="/back/")
    assert response["Location"] == "/back/"
    assert _said(request) == [("error", "The session has started")]
    assert act(_request(), refuse, done="Booked", redirect_to="/next/")["Location"] == "/next/"


def test_an_empty_done_adds_no_message() -> None:
    request = _request()
    act(request, lambda: None, done="", redirect_to="/next/")
    assert _said(request) == []
