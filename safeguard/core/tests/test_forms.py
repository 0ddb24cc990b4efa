"""The shared date field: every way a date typed in three boxes can be wrong is an error, never a crash."""

from __future__ import annotations

from django import forms
from django.test import SimpleTestCase

from safeguard.core.forms import DateInputField


class DateForm(forms.Form):
    when = DateInputField(label="Date")


def errors_for(day: str, month: str, year: str) -> list[str]:
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    return [] if form.is_valid() else [str(error) for error in form.errors["when"]]


class DateInputFieldTests(SimpleTestCase):
    def test_a_real_date_is_accepted(self) -> None:
        assert errors_for("29", "2", "2028") == []

    def test_an_impossible_or_overflowing_date_is_not_a_real_date(self) -> None:
        assert errors_for("30", "2", "2028") == ["Date must be a real date"]
        assert errors_for("9" * 20, "1", "2028") == ["Date must be a real date"]

    def test_a_year_far_ahead_is_refused_before_date_arithmetic_can_overflow(self) -> None:
        # 31/12/9999 plus one day overflows; period ends and deadlines add days to dates.
        assert errors_for("31", "12", "9999") == ["Date must be before 2100"]
        assert errors_for("1", "1", "2100") == ["Date must be before 2100"]
        assert errors_for("31", "12", "2099") == []
