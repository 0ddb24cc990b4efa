from __future__ import annotations

from typing import Any

from django import forms

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField, long_text, radios
from safeguard.partnership.models import Agency
from safeguard.placements.models import Distance, LegalStatus, PlacementKind, SentMethod
from safeguard.placements.selectors import PlacementFilters, PlacementState
from safeguard.placements.services import PlacementInput


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency: Agency = obj
        return f"{agency.name} ({agency.partnership.area_name})"


class PlacementForm(GovukForm):
    placing_agency = AgencyChoiceField(
        label="Placing authority",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the placing authority"},
    )
    host_agency = AgencyChoiceField(
        label="Host authority (where the child will live)",
        queryset=Agency.objects.none(),
        empty_label="Choose the host authority",
        error_messages={"required": "Select the host authority", "invalid_choice": "Select the host authority"},
    )
    provider = SafeTextField(label="Provider", max_length=200, error_messages={"required": "Enter the provider"})
    kind = radios("Type of placement", PlacementKind.choices, message="Select the type of placement")
    legal_status = forms.ChoiceField(
        label="Legal status", choices=[("", "Not known"), *LegalStatus.choices], required=False
    )
    distance = radios("Where is the placement?", Distance.choices, message="Select where the placement is")
    emergency = forms.BooleanField(
        label="This is an emergency placement",
        required=False,
        help_text="Notice is then due within 5 working days instead of before the placement",
    )
    starts_on = DateInputField(label="Start date")
    director_approved_by = SafeTextField(
        label="Director of Children's Services who approved (placements at a distance)", max_length=200, required=False
    )
    director_approved_on = DateInputField(label="Date of Director's approval", required=False, past_only=True)
    suitability_reasons = long_text(
        "Why is this placement the most suitable? (placements out of the area)",
        rows=4,
        required=False,
        help_text="Goes to the host authority with the needs assessment and care plan",
    )
    iro_name = SafeTextField(
        label="Independent Reviewing Officer",
        max_length=200,
        error_messages={"required": "Enter the name of the child's Independent Reviewing Officer"},
    )
    iro_contact = SafeTextField(label="Independent Reviewing Officer's phone or email", max_length=200, required=False)
    gp_practice = SafeTextField(
        label="GP practice",
        max_length=200,
        required=False,
        help_text="Leave blank if the child is not registered with a GP: no notice is then owed",
    )
    school = SafeTextField(
        label="School or college",
        max_length=200,
        required=False,
        help_text="Leave blank if the child is not on a school roll: no notice is then owed",
    )
    has_ehc_plan = forms.TypedChoiceField(
        label="Does the child have an education, health and care (EHC) plan?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    new_gp_practice = SafeTextField(
        label="GP practice the child will be registered with, if different",
        max_length=200,
        required=False,
        help_text="Regulation 13(2)(g): the new GP is told too",
    )
    child_not_told_reason = long_text(
        "If the child is not to be told, why (optional)",
        rows=2,
        required=False,
        help_text="Only where telling them is not appropriate given their age and understanding; leave blank to tell the child",
    )
    parents = long_text(
        "Each parent and person with parental responsibility (optional)",
        rows=3,
        required=False,
        help_text="One name per line",
    )
    contacts = long_text(
        "Anyone allowed contact under section 34 or a section 8 order (optional)",
        rows=2,
        required=False,
        help_text="One name per line",
    )
    previous_carer = SafeTextField(
        label="Who cared for the child immediately before (optional)", max_length=200, required=False
    )
    withheld_reason = long_text(
        "Not telling the family and previous carer: the reason (optional)",
        rows=3,
        required=False,
        help_text="Regulation 13(3): only where telling them would put the child at risk of significant harm. "
        "Your name and today's date are recorded with the decision",
    )

    def __init__(self, *args: Any, placing: Any, hosts: Any, by_home: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placing_agency"].queryset = placing  # type: ignore[attr-defined]
        self.fields["host_agency"].queryset = hosts  # type: ignore[attr-defined]
        # A children's home notifying an admission does not know the placing authority's reasons.
        self.by_home = by_home

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("distance") == Distance.DISTANT:
            if not data.get("director_approved_by"):
                self.add_error("director_approved_by", "Enter who approved a placement at a distance")
            if not data.get("director_approved_on") and "director_approved_on" not in self.errors:
                self.add_error("director_approved_on", "Enter the date of the Director's approval")
        out_of_area = data.get("distance") in (Distance.ADJOINING, Distance.DISTANT)
        if out_of_area and not self.by_home and not data.get("suitability_reasons"):
            self.add_error("suitability_reasons", "Enter why this placement is the most suitable for the child")
        return data

    def placement_input(self, home_agency: Agency | None) -> PlacementInput:
        """The placement as the service takes it; ``home_agency`` when a children's home records its admission."""
        data = self.cleaned_data
        return PlacementInput(
            placing_agency=data["placing_agency"],
            host_agency=data["host_agency"],
            home_agency=home_agency,
            provider=data["provider"],
            kind=PlacementKind(data["kind"]),
            legal_status=LegalStatus(data["legal_status"]) if data["legal_status"] else None,
            distance=Distance(data["distance"]),
            emergency=data["emergency"],
            starts_on=data["starts_on"],
            director_approved_by=data["director_approved_by"],
            director_approved_on=data["director_approved_on"],
            gp_practice=data["gp_practice"],
            school=data["school"],
            iro_name=data["iro_name"],
            iro_contact=data["iro_contact"],
            has_ehc_plan=data["has_ehc_plan"],
            suitability_reasons=data["suitability_reasons"],
            child_not_told_reason=data["child_not_told_reason"],
            parents=data["parents"],
            contacts=data["contacts"],
            previous_carer=data["previous_carer"],
            new_gp_practice=data["new_gp_practice"],
            withheld_reason=data["withheld_reason"],
        )


class DetailsForm(GovukForm):
    iro_name = PlacementForm.base_fields["iro_name"]
    iro_contact = PlacementForm.base_fields["iro_contact"]
    gp_practice = PlacementForm.base_fields["gp_practice"]
    school = PlacementForm.base_fields["school"]
    has_ehc_plan = PlacementForm.base_fields["has_ehc_plan"]


class SentForm(GovukForm):
    method = radios(
        "How was the notice sent?",
        [c for c in SentMethod.choices if c[0] != SentMethod.SAFEGUARD],
        message="Select how the notice was sent",
    )
    sent_on = DateInputField(label="Date sent", past_only=True, help_text="For example, 27 3 2026")


class EndForm(GovukForm):
    ends_on = DateInputField(label="End date")
    planned = forms.TypedChoiceField(
        label="Was the end planned?",
        choices=[
            ("yes", "Yes – notice is due before the placement ends"),
            ("no", "No – it could not be foreseen; notice is due within 10 working days after"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the end was planned"},
    )


class PlacementFilterForm(GovukForm):
    """The filters of the agency's placement list, sent by GET: states, code lists, an agency and dates only."""

    state = forms.ChoiceField(label="State", required=False)
    kind = forms.ChoiceField(label="Kind of placement", required=False)
    distance = forms.ChoiceField(label="Distance", required=False)
    host = AgencyChoiceField(label="Host authority", queryset=Agency.objects.none(), required=False, empty_label="Any")
    started_from = DateInputField(label="Started on or after", required=False)
    started_to = DateInputField(label="Started on or before", required=False)

    def __init__(self, *args: Any, hosts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", "Any")]
        self.fields["state"].choices = any_choice + list(PlacementState.CHOICES)  # type: ignore[attr-defined]
        self.fields["kind"].choices = any_choice + list(PlacementKind.choices)  # type: ignore[attr-defined]
        self.fields["distance"].choices = any_choice + list(Distance.choices)  # type: ignore[attr-defined]
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("started_from"), data.get("started_to")
        if since and until and until < since:
            self.add_error("started_to", "'Started on or before' must be on or after 'Started on or after'")
        return data

    def filters(self) -> PlacementFilters:
        """The filters asked for; an invalid form filters nothing (its errors are shown instead)."""
        if not self.is_bound or not self.is_valid():
            return PlacementFilters()
        data = self.cleaned_data
        return PlacementFilters(
            state=data["state"],
            kind=data["kind"],
            distance=data["distance"],
            host_agency_id=data["host"].pk if data["host"] else None,
            started_from=data["started_from"],
            started_to=data["started_to"],
        )
