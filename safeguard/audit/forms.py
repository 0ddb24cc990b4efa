from __future__ import annotations

import datetime as dt
from typing import Any

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
