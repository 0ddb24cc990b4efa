from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from safeguard.core.forms import DateInputField, GovukForm, long_text, radios
from safeguard.datawash.models import CANONICAL_FIELDS, Decision, Extract, SourceKind
from safeguard.datawash.uploads import ENCODINGS

DATE_FORMAT_CHOICES = [
    ("", "Work it out (2017-06-30 or 30/06/2017)"),
    ("%Y-%m-%d", "2017-06-30"),
    ("%d/%m/%Y", "30/06/2017"),
    ("%d-%m-%Y", "30-06-2017"),
    ("%d.%m.%Y", "30.06.2017"),
    ("%m/%d/%Y", "06/30/2017 (month first)"),
]
NOT_USED = ""


class UploadForm(GovukForm):
    source_kind = radios("What is in the extract?", SourceKind.choices, message="Select what is in the extract")
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file with a header row",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The selected file is empty"},
    )
    encoding = radios(
        "Text encoding (CSV only)",
        list(ENCODINGS.items()),
        initial="utf-8",
        help_text="If you are not sure, keep UTF-8: you will be told if the file does not read",
    )


class MappingForm(GovukForm):
    """One select per column of the agency's file, showing sample values as the hint."""

    date_of_birth_format = forms.ChoiceField(
        label="How dates of birth are written", choices=DATE_FORMAT_CHOICES, required=False
    )
    last_seen_date_format = forms.ChoiceField(
        label="How dates last seen are written", choices=DATE_FORMAT_CHOICES, required=False
    )

    def __init__(self, *args: Any, extract: Extract, initial_columns: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = [h for h in extract.headers if h]
        choices = [(NOT_USED, "Not used"), *CANONICAL_FIELDS.items()]
        self.column_fields: list[str] = []
        for index, header in enumerate(self.headers):
            name = f"col_{index}"
            samples = [s for s in extract.samples.get(header, []) if s]
            self.fields[name] = forms.ChoiceField(
                label=f"Column “{header}”",
                choices=choices,
                required=False,
                initial=initial_columns.get(header, NOT_USED),
                help_text=("For example: " + ", ".join(samples)) if samples else "No values in the first rows",
            )
            self.column_fields.append(name)
        self.order_fields([*self.column_fields, "date_of_birth_format", "last_seen_date_format"])

    @property
    def column_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.column_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, str] = {}
        for name, header in zip(self.column_fields, self.headers, strict=True):
            target = data.get(name) or NOT_USED
            if target == NOT_USED:
                continue
            if target in chosen.values():
                self.add_error(name, f"{CANONICAL_FIELDS[target]} is already chosen for another column")
                continue
            chosen[header] = target
        if "record_id" not in chosen.values() and self.column_fields:
            self.add_error(self.column_fields[0], "Choose which column holds the record ID")
        data["columns"] = chosen
        data["date_formats"] = {
            "date_of_birth": data.get("date_of_birth_format") or "",
            "last_seen_date": data.get("last_seen_date_format") or "",
        }
        return data


def extract_label(extract: Extract) -> str:
    """A version as the run picker shows it: when it came, who sent it, and how many rows it holds."""
    received = timezone.localtime(extract.received_at)
    sender = (
        extract.uploaded_by.display_name()
        if extract.uploaded_by
        else ("the agency's system (API)" if extract.via_api else "an earlier load")
    )
    return (
        f"{extract.agency.name}: {extract.get_source_kind_display()} v{extract.version}, "
        f"received {received:%d %b %Y at %H:%M} from {sender} ({extract.rows_accepted} rows)"
    )


class ExtractChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Extract) -> str:
        return extract_label(obj)


class ExtractMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Extract) -> str:
        return extract_label(obj)


class RunForm(GovukForm):
    cohort_extract = ExtractChoiceField(
        label="Cohort register",
        queryset=Extract.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the register of children to check"},
    )
    source_extracts = ExtractMultipleChoiceField(
        label="Agency extracts to match against",
        queryset=Extract.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one agency extract"},
    )
    as_of = DateInputField(label="As of date", past_only=True, help_text="Contacts after this date are not counted")
    unseen_months = forms.IntegerField(
        label="Not seen for how many months",
        min_value=1,
        max_value=120,
        initial=18,
        error_messages={
            "required": "Enter the number of months",
            "invalid": "Months must be a whole number, like 18",
            "min_value": "Months must be 1 or more",
            "max_value": "Months must be 120 or fewer",
        },
    )
    include_visits = forms.BooleanField(label="Count recorded joint visits as contact", required=False, initial=True)

    def __init__(self, *args: Any, cohorts: QuerySet[Extract], sources: QuerySet[Extract], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort_extract"].queryset = cohorts  # type: ignore[attr-defined]
        self.fields["source_extracts"].queryset = sources  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cohort = data.get("cohort_extract")
        sources = list(data.get("source_extracts") or [])
        if cohort is not None:
            sources = [s for s in sources if s.pk != cohort.pk]
        names = [s.engine_name for s in sources]
        repeated = {n for n in names if names.count(n) > 1}
        if repeated:
            self.add_error("source_extracts", "Choose only one version of each agency's extract")
        if cohort is not None and not sources and "source_extracts" not in self.errors:
            self.add_error("source_extracts", "Select at least one agency extract other than the register")
        data["source_extracts"] = sources
        return data


class DecisionForm(GovukForm):
    decision = radios(
        "Are these the same child?",
        [(Decision.CONFIRM.value, "Yes – the same child"), (Decision.REJECT.value, "No – different children")],
        message="Select whether these are the same child",
    )
    reason = long_text("Why? (optional)", rows=2, required=False, max_length=1000)
