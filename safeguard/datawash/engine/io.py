"""Reading extracts, applying mapping files and validating values.

Output is one pandas frame per source in canonical columns, cleaned, plus a list of
rejects (whole rows not used, or single values not used). Every input row ends in
exactly one of: the accepted frame, or a row-level reject.
"""

from __future__ import annotations

import csv
import datetime as dt
import io as _io
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from safeguard.core import safefiles
from safeguard.core.safefiles import DEFAULT_LIMITS, Limits
from safeguard.people import identifiers

from . import fastcheck
from .errors import BadInput

CANONICAL_COLUMNS = (
    "record_id",
    "given_name",
    "middle_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address_line",
    "nhs_number",
    "upn",
    "last_seen_date",
    "other_id",
    "registered_on",
)
"""``last_seen_date``: the date this agency last saw the child in person, on every extract, the cohort register's
included (an elective home education officer's visit is a sighting). ``registered_on``: a date that is never a
sighting (registered, reported missing from education, added to a children-not-in-school register); kept and
reported, never used to decide who was seen. Both optional: a file without ``registered_on`` still loads.
``other_id``: another identifier both agencies hold for a child, such as a local child ID. Optional, and
unlike the NHS number and UPN it has no check digit, so it is only compared, never validated."""
SIGHTING_COLUMN = "last_seen_date"
NOT_SIGHTING_COLUMNS = ("registered_on",)
DATE_COLUMNS = ("date_of_birth", "last_seen_date", "registered_on")
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
REJECT_COLUMNS = ("source", "row_number", "record_id", "field", "value", "reason", "outcome")
ROW_NOT_USED = "row not used"
VALUE_NOT_USED = "value not used; rest of row kept"

_SEX_CODES = {"m": "m", "male": "m", "boy": "m", "1": "m", "f": "f", "female": "f", "girl": "f", "2": "f"}
# Values systems put in an identifier field when they have none; they would join unrelated children.
_PLACEHOLDERS = frozenset({"UNKNOWN", "NK", "NA", "N/A", "NONE", "NULL", "TBC", "TBA"})
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_CSV_SUFFIXES = {".csv", ".txt", ""}


@dataclass(frozen=True)
class Mapping:
    """How to read one agency's own export: header renames, date formats and encoding."""

    columns: dict[str, str] = field(default_factory=dict)
    date_formats: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    sheet: str | None = None
    delimiter: str = ","


@dataclass
class Extract:
    """One source after validation."""

    name: str
    path: Path
    rows_read: int
    records: pd.DataFrame
    """Accepted rows: canonical columns (cleaned) plus ``row_number``."""
    rejects: list[dict[str, object]]


def load_mapping(path: Path) -> Mapping:
    """Parse a TOML mapping file.

    ```toml
    encoding = "cp1252"           # optional, default utf-8
    sheet = "Pupils"              # optional, XLSX only
    [columns]                     # agency header = canonical column
    "Pupil Ref" = "record_id"
    [dates]                       # canonical column = strptime format
    date_of_birth = "%d.%m.%Y"
    ```
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BadInput(f"Mapping file {path} cannot be read as TOML: {error}") from error
    columns = {str(k): str(v) for k, v in data.get("columns", {}).items()}
    unknown = sorted(set(columns.values()) - set(CANONICAL_COLUMNS))
    if unknown:
        raise BadInput(f"Mapping file {path} maps to unknown columns {unknown}; use {list(CANONICAL_COLUMNS)}")
    dates = {str(k): str(v) for k, v in data.get("dates", {}).items()}
    return Mapping(
        columns=columns,
        date_formats=dates,
        encoding=str(data.get("encoding", "utf-8")),
        sheet=data.get("sheet"),
        delimiter=str(data.get("delimiter", ",")),
    )


def read_table(path: Path, mapping: Mapping, limits: Limits = DEFAULT_LIMITS) -> pd.DataFrame:
    """Raw cells as strings, header renamed to canonical names. Raises BadInput for files that are not what they claim.

    Files are read through ``safeguard.core.safefiles`` within ``limits`` (size, rows, columns, line length,
    unzipped size), so a hostile file is refused in seconds rather than filling memory; only the columns
    the mapping names are kept, however wide the file.
    """
    if not path.is_file():
        raise BadInput(f"{path} does not exist or is not a file")
    try:
        raw = safefiles.read_bytes(path, limits)
        suffix = path.suffix.lower()
        if suffix in _XLSX_SUFFIXES or (safefiles.is_zip(raw) and suffix not in _CSV_SUFFIXES):
            frame = _read_xlsx(path, raw, mapping, limits)
        elif suffix in _CSV_SUFFIXES:
            if safefiles.is_zip(raw):
                raise BadInput(f"{path} is a zip or spreadsheet file, not CSV text: save it as .xlsx or export CSV")
            frame = _read_csv(path, raw, mapping, limits)
        else:
            raise BadInput(f"{path}: unsupported file type {suffix!r}; use .csv or .xlsx")
    except safefiles.FileRefused as refused:
        raise BadInput(f"{path}: {refused}") from None
    return _apply_header(frame, path, mapping)


def _kept_columns(header: list[str], path: Path, mapping: Mapping) -> list[int]:
    """Positions of the header's columns that become canonical columns (the first of any repeat)."""
    canonical = {c.lower(): c for c in CANONICAL_COLUMNS}
    kept: dict[str, int] = {}
    for position, name in enumerate(header):
        renamed = mapping.columns.get(str(name).strip(), str(name).strip())
        column = canonical.get(renamed.lower())
        if column is not None and column not in kept:
            kept[column] = position
    if "record_id" not in kept:
        seen = ", ".join(str(c)[:40] for c in header[:8])
        raise BadInput(
            f"{path} has no header row with a record_id column (first row was: {seen}); "
            "add a header or a mapping file naming the record_id column"
        )
    return sorted(kept.values())


def _read_csv(path: Path, raw: bytes, mapping: Mapping, limits: Limits) -> pd.DataFrame:
    text = safefiles.csv_text(raw, encoding=mapping.encoding, limits=limits)
    rows = safefiles.csv_rows(text, delimiter=mapping.delimiter, limits=limits)
    first = next(rows, None)
    if first is None:
        raise BadInput(f"{path} is empty")
    header = first[1]
    del rows, text  # checked; pandas reads the bytes, decoding as it goes, rather than a copy of the text
    kept = _kept_columns(header, path, mapping)
    try:
        frame = pd.read_csv(
            _io.BytesIO(raw),
            encoding=safefiles.csv_codec(raw, mapping.encoding),
            dtype=str,
            keep_default_na=False,
            sep=mapping.delimiter,
            skip_blank_lines=True,
            usecols=kept,
            # One row past the limit is enough to know the file is over it.
            nrows=limits.max_rows,
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as error:
        raise BadInput(f"{path} is not well-formed CSV: {error}") from error
    if len(frame) >= limits.max_rows:
        raise BadInput(f"{path} has more than {limits.max_rows - 1:,} rows of data; that is the most it can have")
    # By position: pandas renames a repeated heading ("Name.1"), which would then not match the mapping.
    frame.columns = [header[position] for position in kept]
    return frame


def _read_xlsx(path: Path, raw: bytes, mapping: Mapping, limits: Limits) -> pd.DataFrame:
    with safefiles.Workbook(raw, limits) as book:
        del raw
        if mapping.sheet is not None and mapping.sheet not in book.sheet_names:
            raise BadInput(f"{path} has no sheet {mapping.sheet!r}; sheets are {book.sheet_names}")
        rows = book.rows(mapping.sheet)
        header: list[str] = []
        for first in rows:
            header = [_cell_text(v) for v in first.values(first.width)]
            if any(header):
                break
        if not any(header):
            raise BadInput(f"{path} has no rows")
        kept = _kept_columns(header, path, mapping)
        body = []
        for row in rows:
            values = [_cell_text(row.cells.get(position + 1)) for position in kept]
            if any(values):
                body.append(values)
    return pd.DataFrame(body, columns=[header[position] for position in kept], dtype=object)


def _cell_text(value: object) -> str:
    """Spreadsheet cells arrive typed; dates become ISO text and whole numbers lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _apply_header(frame: pd.DataFrame, path: Path, mapping: Mapping) -> pd.DataFrame:
    renamed = {col: mapping.columns.get(str(col).strip(), str(col).strip()) for col in frame.columns}
    # Headers are matched case-insensitively to canonical names so 'Record_ID' still works.
    canonical = {c.lower(): c for c in CANONICAL_COLUMNS}
    renamed = {orig: canonical.get(new.lower(), new) for orig, new in renamed.items()}
    frame = frame.rename(columns=renamed)
    if "record_id" not in frame.columns:
        seen = ", ".join(str(c) for c in list(frame.columns)[:8])
        raise BadInput(
            f"{path} has no header row with a record_id column (first row was: {seen}); "
            "add a header or a mapping file naming the record_id column"
        )
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for column in CANONICAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[list(CANONICAL_COLUMNS)].astype(str)
    return frame.apply(lambda s: s.str.strip())


def parse_dates(values: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Dates from text trying each format in turn; unparseable or impossible dates become NaT.

    Each distinct text is parsed once: a million records hold a few thousand dates of birth and sighting dates,
    and parsing every row cost seconds a column."""
    return _per_distinct(values, lambda distinct: _parse_distinct_dates(distinct, formats))


def _parse_distinct_dates(values: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    # Spreadsheets and some exports append a midnight time to ISO dates.
    text = values.astype(object).str.replace(r"[T ]00:00(:00)?(\.0+)?$", "", regex=True)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in formats:
        missing = parsed.isna() & text.notna() & (text != "")
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(text[missing], format=fmt, errors="coerce")
    return parsed


def _per_distinct(values: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``transform`` (on a whole Series) worked out once per distinct value and spread back to every row.

    A million records hold a few thousand dates and a few hundred thousand postcodes, and string work on a million
    rows cost about a second a column. A missing value is a distinct value of its own."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = transform(pd.Series(uniques, dtype=values.dtype))
    return pd.Series(done.to_numpy()[codes], index=values.index, dtype=done.dtype)


@dataclass(frozen=True)
class ValidationRules:
    as_of: dt.date
    max_age_years: int = 25


# What each column is called in a message to the officer who sent the file (GOV.UK style: "Date of birth must…").
LABELS = {
    "record_id": "Record ID",
    "given_name": "Given name",
    "middle_name": "Middle name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "postcode": "Postcode",
    "address_line": "Address",
    "nhs_number": "NHS number",
    "upn": "UPN",
    "last_seen_date": "Date last seen",
    "registered_on": "Date registered",
    "other_id": "Other ID",
}
# The longest value the person index keeps for each text column; longer is a value that ran into the next cell.
MAX_LENGTHS = {
    "record_id": 100,
    "given_name": 100,
    "middle_name": 200,
    "family_name": 100,
    "address_line": 200,
    "other_id": 100,
}


def _date_examples(formats: tuple[str, ...]) -> str:
    return " or ".join(dt.date(2012, 3, 27).strftime(fmt) for fmt in formats)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def validate(name: str, path: Path, raw: pd.DataFrame, mapping: Mapping, rules: ValidationRules) -> Extract:
    """Clean values, drop failed identifiers and report what was not used and why."""
    frame = raw.copy()
    frame["row_number"] = np.arange(2, len(frame) + 2)  # spreadsheet numbering: header is row 1
    # The officer is shown the value as it was in the file, not as it was parsed ("1990-01-01 00:00:00").
    as_sent = raw
    rejects: list[dict[str, object]] = []

    def reject(mask: pd.Series, field_name: str, reason: str | pd.Series, outcome: str) -> None:
        if not mask.any():
            return
        chosen = frame.loc[mask]
        reasons = reason[mask] if isinstance(reason, pd.Series) else reason
        part = pd.DataFrame(
            {
                "source": name,
                "row_number": chosen["row_number"],
                "record_id": chosen["record_id"],
                "field": field_name,
                "value": as_sent.loc[chosen.index, field_name] if field_name in as_sent else "",
                "reason": reasons,
                "outcome": outcome,
            }
        )
        rejects.extend({str(k): v for k, v in row.items()} for row in part.to_dict("records"))

    # Row-level problems first: without an id or anything to link on, the row cannot be used.
    no_id = frame["record_id"] == ""
    reject(no_id, "record_id", "Enter a record ID: the row has none", ROW_NOT_USED)
    too_long_id = frame["record_id"].str.len() > MAX_LENGTHS["record_id"]
    reject(
        too_long_id & ~no_id,
        "record_id",
        f"Record ID must be {MAX_LENGTHS['record_id']} characters or fewer",
        ROW_NOT_USED,
    )
    duplicate = frame["record_id"].duplicated(keep="first") & ~no_id & ~too_long_id
    reject(duplicate, "record_id", "Record ID repeats an earlier row in this file", ROW_NOT_USED)
    frame = frame.loc[~no_id & ~too_long_id & ~duplicate]
    for column, limit in MAX_LENGTHS.items():
        if column == "record_id":
            continue
        too_long = frame[column].str.len() > limit
        reject(too_long, column, f"{LABELS[column]} must be {limit} characters or fewer", VALUE_NOT_USED)
        frame.loc[too_long, column] = ""

    _clean_identifiers(frame, reject)
    _drop_shared_other_ids(frame, reject)
    _clean_postcode(frame, reject)
    _clean_dates(frame, reject, mapping, rules)
    frame["sex"] = frame["sex"].str.lower().map(_SEX_CODES).fillna("")

    nothing = (frame[["given_name", "family_name", "nhs_number", "upn"]] == "").all(axis=1)
    reject(nothing, "record_id", "no name, NHS number or UPN to link on", ROW_NOT_USED)
    frame = frame.loc[~nothing].reset_index(drop=True)
    return Extract(name=name, path=path, rows_read=len(raw), records=frame, rejects=rejects)


def _map_distinct(values: pd.Series, func: object) -> pd.Series:
    """Apply a per-value Python function once per distinct value (cheap even for a million rows)."""
    distinct = pd.unique(values)
    lookup = {v: func(v) for v in distinct}  # type: ignore[operator]
    return values.map(lookup)


def _without_spacing(values: pd.Series, pattern: str) -> pd.Series:
    """``values`` with ``pattern`` (spaces, or spaces and hyphens) removed. Python's regex (which knows every
    Unicode space, such as a spreadsheet's no-break space) runs only on values that are not plain letters and
    digits: most identifiers are, and a million of them through the regex cost a second or more."""
    plain = values.str.isalnum().fillna(False).astype(bool) | (values == "")
    if plain.all():
        return values
    cleaned = values.copy()
    cleaned[~plain] = values[~plain].str.replace(pattern, "", regex=True)
    return cleaned


def _clean_identifiers(frame: pd.DataFrame, reject: _Reject) -> None:
    nhs = _without_spacing(frame["nhs_number"], r"[\s-]")
    bad = (nhs != "") & ~fastcheck.nhs_valid(nhs)
    reject(bad, "nhs_number", _map_distinct(nhs[bad], identifiers.nhs_number_problem), VALUE_NOT_USED)
    frame["nhs_number"] = nhs.where(~bad, "")

    upn = _without_spacing(frame["upn"], r"\s").str.upper()
    bad = (upn != "") & ~fastcheck.upn_valid(upn)
    reject(bad, "upn", _map_distinct(upn[bad], identifiers.upn_problem), VALUE_NOT_USED)
    frame["upn"] = upn.where(~bad, "")

    # Case, spaces and hyphens are how systems print an identifier, not part of it.
    other = _without_spacing(frame["other_id"], r"[\s-]").str.upper()
    placeholder = other.isin(_PLACEHOLDERS) | other.str.fullmatch(r"(.)\1*").fillna(False).astype(bool)
    bad = (other != "") & placeholder
    reject(bad, "other_id", "a placeholder, not an identifier", VALUE_NOT_USED)
    frame["other_id"] = other.where(~bad, "")


def _drop_shared_other_ids(frame: pd.DataFrame, reject: _Reject) -> None:
    """An agency holding one ``other_id`` for records with different given names is using a family or case
    number, not a child's identifier: siblings would share it. So the column is not used for this source.

    (Its only-child values look unique here but could be shared with a sibling in another agency's extract.)
    """
    held = frame.loc[frame["other_id"] != "", ["other_id", "given_name"]]
    names = held.assign(given_name=held["given_name"].str.lower()).loc[lambda f: f["given_name"] != ""]
    if not (names.groupby("other_id")["given_name"].nunique() > 1).any():
        return
    reject(
        frame["other_id"] != "",
        "other_id",
        "this source gives one other_id to records with different given names: a family or case number,"
        " not a child's identifier",
        VALUE_NOT_USED,
    )
    frame["other_id"] = ""


def _clean_postcode(frame: pd.DataFrame, reject: _Reject) -> None:
    postcode = _per_distinct(frame["postcode"], fastcheck.normalise_postcodes)
    bad = (postcode != "") & ~_per_distinct(postcode, fastcheck.postcode_shape_ok)
    reject(bad, "postcode", "Postcode must be a real UK postcode, like DL1 5QT", VALUE_NOT_USED)
    frame["postcode"] = postcode.where(~bad, "")


def _clean_dates(frame: pd.DataFrame, reject: _Reject, mapping: Mapping, rules: ValidationRules) -> None:
    as_of = pd.Timestamp(rules.as_of)
    for column in DATE_COLUMNS:
        fmt = mapping.date_formats.get(column)
        formats = (fmt,) if fmt else DEFAULT_DATE_FORMATS
        parsed = parse_dates(frame[column], formats)
        given = frame[column] != ""
        unreadable = given & parsed.isna()
        label = LABELS[column]
        reject(unreadable, column, f"{label} must be a real date, like {_date_examples(formats)}", VALUE_NOT_USED)
        future = given & (parsed > as_of)
        reject(
            future,
            column,
            f"{label} must be on or before {_long_date(rules.as_of)}, the date the wash is run for",
            VALUE_NOT_USED,
        )
        parsed = parsed.where(~future)
        frame[column] = parsed
    dob = frame["date_of_birth"]
    oldest = as_of - pd.DateOffset(years=rules.max_age_years)
    too_old = dob.notna() & (dob < oldest)
    reject(
        too_old,
        "date_of_birth",
        f"Date of birth must be after {_long_date(oldest.date())}: the child would be older than {rules.max_age_years}",
        VALUE_NOT_USED,
    )
    frame["date_of_birth"] = dob.where(~too_old)
    seen = frame["last_seen_date"]
    before_birth = seen.notna() & frame["date_of_birth"].notna() & (seen < frame["date_of_birth"])
    reject(before_birth, "last_seen_date", "Date last seen must be on or after the date of birth", VALUE_NOT_USED)
    frame["last_seen_date"] = seen.where(~before_birth)


class _Reject(Protocol):
    """Signature of the ``reject`` closure in ``validate``."""

    def __call__(self, mask: pd.Series, field_name: str, reason: str | pd.Series, outcome: str) -> None: ...


def load_extract(
    name: str, path: Path, mapping: Mapping, rules: ValidationRules, limits: Limits = DEFAULT_LIMITS
) -> Extract:
    return validate(name, path, read_table(path, mapping, limits), mapping, rules)
