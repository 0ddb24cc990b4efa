"""The linkage table: every accepted record with the derived columns the model compares and blocks on.

Built in pandas by mapping distinct values, so it is the same table whichever SQL
engine (DuckDB or Spark) then does the pairwise work: both engines see identical inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .io import Extract
from .names import NameFeatures, name_features

LINK_COLUMNS = (
    "unique_id",
    "source",
    "record_id",
    "given_name",
    "given_groups",
    "given_metaphone",
    "given_key",
    "given_sounds",
    "middle_name",
    "family_name",
    "family_tokens",
    "family_metaphone",
    "date_of_birth",
    "birth_year",
    "birth_year_month",
    "birth_month_day",
    "birth_day",
    "birth_swapped",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address",
    "address_start",
    "nhs_number",
    "upn",
    "other_id",
)


def _name_columns(values: pd.Series, prefix: str) -> dict[str, pd.Series]:
    # Features are worked out once per distinct name and spread to the rows by position: a million records
    # hold tens of thousands of names, and mapping each row through a dictionary cost seconds a column.
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    found = [name_features(value) for value in uniques]

    def pick(attribute: str, as_list: bool = False) -> pd.Series:
        per_name = np.empty(len(found), dtype=object)
        # Rows with one name share one list; nothing downstream changes it.
        per_name[:] = [
            None if f is None else (_as_list(getattr(f, attribute)) if as_list else getattr(f, attribute))
            for f in found
        ]
        return pd.Series(per_name[codes], index=values.index, dtype=object)

    return {
        f"{prefix}_name": pick("clean"),
        f"{prefix}_metaphone": pick("metaphone"),
        f"{prefix}_groups": pick("groups", as_list=True),
        f"{prefix}_tokens": pick("tokens", as_list=True),
        f"{prefix}_key": pick("key"),
        f"{prefix}_sounds": pick("sounds", as_list=True),
    }


def _none_if_blank(series: pd.Series) -> pd.Series:
    """Missing as None (never NaN or ''), so SQL sees NULL and Python sees a falsy value.

    Rows with one value share one string object: the table lives through scoring beside DuckDB's own
    memory, and a million records hold far fewer distinct dates, postcodes or sectors than rows, where a
    string object apiece cost about 60 bytes a cell (over half a gigabyte across the table)."""
    return _shared(series, blank_as_none=True)


def _shared(series: pd.Series, *, blank_as_none: bool = False) -> pd.Series:
    """``series`` as Python objects, one object per distinct value; missing values become None."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    # The last slot is for missing values: code -1 picks it.
    shared = np.empty(len(uniques) + 1, dtype=object)
    shared[:-1] = [None if blank_as_none and value == "" else value for value in uniques]
    shared[-1] = None
    return pd.Series(shared[codes], index=series.index, dtype=object)


def _per_distinct(series: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """``func`` of each value, worked out once per distinct value (a household's records share an address);
    missing and blank results become None."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    done = np.empty(len(uniques) + 1, dtype=object)
    done[:-1] = [func(value) or None for value in uniques]
    done[-1] = None
    return pd.Series(done[codes], index=series.index, dtype=object)


def _iso(series: pd.Series) -> pd.Series:
    return _none_if_blank(series.dt.strftime("%Y-%m-%d").fillna(""))


_EPOCH = pd.Timestamp("1970-01-01")


def _day_and_month_swapped(dob: pd.Series) -> pd.Series:
    """The ISO date with day and month exchanged, where that is another real date (the day is 12 or less)."""
    swappable = dob.notna() & (dob.dt.day <= 12) & (dob.dt.day != dob.dt.month)
    text = (
        dob.dt.year.astype("Int64").astype(str)
        + "-"
        + dob.dt.day.astype("Int64").astype(str).str.zfill(2)
        + "-"
        + dob.dt.month.astype("Int64").astype(str).str.zfill(2)
    )
    return _none_if_blank(text.where(swappable, ""))


def _address_key(series: pd.Series) -> pd.Series:
    """Lower-case alphanumerics only, so '12, High St.' equals '12 high st'."""
    cleaned = series.str.lower().str.replace(r"[^a-z0-9 ]", "", regex=True).str.replace(r"\s+", " ", regex=True)
    return _none_if_blank(cleaned.str.strip())


_FLAT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room"})


def _address_start(address: str) -> str:
    """The house number and the first word of the street ('116 colliery' from 'flat 2 116 colliery crescent
    darlington'): what stays when one agency abbreviates the street type, adds the town or drops the flat."""
    words = address.split()
    if len(words) > 3 and words[0] in _FLAT_WORDS:
        words = words[2:]
    return " ".join(words[:2]) if len(words) >= 2 and any(c.isdigit() for c in words[0]) else ""


def build_link_table(extracts: Sequence[Extract]) -> pd.DataFrame:
    """One row per accepted record, keyed by an integer ``unique_id`` (integers join faster than text)."""
    return link_table(side_records(extracts))


def link_table(records: pd.DataFrame) -> pd.DataFrame:
    """The link table of ``side_records``' frame: a run that has that frame need not build it twice."""
    table = pd.DataFrame({"unique_id": np.arange(len(records), dtype=np.int64)})
    table["source"] = _shared(records["source"])
    table["record_id"] = records["record_id"].astype(object)

    given = _name_columns(records["given_name"], "given")
    family = _name_columns(records["family_name"], "family")
    middle = _name_columns(records["middle_name"], "middle")
    table["given_name"] = given["given_name"]
    table["given_groups"] = given["given_groups"]
    table["given_metaphone"] = given["given_metaphone"]
    table["given_key"] = given["given_key"]
    table["given_sounds"] = given["given_sounds"]
    table["middle_name"] = middle["middle_name"]
    table["family_name"] = family["family_name"]
    table["family_tokens"] = family["family_tokens"]
    table["family_metaphone"] = family["family_metaphone"]

    dob = records["date_of_birth"]
    table["date_of_birth"] = _iso(dob)
    table["birth_year"] = _none_if_blank(dob.dt.year.astype("Int64").astype(str).where(dob.notna(), ""))
    iso = table["date_of_birth"].fillna("")
    table["birth_year_month"] = _none_if_blank(iso.str[:7])
    table["birth_month_day"] = _none_if_blank(iso.str[5:])
    # Days since 1970 and the date with day and month swapped, so a blocking rule can keep only pairs whose dates
    # of birth could be one date mistyped (see model.DATE_COULD_BE_ONE) with plain arithmetic in any SQL engine.
    table["birth_day"] = ((dob - _EPOCH).dt.days).astype("Int64")
    table["birth_swapped"] = _day_and_month_swapped(dob)
    table["sex"] = _none_if_blank(records["sex"])
    postcode = records["postcode"]
    table["postcode"] = _none_if_blank(postcode)
    # Postcodes were normalised and validated on reading, so sector and district are plain slices.
    table["postcode_sector"] = _none_if_blank(postcode.str[:-2].where(postcode != "", ""))
    table["postcode_district"] = _none_if_blank(postcode.str.split(" ").str[0].fillna(""))
    table["address"] = _address_key(records["address_line"])
    table["address_start"] = _shared(_per_distinct(table["address"], _address_start))
    table["nhs_number"] = _none_if_blank(records["nhs_number"])
    # Temporary UPNs are replaced when a permanent one is issued, so they are weak evidence either way.
    upn = records["upn"]
    temporary = upn.str[-1:].str.isalpha().fillna(False).astype(bool)
    table["upn"] = _none_if_blank(upn.where(~temporary, ""))
    table["other_id"] = _none_if_blank(records["other_id"])
    for column in ("given_name", "given_metaphone", "given_key", "middle_name", "family_name", "family_metaphone"):
        table[column] = _none_if_blank(table[column])
    return table[list(LINK_COLUMNS)]


def _as_list(value: tuple[str, ...] | None) -> list[str] | None:
    return list(value) if value else None


def side_records(extracts: Sequence[Extract]) -> pd.DataFrame:
    """The cleaned canonical values of each record in ``unique_id`` order, for outputs and the review queue."""
    frames = []
    for extract in extracts:
        # Copy-on-write: adding the column leaves the extract's frame as it was, without copying it first.
        part = extract.records.copy(deep=False)
        part.insert(0, "source", extract.name)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


__all__ = ["LINK_COLUMNS", "NameFeatures", "build_link_table", "link_table", "side_records"]
