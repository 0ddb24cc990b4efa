from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField, aware, parse_time


class SessionForm(GovukForm):
    title = SafeTextField(label="Title", max_length=200, error_messages={"required": "Enter the title"})
    audience = SafeTextField(
        label="Who it is for",
        max_length=200,
        help_text="For example, practitioners who attend MAPPA meetings",
        error_messages={"required": "Say who the session is for"},
    )
    description = SafeTextField(
        label="Description (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    day = DateInputField(label="Date", future_only=True, help_text="For example, 17 10 2017")
    start = SafeTextField(label="Start time", max_length=5, help_text="24-hour clock, for example 09:30")
    end = SafeTextField(label="End time", max_length=5, help_text="24-hour clock, for example 12:30")
    venue = SafeTextField(label="Venue (optional if online)", max_length=300, required=False)
    online_url = forms.URLField(
        label="Online joining link (optional if there is a venue)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the joining link as a web address, like https://meet.example.org/abc"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=1000,
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Places must be a whole number",
            "min_value": "A session needs at least 1 place",
            "max_value": "A session can have at most 1000 places",
        },
    )
    booking_opens = DateInputField(label="Booking opens on", help_text="For example, 1 9 2017")
    booking_closes = DateInputField(
        label="Booking closes at the end of", help_text="Must be before the day of the session"
    )

    def clean_start(self) -> dt.time:
        return parse_time(self.cleaned_data["start"], "Start time")

    def clean_end(self) -> dt.time:
        return parse_time(self.cleaned_data["end"], "End time")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data["end"] <= data["start"]:
            self.add_error("end", "End time must be after the start time")
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", "Enter a venue or an online joining link")
        if data["booking_closes"] < data["booking_opens"]:
            self.add_error("booking_closes", "Booking must close on or after the day it opens")
        elif data["booking_closes"] >= data["day"]:
            self.add_error("booking_closes", "Booking must close before the day of the session")
        return data

    def times(self) -> dict[str, dt.datetime]:
        data = self.cleaned_data
        return {
            "starts_at": aware(data["day"], data["start"]),
            "ends_at": aware(data["day"], data["end"]),
            "booking_opens_at": aware(data["booking_opens"], dt.time.min),
            "booking_closes_at": aware(data["booking_closes"] + dt.timedelta(days=1), dt.time.min),
        }


class FeedbackForm(GovukForm):
    rating = forms.TypedChoiceField(
        label="How useful was the session?",
        coerce=int,
        choices=[(5, "Very useful"), (4, "Useful"), (3, "Neither"), (2, "Not very useful"), (1, "Not useful")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful the session was"},
    )
    comment = SafeTextField(
        label="What could be better? (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class PeriodForm(GovukForm):
    period_start = DateInputField(label="From", help_text="For example, 1 4 2017")
    period_end = DateInputField(label="To", help_text="For example, 31 3 2018")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "The end of the period must be after its start")
        return data
