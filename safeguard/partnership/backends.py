"""Signing in with a username and password, for staff of agencies still taking part."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class ActiveAgencyBackend(ModelBackend):
    """Django's password check, refusing staff of a deactivated agency.

    ``user_can_authenticate`` is asked both at sign-in and when a session's user is loaded on each
    request, so deactivating an agency refuses its staff's sign-ins and ends their open sessions at
    their next request. (API tokens are refused in ``selectors.api_token_lookup``.)
    """

    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        agency = getattr(user, "agency", None)
        return agency is None or bool(agency.is_active)
