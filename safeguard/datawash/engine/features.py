"""The linkage table: every accepted record with the derived columns the model compares and blocks on.

Built in pandas by mapping distinct values, so it is the same table whichever SQL
engine (DuckDB or Spark) then does the pairwise work: both engines see identical inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

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
            None if f is None else (_as_list(getattr(f, attribute)) if as_list else getattr(f, attribute) or None)
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
    distinct = _Distinct(series)
    return distinct.spread(distinct.values)


class _Distinct:
    """One column's distinct values, and a way to spread what is worked out for them back to every row.

    A million records hold a few thousand dates of birth and a few hundred thousand postcodes and addresses, so
    each derived column is built from the distinct values (string work on a million rows cost seconds a column),
    and rows with one value share one object."""

    def __init__(self, series: pd.Series) -> None:
        self.codes, uniques = pd.factorize(series, use_na_sentinel=True)
        self.index = series.index
        self.values = pd.Series(uniques)

    def spread(self, per_value: pd.Series) -> pd.Series:
        """``per_value`` (one entry per distinct value) on every row; missing and blank become None."""
        values = per_value.astype(object)
        done = np.empty(len(values) + 1, dtype=object)
        done[:-1] = values.where(values.notna() & (values != ""), None).to_numpy(dtype=object)
        done[-1] = None  # the last slot is for missing values: code -1 picks it
        return pd.Series(done[self.codes], index=self.index, dtype=object)

    def spread_days(self, per_value: pd.Series) -> pd.Series:
        """Whole numbers per distinct value on every row, missing as <NA>."""
        done = np.append(per_value.to_numpy(dtype="float64", na_value=np.nan), np.nan)
        return pd.Series(done[self.codes], index=self.index).astype("Int64")


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
    return text.where(swappable, "")


def _address_key(series: pd.Series) -> pd.Series:
    """Lower-case alphanumerics only, so '12, High St.' equals '12 high st'."""
    cleaned = series.str.lower().str.replace(r"[^a-z0-9 ]", "", regex=True).str.replace(r"\s+", " ", regex=True)
    return cleaned.str.strip()


_FLAT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room"})


def _address_start(address: str) -> str:
    """The house number and the first word of the street ('116 colliery' from 'flat 2 116 colliery crescent
    darlington'): what stays when one agency abbreviates the street type, adds the town or drops the flat."""
    words = address.split()
    if len(words) > 3 and words[0] in _FLAT_WORDS:
        words = words[2:]
    return " ".join(words[:2]) if len(words) >= 2 and any(c.isdigit() for c in words[0]) else ""


def _date_of_birth_columns(table: pd.DataFrame, dob: pd.Series) -> None:
    dates = _Distinct(dob)
    day = pd.Series(pd.to_datetime(dates.values))
    iso = day.dt.strftime("%Y-%m-%d").fillna("")
    table["date_of_birth"] = dates.spread(iso)
    table["birth_year"] = dates.spread(iso.str[:4])
    table["birth_year_month"] = dates.spread(iso.str[:7])
    table["birth_month_day"] = dates.spread(iso.str[5:])
    # Days since 1970 and the date with day and month swapped, so a blocking rule can keep only pairs whose dates
    # of birth could be one date mistyped (see model.DATE_COULD_BE_ONE) with plain arithmetic in any SQL engine.
    table["birth_day"] = dates.spread_days((day - _EPOCH).dt.days)
    table["birth_swapped"] = dates.spread(_day_and_month_swapped(day))


def _place_columns(table: pd.DataFrame, records: pd.DataFrame) -> None:
    postcodes = _Distinct(records["postcode"])
    postcode = postcodes.values.fillna("")
    table["postcode"] = postcodes.spread(postcode)
    # Postcodes were normalised and validated on reading, so sector and district are plain slices.
    table["postcode_sector"] = postcodes.spread(postcode.str[:-2])
    table["postcode_district"] = postcodes.spread(postcode.str.split(" ").str[0])
    addresses = _Distinct(records["address_line"])
    key = _address_key(addresses.values.fillna(""))
    table["address"] = addresses.spread(key)
    table["address_start"] = addresses.spread(key.map(_address_start))


def build_link_table(extracts: Sequence[Extract]) -> pd.DataFrame:
    """One row per accepted record, keyed by an integer ``unique_id`` (integers join faster than text)."""
    return link_table(side_records(extracts))


def link_table(records: pd.DataFrame) -> pd.DataFrame:
    """The link table of ``side_records``' frame: a run that has that frame need not build it twice."""
    table = pd.DataFrame({"unique_id": np.arange(len(records), dtype=np.int64)})
    table["source"] = _none_if_blank(records["source"])
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

    _date_of_birth_columns(table, records["date_of_birth"])
    table["sex"] = _none_if_blank(records["sex"])
    _place_columns(table, records)
    table["nhs_number"] = _none_if_blank(records["nhs_number"])
    # Temporary UPNs are replaced when a permanent one is issued, so they are weak evidence either way.
    upn = records["upn"]
    temporary = upn.str[-1:].str.isalpha().fillna(False).astype(bool)
    table["upn"] = _none_if_blank(upn.where(~temporary, ""))
    table["other_id"] = _none_if_blank(records["other_id"])
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
