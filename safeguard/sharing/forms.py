from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField
from safeguard.partnership.models import User
from safeguard.partnership.selectors import agencies_for_user
from safeguard.sharing import selectors
from safeguard.sharing.models import (
    Consent,
    Decision,
    LawfulBasis,
    NoConsentReason,
    ReviewOutcome,
    SpecialCondition,
)
from safeguard.sharing.services import DecisionInput, check_decision

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = "", message: str = "") -> SafeTextField:
    return SafeTextField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=5000,
        error_messages={"required": message or f"Enter {label.lower().rstrip('?')}"},
    )


def _radios(label: str, choices: Any, message: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": message},
    )


class DecisionForm(GovukForm):
    """The guided form: the questions of 'Information sharing: advice for practitioners', in order."""

    meeting_description = SafeTextField(
        label="Meeting (optional)",
        required=False,
        max_length=200,
        help_text="If the decision was made for a meeting, for example: MAPPA level 2 meeting, 12 October 2017",
    )
    guidance = forms.ChoiceField(label="Guidance you followed (optional)", required=False)
    concern = _text("What is the concern?", rows=4, message="Enter the concern")
    necessary_and_proportionate = _radios(
        "Is sharing necessary and proportionate?",
        YES_NO,
        "Select whether sharing is necessary and proportionate",
    )
    necessity_reasons = _text(
        "Why?",
        help_text="Share only what is necessary, relevant, adequate, accurate, timely and secure",
        message="Say why sharing is or is not necessary and proportionate",
    )
    consent = _radios("Was consent sought?", Consent.choices, "Select whether consent was sought")
    no_consent_reason = _radios(
        "If consent was not sought, why not?",
        NoConsentReason.choices,
        "Select why consent was not sought",
        required=False,
    )
    consent_detail = _text("More about consent (optional)", required=False, rows=2)
    lawful_basis = _radios("Lawful basis", LawfulBasis.choices, "Select the lawful basis")
    special_condition = _radios(
        "Special category data (such as health, sexual life or ethnicity)",
        SpecialCondition.choices,
        "Select the condition for special category data, or that there is none",
    )
    decision = _radios("Decision", Decision.choices, "Select whether you decided to share")
    decision_reasons = _text("Reasons for the decision", rows=4, message="Enter the reasons for the decision")
    what_shared = _text("What was shared?", required=False)
    shared_with_agencies = forms.MultipleChoiceField(
        label="Who was it shared with?", required=False, widget=forms.CheckboxSelectMultiple
    )
    shared_with_other = SafeTextField(
        label="Anyone else it was shared with (optional)",
        required=False,
        max_length=300,
        help_text="For example, a named probation officer or another area's police",
    )
    purpose = _text("For what purpose?", required=False)
    shared_on = DateInputField(label="When was it shared?", required=False, help_text="For example, 12 10 2026")
    decided_by_name = SafeTextField(
        label="Who made the decision?", max_length=200, error_messages={"required": "Enter who made the decision"}
    )
    decided_by_role = SafeTextField(label="Their role", required=False, max_length=200)
    decided_on = DateInputField(label="Date of the decision")
    review_on = DateInputField(
        label="Review date", help_text="When this decision should be looked at again", future_only=True
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Sharing within one's own agency is not a sharing decision.
        self.agencies = {str(a.pk): a for a in agencies_for_user(user).filter(is_active=True) if a.pk != user.agency_id}
        self.fields["shared_with_agencies"].choices = [(pk, a.name) for pk, a in self.agencies.items()]  # type: ignore[attr-defined]
        self.briefings = {str(b.pk): b for b in selectors.briefings_for_user(user)}
        self.fields["guidance"].choices = [("", "None")] + [(pk, b.title) for pk, b in self.briefings.items()]  # type: ignore[attr-defined]

    def decision_input(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            meeting_description=data["meeting_description"],
            guidance=self.briefings.get(data["guidance"] or ""),
            concern=data["concern"],
            necessary_and_proportionate=data["necessary_and_proportionate"] == "yes",
            necessity_reasons=data["necessity_reasons"],
            consent=Consent(data["consent"]),
            no_consent_reason=NoConsentReason(data["no_consent_reason"]) if data["no_consent_reason"] else "",
            consent_detail=data["consent_detail"],
            lawful_basis=LawfulBasis(data["lawful_basis"]),
            special_condition=SpecialCondition(data["special_condition"]),
            decision=Decision(data["decision"]),
            decision_reasons=data["decision_reasons"],
            what_shared=data["what_shared"],
            shared_with_agencies=[self.agencies[pk] for pk in data["shared_with_agencies"]],
            shared_with_other=data["shared_with_other"],
            purpose=data["purpose"],
            shared_on=data["shared_on"],
            decided_by_name=data["decided_by_name"],
            decided_by_role=data["decided_by_role"],
            decided_on=data["decided_on"],
            review_on=data["review_on"],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for name, message in check_decision(self.decision_input()):
                self.add_error(name, message)
        return data

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        return {
            "decided_by_name": user.display_name(),
            "decided_by_role": user.job_title,
            "decided_on": timezone.localdate(),
        }


class SupersedeForm(DecisionForm):
    supersede_reason = _text(
        "Why does this decision replace the earlier one?",
        message="Enter why this decision replaces the earlier one",
    )


class ReviewForm(GovukForm):
    outcome = _radios("Your review", ReviewOutcome.choices, "Select the outcome of your review")
    note = _text("Notes", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == ReviewOutcome.NEW_DECISION_NEEDED and not data.get("note"):
            self.add_error("note", "Say what needs to change")
        return data


class BriefingForm(GovukForm):
    title = SafeTextField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    summary = SafeTextField(
        label="Summary",
        max_length=500,
        help_text="One or two sentences shown in lists",
        error_messages={"required": "Enter a summary"},
    )
    body = SafeTextField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=50000,
        help_text='Leave a blank line between paragraphs. Start a line with "## " for a heading or "- " for a bullet.',
        error_messages={"required": "Enter the text of the briefing"},
    )
