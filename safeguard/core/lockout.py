"""Sign-in lockout per account, across every address.

django-axes locks an account from one address after ``AXES_FAILURE_LIMIT`` failures; someone
guessing from many addresses never meets that limit. This adds up the failures axes has recorded
for the account from all addresses within the same cool-off, against a higher limit.
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def account_locked_out(username: str) -> bool:
    """True once the account has had too many recent failed sign-ins, from wherever they came."""
    username = username.strip()
    if not username:
        return False
    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    # Usernames are unique whatever their case, so "Charlie" and "charlie" are one account's tries.
    failures = AccessAttempt.objects.filter(username__iexact=username, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return (failures or 0) >= settings.SAFEGUARD_LOCKOUT_FAILURES_PER_ACCOUNT
