"""Access decorators for views. Deny by default.

Every view in the project carries exactly one of these decorators; the URL x
role matrix test (safeguard/core/tests/test_url_matrix.py) fails for any view
without one, so a new URL is covered the day it is added.

- ``public``: no login (sign-in page, published bulletins, unsubscribe links).
- ``signed_in``: any signed-in user; the view must show nothing personal
  that is not the user's own.
- ``requires(perm, personal_data=..., write=...)``: the user must hold ``perm``
  through one of their roles. ``write=True`` views are POST-only and refused
  (403) to read-only roles. Object scoping — which records the user may see —
  happens in each app's selectors, in the query; an object outside scope is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, HttpResponseNotAllowed

from safeguard.partnership.roles import Perm

if TYPE_CHECKING:
    from safeguard.partnership.models import User


class AuthedRequest(HttpRequest):
    """What a view behind ``signed_in`` or ``requires`` receives."""

    user: User


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


@dataclass(frozen=True)
class AccessRule:
    kind: str  # "public", "signed_in" or "perm"
    perm: Perm | None = None
    personal_data: bool = False
    write: bool = False
    # Takes search terms by POST (to keep names and dates of birth out of URLs) and changes nothing.
    search: bool = False


def _mark(view: Callable[..., HttpResponseBase], rule: AccessRule) -> None:
    view.access_rule = rule  # type: ignore[attr-defined]


def access_rule_of(view: Callable[..., Any]) -> AccessRule | None:
    return getattr(view, "access_rule", None)


def public(view: ViewFunc) -> ViewFunc:
    _mark(view, AccessRule(kind="public"))
    return view


def signed_in(view: ViewFunc) -> ViewFunc:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    _mark(wrapper, AccessRule(kind="signed_in"))
    return wrapper  # type: ignore[return-value]


def requires(
    perm: Perm, *, personal_data: bool = False, write: bool = False, search: bool = False
) -> Callable[[ViewFunc], ViewFunc]:
    """``search=True``: the view reads search terms from POST and writes nothing but its audit
    event, so read-only roles may POST to it too."""
    assert not (search and write), "a search changes nothing"

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            user = cast("User", request.user)
            if not user.can(perm):
                raise PermissionDenied("Your role does not allow this.")
            if request.method == "POST" and user.is_read_only and not search:
                raise PermissionDenied("Your role can read but not change records.")
            if write and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        _mark(wrapper, AccessRule(kind="perm", perm=perm, personal_data=personal_data, write=write, search=search))
        return wrapper  # type: ignore[return-value]

    return decorator


def user_of(request: HttpRequest) -> User:
    """The signed-in user, typed; only for use behind ``signed_in`` or ``requires``."""
    assert request.user.is_authenticated
    return cast("User", request.user)


def verified_user_of(request: HttpRequest) -> User | None:
    """On a ``public`` page, the user once fully signed in (second factor done), else ``None``.

    Public pages sit outside the second-factor middleware, so a password alone reaches them:
    anything such a page shows only to staff (a draft bulletin) must ask here, not
    ``request.user.is_authenticated``.
    """
    if not request.user.is_authenticated:
        return None
    if not settings.DEMO_MODE and not request.user.is_verified():  # type: ignore[union-attr,attr-defined]
        return None
    return cast("User", request.user)
