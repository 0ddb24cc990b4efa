from __future__ import annotations

from django import forms

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField


class DraftForm(GovukForm):
    period_start = DateInputField(label="Period starts", help_text="For example, 1 4 2017")
    period_end = DateInputField(label="Period ends", help_text="For example, 31 3 2018")


class SectionForm(GovukForm):
    heading = SafeTextField(label="Heading", max_length=200, error_messages={"required": "Enter the heading"})
    body = SafeTextField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="Separate paragraphs with a blank line. Do not name any child or family: the report is public.",
    )
