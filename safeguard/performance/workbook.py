"""The scorecard workbook agencies download, fill in and upload.

Reading it checks every cell and reports each problem with its sheet, row and
column; the caller saves nothing unless there are no problems at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from safeguard.core import safefiles
from safeguard.core.exports import excel_row

from . import periods
from .models import Indicator
from .services import FigureEntry, check_figures

SHEET = "Figures"
HEADERS = ["Indicator code", "Indicator", "Period (YYYY-MM)", "Numerator", "Denominator", "Commentary"]
COL_CODE, COL_NAME, COL_PERIOD, COL_NUM, COL_DEN, COL_COMMENT = range(1, 7)
# A scorecard is a few hundred rows; these bounds refuse a hostile file in well under a second.
LIMITS = safefiles.Limits(max_cells=500_000, max_unpacked_bytes=64 * 1024 * 1024)


def template_workbook(indicators: list[Indicator], month: dt.date) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for indicator in indicators:
        start = periods.period_start(month, indicator.frequency)
        excel_row(ws, [indicator.code, indicator.name, start.strftime("%Y-%m"), None, None, None])
    for column, width in zip(range(1, 7), (24, 50, 18, 14, 14, 60), strict=True):
        ws.column_dimensions[get_column_letter(column)].width = width
    guide = wb.create_sheet("Guidance")
    guide.append(["Indicator code", "Numerator", "Denominator", "Definition", "Frequency"])
    for indicator in indicators:
        excel_row(
            guide,
            [
                indicator.code,
                indicator.numerator_label,
                indicator.denominator_label or "Leave blank: this is a count",
                indicator.definition,
                indicator.get_frequency_display(),
            ],
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    column: int
    reason: str

    def __str__(self) -> str:
        if not self.row:
            # A problem with the whole file (not a workbook, too big, no such sheet): no sheet or row to name.
            return self.reason[:1].upper() + self.reason[1:]
        where = f"{self.sheet} sheet, row {self.row}"
        if self.column:
            where += f", column {get_column_letter(self.column)} ({HEADERS[self.column - 1]})"
        return f"{where}: {self.reason}"


CENTS = Decimal("0.01")
LARGEST = Decimal(10) ** 10
"""Figures are stored as DecimalField(max_digits=12, decimal_places=2)."""


@dataclass(frozen=True)
class Queried:
    entry: FigureEntry
    reason: str


def _number(value: Any) -> tuple[Decimal | None, str]:
    """A cell as a number that fits the figure's column, or why it is not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, bool):
        return None, "enter a number, not TRUE or FALSE"
    shown = str(value)[:40]
    try:
        number = Decimal(str(value) if isinstance(value, int | float) else str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None, f"enter a number, not “{shown}”"
    if not number.is_finite():
        return None, f"enter a number, not “{shown}”"
    # The figure is stored with 12 digits, 2 of them after the point, as the form and the API allow.
    # Checked before rounding (a huge number cannot be rounded to cents) and after (9999999999.996 rounds up).
    if abs(number) >= LARGEST:
        return None, f"enter a number below {LARGEST:,}, not “{shown}”"
    rounded = number.quantize(CENTS, rounding=ROUND_HALF_UP)
    if rounded != number:
        if not isinstance(value, float):
            return None, f"enter a number with at most 2 decimal places, not “{shown}”"
        # A cell worked out by a formula holds more places than it shows (33.333…): keep what it shows.
        number = rounded
    if abs(number) >= LARGEST:
        return None, f"enter a number below {LARGEST:,}, not “{shown}”"
    return number, ""


def _period(value: Any, indicator: Indicator | None) -> tuple[dt.date | None, str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "enter the period, for example 2026-10"
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        parsed = periods.parse_month(str(value))
        if parsed is None:
            return None, f"enter the period as year and month, for example 2026-10, not “{str(value)[:40]}”"
        day = parsed
    if indicator is None:
        return day, ""
    start = periods.period_start(day, indicator.frequency)
    if start != dt.date(day.year, day.month, 1):
        return None, f"{indicator.name} is quarterly: enter the quarter's first month, {start:%Y-%m}"
    return start, ""


def read_upload(file: IO[bytes], indicators: dict[str, Indicator]) -> tuple[list[FigureEntry], list[CellProblem]]:
    """Every row as an entry, or every problem found; ``indicators`` are the agency's, by code."""
    try:
        with safefiles.Workbook(file, LIMITS) as wb:
            if SHEET not in wb.sheet_names:
                return [], [CellProblem("Workbook", 0, 0, f"there is no sheet called {SHEET}: use the template")]
            return _read_rows(wb.rows(SHEET), indicators)
    except safefiles.NotAZip:
        return [], [CellProblem("Workbook", 0, 0, "the file is not an Excel workbook (.xlsx)")]
    except safefiles.FileRefused as refused:
        return [], [CellProblem("Workbook", 0, 0, str(refused))]


def _read_rows(
    rows: Iterator[safefiles.SheetRow], indicators: dict[str, Indicator]
) -> tuple[list[FigureEntry], list[CellProblem]]:
    entries: list[FigureEntry] = []
    problems: list[CellProblem] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for sheet_row in rows:
        row_number = sheet_row.number
        if row_number == 1:
            continue  # the headings
        cells = sheet_row.values(6)
        code_cell, _, period_cell, num_cell, den_cell, comment_cell = cells
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in (code_cell, num_cell, den_cell)):
            continue
        row_problems: list[CellProblem] = []

        def problem(
            column: int, reason: str, row_number: int = row_number, found: list[CellProblem] = row_problems
        ) -> None:
            found.append(CellProblem(SHEET, row_number, column, reason))

        code = str(code_cell or "").strip()
        indicator = indicators.get(code)
        if not code:
            problem(COL_CODE, "enter the indicator code")
        elif indicator is None:
            problem(COL_CODE, f"“{code[:40]}” is not one of your agency's submitted indicators")
        start, why = _period(period_cell, indicator)
        if why:
            problem(COL_PERIOD, why)
        numerator, why = _number(num_cell)
        if why:
            problem(COL_NUM, why)
        denominator, why_den = _number(den_cell)
        if why_den:
            problem(COL_DEN, why_den)
        if indicator is not None and not why and not why_den:
            for name, reason in check_figures(indicator, numerator, denominator):
                problem(COL_NUM if name == "numerator" else COL_DEN, reason[0].lower() + reason[1:])
        if indicator is not None and start is not None:
            key = (code, start)
            if key in seen:
                problem(COL_PERIOD, f"{code} for {start:%Y-%m} is already on row {seen[key]}")
            else:
                seen[key] = row_number
        problems.extend(row_problems)
        if not row_problems and indicator is not None and start is not None and numerator is not None:
            entries.append(FigureEntry(indicator, start, numerator, denominator, str(comment_cell or "").strip()))
    if not entries and not problems:
        problems.append(CellProblem(SHEET, 2, 0, "the sheet has no figures in it"))
    return entries, problems
