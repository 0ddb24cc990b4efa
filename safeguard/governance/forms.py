from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField, aware, parse_time
from safeguard.core.registry import board_reports
from safeguard.governance.models import ActionStatus, AttendanceStatus, MeetingCycle
from safeguard.governance.rules import links_problem
from safeguard.partnership.models import Agency, Group, User

PAPER_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".odt", ".ods", ".txt", ".csv"}
PAPER_MAX_MB = 20


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class LinkedTextField(SafeTextField):
    """Text that may hold links written as [words](https://…)."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        problem = links_problem(value or "")
        if problem:
            raise forms.ValidationError(problem)
        return value


class TermsForm(GovukForm):
    agreed_on = DateInputField(label="Date agreed", past_only=True, help_text="For example, 4 7 2017")
    purpose = SafeTextField(
        label="Purpose and remit",
        widget=_textarea(8),
        error_messages={"required": "Enter the purpose and remit of the group"},
    )
    meeting_cycle = forms.ChoiceField(
        label="How often the group meets", choices=MeetingCycle.choices, widget=forms.RadioSelect
    )
    review_by = DateInputField(label="Review by (optional)", required=False, help_text="For example, 4 7 2018")


class MeetingForm(GovukForm):
    day = DateInputField(label="Date of the meeting", help_text="For example, 4 7 2017")
    time = SafeTextField(
        label="Start time", max_length=5, help_text="24-hour clock, for example 09:30", initial="09:30"
    )
    location = SafeTextField(label="Where (optional)", max_length=200, required=False)

    def clean_time(self) -> dt.time:
        return parse_time(self.cleaned_data["time"], "Start time")

    def starts_at(self) -> dt.datetime:
        return aware(self.cleaned_data["day"], self.cleaned_data["time"])


class AgendaItemForm(GovukForm):
    title = SafeTextField(label="Item", max_length=200, error_messages={"required": "Enter the agenda item"})
    presenter = SafeTextField(label="Presented by (optional)", max_length=200, required=False)
    presenter_agency = forms.ModelChoiceField(
        label="Presenter's agency (optional)", queryset=Agency.objects.none(), required=False
    )
    paper = forms.FileField(
        label="Paper (optional)", required=False, help_text=f"PDF, Word, Excel or PowerPoint, up to {PAPER_MAX_MB} MB"
    )
    report_url_name = forms.ChoiceField(
        label="Or attach a Safeguard report (optional)",
        required=False,
        help_text="The board sees the report's figures as they stand on the day, not a copy",
        error_messages={"invalid_choice": "Choose a report from the list"},
    )
    report_query = SafeTextField(
        label="Report settings (optional)", max_length=300, required=False, help_text="For example, period=2017-Q1"
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["presenter_agency"].queryset = agencies  # type: ignore[attr-defined]
        reports = [(item.url_name, item.label) for item in board_reports()]
        self.fields["report_url_name"].choices = [("", "No report"), *reports]  # type: ignore[attr-defined]

    def clean_paper(self) -> UploadedFile | None:
        paper: UploadedFile | None = self.cleaned_data.get("paper")
        if paper is None:
            return None
        if PurePath(paper.name or "").suffix.lower() not in PAPER_EXTENSIONS:
            raise forms.ValidationError(
                "The paper must be a PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV file"
            )
        if (paper.size or 0) > PAPER_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(f"The paper must be smaller than {PAPER_MAX_MB} MB")
        return paper

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("paper") and data.get("report_url_name"):
            raise forms.ValidationError("Attach either a paper or a report, not both")
        if data.get("report_query") and not data.get("report_url_name"):
            self.add_error("report_query", "Choose the report these settings are for")
        return data


class AttendanceForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), error_messages={"required": "Choose the agency"}
    )
    name = SafeTextField(label="Name", max_length=200, error_messages={"required": "Enter the person's name"})
    status = forms.ChoiceField(
        label="Attendance",
        choices=AttendanceStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they attended or sent apologies"},
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class MinutesForm(GovukForm):
    minutes = SafeTextField(label="Minutes", widget=_textarea(12), error_messages={"required": "Enter the minutes"})
    agreed_on = DateInputField(
        label="Date the minutes were agreed (optional)",
        required=False,
        past_only=True,
        help_text="For example, 5 9 2017",
    )


class DecisionForm(GovukForm):
    text = SafeTextField(label="Decision", widget=_textarea(3), error_messages={"required": "Enter the decision"})


class HeadlineForm(GovukForm):
    title = SafeTextField(label="Headline", max_length=200, error_messages={"required": "Enter the headline"})
    text = LinkedTextField(
        label="Message for practitioners",
        widget=_textarea(6),
        help_text="Write links as [words](https://address)",
        error_messages={"required": "Enter the message"},
    )


class ActionForm(GovukForm):
    group = forms.ModelChoiceField(
        label="Group", queryset=Group.objects.none(), error_messages={"required": "Choose the group"}
    )
    description = SafeTextField(label="Action", widget=_textarea(3), error_messages={"required": "Enter the action"})
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), error_messages={"required": "Choose who owns the action"}
    )
    due_on = DateInputField(label="Due date", help_text="For example, 29 9 2017")

    def __init__(self, *args: Any, groups: Any = None, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        if owners is not None:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
            self.fields["owner"].label_from_instance = lambda u: f"{u.display_name()}, {u.agency}"  # type: ignore[attr-defined]


class ActionUpdateForm(GovukForm):
    text = SafeTextField(label="Update", widget=_textarea(3), error_messages={"required": "Enter the update"})
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status"},
    )


class ComposeForm(GovukForm):
    board = forms.ModelChoiceField(
        label="Board", queryset=Group.objects.none(), error_messages={"required": "Choose the board"}
    )

    def __init__(self, *args: Any, boards: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if boards is not None:
            self.fields["board"].queryset = boards  # type: ignore[attr-defined]


class IssueForm(GovukForm):
    issue_date = DateInputField(label="Issue date", help_text="For example, 20 7 2017")
    introduction = LinkedTextField(
        label="Introduction", widget=_textarea(6), error_messages={"required": "Enter the introduction"}
    )
    chair_name = SafeTextField(label="Independent chair", max_length=200, required=False)
    contact_text = LinkedTextField(
        label="Contact details",
        widget=_textarea(3),
        required=False,
        help_text="Write links as [words](https://address)",
    )


class SectionForm(GovukForm):
    heading = SafeTextField(label="Heading", max_length=200, error_messages={"required": "Enter the heading"})
    body = LinkedTextField(
        label="Text",
        widget=_textarea(8),
        help_text="Leave a blank line between paragraphs. Write links as [words](https://address)",
        error_messages={"required": "Enter the text of the section"},
    )
    order = forms.IntegerField(
        label="Position",
        min_value=0,
        max_value=999,
        initial=10,
        error_messages={
            "required": "Enter the position",
            "invalid": "Position must be a whole number",
            "min_value": "Position must be 0 or more",
            "max_value": "Position must be 999 or less",
        },
    )


class SignUpForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
