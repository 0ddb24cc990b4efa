from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from safeguard.core.registry import nav_items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"demo_mode": settings.DEMO_MODE, "feedback_url": settings.SAFEGUARD_FEEDBACK_URL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "agency_id", None):
        context["nav_items"] = nav_items_for(user, request.path)  # type: ignore[arg-type]
        context["user_roles"] = sorted(role.label for role in user.roles)  # type: ignore[union-attr]
    return context
