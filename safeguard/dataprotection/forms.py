from __future__ import annotations

from typing import Any

from django import forms

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField
from safeguard.dataprotection.models import Disposal, Exemption, Trigger


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RequestOpenForm(GovukForm):
    requested_by = SafeTextField(
        label="Who made the request",
        max_length=200,
        help_text="The person themselves, or who asked for them (a parent, a solicitor) and how they are entitled",
        error_messages={"required": "Enter who made the request"},
    )
    received_on = DateInputField(label="Date received", past_only=True, help_text="For example, 3 7 2026")


class ExtendForm(GovukForm):
    reason = SafeTextField(
        label="Why the request needs two more months",
        widget=_textarea(3),
        help_text="Article 12(3): the request is complex or one of many. The requester must be told this reason.",
        error_messages={"required": "Enter why the request needs more time"},
    )


class ExemptionForm(GovukForm):
    exemption = forms.ChoiceField(
        label="Exemption",
        choices=Exemption.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the exemption that applies"},
    )
    other = SafeTextField(label="Which exemption, if other", max_length=200, required=False)
    applies_to = SafeTextField(
        label="What it withholds",
        max_length=200,
        help_text="Which records or passages, for example 'the names of the foster carers'",
        error_messages={"required": "Enter what the exemption withholds"},
    )
    reason = SafeTextField(
        label="Why it applies",
        widget=_textarea(3),
        error_messages={"required": "Enter why the exemption applies"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("exemption") == Exemption.OTHER and not data.get("other"):
            self.add_error("other", "Enter which exemption applies")
        return data


class AnsweredForm(GovukForm):
    answered_on = DateInputField(label="Date the bundle was sent", past_only=True, help_text="For example, 3 8 2026")


class RetentionRuleForm(GovukForm):
    years = forms.IntegerField(label="Years", min_value=0, max_value=150)
    days = forms.IntegerField(label="Days", min_value=0, max_value=3650)
    trigger = forms.ChoiceField(label="Counted from", choices=Trigger.choices, widget=forms.RadioSelect)
    disposal = forms.ChoiceField(label="Then", choices=Disposal.choices, widget=forms.RadioSelect)
    reason = SafeTextField(
        label="Why are you changing the period?",
        widget=_textarea(2),
        error_messages={"required": "Say why you are changing the retention period"},
    )


class PrivacyNoticeForm(GovukForm):
    body = SafeTextField(
        label="Privacy notice",
        widget=_textarea(20),
        help_text="Paragraphs separated by a blank line. Say who the controllers are, what you hold and why, "
        "the lawful basis, who receives it, how long it is kept and how to ask for it or complain.",
        error_messages={"required": "Enter the privacy notice"},
    )
