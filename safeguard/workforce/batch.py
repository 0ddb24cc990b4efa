"""A batch of returns, as workbook rows or API items send them: every value checked before anything is saved.

The workbook reader and the API both hand each row over as raw values keyed by field name,
so a figure is judged by the same rules however it arrives. Nothing here writes: the caller
saves the rows only when there is no problem at all.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from safeguard.performance import periods

from . import selectors
from .models import StaffGroup, WorkforceReturn
from .services import ReturnFigures, ReturnRow, check_figures

# Text columns are free text, but a cell is not a document: one limit keeps a pasted report out.
TEXT_LIMIT = 5000


@dataclass(frozen=True)
class Column:
    name: str  # the field, as the API names it; a CSV may use it as its header too
    header: str  # what the template's header row says, unit included
    kind: str  # "quarter", "group", "number" or "text"
    required: bool = True
    hint: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("quarter_start", "Quarter start (YYYY-MM-DD)", "quarter", hint="The quarter's first day, e.g. 2026-07-01"),
    Column("staff_group", "Staff group", "group", hint="As the template names it; one row per group"),
    Column("establishment_fte", "Establishment (FTE)", "number", hint="Funded posts, full-time equivalent"),
    Column("filled_fte", "Filled posts (FTE)", "number", hint="Posts held by permanent staff"),
    Column("vacancies_fte", "Vacancies (FTE)", "number"),
    Column("agency_fte", "Agency or locum staff (FTE)", "number", hint="Agency or locum staff covering posts"),
    Column("leavers", "Leavers in the quarter (FTE)", "number"),
    Column("sickness_percent", "Sickness absence (% of working time)", "number", hint="A percentage: 4.5 for 4.5%"),
    Column(
        "average_caseload", "Average caseload (cases per worker)", "number", required=False, hint="Where it applies"
    ),
    Column("pressures", "Pressures", "text", required=False),
    Column("mitigations", "Mitigations", "text", required=False),
    Column("recruitment", "Recruitment plans", "text", required=False),
)
BY_NAME = {c.name: c for c in COLUMNS}
# The figures and text: only these make a row more than blank, as the template fills in every
# row's quarter and staff group.
CONTENT = tuple(c.name for c in COLUMNS if c.kind in ("number", "text"))


@dataclass(frozen=True)
class Problem:
    """One thing wrong: ``row`` is the workbook's row number or the API item's index; no row for the whole file."""

    row: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        where = f"Row {self.row}"
        if self.field in BY_NAME:
            where += f", {BY_NAME[self.field].header}"
        elif self.field:
            where += f", {self.field}"
        return f"{where}: {self.reason}"


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """By row, then in the order of the template's columns, as the sender reads the file."""
    order = {c.name: n for n, c in enumerate(COLUMNS)}
    # A problem with a row but no column (a missing heading) comes after those in the row's columns.
    return sorted(problems, key=lambda p: (p.row or 0, order.get(p.field, len(order) + (0 if p.field else 1)), p.field))


@dataclass
class Checked:
    rows: list[ReturnRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def staff_group_of(value: Any) -> StaffGroup | None:
    """A group by its name in the template or its code, whatever the case and spacing."""
    text = " ".join(str(value).split()).casefold()
    for group in StaffGroup:
        if text in (group.value.casefold(), str(group.label).casefold()):
            return group
    return None


def _shown(value: Any) -> str:
    text = str(value).strip()
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _quarter(value: Any, latest: dt.date) -> tuple[dt.date | None, str]:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            parsed = periods.parse_month(text)
            if parsed is None:
                return None, f"must be a date like {latest:%Y-%m-%d}, got {_shown(value)}"
            day = parsed
    start = selectors.quarter_start(day)
    if start != day:
        return None, f"must be the first day of a quarter, such as {start:%Y-%m-%d}, got {day:%Y-%m-%d}"
    if start > latest:
        return None, f"{selectors.quarter_label(start)} has not ended: returns are for completed quarters"
    return start, ""


def _number(value: Any, column: Column) -> tuple[Decimal | None, str]:
    """A figure, or why it is not one; the limits are the model field's, so anything accepted fits."""
    if isinstance(value, bool):
        return None, f"must be a number, got {'TRUE' if value else 'FALSE'}"
    if isinstance(value, dt.date | dt.time):
        return None, "must be a number, got a date or time"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "must be a number"
        # Spreadsheet arithmetic leaves binary noise (6.000000000000001); nine places is well past any FTE.
        number = Decimal(repr(round(value, 9)))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        text = str(value).strip().replace(",", "")
        if column.name == "sickness_percent":
            text = text.removesuffix("%").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, f"must be a number, got {_shown(value)}"
    if not number.is_finite():
        return None, f"must be a number, got {_shown(value)}"
    model_field = WorkforceReturn._meta.get_field(column.name)
    places, digits = model_field.decimal_places, model_field.max_digits  # type: ignore[union-attr]
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        return None, f"can have at most {places} decimal place{'s' if places != 1 else ''}, got {_shown(number)}"
    limit = Decimal(10) ** (digits - places)
    if abs(number) >= limit:
        return None, f"must be less than {limit:,}, got {_shown(number)}"
    return number, ""


def _text(value: Any) -> tuple[str, str]:
    text = str(value).strip()
    if any(ord(c) < 32 and c not in "\r\n\t" for c in text):
        return "", "contains characters that cannot be used"
    if len(text) > TEXT_LIMIT:
        return "", f"must be {TEXT_LIMIT:,} characters or fewer, got {len(text):,}"
    return text, ""


def check_rows(
    items: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    latest: dt.date,
    name_of_row: Callable[[int], str] = lambda n: f"row {n}",
) -> Checked:
    """Every item (position, values by field name) as a row to save, or every problem found.

    A row with nothing in its figure and text columns is blank: skipped, and its position kept
    so the sender is told. ``latest`` is the last quarter that may be sent.
    """
    checked = Checked()
    seen: dict[tuple[dt.date, StaffGroup], int] = {}
    for position, values in items:
        if all(is_blank(values.get(name)) for name in CONTENT):
            checked.blank.append(position)
            continue
        parsed, found = _parse_row(values, latest)
        quarter, group = parsed["quarter_start"], parsed["staff_group"]
        if quarter is not None and group is not None:
            if (quarter, group) in seen:
                where = name_of_row(seen[(quarter, group)])
                found.append(
                    ("staff_group", f"{group.label} for {selectors.quarter_label(quarter)} is already on {where}")
                )
            else:
                seen[(quarter, group)] = position
        # The figures are only checked against each other once each one has been read.
        if not any(name in CONTENT for name, _ in found):
            figures = ReturnFigures(**{name: parsed[name] for name in CONTENT})
            found.extend((name, reason[0].lower() + reason[1:]) for name, reason in check_figures(figures))
            if not found:
                checked.rows.append(ReturnRow(quarter, group, figures))
        checked.problems.extend(Problem(position, name, reason) for name, reason in found)
    return checked


def _parse_row(values: Mapping[str, Any], latest: dt.date) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Each column's value read into its type, with (field, reason) for every value that could not be."""
    parsed: dict[str, Any] = {}
    found: list[tuple[str, str]] = []
    for column in COLUMNS:
        value = values.get(column.name)
        if is_blank(value):
            if column.required:
                found.append(
                    (
                        column.name,
                        "must be filled in: 0 if there are none" if column.kind == "number" else "must be filled in",
                    )
                )
            parsed[column.name] = "" if column.kind == "text" else None
            continue
        if column.kind == "quarter":
            parsed[column.name], why = _quarter(value, latest)
        elif column.kind == "group":
            parsed[column.name] = staff_group_of(value)
            why = "" if parsed[column.name] else f"{_shown(value)} is not a staff group: use the template's names"
        elif column.kind == "number":
            parsed[column.name], why = _number(value, column)
        else:
            parsed[column.name], why = _text(value)
        if why:
            found.append((column.name, why))
    return parsed, found
