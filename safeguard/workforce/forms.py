from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings

from safeguard.core.forms import GovukForm, SafeTextField

from . import selectors
from .models import StaffGroup
from .services import ReturnFigures, check_figures


def quarter_choices(latest: dt.date, count: int = 8) -> list[tuple[str, str]]:
    starts = [selectors.shift_quarter(latest, -n) for n in range(count)]
    return [(s.strftime("%Y-%m"), selectors.quarter_label(s)) for s in starts]


def _fte(label: str, *, max_digits: int = 8, decimal_places: int = 2, **kwargs: Any) -> forms.DecimalField:
    # The limits match the model's columns, so nothing accepted here is rounded or refused on save.
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=decimal_places,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a number",
            "max_decimal_places": f"{label} can have at most {decimal_places} decimal place"
            + ("s" if decimal_places != 1 else ""),
            "max_digits": f"{label} is too large",
        },
        **kwargs,
    )


class ReturnForm(GovukForm):
    quarter = forms.ChoiceField(label="Quarter")
    staff_group = forms.ChoiceField(label="Staff group", choices=StaffGroup.choices)
    establishment_fte = _fte("Establishment (FTE)", help_text="Funded posts, full-time equivalent")
    filled_fte = _fte("Filled posts (FTE)", help_text="Posts held by permanent staff")
    vacancies_fte = _fte("Vacancies (FTE)")
    agency_fte = _fte("Agency or locum staff (FTE)")
    leavers = _fte("Leavers in the quarter (FTE)")
    sickness_percent = _fte("Sickness absence (% of working time)")
    average_caseload = _fte(
        "Average caseload (optional)", max_digits=6, decimal_places=1, required=False, help_text="Where it applies"
    )
    pressures = SafeTextField(label="Pressures", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    mitigations = SafeTextField(label="Mitigations", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recruitment = SafeTextField(label="Recruitment plans", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, latest: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = quarter_choices(latest)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        for name, message in check_figures(self.figures()):
            self.add_error(name, message)
        return data

    def figures(self) -> ReturnFigures:
        d = self.cleaned_data
        return ReturnFigures(
            establishment_fte=d["establishment_fte"],
            filled_fte=d["filled_fte"],
            vacancies_fte=d["vacancies_fte"],
            agency_fte=d["agency_fte"],
            leavers=d["leavers"],
            sickness_percent=d["sickness_percent"],
            average_caseload=d.get("average_caseload"),
            pressures=d.get("pressures", ""),
            mitigations=d.get("mitigations", ""),
            recruitment=d.get("recruitment", ""),
        )

    def quarter_start(self) -> dt.date:
        year, month = self.cleaned_data["quarter"].split("-")
        return dt.date(int(year), int(month), 1)


class UploadForm(GovukForm):
    workbook = forms.FileField(
        label="Upload a workbook",
        help_text="The .xlsx template filled in, or a CSV file with the same headings",
        error_messages={"required": "Choose a workbook or CSV file to upload", "empty": "The selected file is empty"},
    )

    def clean_workbook(self) -> Any:
        file = self.cleaned_data["workbook"]
        if Path(file.name or "").suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError("The selected file must be an Excel workbook (.xlsx) or a CSV file")
        # The same limit as every upload in the service: one setting for what the server accepts.
        limit_mb = int(settings.SAFEGUARD_MAX_UPLOAD_MB)
        if file.size > limit_mb * 1024 * 1024:
            raise forms.ValidationError(f"The selected file must be smaller than {limit_mb} MB")
        return file
