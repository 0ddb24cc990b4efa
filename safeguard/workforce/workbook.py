"""The workforce returns workbook: the template an agency downloads, and reading it (or a CSV) back.

Reading only turns the file into rows of raw values by field name; ``batch.check_rows`` judges
them, so a workbook and the API are held to the same rules. A file that cannot be read at all
gets one problem that says why, rather than a problem for every row.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from safeguard.core import safefiles
from safeguard.core.errors import Refused
from safeguard.core.exports import FORMULA_STARTS, excel_row

from . import selectors
from .batch import BY_NAME, COLUMNS, Checked, Problem, check_rows, in_order, is_blank
from .models import StaffGroup, WorkforceReturn

SHEET = "Workforce returns"
# A return has one row per staff group; a file far longer than that is not a return.
MAX_ROWS = 500
# Columns read past the last heading, to catch values typed where no heading says what they are.
MAX_COLUMNS = len(COLUMNS) + 20
# A return is a few dozen rows: a row numbered past this is refused by number, before any empty row is counted.
LIMITS = safefiles.Limits(max_rows=MAX_ROWS * 20, max_cells=200_000, max_unpacked_bytes=64 * 1024 * 1024)

NOT_A_SPREADSHEET = (
    "The file is not a spreadsheet: upload the .xlsx template, or a CSV file with the template's headings"
)
NO_HEADER = (
    "The file has no header row: its first row must be the template's headings, such as Staff group and Vacancies (FTE)"
)
NO_FIGURES = "The file has no figures in it: fill in the row of each staff group you report on"


class Unreadable(Refused):
    """The file as a whole cannot be used; the message says why."""


def template_workbook(*, agency_name: str, quarter: dt.date, existing: Iterable[WorkforceReturn]) -> bytes:
    """One row per staff group for the quarter, with the agency's figures already sent filled in."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET
    ws.append([c.header for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    sent = {r.staff_group: r for r in existing}
    for group in StaffGroup:
        saved = sent.get(group)
        figures = [getattr(saved, c.name) if saved is not None else None for c in COLUMNS[2:]]
        # An empty text field is an empty cell, not a cell holding "".
        excel_row(ws, [quarter.isoformat(), group.label, *[v if v != "" else None for v in figures]])
    for number, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(number)].width = 50 if column.kind == "text" else 18
    ws.column_dimensions["B"].width = 40
    ws.freeze_panes = "C2"
    guide = wb.create_sheet("Guidance")
    excel_row(guide, [f"Workforce return for {agency_name}, {selectors.quarter_label(quarter)}"])
    guide.append(
        [
            "Fill in a row for each staff group you report on and leave the others blank: blank rows are skipped. "
            "If any cell is wrong nothing is saved, and every problem is listed by row and column."
        ]
    )
    guide.append([])
    guide.append(["Column", "Required", "What to enter"])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        guide.append([column.header, "Yes" if column.required else "No", column.hint])
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["C"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check_upload(file: IO[bytes], *, name: str, latest: dt.date) -> Checked:
    """The file read and every row checked, the problems in the order the sender reads the file."""
    upload = read_upload(file, name=name)
    checked = check_rows(upload.items, latest=latest)
    checked.problems = in_order(upload.problems + checked.problems)
    if not checked.problems and not checked.rows:
        checked.problems = [Problem(None, "", NO_FIGURES)]
    return checked


@dataclass
class Upload:
    """The file's rows as (row number, values by field name), or the problems that stop it being read."""

    items: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_upload(file: IO[bytes], *, name: str) -> Upload:
    """A workbook or CSV file, told apart by its content first: a CSV name on a workbook still reads.

    Both are read through ``safeguard.core.safefiles`` within ``LIMITS``, so a hostile file is refused quickly.
    """
    try:
        raw = safefiles.read_bytes(file, LIMITS)
        if safefiles.is_zip(raw):
            return _read_table(_xlsx_rows(raw))
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            # The old binary format, which is also how Excel stores a password-protected workbook.
            raise Unreadable(
                "The file is an older Excel workbook (.xls) or has a password: "
                "save it as an Excel Workbook (.xlsx) without a password and upload that"
            )
        if name.lower().endswith(".xlsx"):
            # Named a workbook but not one: reading it as CSV would only report a missing header.
            raise Unreadable(NOT_A_SPREADSHEET)
        return _read_table(_csv_rows(raw))
    except Unreadable as problem:
        return Upload(problems=[Problem(None, "", str(problem))])
    except safefiles.NotAZip:
        return Upload(problems=[Problem(None, "", NOT_A_SPREADSHEET)])
    except safefiles.FileRefused as refused:
        return Upload(problems=[Problem(None, "", str(refused))])


def _unescape(value: Any) -> Any:
    """Undo the apostrophe that templates downloaded before December 2026 put before formula-like text.

    Templates now keep such text as a text cell (``excel_row``), which comes back as it was sent.
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _xlsx_rows(raw: bytes) -> Iterator[tuple[int, list[Any]]]:
    with safefiles.Workbook(raw, LIMITS) as wb:
        rows = wb.rows(SHEET if SHEET in wb.sheet_names else None)
        for row in rows:
            # Only the columns read: a value far to the right is not turned into a row of thousands of cells.
            width = min(row.width, MAX_COLUMNS)
            yield row.number, [_cell_value(row, column) for column in range(1, width + 1)]


def _cell_value(row: safefiles.SheetRow, column: int) -> Any:
    value = row.cells.get(column)
    # A cell formatted as a percentage is read as it shows: 4.5% is stored as 0.045 but means 4.5.
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in row.formats.get(column, ""):
        return Decimal(repr(round(value, 12))) * 100
    return _unescape(value)


def _csv_rows(raw: bytes) -> Iterator[tuple[int, list[Any]]]:
    if not raw.strip():
        raise Unreadable("The file is empty")
    if any(b < 32 and b not in b"\r\n\t" for b in raw[:65536]) and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(NOT_A_SPREADSHEET)
    try:
        text = safefiles.csv_text(raw, encoding="utf-8", limits=LIMITS)
    except safefiles.FileRefused as refused:
        if "is not UTF-8 text" not in str(refused):
            raise
        # Excel on Windows saves "CSV (Comma delimited)" in Windows-1252, not UTF-8.
        try:
            text = safefiles.csv_text(raw, encoding="cp1252", limits=LIMITS)
        except safefiles.FileRefused:
            raise Unreadable(NOT_A_SPREADSHEET) from None
    try:
        for number, row in safefiles.csv_rows(text, delimiter=_delimiter(text), limits=LIMITS):
            yield number, [_unescape(cell) for cell in row]
    except safefiles.FileRefused as refused:
        if "not well-formed CSV" in str(refused):
            raise Unreadable(f"{refused}: save it again from your spreadsheet") from None
        raise


def _delimiter(text: str) -> str:
    """The separator the header row uses: Excel in many European locales saves "CSV" with semicolons.

    The template's headings hold no commas, semicolons or tabs, so whichever the first line has most of
    is the separator; a line with none of them is one column, read as comma-separated.
    """
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count) if any(c in first for c in ",;\t") else ","


def _normalised(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _header(cells: list[Any]) -> tuple[dict[int, str], list[Problem]]:
    """Which field each column holds, by the template's heading or the API's field name."""
    known = {_normalised(c.header): c.name for c in COLUMNS} | {c.name: c.name for c in COLUMNS}
    columns: dict[int, str] = {}
    problems: list[Problem] = []
    unknown: list[tuple[int, Any]] = []
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        name = known.get(_normalised(cell))
        if name is None:
            unknown.append((index, cell))
        elif name in columns.values():
            problems.append(
                Problem(1, f"column {get_column_letter(index + 1)}", f"{BY_NAME[name].header} is there twice")
            )
        else:
            columns[index] = name
    if not columns:
        raise Unreadable(NO_HEADER)
    for index, cell in unknown:
        problems.append(
            Problem(
                1, f"column {get_column_letter(index + 1)}", f"'{str(cell)[:40]}' is not one of the template's headings"
            )
        )
    missing = [c.header for c in COLUMNS if c.required and c.name not in columns.values()]
    if missing:
        problems.append(Problem(1, "", f"there is no column for {', '.join(missing)}: use the template's headings"))
    return columns, problems


def _read_table(rows: Iterator[tuple[int, list[Any]]]) -> Upload:
    numbered = next(rows, None)
    if numbered is None or numbered[0] != 1 or all(is_blank(c) for c in numbered[1]):
        raise Unreadable(NO_HEADER)
    columns, problems = _header(numbered[1])
    if problems:
        return Upload(problems=problems)
    upload = Upload()
    # Empty rows are held back until a filled row follows: those between filled rows are reported as
    # skipped, those after the last are not rows the sender meant and are not mentioned.
    empty: list[int] = []
    filled = 0
    last = 1
    for number, cells in rows:
        # A workbook leaves out empty rows; they are counted back in so the sender is told of them.
        empty.extend(range(last + 1, number))
        last = number
        values = {name: cells[index] if index < len(cells) else None for index, name in columns.items()}
        stray = [i for i, cell in enumerate(cells) if i not in columns and not is_blank(cell)]
        if not stray and all(is_blank(v) for v in values.values()):
            empty.append(number)
            continue
        filled += 1
        if filled > MAX_ROWS:
            raise Unreadable(f"The file has more than {MAX_ROWS} rows: a return has one row per staff group")
        for index in stray:
            upload.problems.append(
                Problem(
                    number, f"column {get_column_letter(index + 1)}", "has a value but no heading to say what it is"
                )
            )
        upload.items.extend((n, {}) for n in empty)
        empty.clear()
        upload.items.append((number, values))
    return upload
