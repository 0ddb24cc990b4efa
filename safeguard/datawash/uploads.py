"""A first look at an uploaded file: is it CSV or XLSX, does it decode, what are its columns.

The engine's own reader (``engine.io.read_table``) insists on a ``record_id`` column,
which a new layout does not have until its columns are mapped; so the first look —
header and a few sample values for the mapping page — is taken here, and the full
validation is left to the engine once the mapping exists.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

SAMPLE_ROWS = 3
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ENCODINGS = {"utf-8": "UTF-8 (most systems)", "cp1252": "Windows-1252 (older Windows exports)"}


class UploadProblem(ValueError):
    """The file cannot be used; the message says why, in words for the person who sent it."""


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


def first_look(raw: bytes, *, suffix: str, encoding: str) -> FirstLook:
    if not raw.strip():
        raise UploadProblem("The selected file is empty")
    if suffix in XLSX_SUFFIXES:
        look = _look_xlsx(raw)
    elif raw.startswith(b"PK\x03\x04"):
        raise UploadProblem("The selected file is a spreadsheet, not CSV text: upload it as .xlsx")
    else:
        look = _look_csv(raw, encoding)
    if look.rows == 0:
        # A header alone is an export that went wrong, not a register with no children on it.
        raise UploadProblem("The selected file has a header row but no rows of children under it")
    return look


def _header(cells: list[str]) -> list[str]:
    headers = [c.strip() for c in cells]
    if not any(headers):
        raise UploadProblem("The selected file has no header row: the first row must name the columns")
    if len([h for h in headers if h]) != len({h for h in headers if h}):
        repeated = sorted({h for h in headers if h and headers.count(h) > 1})
        raise UploadProblem(f"The header row names a column more than once: {', '.join(repeated)}")
    # A header of numbers or dates is a data row: the file has no header.
    if all(_looks_like_data(h) for h in headers if h):
        raise UploadProblem("The selected file has no header row: the first row must name the columns")
    return headers


def _looks_like_data(cell: str) -> bool:
    stripped = cell.replace("-", "").replace("/", "").replace(" ", "").replace(".", "")
    return stripped.isdigit()


def _look_csv(raw: bytes, encoding: str) -> FirstLook:
    if b"\x00" in raw[:65536]:
        raise UploadProblem("The selected file contains binary data: it is not a CSV text file")
    try:
        text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        raise UploadProblem(
            f"The selected file is not {ENCODINGS.get(encoding, encoding)} text (byte {error.start} cannot be read): "
            "choose the encoding your system exports"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        headers = _header(next(reader, []))
        look = FirstLook(headers=headers, samples={h: [] for h in headers if h})
        for number, row in enumerate(reader, start=2):
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
    except csv.Error as error:
        raise UploadProblem(f"The selected file is not well-formed CSV: {error}") from None
    return look


def _look_xlsx(raw: bytes) -> FirstLook:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UploadProblem("The selected file is not a readable Excel (.xlsx) spreadsheet") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise UploadProblem("The selected spreadsheet has no rows")
        headers = _header(["" if v is None else str(v) for v in first])
        look = FirstLook(headers=headers, samples={h: [] for h in headers if h})
        for row in rows:
            if not any(v not in (None, "") for v in row):
                continue
            look.rows += 1
            if look.rows <= SAMPLE_ROWS:
                for header, value in zip(headers, row, strict=False):
                    if header:
                        look.samples[header].append(("" if value is None else str(value))[:60])
    except UploadProblem:
        raise
    except (ParseError, zipfile.BadZipFile, KeyError, OSError, ValueError):
        # It opened, but a sheet inside is damaged (e.g. a truncated download): rows are read one by one.
        raise UploadProblem(
            "The selected spreadsheet is damaged and cannot be read: save it again from Excel"
        ) from None
    finally:
        book.close()
    return look
