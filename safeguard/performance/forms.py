from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings

from safeguard.core.forms import DateInputField, GovukForm, SafeTextField
from safeguard.partnership.models import Agency, Group, User

from . import periods
from .models import AuditGrade, Indicator, Polarity, Source, Theme, Unit
from .services import check_figures


def month_choices(latest: dt.date, count: int = 24) -> list[tuple[str, str]]:
    months = periods.last_periods(latest, periods.Frequency.MONTHLY, count)
    return [(m.strftime("%Y-%m"), m.strftime("%B %Y")) for m in reversed(months)]


class ScorecardFilterForm(GovukForm):
    period = forms.ChoiceField(label="Month")
    agency = forms.ModelChoiceField(label="Owner agency", queryset=Agency.objects.none(), required=False,
                                    empty_label="All agencies")  # fmt: skip
    theme = forms.ChoiceField(label="Theme", choices=[("", "All themes"), *Theme.choices], required=False)
    group = forms.ModelChoiceField(label="Sub-group", queryset=Group.objects.none(), required=False,
                                   empty_label="All sub-groups")  # fmt: skip

    def __init__(self, *args: Any, agencies: Any, groups: Any, latest: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = month_choices(latest)
        agency_field = self.fields["agency"]
        group_field = self.fields["group"]
        assert isinstance(agency_field, forms.ModelChoiceField) and isinstance(group_field, forms.ModelChoiceField)
        agency_field.queryset = agencies
        group_field.queryset = groups


class IndicatorForm(GovukForm):
    code = forms.SlugField(
        label="Code", max_length=60, help_text="Short, lower case, for the workbook: e.g. re-referrals"
    )
    name = SafeTextField(label="Name", max_length=200)
    definition = SafeTextField(label="Definition", widget=forms.Textarea(attrs={"rows": 3}))
    numerator_label = SafeTextField(label="What the numerator counts", max_length=300)
    denominator_label = SafeTextField(label="What the denominator counts (optional)", max_length=300, required=False,
                                      help_text="Leave blank for a count")  # fmt: skip
    unit = forms.ChoiceField(label="Unit", choices=Unit.choices, widget=forms.RadioSelect)
    polarity = forms.ChoiceField(label="Which way is better", choices=Polarity.choices, widget=forms.RadioSelect)
    target = forms.DecimalField(label="Target (optional)", required=False, max_digits=12, decimal_places=2)
    green_threshold = forms.DecimalField(label="Green from (optional)", required=False, max_digits=12, decimal_places=2)
    red_threshold = forms.DecimalField(label="Red beyond (optional)", required=False, max_digits=12, decimal_places=2)
    owner_agency = forms.ModelChoiceField(label="Owner agency", queryset=Agency.objects.none())
    frequency = forms.ChoiceField(label="Frequency", choices=periods.Frequency.choices, widget=forms.RadioSelect)
    theme = forms.ChoiceField(label="Theme", choices=Theme.choices)
    sub_group = forms.ModelChoiceField(label="Sub-group (optional)", queryset=Group.objects.none(), required=False)
    source = forms.ChoiceField(label="Source", choices=Source.choices, widget=forms.RadioSelect)
    figure_path = SafeTextField(label="Figure function (computed only)", max_length=200, required=False,
                                help_text="For example safeguard.missing.selectors.figure_rhi_within_72_hours")  # fmt: skip
    is_active = forms.BooleanField(label="Show on the scorecard", required=False, initial=True)

    def __init__(self, *args: Any, agencies: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_agency"]
        group = self.fields["sub_group"]
        assert isinstance(owner, forms.ModelChoiceField) and isinstance(group, forms.ModelChoiceField)
        owner.queryset = agencies
        group.queryset = groups


class FiguresForm(GovukForm):
    """One numerator, denominator and commentary per indicator the agency owns."""

    def __init__(self, *args: Any, indicators: list[tuple[Indicator, dt.date]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator, _ in indicators:
            if indicator.source == Source.SUBMITTED:
                self.fields[f"num_{indicator.pk}"] = forms.DecimalField(
                    label=indicator.numerator_label, required=False, max_digits=12, decimal_places=2,
                    error_messages={"invalid": f"{indicator.numerator_label} must be a number"},
                )  # fmt: skip
                if indicator.denominator_label:
                    self.fields[f"den_{indicator.pk}"] = forms.DecimalField(
                        label=indicator.denominator_label, required=False, max_digits=12, decimal_places=2,
                        error_messages={"invalid": f"{indicator.denominator_label} must be a number"},
                    )  # fmt: skip
            self.fields[f"comment_{indicator.pk}"] = SafeTextField(
                label=f"Commentary on {indicator.name}", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for indicator, _ in self.indicators:
            if indicator.source != Source.SUBMITTED:
                continue
            num_key, den_key = f"num_{indicator.pk}", f"den_{indicator.pk}"
            if num_key in self.errors or den_key in self.errors:
                continue
            numerator: Decimal | None = data.get(num_key)
            denominator: Decimal | None = data.get(den_key)
            if numerator is None and denominator is None:
                continue  # not submitting this one today
            for name, message in check_figures(indicator, numerator, denominator):
                key = num_key if name == "numerator" else den_key
                if key in self.fields:
                    self.add_error(key, f"{indicator.name}: {message}")
        return data

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "indicator": indicator,
                "period_start": start,
                "period_label": periods.label(start, indicator.frequency),
                "num": self[f"num_{indicator.pk}"] if f"num_{indicator.pk}" in self.fields else None,
                "den": self[f"den_{indicator.pk}"] if f"den_{indicator.pk}" in self.fields else None,
                "comment": self[f"comment_{indicator.pk}"],
            }
            for indicator, start in self.indicators
        ]


class UploadForm(GovukForm):
    workbook = forms.FileField(label="Upload the scorecard workbook", help_text="The .xlsx template, filled in",
                               error_messages={"required": "Choose a workbook to upload"})  # fmt: skip

    def clean_workbook(self) -> Any:
        file = self.cleaned_data["workbook"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("The file must be an Excel workbook (.xlsx)")
        if file.size > settings.SAFEGUARD_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The workbook must be smaller than {settings.SAFEGUARD_MAX_UPLOAD_MB} MB")
        return file


class ConfirmForm(GovukForm):
    note = SafeTextField(label="Why the figure is right", widget=forms.Textarea(attrs={"rows": 3}),
                         error_messages={"required": "Say why the figure is right"})  # fmt: skip


class AuditorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name()} ({obj.agency.name if obj.agency else 'no agency'})"


class ProgrammeForm(GovukForm):
    title = SafeTextField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    theme = forms.ChoiceField(label="Theme", choices=Theme.choices)
    scope = SafeTextField(label="What the audit looks at", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    auditors = AuditorsField(label="Auditors", queryset=User.objects.none(),
                                              widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": "Choose at least one auditor"})  # fmt: skip
    sample_size = forms.IntegerField(label="How many cases to sample", min_value=1, max_value=50, initial=6,
                                     error_messages={"min_value": "Sample at least 1 case",
                                                     "max_value": "Sample at most 50 cases"})  # fmt: skip

    def __init__(self, *args: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["auditors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = auditors

    def clean_auditors(self) -> Any:
        auditors = self.cleaned_data["auditors"]
        if len({u.agency_id for u in auditors}) < 2:
            raise forms.ValidationError("Choose auditors from at least two agencies: the audit is multi-agency")
        return auditors


class GradeForm(GovukForm):
    grade = forms.ChoiceField(label="Grade", choices=AuditGrade.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Choose a grade"})  # fmt: skip
    summary = SafeTextField(label="Summary of practice", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(GovukForm):
    text = SafeTextField(label="Your agency's finding", widget=forms.Textarea(attrs={"rows": 3}),
                         error_messages={"required": "Enter the finding"})  # fmt: skip


class ActionForm(GovukForm):
    description = SafeTextField(label="Action", widget=forms.Textarea(attrs={"rows": 2}),
                                error_messages={"required": "Enter the action"})  # fmt: skip
    owner_agency = forms.ModelChoiceField(label="Owner agency", queryset=Agency.objects.none(),
                                          error_messages={"required": "Choose the owner agency"})  # fmt: skip
    owner_name = SafeTextField(label="Owner", max_length=200, error_messages={"required": "Enter who owns the action"})
    due_on = DateInputField(label="Due date", future_only=True, help_text="For example, 27 3 2027")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
