from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from safeguard.audit.models import Action
from safeguard.audit.selectors import LogFilters
from safeguard.core.forms import DateInputField, GovukForm


class DateRangeForm(GovukForm):
    """The audit log's date range: either end may be left empty."""

    since = DateInputField(label="From", required=False, past_only=True)
    until = DateInputField(label="To", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, dt.date) and isinstance(until, dt.date) and until < since:
            self.add_error("until", "The 'to' date must be on or after the 'from' date")
        return data


class LogFilterForm(DateRangeForm):
    """The audit log's filters, sent by GET: an action, a username and the date range.

    Only the dates can be wrong. An unknown action filters nothing and a username is cut to 150 characters,
    as before; both are plain ``Field``s (not ``CharField``) so a control character in a username is looked
    for (and finds nothing) rather than refused. The page writes their inputs itself.
    """

    action = forms.Field(required=False)
    user = forms.Field(required=False)

    def clean_action(self) -> str:
        action = self.cleaned_data.get("action") or ""
        return action if action in Action.values else ""

    def clean_user(self) -> str:
        return str(self.cleaned_data.get("user") or "").strip()[:150]

    def filters(self) -> LogFilters:
        """The filters asked for; with a wrong date the action and username still apply (the error is shown)."""
        if not self.is_bound:
            return LogFilters()
        self.is_valid()
        data = self.cleaned_data
        return LogFilters(
            action=data.get("action", ""),
            username=data.get("user", ""),
            since=data.get("since") if not self.errors else None,
            until=data.get("until") if not self.errors else None,
        )
