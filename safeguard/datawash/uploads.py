"""A first look at an uploaded file: is it CSV or XLSX, does it decode, what are its columns.

The engine's own reader (``engine.io.read_table``) insists on a ``record_id`` column,
which a new layout does not have until its columns are mapped; so the first look —
header and a few sample values for the mapping page — is taken here, and the full
validation is left to the engine once the mapping exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safeguard.core import safefiles
from safeguard.core.errors import Refused
from safeguard.core.safefiles import DEFAULT_LIMITS, Limits

SAMPLE_ROWS = 3
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ENCODINGS = {"utf-8": "UTF-8 (most systems)", "cp1252": "Windows-1252 (older Windows exports)"}


class UploadProblem(Refused):
    """The file cannot be used; the message says why, in words for the person who sent it."""

    field = "file"


@dataclass
class FirstLook:
    headers: list[str]
    samples: dict[str, list[str]] = field(default_factory=dict)
    rows: int = 0


def suffix_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise UploadProblem("The selected file must be a CSV or an Excel (.xlsx) file")
    return suffix


def first_look(raw: bytes, *, suffix: str, encoding: str, limits: Limits = DEFAULT_LIMITS) -> FirstLook:
    """Read the whole file within ``limits`` (``safeguard.core.safefiles``): a hostile file is refused in seconds."""
    try:
        if not raw.strip():
            raise UploadProblem("The selected file is empty")
        if suffix in XLSX_SUFFIXES:
            look = _look_xlsx(raw, limits)
        elif safefiles.is_zip(raw):
            raise UploadProblem("The selected file is a spreadsheet, not CSV text: upload it as .xlsx")
        else:
            look = _look_csv(raw, encoding, limits)
    except safefiles.FileRefused as refused:
        raise UploadProblem(str(refused).replace("The file", "The selected file", 1)) from None
    return look


def _header(cells: list[str]) -> list[str]:
    headers = [c.strip() for c in cells]
    if not any(headers):
        raise UploadProblem("The selected file has no header row: the first row must name the columns")
    # Linear, not headers.count() per heading: a header can be thousands of columns wide.
    twice = safefiles.repeated([h for h in headers if h])
    if twice:
        shown = ", ".join(h[:40] for h in twice[:10]) + (f" and {len(twice) - 10:,} more" if len(twice) > 10 else "")
        raise UploadProblem(f"The header row names a column more than once: {shown}")
    # A header of numbers or dates is a data row: the file has no header.
    if all(_looks_like_data(h) for h in headers if h):
        raise UploadProblem("The selected file has no header row: the first row must name the columns")
    return headers


def _looks_like_data(cell: str) -> bool:
    stripped = cell.replace("-", "").replace("/", "").replace(" ", "").replace(".", "")
    return stripped.isdigit()


def _look_csv(raw: bytes, encoding: str, limits: Limits) -> FirstLook:
    text = safefiles.csv_text(raw, encoding=encoding, limits=limits)
    rows = safefiles.csv_rows(text, limits=limits)
    first = next(rows, None)
    headers = _header(first[1] if first is not None else [])
    look = FirstLook(headers=headers, samples={h: [] for h in headers if h})
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(headers):
            raise UploadProblem(
                f"Row {number} has {len(row)} values but the header has {len(headers)} columns: "
                "the file is not well-formed CSV"
            )
        look.rows += 1
        if look.rows <= SAMPLE_ROWS:
            for header, cell in zip(headers, row, strict=False):
                if header:
                    look.samples[header].append(cell.strip()[:60])
    if look.rows == 0:
        raise UploadProblem("The selected file has a header row but no rows of data under it")
    return look


def _look_xlsx(raw: bytes, limits: Limits) -> FirstLook:
    with safefiles.Workbook(raw, limits) as book:
        rows = book.rows()
        first = next(rows, None)
        if first is None:
            raise UploadProblem("The selected spreadsheet has no rows")
        headers = _header([_text(v) for v in first.values(first.width)])
        look = FirstLook(headers=headers, samples={h: [] for h in headers if h})
        for row in rows:
            if not any(v not in (None, "") for v in row.cells.values()):
                continue
            look.rows += 1
            if look.rows <= SAMPLE_ROWS:
                for position, header in enumerate(headers, start=1):
                    if header:
                        look.samples[header].append(_text(row.cells.get(position))[:60])
    if look.rows == 0:
        raise UploadProblem("The selected spreadsheet has a header row but no rows of data under it")
    return look


def _text(value: object) -> str:
    return "" if value is None else str(value)
