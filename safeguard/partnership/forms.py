from __future__ import annotations

import re
from typing import Any

from django import forms

from safeguard.core.forms import GovukForm
from safeguard.partnership.models import Agency, AgencyKind, GroupRole, User
from safeguard.partnership.roles import Role


class AgencyForm(GovukForm):
    name = forms.CharField(label="Agency name", max_length=200)
    kind = forms.ChoiceField(label="Kind of agency", choices=AgencyKind.choices)
    code = forms.SlugField(
        label="Short code", max_length=60, help_text="Used in extracts and the API, for example durham-police"
    )
    is_active = forms.BooleanField(label="Active", required=False, initial=True)


class SettingsForm(GovukForm):
    rhi_provider = forms.ModelChoiceField(
        label="Who offers return home interviews?",
        queryset=Agency.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Select who offers return home interviews from the list"},
        empty_label="Children's services",
        help_text="New interviews go to this agency's worklist; a practitioner can still choose another for one child",
    )
    notify_police_of_placements = forms.BooleanField(
        label="Tell the local police of placements into and out of the area",
        required=False,
        help_text="Local protocol, not statute: a notice to the host area's police is added to each placement",
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rhi_provider"].queryset = providers  # type: ignore[attr-defined]


class UserForm(GovukForm):
    username = forms.CharField(label="Username", max_length=150)
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(), empty_label=None)
    roles = forms.MultipleChoiceField(
        label="Roles", choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    is_active = forms.BooleanField(label="Can sign in", required=False, initial=True)

    def __init__(self, *args: Any, agencies: Any, editing: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if editing is not None:
            self.fields["username"].disabled = True
            self.fields["agency"].disabled = True

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[A-Za-z0-9._-]{3,150}", username):
            raise forms.ValidationError("Username must be 3 or more letters, numbers, dots, dashes or underscores")
        taken = User.objects.filter(username__iexact=username)
        if self.editing is not None:
            taken = taken.exclude(pk=self.editing.pk)
        if taken.exists():
            raise forms.ValidationError("That username is already in use")
        return username


class MembershipForm(GovukForm):
    user = forms.ModelChoiceField(label="Person", queryset=User.objects.none())
    role = forms.ChoiceField(label="Role in the group", choices=GroupRole.choices)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class ApiTokenForm(GovukForm):
    name = forms.CharField(
        label="What the token is for", max_length=100, help_text="For example: Police case system nightly push"
    )
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(), empty_label=None)
    roles = forms.MultipleChoiceField(
        label="Acts as",
        choices=[(r.value, r.label) for r in (Role.DATA_OFFICER, Role.PRACTITIONER, Role.POLICE_INTELLIGENCE)],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what the token may do"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
