from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safeguard.core.forms import DateInputField, SafeTextField
from safeguard.partnership.models import User
from safeguard.visits.models import Outcome


class OfficerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name()}, {obj.agency.name if obj.agency else 'no agency'}"


class PlanForm(forms.Form):
    children = forms.MultipleChoiceField(
        label="Children to visit",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one child to visit"},
    )
    lead_officer = OfficerChoiceField(
        label="Lead officer", queryset=User.objects.none(), error_messages={"required": "Select the lead officer"}
    )
    second_officer = OfficerChoiceField(
        label="Second officer, from another agency",
        queryset=User.objects.none(),
        error_messages={"required": "Select the second officer"},
    )
    due_date = DateInputField(label="Visit due by", future_only=True, help_text="For example, 14 7 2026")

    def __init__(self, *args: Any, children: list[tuple[int, str]], officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [(str(pk), label) for pk, label in children]  # type: ignore[attr-defined]
        self.fields["lead_officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["second_officer"].queryset = officers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead, second = data.get("lead_officer"), data.get("second_officer")
        if lead is not None and second is not None and lead.agency_id == second.agency_id:
            self.add_error("second_officer", "Select an officer from a different agency from the lead officer's")
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    outcome_date = DateInputField(label="Date of the visit", past_only=True, help_text="For example, 27 3 2026")
    referred_to = SafeTextField(
        label="Referred or notified to (if any)",
        required=False,
        max_length=200,
        help_text="Who the referral went to, or the new area notified",
    )
    notes = SafeTextField(
        label="Notes (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") in (Outcome.SEEN_CONCERNS, Outcome.MOVED_AWAY) and not data.get("referred_to"):
            what = "who the referral went to" if data["outcome"] == Outcome.SEEN_CONCERNS else "which area was notified"
            self.add_error("referred_to", f"Enter {what}")
        return data
