from __future__ import annotations

from typing import Any

from django import forms

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField
from safeguard.people.identifiers import postcode_problem
from safeguard.people.models import IdentifierKind, PersonKind, Sex
from safeguard.people.services import InvalidIdentifier, normalise_identifier

NAME_ERRORS = {"required": "Enter a name"}


class PersonSearchForm(GovukForm):
    name = SafeTextField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Any part of the name; spelling mistakes and nicknames are allowed",
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, past_only=True, help_text="For example, 27 3 2010"
    )
    identifier = SafeTextField(label="NHS number, UPN or case number", required=False, max_length=40)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("name") or data.get("date_of_birth") or data.get("identifier")):
            raise forms.ValidationError("Enter a name, a date of birth or an identifier to search")
        return data


class FindChildForm(GovukForm):
    """Step one wherever a child is recorded: find them in the index before anyone is added."""

    name = SafeTextField(
        label="Child's name", max_length=200, required=False, help_text="Spelling mistakes are allowed"
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, past_only=True, help_text="For example, 27 3 2010"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("name") or data.get("date_of_birth")):
            raise forms.ValidationError("Enter a name or a date of birth to search")
        return data


class PersonFindForm(GovukForm):
    """Finding an adult or a child by name, the date of birth to narrow it."""

    name = SafeTextField(label="Name", max_length=200, error_messages={"required": "Enter a name to search for"})
    date_of_birth = DateInputField(label="Date of birth (optional)", required=False, past_only=True)


class PersonForm(GovukForm):
    given_name = SafeTextField(label="First name", max_length=100, error_messages={"required": "Enter the first name"})
    middle_names = SafeTextField(label="Middle names", max_length=200, required=False)
    family_name = SafeTextField(label="Last name", max_length=100, error_messages={"required": "Enter the last name"})
    known_as = SafeTextField(
        label="Known as", max_length=100, required=False, help_text="A name the person uses, if different"
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, past_only=True, help_text="For example, 27 3 2010"
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    kind = forms.ChoiceField(
        label="Child or adult",
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        initial=PersonKind.CHILD,
        error_messages={"required": "Select whether this is a child or an adult"},
    )
    nhs_number = SafeTextField(
        label="NHS number (optional)", max_length=20, required=False, help_text="10 digits, for example 943 476 5919"
    )
    upn = SafeTextField(
        label="Unique pupil number (optional)",
        max_length=20,
        required=False,
        help_text="13 characters, for example A123456789012",
    )
    address_line = SafeTextField(label="Address (optional)", max_length=200, required=False)
    postcode = SafeTextField(label="Postcode (optional)", max_length=10, required=False)

    def clean_nhs_number(self) -> str:
        return self._identifier(IdentifierKind.NHS_NUMBER, self.cleaned_data["nhs_number"])

    def clean_upn(self) -> str:
        return self._identifier(IdentifierKind.UPN, self.cleaned_data["upn"])

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"]
        if value and postcode_problem(value):
            raise forms.ValidationError(postcode_problem(value) or "")
        return value

    @staticmethod
    def _identifier(kind: IdentifierKind, value: str) -> str:
        if not value:
            return ""
        try:
            return normalise_identifier(kind, value)
        except InvalidIdentifier as exc:
            raise forms.ValidationError(str(exc)) from None


class PersonEditForm(GovukForm):
    given_name = PersonForm.base_fields["given_name"]
    middle_names = PersonForm.base_fields["middle_names"]
    family_name = PersonForm.base_fields["family_name"]
    known_as = PersonForm.base_fields["known_as"]
    date_of_birth = PersonForm.base_fields["date_of_birth"]
    sex = PersonForm.base_fields["sex"]
    reason = SafeTextField(
        label="Why are you changing this record?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why you are changing this record"},
    )


class IdentifierForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of identifier", choices=IdentifierKind.choices)
    value = SafeTextField(label="Identifier", max_length=40)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data.get("value"):
            try:
                data["value"] = normalise_identifier(IdentifierKind(data["kind"]), data["value"])
            except InvalidIdentifier as exc:
                self.add_error("value", str(exc))
        return data


class TraceForm(GovukForm):
    kind = forms.ChoiceField(
        label="Identifier",
        choices=[(IdentifierKind.NHS_NUMBER.value, "NHS number"), (IdentifierKind.UPN.value, "Unique pupil number")],
        widget=forms.RadioSelect,
    )
    value = SafeTextField(label="Number", max_length=20)
    date_of_birth = DateInputField(label="Date of birth", past_only=True)
    reason = SafeTextField(
        label="Why do you need to find this person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you need to find this person"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data.get("value"):
            try:
                data["value"] = normalise_identifier(IdentifierKind(data["kind"]), data["value"])
            except InvalidIdentifier as exc:
                self.add_error("value", str(exc))
        return data
