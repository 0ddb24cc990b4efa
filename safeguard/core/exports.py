"""Downloads, and cells for CSV and Excel exports that a spreadsheet will never run as formulas.

Excel and LibreOffice treat a cell starting with = + - @ (or a tab or carriage return) as a formula,
so an attacker who gets ``=HYPERLINK(...)`` into a name field could act when an officer opens the export.

- Every download goes out through ``download`` (Django's ``FileResponse`` with ``as_attachment`` and
  ``filename``, which quotes the name and handles non-ASCII names).
- Every CSV export through ``csv_download``: UTF-8 with a byte-order mark, so Excel shows "Zoë" rather
  than "ZoÃ«", and every cell through ``safe_cell`` (CSV has no cell types, so a leading apostrophe is
  the only way to make such text inert).
- Every Excel cell of text through ``excel_row`` or ``excel_cell``: text that looks like a formula is
  stored with the cell type "s" (a string), so it shows exactly as typed, with no apostrophe, and is
  never calculated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import FileResponse
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def download(content: bytes, *, filename: str, content_type: str, inline: bool = False) -> FileResponse:
    """A file for the browser to save (or, ``inline``, to open, e.g. a calendar feed)."""
    return FileResponse(io.BytesIO(content), as_attachment=not inline, filename=filename, content_type=content_type)


def safe_cell(value: Any) -> Any:
    """For CSV: text that a spreadsheet would run as a formula gets a leading apostrophe; anything else passes."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def csv_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads a CSV without one as the Windows code page)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def csv_download(header: Iterable[Any], rows: Iterable[Iterable[Any]], *, filename: str) -> FileResponse:
    return download(csv_bytes(header, rows), filename=filename, content_type=CSV)


def excel_cell(sheet: Worksheet, value: Any) -> Any:
    """A value for ``sheet.append``: formula-like text becomes a text cell; anything else passes unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = Cell(sheet, row=1, column=1, value=value)  # append() moves it to its place
        cell.data_type = "s"  # openpyxl typed it "f" (formula) on assignment
        return cell
    return value


def excel_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row in which no text is ever a formula."""
    sheet.append([excel_cell(sheet, value) for value in values])


def excel_write(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """``sheet.cell(row, column, value)`` with formula-like text kept as text."""
    cell = sheet.cell(row, column, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell
