from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField, long_text, radios
from safeguard.intelligence import selectors
from safeguard.intelligence.identifiers import handle_problem, phone_problem, registration_problem
from safeguard.intelligence.models import (
    About,
    Category,
    Handling,
    HowKnown,
    InformationGrade,
    Outcome,
    PersonRole,
    Platform,
    Release,
    SourceGrade,
    SubjectAware,
)
from safeguard.intelligence.services import SubmissionInput
from safeguard.people.identifiers import postcode_problem

_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]?([0-5][0-9])$")


def _check(problem: str | None) -> None:
    if problem:
        raise forms.ValidationError(problem)


# The mixin is typed as a form for mypy but is none at run time: a field-less form would be one more form
# for the test that makes every form.
_FormBase = GovukForm if TYPE_CHECKING else object


class _PlaceOrPostcode(_FormBase):  # type: ignore[misc,valid-type]
    """A place given in words (the field named ``place_field``), by a real postcode, or both; one is needed."""

    place_field = "place"
    place_missing = "Enter the address or place, or its postcode"

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"]
        if value:
            _check(postcode_problem(value))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_error("postcode") and not (data.get(self.place_field) or data.get("postcode")):
            self.add_error(self.place_field, self.place_missing)
        return data


class SubmissionForm(_PlaceOrPostcode, GovukForm):
    place_missing = "Enter the address or place where it happened, or its postcode"

    about = radios(
        "Who is the information about?", About.choices, message="Select whether it is about a child or an adult"
    )
    categories = forms.MultipleChoiceField(
        label="What kind of concern is it?",
        help_text="Select all that apply",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one kind of concern"},
    )
    what_happened = long_text(
        "What was seen or heard?",
        rows=8,
        help_text="Who, what, where and when, in your own words. Do not give your opinion.",
        max_length=10000,
        message="Enter what was seen or heard",
    )
    occurred_on = DateInputField(
        label="Date it happened", required=False, past_only=True, help_text="If known. For example, 27 3 2026"
    )
    occurred_time = SafeTextField(
        label="Time it happened (optional)", required=False, max_length=5, help_text="For example, 21:30"
    )
    place = SafeTextField(
        label="Address or place",
        required=False,
        max_length=300,
        help_text="For example, a street, a park, a shop or a car park",
    )
    postcode = SafeTextField(label="Postcode (optional)", required=False, max_length=10)
    how_known = radios("How do you know this?", HowKnown.choices, message="Select how you know this")
    how_known_detail = long_text("Tell us more about how you know (optional)", rows=3, required=False, max_length=2000)
    subject_aware = radios(
        "Does the person it is about know this is being shared with the police?",
        SubjectAware.choices,
        message="Select whether the person knows this is being shared",
    )

    def clean_occurred_time(self) -> dt.time | None:
        value: str = self.cleaned_data["occurred_time"].strip()
        if not value:
            return None
        match = _TIME.match(value)
        if not match:
            raise forms.ValidationError("Enter a real time on the 24-hour clock, like 21:30")
        return dt.time(int(match.group(1)), int(match.group(2)))

    def submission_input(self) -> SubmissionInput:
        data = self.cleaned_data
        return SubmissionInput(
            about=About(data["about"]),
            categories=[Category(c) for c in data["categories"]],
            what_happened=data["what_happened"],
            occurred_on=data["occurred_on"],
            occurred_time=data["occurred_time"],
            place=data["place"],
            postcode=data["postcode"],
            how_known=HowKnown(data["how_known"]),
            how_known_detail=data["how_known_detail"],
            subject_aware=SubjectAware(data["subject_aware"]),
        )


class LinkPersonForm(GovukForm):
    # Rendered as radios over the search results; the view checks the user may see the person.
    person = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": "Select the person to link"})
    role = radios("Their part in it", PersonRole.choices, message="Select their part in it")


class DescribedPersonForm(GovukForm):
    detail = long_text(
        "Describe the person",
        rows=3,
        help_text="A name or nickname, age, appearance, where they are often seen",
        max_length=2000,
        message="Describe the person: a name, nickname, age or appearance",
    )
    role = radios("Their part in it", PersonRole.choices, message="Select their part in it")


class VehicleForm(GovukForm):
    value = SafeTextField(
        label="Registration", required=False, max_length=12, help_text="For example, AB12 CDE. Leave blank if not known"
    )
    detail = long_text("Make, model, colour and anything else", rows=2, required=False, max_length=1000)

    def clean_value(self) -> str:
        value: str = self.cleaned_data["value"]
        if value.strip():
            _check(registration_problem(value))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_error("value") and not (data.get("value", "").strip() or data.get("detail", "").strip()):
            self.add_error("value", "Enter the registration or describe the vehicle")
        return data


class PhoneForm(GovukForm):
    value = SafeTextField(label="Phone number", max_length=30, help_text="For example, 07700 900123")
    detail = SafeTextField(label="Whose number it is, if known", required=False, max_length=500)

    def clean_value(self) -> str:
        value: str = self.cleaned_data["value"]
        _check(phone_problem(value))
        return value


class AccountForm(GovukForm):
    platform = forms.ChoiceField(
        label="Where is the account?",
        choices=[("", "Choose"), *Platform.choices],
        error_messages={"required": "Select where the account is"},
    )
    value = SafeTextField(label="Account name or link", max_length=200)
    detail = SafeTextField(label="Whose account it is, if known", required=False, max_length=500)

    def clean_value(self) -> str:
        value: str = self.cleaned_data["value"]
        _check(handle_problem(value))
        return value


class PlaceForm(_PlaceOrPostcode, GovukForm):
    place_field = "value"

    value = SafeTextField(label="Address or place", required=False, max_length=300)
    postcode = SafeTextField(label="Postcode (optional)", required=False, max_length=10)
    detail = SafeTextField(label="Why this place matters", required=False, max_length=1000)


class AdditionForm(GovukForm):
    text = long_text(
        "What do you want to add?",
        rows=4,
        help_text="Your original submission stays as it was; this is added beneath it with today's date",
        max_length=5000,
        message="Enter what you want to add",
    )


class ReleaseForm(GovukForm):
    decision = radios(
        "Subject access: may this go to the people it names?",
        Release.choices,
        message="Select whether to release it in subject access bundles",
    )
    reason = long_text(
        "Why",
        rows=3,
        help_text="Kept with the decision for the data protection officer and the Information Commissioner",
        max_length=2000,
        message="Enter why you decided this",
    )


class AssessmentForm(GovukForm):
    source_grade = radios("Source evaluation", SourceGrade.choices, message="Select the source evaluation")
    information_grade = radios(
        "Intelligence assessment", InformationGrade.choices, message="Select the intelligence assessment"
    )
    handling = radios("Handling code", Handling.choices, message="Select the handling code")
    handling_conditions = long_text(
        "Conditions for sharing", rows=2, required=False, help_text="Only for handling code C", max_length=2000
    )
    sanitised_summary = long_text(
        "Sanitised summary",
        rows=4,
        help_text="What may be shared wider: no source details, and only what partners need to act",
        max_length=5000,
        message="Enter a sanitised summary that can be shared wider",
    )
    outcome = radios("Outcome", Outcome.choices, message="Select the outcome")
    outcome_detail = long_text(
        "Outcome details (optional)",
        rows=2,
        required=False,
        max_length=2000,
        help_text="For example, who it was tasked or referred to",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("handling") == Handling.CONDITIONS and not data.get("handling_conditions"):
            self.add_error("handling_conditions", "Enter the conditions for sharing")
        return data


class ThemesPeriodForm(GovukForm):
    """One finished calendar quarter: periods that overlap could be subtracted to undo suppression."""

    quarter = forms.ChoiceField(
        label="Quarter",
        help_text="Themes are counted per calendar quarter, once the quarter has ended",
        error_messages={
            "required": "Select a quarter",
            "invalid_choice": "Select one of the quarters in the list: themes are counted per finished calendar quarter",
        },
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = [
            (f"{start:%Y-%m}", selectors.quarter_label(start)) for start in selectors.finished_quarters(today)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("quarter"):
            start = dt.datetime.strptime(data["quarter"], "%Y-%m").date()
            data["period_start"], data["period_end"] = start, selectors.quarter_end(start)
        return data
