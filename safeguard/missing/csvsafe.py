"""Neutralising spreadsheet formulas in exported cells.

A cell starting with = + - @ (or a tab or carriage return) would be run as a
formula by Excel; a leading apostrophe makes it text. A shared core helper would
be better: this is here until one exists.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def safe_row(row: list[str]) -> list[str]:
    return [safe_cell(value) for value in row]
