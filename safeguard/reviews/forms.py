from __future__ import annotations

from typing import Any

from django import forms

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField
from safeguard.partnership.models import Group, User
from safeguard.reviews.models import LcsprDecision, PublicationKind


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _required(what: str) -> dict[str, str]:
    return {"required": f"Enter {what}"}


class ReviewOpenForm(GovukForm):
    reference = SafeTextField(
        label="Reference",
        max_length=40,
        help_text="The partnership's reference, for example DSP-2017-01. It must not name the child: "
        "the board sees it.",
        error_messages=_required("the review's reference"),
    )
    became_aware_on = DateInputField(
        label="Date the local authority became aware", past_only=True, help_text="For example, 3 7 2017"
    )
    incident_summary = SafeTextField(
        label="What happened", widget=_textarea(5), error_messages=_required("what happened")
    )


class NotifiedForm(GovukForm):
    notified_on = DateInputField(label="Date the Panel was notified", past_only=True, help_text="For example, 6 7 2017")


class RapidReviewForm(GovukForm):
    sent_on = DateInputField(
        label="Date the rapid review was sent to the Panel", past_only=True, help_text="For example, 27 7 2017"
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=LcsprDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether a local review is appropriate"},
    )
    reason = SafeTextField(
        label="Why", widget=_textarea(4), error_messages=_required("why a local review is or is not appropriate")
    )


class CommissionForm(GovukForm):
    reviewer = SafeTextField(label="Reviewer", max_length=200, error_messages=_required("the reviewer"))
    terms_of_reference = SafeTextField(
        label="Terms of reference", widget=_textarea(6), error_messages=_required("the terms of reference")
    )
    commissioned_on = DateInputField(label="Date commissioned", past_only=True, help_text="For example, 1 8 2017")
    report_due_on = DateInputField(
        label="Final report expected by",
        help_text="Guidance expects about six months from the decision",
    )


class PublicationForm(GovukForm):
    published_on = DateInputField(label="Date published", past_only=True, help_text="For example, 30 1 2018")
    kind = forms.ChoiceField(
        label="What was published",
        choices=PublicationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was published"},
    )
    summary_reason = SafeTextField(
        label="If only a summary, why (optional otherwise)", widget=_textarea(3), required=False
    )
    sent_to_panel_on = DateInputField(label="Date sent to the Panel (optional)", required=False, past_only=True)
    sent_to_secretary_of_state_on = DateInputField(
        label="Date sent to the Secretary of State (optional)", required=False, past_only=True
    )


class JoinForm(GovukForm):
    reason = SafeTextField(
        label="Why do you need to work on this review?",
        help_text="Kept in the audit trail: the child's record shows who joined and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why you need to work on this review"},
    )


class MemberForm(GovukForm):
    user = forms.TypedChoiceField(
        label="Who", coerce=int, error_messages={"required": "Choose who will work on the review"}
    )

    def __init__(self, *args: Any, users: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Choose a person")] + [  # type: ignore[attr-defined]
            (u.pk, f"{u.display_name()}, {u.agency}") for u in users
        ]


class LearningActionForm(GovukForm):
    finding = SafeTextField(label="Finding", widget=_textarea(3), error_messages=_required("the finding"))
    description = SafeTextField(
        label="Action",
        widget=_textarea(3),
        help_text="This goes on the group's action log: do not name the child",
        error_messages=_required("the action"),
    )
    group = forms.ModelChoiceField(
        label="Group that carries it", queryset=Group.objects.none(), error_messages={"required": "Choose the group"}
    )
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), error_messages={"required": "Choose who owns the action"}
    )
    due_on = DateInputField(label="Due date", help_text="For example, 29 9 2017")

    def __init__(self, *args: Any, groups: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda u: f"{u.display_name()}, {u.agency}"  # type: ignore[attr-defined]


class CompleteForm(GovukForm):
    evidence = SafeTextField(
        label="Evidence of completion", widget=_textarea(4), error_messages=_required("the evidence of completion")
    )


class ImpactForm(GovukForm):
    checked_on = DateInputField(label="Date impact checked", past_only=True, help_text="For example, 1 3 2018")
    impact = SafeTextField(
        label="What the check found", widget=_textarea(4), error_messages=_required("what the check found")
    )


class BriefingForm(GovukForm):
    title = SafeTextField(label="Title", max_length=200, error_messages=_required("the title"))
    summary = SafeTextField(label="Summary", widget=_textarea(5), error_messages=_required("the summary"))
    published_on = DateInputField(label="Date published", past_only=True, help_text="For example, 4 7 2017")
