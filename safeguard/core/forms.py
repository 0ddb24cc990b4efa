"""Form pieces that follow the GOV.UK Design System's patterns."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class DateInputWidget(forms.MultiWidget):
    """Three boxes — day, month, year — as the Design System's date input."""

    template_name = "forms/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "month": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "year": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date from three boxes with the Design System's error messages."""

    widget = DateInputWidget

    def __init__(self, *, past_only: bool = False, future_only: bool = False, **kwargs: Any) -> None:
        self.past_only = past_only
        self.future_only = future_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        label = str(self.label or "Date")
        if not data_list or not any(part and str(part).strip() for part in data_list):
            if self.required:
                raise ValidationError(f"Enter {label.lower()}", code="required")
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            value = dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a 20-digit day overflows rather than being out of range
            raise ValidationError(f"{label} must be a real date") from None
        today = timezone.localdate()
        if self.past_only and value > today:
            raise ValidationError(f"{label} must be today or in the past")
        if self.future_only and value < today:
            raise ValidationError(f"{label} must be today or in the future")
        if value.year < 1900:
            raise ValidationError(f"{label} must be after 1900")
        # Nothing here is dated so far ahead, and a year like 9999 overflows date arithmetic.
        if value.year >= 2100:
            raise ValidationError(f"{label} must be before 2100")
        return value

    def clean(self, value: Any) -> Any:
        # MultiValueField reports its sub-fields' "required" errors one by one;
        # compress() gives one clear message instead.
        if not isinstance(value, list | tuple):
            value = DateInputWidget().decompress(value)
        return self.compress(list(value))


class SafeTextField(forms.CharField):
    """Text that refuses control characters, which no person types and some exports misread."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if isinstance(value, str) and any(ord(c) < 32 and c not in "\r\n\t" for c in value):
            raise ValidationError(f"{self.label or 'This field'} contains characters that cannot be used")
        return value


def parse_time(value: str, label: str) -> dt.time:
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise forms.ValidationError(f"{label} must be a time in 24-hour format, like 09:30 or 14:00")
    return dt.time(int(match.group(1)), int(match.group(2)))


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in the service's time zone (Europe/London), whatever the season."""
    return timezone.make_aware(dt.datetime.combine(day, time))
