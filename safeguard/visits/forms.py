from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField
from safeguard.datawash.models import WashRun
from safeguard.partnership.models import Group, User
from safeguard.visits.models import Outcome


class OfficerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name()}, {obj.agency.name if obj.agency else 'no agency'}"


class PlanForm(GovukForm):
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


class OutcomeForm(GovukForm):
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
        help_text="Who the referral went to, the new authority told, or the school the child attends",
    )
    confirmed_on = DateInputField(
        label="Date the new authority was told, or the school confirmed attendance",
        required=False,
        past_only=True,
        help_text="Only for a family that moved away or a child now on a school roll. For example, 27 3 2026",
    )
    notes = SafeTextField(
        label="Notes (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        needs = {
            Outcome.SEEN_CONCERNS: "who the referral went to",
            Outcome.MOVED_AWAY: "which authority was told",
            Outcome.ON_SCHOOL_ROLL: "the school the child now attends",
        }
        if outcome in needs and not data.get("referred_to"):
            self.add_error("referred_to", f"Enter {needs[Outcome(outcome)]}")
        confirmed = {
            Outcome.MOVED_AWAY: "the date the new authority was told",
            Outcome.ON_SCHOOL_ROLL: "the date the school confirmed attendance",
        }
        if outcome in confirmed and not data.get("confirmed_on") and "confirmed_on" not in self.errors:
            self.add_error("confirmed_on", f"Enter {confirmed[Outcome(outcome)]}")
        return data


def run_label(run: WashRun) -> str:
    """A run as a lead chooses it: which register, as of when, what it found, who ran it and when."""
    who = run.started_by.display_name() if run.started_by else "the system"
    when = run.finished_at or run.created_at
    return (
        f"Run {run.pk}: {run.get_cohort_kind_display().lower()} as of {run.as_of:%d %b %Y} – "
        f"{run.counts.get('cohort', 0)} on the register, {run.counts.get('cohort_unseen', 0)} not seen; "
        f"run by {who} on {when:%d %b %Y}"
    )


class CampaignRunForm(GovukForm):
    run = forms.ChoiceField(
        label="Wash run", widget=forms.RadioSelect, error_messages={"required": "Select the wash run"}
    )

    def __init__(self, *args: Any, runs: list[WashRun], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runs = {str(run.pk): run for run in runs}
        self.fields["run"].choices = [(pk, run_label(run)) for pk, run in self.runs.items()]  # type: ignore[attr-defined]

    def chosen_run(self) -> WashRun:
        return self.runs[self.cleaned_data["run"]]


class CampaignStartForm(CampaignRunForm):
    name = SafeTextField(
        label="Name of the campaign",
        max_length=200,
        initial="Children not seen by any service",
        error_messages={"required": "Enter a name for the campaign"},
    )
    group = forms.ModelChoiceField(
        label="Group that owns the campaign",
        queryset=Group.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the group that owns the campaign"},
        help_text="Its named leads see the children's names and decide when a later run updates the campaign",
    )

    def __init__(self, *args: Any, groups: QuerySet[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.order_fields(["name", "group", "run"])


class CampaignCloseForm(GovukForm):
    summary = SafeTextField(
        label="Closing summary",
        help_text="What the campaign achieved and what is left: the board reads it. Do not name any child.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter a closing summary"},
    )
