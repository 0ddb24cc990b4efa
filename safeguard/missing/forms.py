from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField, long_text, radios
from safeguard.missing.clock import NonexistentLocalTime, combine_local, parse_time
from safeguard.missing.models import Category, ExploitationIndicator, LocationRisk, RhiOutcome, RiskGrade
from safeguard.missing.photos import max_photo_bytes
from safeguard.missing.selectors import EpisodeFilters, EpisodeState
from safeguard.missing.services import EpisodeInput, police_must_be_told
from safeguard.partnership.models import Agency
from safeguard.sharing.models import Consent, NoConsentReason

TIME_HELP = "24-hour clock, for example 23:30"

# What each police risk grade means (College of Policing's missing persons guidance, as in domain.md),
# so a social worker choosing one knows what police will read into it.
RISK_GRADE_HINT = (
    "No apparent risk (absent): not where they should be, with no apparent risk of harm. "
    "Very low: no known risk of harm (many forces never use this grade for children). "
    "Low: harm to the child or the public is possible but unlikely. "
    "Medium: harm is likely but not serious. "
    "High: serious harm is very likely, or the child is in immediate danger."
)


def now_initial(*names: str) -> dict[str, Any]:
    """Date and time boxes filled with now: most episodes and returns are recorded as they happen."""
    now = timezone.localtime()
    initial: dict[str, Any] = {}
    for name in names:
        initial[f"{name}_date"] = now.date()
        initial[f"{name}_time"] = now.strftime("%H:%M")
    return initial


def _time(label: str, *, required: bool = True) -> SafeTextField:
    return SafeTextField(
        label=label,
        required=required,
        max_length=5,
        help_text=TIME_HELP,
        error_messages={"required": f"Enter the {label.lower()}"},
    )


class DateTimeMixin:
    """Pairs of a GOV.UK date input (``x_date``) and a time box (``x_time``) become ``x``."""

    datetime_pairs: tuple[str, ...] = ()

    def _combine_pairs(self, data: dict[str, Any]) -> dict[str, Any]:
        form: forms.Form = self  # type: ignore[assignment]
        for name in self.datetime_pairs:
            day, raw_time = data.get(f"{name}_date"), data.get(f"{name}_time", "")
            data[name] = None
            if f"{name}_date" in form.errors or f"{name}_time" in form.errors:
                continue
            if day is None and not raw_time:
                if form.fields[f"{name}_date"].required:
                    form.add_error(f"{name}_date", f"Enter the {str(form.fields[f'{name}_date'].label).lower()}")
                continue
            if day is None:
                form.add_error(f"{name}_date", f"Enter the date for the time {raw_time}")
                continue
            if not raw_time:
                form.add_error(f"{name}_time", "Enter the time as well as the date")
                continue
            try:
                data[name] = combine_local(day, parse_time(raw_time))
            except NonexistentLocalTime as exc:
                form.add_error(f"{name}_time", str(exc))
            except ValueError as exc:
                form.add_error(f"{name}_time", str(exc))
        return data


class EpisodeForm(DateTimeMixin, GovukForm):
    datetime_pairs = ("reported_at", "started_at")

    category = radios("Category", Category.choices, message="Select a category")
    risk_grade = radios("Risk grade", RiskGrade.choices, help_text=RISK_GRADE_HINT, message="Select a risk grade")
    started_at_date = DateInputField(label="Date last seen", past_only=True)
    started_at_time = _time("Time last seen")
    reported_at_date = DateInputField(label="Date reported", past_only=True)
    reported_at_time = _time("Time reported")
    last_seen_place = SafeTextField(label="Where last seen", max_length=300, required=False)
    clothing = long_text("Clothing when last seen (Philomena Part 2)", rows=3, required=False)
    looked_after = forms.BooleanField(label="The child is looked after", required=False)
    responsible_authority = forms.ChoiceField(
        label="Responsible authority (if looked after)",
        choices=[],
        required=False,
        help_text="The local authority that looks after the child",
        error_messages={"invalid_choice": "Select an authority from the list"},
    )
    police_reference = SafeTextField(label="Police reference (optional)", max_length=60, required=False)
    tell_police = forms.ChoiceField(
        label="Tell police now?",
        choices=[("yes", "Yes, share this episode and the Philomena profile with police now"), ("no", "No")],
        widget=forms.RadioSelect,
        initial="yes",
        # Left unanswered, police are told: the safe default.
        required=False,
        help_text="Police are always told when there is a police reference or the risk is medium or high. "
        "Your decision is recorded as an information-sharing decision.",
    )
    not_telling_police_reason = long_text("Why are police not being told?", rows=2, required=False)

    def __init__(self, *args: Any, authorities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_authority"].choices = [  # type: ignore[attr-defined]
            ("", "Choose the authority"),
            *((name, name) for name in authorities),
        ]

    def clean(self) -> dict[str, Any]:
        data = self._combine_pairs(super().clean() or {})
        data["tell_police"] = data.get("tell_police", "yes") != "no"
        if not data["tell_police"]:
            if data.get("risk_grade") and police_must_be_told(
                police_reference=data.get("police_reference", ""), risk_grade=data["risk_grade"]
            ):
                self.add_error(
                    "tell_police",
                    "Police must be told of an episode with a police reference or a risk of medium or high",
                )
            elif not data.get("not_telling_police_reason"):
                self.add_error("not_telling_police_reason", "Say why police are not being told")
        if data.get("looked_after") and not data.get("responsible_authority"):
            self.add_error("responsible_authority", "Enter which authority looks after the child")
        if data.get("started_at") and data.get("reported_at") and data["reported_at"] < data["started_at"]:
            self.add_error("reported_at_time", "The report time must be after the time the child was last seen")
        return data

    def episode_input(self) -> EpisodeInput:
        data = self.cleaned_data
        return EpisodeInput(
            category=Category(data["category"]),
            risk_grade=RiskGrade(data["risk_grade"]),
            reported_at=data["reported_at"],
            started_at=data["started_at"],
            last_seen_place=data["last_seen_place"],
            clothing=data["clothing"],
            looked_after=data["looked_after"],
            responsible_authority=data["responsible_authority"],
            police_reference=data["police_reference"],
            tell_police=data["tell_police"],
            not_telling_police_reason=data["not_telling_police_reason"],
        )


class ReturnForm(DateTimeMixin, GovukForm):
    datetime_pairs = ("ended_at",)

    ended_at_date = DateInputField(label="Date returned or found", past_only=True)
    ended_at_time = _time("Time returned or found")
    found_place = SafeTextField(label="Where found", max_length=300, required=False)
    found_how = long_text("How found or how the child returned", rows=3, required=False)
    # Optional: left empty, the partnership's usual provider offers it, so a return can always
    # be recorded and the 72-hour clock always starts.
    rhi_provider = forms.ModelChoiceField(
        label="Who will offer the return home interview?",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="The partnership's usual provider",
        help_text="Someone independent of the child's care, unless the child prefers a trusted worker",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rhi_provider"].queryset = providers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        return self._combine_pairs(super().clean() or {})


class ProviderForm(GovukForm):
    provider = forms.ModelChoiceField(
        label="Who will offer the return home interview now?",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    reason = long_text(
        "Why is it moving?",
        rows=3,
        help_text="For example, the child prefers to talk to their youth worker",
        message="Enter why another agency will offer the interview",
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class AppliedFromForm(DateTimeMixin, GovukForm):
    """A new value for an episode, the time it applied from and why; subclasses add the value's field."""

    datetime_pairs = ("applied_at",)
    field_order = ["grade", "category"]

    applied_at_date = DateInputField(label="Date it applied from", past_only=True)
    applied_at_time = _time("Time it applied from")
    reason = long_text("Why it changed", rows=2, message="Say why it changed")

    def clean(self) -> dict[str, Any]:
        return self._combine_pairs(super().clean() or {})


class RegradeForm(AppliedFromForm):
    grade = radios("New risk grade", RiskGrade.choices, help_text=RISK_GRADE_HINT, message="Select a risk grade")


class RecategoriseForm(AppliedFromForm):
    category = radios("Is the child missing or away?", Category.choices, message="Select missing or away")


class RhiForm(DateTimeMixin, GovukForm):
    datetime_pairs = ("offered_at", "completed_at")

    offered_at_date = DateInputField(label="Date offered", required=False, past_only=True)
    offered_at_time = _time("Time offered", required=False)
    offered_by = SafeTextField(label="Offered by", max_length=200, required=False)
    outcome = radios(
        "Did the child take up the interview?", [("", "Not yet known"), *RhiOutcome.choices], required=False
    )
    outcome_reason = long_text("Why it was declined or not possible", rows=2, required=False)
    completed_at_date = DateInputField(label="Date completed", required=False, past_only=True)
    completed_at_time = _time("Time completed", required=False)
    completed_by = SafeTextField(label="Interview done by", max_length=200, required=False)
    independent = radios(
        "Was the interviewer independent of the child's care?",
        [("yes", "Yes"), ("no", "No, the child preferred a trusted worker")],
        required=False,
    )
    push_factors = long_text("Push factors (what made the child leave)", rows=3, required=False)
    pull_factors = long_text("Pull factors (what drew the child away)", rows=3, required=False)
    exploitation_indicators = forms.MultipleChoiceField(
        label="Exploitation indicators",
        choices=ExploitationIndicator.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    shared_with_police = long_text("Information passed to police", rows=2, required=False)
    shared_with_others = long_text("Information passed to other partners", rows=2, required=False)

    def clean(self) -> dict[str, Any]:
        data = self._combine_pairs(super().clean() or {})
        independent = data.get("independent")
        data["independent"] = {"yes": True, "no": False}.get(independent or "")
        return data


class PoliceShareForm(GovukForm):
    information = long_text(
        "What are you passing to police?", rows=5, message="Enter the information you are passing to police"
    )
    reason = long_text(
        "Why are you sharing it?",
        rows=2,
        help_text="Record the reason: it is kept with what was shared and with whom",
        message="Say why you are sharing it",
    )
    consent = radios("Was the child's consent sought?", Consent.choices, message="Select whether consent was sought")
    no_consent_reason = forms.ChoiceField(
        label="If not sought, why not?",
        choices=[("", "Choose a reason"), *NoConsentReason.choices],
        required=False,
        help_text="Consent is not needed where seeking it would put a child at risk of significant harm",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") == Consent.NOT_SOUGHT and not data.get("no_consent_reason"):
            self.add_error("no_consent_reason", "Select why consent was not sought")
        return data


class ReopenForm(GovukForm):
    reason = long_text(
        "Why was the return wrong?",
        rows=3,
        help_text="For example, a school was told she was home, but she had not come back",
        message="Enter why the return was wrong",
    )


class ProfileForm(GovukForm):
    description = long_text(
        "Description", rows=3, required=False, help_text="Height, build, hair, distinguishing features"
    )
    associates = long_text("Associates", rows=3, required=False, help_text="Friends, partners and adults of concern")
    places = long_text("Places visited", rows=3, required=False)
    phones_and_social_media = long_text("Phones and social media", rows=3, required=False)
    medical = long_text("Medical needs and medication", rows=3, required=False)
    finance = long_text("Money and bank cards", rows=3, required=False)
    transport = long_text("Transport used", rows=3, required=False)
    earlier_episodes = long_text("Earlier episodes and where found", rows=3, required=False)


class PhotoForm(GovukForm):
    photo = forms.FileField(
        label="Upload a photo",
        help_text="A recent photo, JPG or PNG. Location and other hidden information is removed.",
        error_messages={"required": "Select a photo", "empty": "The selected file is empty"},
    )

    def clean_photo(self) -> Any:
        upload = self.cleaned_data["photo"]
        if upload.size > max_photo_bytes():
            raise forms.ValidationError(f"The photo must be smaller than {max_photo_bytes() // (1024 * 1024)} MB")
        return upload


class LocationForm(GovukForm):
    name = SafeTextField(
        label="Name of the place", max_length=200, error_messages={"required": "Enter the name of the place"}
    )
    address = SafeTextField(label="Address or description", max_length=300, required=False)
    risk = radios("Risk", LocationRisk.choices, message="Select the risk")
    notes = long_text("Notes", rows=2, required=False)
    assessed_on = DateInputField(label="Date assessed", past_only=True)


class ExportForm(GovukForm):
    start = DateInputField(label="From")
    end = DateInputField(label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", "The end date must be on or after the start date")
        return data


class ResolvePushForm(GovukForm):
    child = forms.ChoiceField(
        label="Which child is this?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child, or that it is a new child"},
    )

    def __init__(self, *args: Any, candidates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [*candidates, ("new", "None of these: add a new child")]  # type: ignore[attr-defined]


class EpisodeFilterForm(GovukForm):
    """The episode list's filters, sent by GET: states, code lists and dates only (no child's details in the address)."""

    state = forms.ChoiceField(label="State", required=False, choices=[("", "Any"), *EpisodeState.CHOICES])
    category = forms.ChoiceField(label="Category", required=False, choices=[("", "Any"), *Category.choices])
    risk_grade = forms.ChoiceField(label="Risk grade", required=False, choices=[("", "Any"), *RiskGrade.choices])
    started_from = DateInputField(label="Went missing on or after", required=False)
    started_to = DateInputField(label="Went missing on or before", required=False)
    looked_after = forms.BooleanField(label="Looked-after children only", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("started_from"), data.get("started_to")
        if isinstance(since, dt.date) and isinstance(until, dt.date) and until < since:
            self.add_error("started_to", "'Went missing on or before' must be on or after 'Went missing on or after'")
        return data

    def filters(self) -> EpisodeFilters:
        """The filters asked for; an invalid form filters nothing (its errors are shown instead)."""
        if not self.is_bound or not self.is_valid():
            return EpisodeFilters()
        data = self.cleaned_data
        return EpisodeFilters(
            state=data["state"],
            category=data["category"],
            risk_grade=data["risk_grade"],
            started_from=data["started_from"],
            started_to=data["started_to"],
            looked_after=bool(data["looked_after"]),
        )


class ProfileFilterForm(GovukForm):
    """The Philomena profile list's filters, sent by GET: a yes/no and a date, never a child's details."""

    missing_now = forms.BooleanField(label="Only children missing now", required=False)
    updated_before = DateInputField(
        label="Not updated since",
        required=False,
        help_text="Profiles last changed before this day. For example, 1 3 2026",
    )
