"""Cells for CSV and Excel exports that a spreadsheet will never run as formulas.

Excel and LibreOffice treat a cell starting with = + - @ (or a tab or carriage
return) as a formula, so an attacker who gets ``=HYPERLINK(...)`` into a name
field could act when an officer opens the export. A leading apostrophe makes
the cell text. Every export in the project goes through these two functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; anything else passes unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]
