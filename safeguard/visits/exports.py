"""The visit list as an Excel workbook for officers.

Every row goes through ``safeguard.core.exports.excel_row``: a name or note typed as
``=HYPERLINK(...)`` must open as text, not run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from safeguard.core.exports import excel_row
from safeguard.visits.models import JointVisit

HEADERS = (
    "Child",
    "Date of birth",
    "Register entry",
    "Lead agency",
    "Lead officer",
    "Second agency",
    "Second officer",
    "Due",
    "Status",
    "Outcome",
    "Outcome date",
    "Referred to",
    "Off the campaign, not seen",
)


def visits_workbook(visits: Iterable[JointVisit]) -> bytes:
    book = Workbook()
    sheet: Worksheet = book.active  # type: ignore[assignment]
    sheet.title = "Joint visits"
    sheet.append(list(HEADERS))
    for visit in visits:
        row: list[Any] = [
            visit.person.full_name,
            visit.person.date_of_birth,
            visit.cohort_record_id,
            visit.lead_agency.name,
            visit.lead_officer.display_name(),
            visit.second_agency.name,
            visit.second_officer.display_name(),
            visit.due_date,
            "Overdue" if visit.is_overdue else visit.get_status_display(),
            visit.get_outcome_display() if visit.outcome else "",
            visit.outcome_date,
            visit.referred_to,
            visit.off_campaign_status,
        ]
        excel_row(sheet, row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
