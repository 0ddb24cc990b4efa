"""The user's own coming sessions on their home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from safeguard.core.registry import Panel
from safeguard.partnership.roles import Perm
from safeguard.training import selectors
from safeguard.training.models import BookingStatus

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    if not user.can(Perm.BOOK_TRAINING):
        return []
    coming = (
        selectors.bookings_of(user)
        .filter(session__starts_at__gte=timezone.now())
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("session__starts_at")[:5]
    )
    if not coming:
        return []
    return [Panel(title="Your training", template="training/panel.html", context={"bookings": coming}, order=60)]
