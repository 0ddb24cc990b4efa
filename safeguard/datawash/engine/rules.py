"""Deterministic vetoes: cases where a match weight, however high, must not join two records.

A false link can hide an unseen child, so these rules win over the model. They are
applied to every pair before clustering and to every pair of members when two
clusters would merge, so a chain of links cannot bring vetoed records together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

import jellyfish
import numpy as np
import pandas as pd

from safeguard.people.names import name_forms

from .names import is_diminutive, name_features

# Given names at least this similar may be one name misspelt rather than twins' names.
TWIN_NAME_SIMILARITY = 0.88


@dataclass(frozen=True, slots=True)
class RecordFacts:
    nhs_number: str | None
    upn: str | None
    date_of_birth: str | None
    given_name: str | None
    given_groups: frozenset[str]
    given_metaphone: str | None
    middle_name: str | None
    family_name: str | None
    family_tokens: frozenset[str]
    postcode_sector: str | None = None
    address: str | None = None
    sex: str | None = None
    namesakes_exist: bool = False
    """Records with this exact name and date of birth carry two or more different identifiers: two children."""
    source: str | None = None
    other_id: str | None = None


FACT_COLUMNS = (
    "nhs_number",
    "upn",
    "date_of_birth",
    "given_name",
    "given_groups",
    "given_metaphone",
    "middle_name",
    "family_name",
    "family_tokens",
    "postcode_sector",
    "address",
    "sex",
    "source",
    "other_id",
)


class FactsTable:
    """Facts for every record by ``unique_id`` (0..n-1), built on demand from column lists and kept.

    Building a million small objects up front costs more than the rules themselves, and most
    records are never looked at once the vectorised pre-filter has cleared their pairs; a record
    that is looked at is usually looked at again (by the pair checks, then by clustering).
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self._columns = [table[c].tolist() for c in FACT_COLUMNS]
        self.namesakes = namesakes_exist(table).to_numpy()
        self._namesakes = self.namesakes.tolist()
        self._built: list[RecordFacts | None] = [None] * len(self._namesakes)
        # Many records share a name, so each distinct set of name parts is made a frozenset once.
        self._sets: dict[tuple[str, ...], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._namesakes)

    def _frozen(self, values: Iterable[str] | None) -> frozenset[str]:
        if values is None:
            return frozenset()
        key = tuple(values)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(key)
        return found

    def __getitem__(self, uid: int) -> RecordFacts:
        found = self._built[uid]
        if found is not None:
            return found
        nhs, upn, dob, given, groups, meta, middle, family, tokens, sector, address, sex, source, other = [
            column[uid] for column in self._columns
        ]
        found = self._built[uid] = RecordFacts(
            nhs,
            upn,
            dob,
            given,
            self._frozen(groups),
            meta,
            middle,
            family,
            self._frozen(tokens),
            sector,
            address,
            sex,
            bool(self._namesakes[uid]),
            source,
            other,
        )
        return found


def facts_from_table(table: pd.DataFrame) -> FactsTable:
    return FactsTable(table)


class Facts(Protocol):
    def __getitem__(self, uid: int, /) -> RecordFacts: ...

    def __len__(self) -> int: ...


def pairs_needing_rules(
    left: np.ndarray, right: np.ndarray, table: pd.DataFrame, namesakes: np.ndarray | None = None
) -> np.ndarray:
    """A cheap vectorised superset of the pairs any veto or doubt could apply to; the rest skip Python.

    ``namesakes`` is ``namesakes_exist(table)`` when the caller already has it (a ``FactsTable`` does).
    """

    def column(name: str) -> tuple[np.ndarray, np.ndarray]:
        values = table[name].to_numpy(dtype=object)
        return values[left], values[right]

    def both_differ(name: str) -> np.ndarray:
        a, b = column(name)
        return pd.notna(a) & pd.notna(b) & (a != b)

    def same(name: str) -> np.ndarray:
        a, b = column(name)
        return pd.notna(a) & (a == b)

    shared = same("nhs_number") | same("upn")
    given_l, given_r = column("given_name")
    twin_shape = same("date_of_birth") & pd.notna(given_l) & pd.notna(given_r) & (given_l != given_r)
    # Twins may share a first name and differ only in their middle names.
    twin_shape |= same("date_of_birth") & both_differ("middle_name")
    namesake = namesakes_exist(table).to_numpy() if namesakes is None else namesakes
    namesake_possible = ~shared & (namesake[left] | namesake[right] | both_differ("sex") | both_differ("middle_name"))
    source_l, source_r = column("source")
    one_agency = (source_l == source_r) & pd.notna(given_l) & pd.notna(given_r) & (given_l != given_r)
    return (
        one_agency
        | both_differ("nhs_number")
        | both_differ("upn")
        | twin_shape
        | (both_differ("date_of_birth") & ~shared)
        | (both_differ("date_of_birth") & pd.notna(given_l) & (given_l != given_r))
        | namesake_possible
    )


def namesakes_exist(table: pd.DataFrame) -> pd.Series:
    """True for records whose name and date of birth look shared by two children.

    Evidence of two children: different identifiers under one name and date of birth, or one
    agency holding that name and date of birth twice at two addresses under no shared identifier
    (an agency holds one record per child, so a second record elsewhere is another child, unless
    it is that child's duplicate: the same NHS number or UPN, or the same place written twice).
    """
    key = ["given_name", "family_name", "date_of_birth"]
    grouped = table.groupby(key, dropna=True)
    identifiers = pd.concat([grouped["nhs_number"].transform("nunique"), grouped["upn"].transform("nunique")], axis=1)
    by_identifier = identifiers.max(axis=1).reindex(table.index).fillna(0).ge(2)
    return by_identifier | _one_agency_holds_two_places(table, key)


ADDRESS_SAME = 0.9
"""Address lines at least this similar (Jaro-Winkler) are one address written two ways ('Cres', 'Crescent')."""


def _one_agency_holds_two_places(table: pd.DataFrame, key: list[str]) -> pd.Series:
    """True for records under a name and date of birth that one agency holds at two places as two records.

    Vectorised over the pairs inside each (name, date of birth, agency) group: a million records hold
    thousands of such groups, and a Python loop over groups cost more than the rest of the rules.
    """
    sizes = table.groupby([*key, "source"], dropna=True)["source"].transform("size")
    several = sizes.reindex(table.index).fillna(0).ge(2)
    if not several.any():
        return pd.Series(False, index=table.index)
    columns = [
        *key,
        "postcode_sector",
        "address",
        "nhs_number",
        "upn",
        *(["middle_name"] if "middle_name" in table else []),
    ]
    rows = table.loc[several, [*columns, "source"]].reset_index(drop=True)
    rows["group"] = rows.groupby([*key, "source"], dropna=True).ngroup()
    rows["row"] = np.arange(len(rows))
    pairs = rows.merge(rows, on="group", suffixes=("_a", "_b"))
    pairs = pairs[pairs["row_a"] < pairs["row_b"]]
    flagged = _two_places_no_shared_id(pairs)
    if not flagged.any():
        return pd.Series(False, index=table.index)
    names = pairs.loc[flagged, [f"{c}_a" for c in key]].drop_duplicates()
    wanted = pd.MultiIndex.from_frame(names)
    return pd.Series(pd.MultiIndex.from_frame(table[key]).isin(wanted), index=table.index)


def _present(values: pd.Series) -> np.ndarray:
    return (values.notna() & (values.astype(object) != "")).to_numpy(dtype=bool)


def _two_places_no_shared_id(pairs: pd.DataFrame) -> np.ndarray:
    """For each pair of one agency's records: no shared NHS number or UPN, and two different places.

    One middle name in full on both also counts as shared: an agency holding a child twice, once at a previous
    address, is common, and two children with one given, middle and family name and birthday are not."""
    shared_id = np.zeros(len(pairs), dtype=bool)
    for identifier in ("nhs_number", "upn"):
        a, b = pairs[f"{identifier}_a"], pairs[f"{identifier}_b"]
        shared_id |= _present(a) & (a.astype(object) == b.astype(object)).to_numpy(dtype=bool)
    if "middle_name_a" not in pairs:
        return ~shared_id & _two_places(pairs)
    middle_a, middle_b = pairs["middle_name_a"], pairs["middle_name_b"]
    full_middle = _present(middle_a) & (middle_a.astype(object).fillna("").str.len() >= 2).to_numpy(dtype=bool)
    shared_id |= full_middle & (middle_a.astype(object) == middle_b.astype(object)).to_numpy(dtype=bool)
    return ~shared_id & _two_places(pairs)


def _two_places(pairs: pd.DataFrame) -> np.ndarray:
    """For each pair of one agency's records: two different places (not one postcode sector or address line)."""
    sector_a, sector_b = pairs["postcode_sector_a"], pairs["postcode_sector_b"]
    line_a, line_b = pairs["address_a"], pairs["address_b"]
    sectors = _present(sector_a) & _present(sector_b)
    lines = _present(line_a) & _present(line_b)
    same_sector = _present(sector_a) & (sector_a.astype(object) == sector_b.astype(object)).to_numpy(dtype=bool)
    same_line = np.zeros(len(pairs), dtype=bool)
    if lines.any():
        same_line[lines] = [
            jellyfish.jaro_winkler_similarity(str(x), str(y)) >= ADDRESS_SAME
            for x, y in zip(line_a[lines].tolist(), line_b[lines].tolist(), strict=True)
        ]
    return ~same_sector & ~same_line & (sectors | lines)


def _families_agree(a: RecordFacts, b: RecordFacts) -> bool:
    if not a.family_name or not b.family_name:
        return False
    return a.family_name == b.family_name or not a.family_tokens.isdisjoint(b.family_tokens)


def _given_names_could_be_one(a: RecordFacts, b: RecordFacts) -> bool:
    """True when two given names could belong to one child: equal, nickname, middle name, slip of spelling."""
    ga, gb = a.given_name or "", b.given_name or ""
    if ga == gb or not a.given_groups.isdisjoint(b.given_groups):
        return True
    if ga == b.family_name or gb == a.family_name:
        return True
    if _known_by_middle_name(a, b) or _known_by_middle_name(b, a):
        return True
    if jellyfish.damerau_levenshtein_distance(ga, gb) <= 1 or _short_form(a, b):
        return True
    return jellyfish.jaro_winkler_similarity(ga, gb) >= TWIN_NAME_SIMILARITY


def _short_form(a: RecordFacts, b: RecordFacts) -> bool:
    """One given name is a short form of the other that no list holds (Liv for Olivia, Florrie for Florence).

    Made by a rule, not taken from a list, so a recorded sex must agree: Max and Maxine, Rob and Robyn
    are a brother and a sister, not one child.
    """
    ga, gb = a.given_name or "", b.given_name or ""
    if _sexes_differ(a, b):
        return False
    return is_diminutive(ga, gb) or is_diminutive(gb, ga)


_FORMS: dict[str, frozenset[str]] = {}


def _forms(name: str) -> frozenset[str]:
    """The name, its formal names and their nicknames (Elizabeth: liz, lizzie, beth, betty, …), cached."""
    found = _FORMS.get(name)
    if found is None:
        found = _FORMS[name] = name_forms(name)
    return found


def _nickname_with_a_slip(a: RecordFacts, b: RecordFacts) -> bool:
    """One given name is a nickname of the other, misspelt as well (Lizy for Elizabeth, Alfy for Alfred).

    Twins can be given names this close, so it never decides a link on its own: a twin-shaped pair
    with such names goes to an officer rather than being linked or held apart silently.
    """
    ga, gb = a.given_name or "", b.given_name or ""
    if not ga or not gb or ga == gb or not a.given_groups.isdisjoint(b.given_groups):
        return False
    if jellyfish.damerau_levenshtein_distance(ga, gb) <= 1:
        return False
    forms_a, forms_b = _forms(ga), _forms(gb)
    return any(jellyfish.damerau_levenshtein_distance(form, gb) <= 1 for form in forms_a) or any(
        jellyfish.damerau_levenshtein_distance(form, ga) <= 1 for form in forms_b
    )


def _known_by_middle_name(a: RecordFacts, b: RecordFacts) -> bool:
    """``b`` may be ``a`` known by a middle name, unless ``b`` records a different middle name of its own.

    (Sounding alike is not enough here: twins are often given names that sound alike, like Layla and Lola.)
    """
    if not a.middle_name or b.given_name != a.middle_name:
        return False
    return not b.middle_name or b.middle_name in (a.given_name, a.middle_name)


def _one_agency_holds_two(a: RecordFacts, b: RecordFacts) -> bool:
    """One agency holds both records under different given names: it believes they are two children."""
    if not a.source or a.source != b.source or not a.given_name or not b.given_name or a.given_name == b.given_name:
        return False
    if not a.given_groups.isdisjoint(b.given_groups):
        return False
    # The same child twice in one extract, once with a slip in the name (Leo and Leeo) or a short form of it,
    # is one child; a brother and a sister (Leo and Lea) are not, whatever the spelling. A slip must also sound
    # the same: one letter apart is how twins are named too (Alfie and Albie), and the agency listed both.
    one_letter = jellyfish.damerau_levenshtein_distance(a.given_name, b.given_name) <= 1
    slip = (one_letter and a.given_metaphone == b.given_metaphone) or _short_form(a, b)
    return _sexes_differ(a, b) or not slip


def rests_on_name_alone(a: RecordFacts, b: RecordFacts) -> bool:
    """Nothing but the name and date of birth joins these records: no identifier shared, another neighbourhood,
    and not one full name with a middle name on both (a namesake rarely shares that too).

    On the way from a register record to a sighting this is how a namesake seen elsewhere looks, however sure the
    model is of a rare name: the register child may have no other record anywhere to show the namesake."""
    return not (
        _share_identifier(a, b)
        or (a.other_id and a.other_id == b.other_id)
        or _same_neighbourhood(a, b)
        or _one_full_name(a, b)
    )


REGISTER_LISTS_TWO = "the register lists both, under different given names, and no identifier agrees"


def register_lists_two(a: RecordFacts, b: RecordFacts, cohort: str | None) -> bool:
    """Two of the register's own records under given names that differ at all, with no NHS number or UPN shared.

    Elsewhere one agency's two records under a nickname or a slip of one name are one child listed twice. On the
    register they may be twins named alike (Harvey and Harry, Sophia and Sophie): merged, the twin nobody has
    seen borrows the other's sightings. Kept apart, a true duplicate costs at most one visit."""
    return bool(
        cohort
        and a.source == cohort
        and b.source == cohort
        and a.given_name
        and b.given_name
        and a.given_name != b.given_name
        and not _share_identifier(a, b)
    )


def _share_identifier(a: RecordFacts, b: RecordFacts) -> bool:
    return bool((a.nhs_number and a.nhs_number == b.nhs_number) or (a.upn and a.upn == b.upn))


def _share_other_id(a: RecordFacts, b: RecordFacts) -> bool:
    """The same other identifier, under given names (both recorded) that could be one child's.

    Weaker than a shared NHS number or UPN: with no check digit it is not validated, and an agency
    may have mapped a family or case number into it, which siblings share. Siblings have different
    given names, so requiring names that could be one keeps a family number from excusing them; a
    missing given name proves nothing either way, so it does not excuse them either.
    """
    if not a.other_id or a.other_id != b.other_id or not a.given_name or not b.given_name:
        return False
    return _given_names_could_be_one(a, b)


def veto_reason(a: RecordFacts, b: RecordFacts) -> str | None:
    """Why these two records can never be the same child, or None."""
    if a.nhs_number and b.nhs_number and a.nhs_number != b.nhs_number:
        return "different valid NHS numbers"
    if a.upn and b.upn and a.upn != b.upn:
        return "different valid UPNs"
    if _looks_like_twins(a, b) and not _share_identifier(a, b) and not _nickname_with_a_slip(a, b):
        return TWINS_RULE
    return None


def doubt_reason(a: RecordFacts, b: RecordFacts) -> str | None:
    """Why a pair may never link automatically even though it might be one child: an officer must look.

    Twins' names with one shared NHS number or UPN is either one child with a new name or an
    identifier copied onto the wrong twin; only a person can tell which.
    """
    reason = veto_reason(a, b)
    if reason:
        return reason
    if _looks_like_twins(a, b):
        if _share_identifier(a, b):
            return f"{TWINS_RULE}, though an identifier agrees"
        return f"{TWINS_RULE}, though one given name may be a misspelt nickname of the other"
    if _one_agency_holds_two(a, b):
        return "one agency holds these as two children with different given names"
    if _share_identifier(a, b):
        return None
    if _dates_of_birth_conflict(a, b) and not _share_other_id(a, b):
        return SIBLINGS_RULE
    sex_against = _sexes_differ(a, b) and not _one_full_name(a, b)
    if not _same_neighbourhood(a, b) and (
        a.namesakes_exist or b.namesakes_exist or sex_against or _middle_names_differ(a, b)
    ):
        return NAMESAKE_RULE
    return None


def _one_full_name(a: RecordFacts, b: RecordFacts) -> bool:
    """The same given, middle and family name in full and the same date of birth on both records.

    A sex that differs under such a name is recorded wrongly on one of them: a boy and a girl born on one day are
    not given one first and one middle name (twins are not given one name at all)."""
    middle = a.middle_name
    if not middle or len(middle) < 2 or not a.given_name or not a.family_name or not a.date_of_birth:
        return False
    return (middle, a.given_name, a.family_name, a.date_of_birth) == (
        b.middle_name,
        b.given_name,
        b.family_name,
        b.date_of_birth,
    )


NAMESAKE_RULE = (
    "no identifier or address agrees and another child has this name and date of birth, or the sex differs"
    " (namesake rule)"
)


def _middle_names_differ(a: RecordFacts, b: RecordFacts) -> bool:
    """Both middle names recorded and not one name: not equal, not an initial or the first (or last) of two
    middle names, not a nickname of the other and not a slip of spelling (Christopher and Kevin differ;
    Christopher, C, Chris and Christoper do not)."""
    ma, mb = a.middle_name, b.middle_name
    if not ma or not mb or ma == mb:
        return False
    if ma.startswith(mb) or mb.startswith(ma) or ma.endswith(mb) or mb.endswith(ma):
        return False
    if jellyfish.damerau_levenshtein_distance(ma, mb) <= 1 or jellyfish.jaro_winkler_similarity(ma, mb) >= (
        TWIN_NAME_SIMILARITY
    ):
        return False
    if _sound_alike(ma, mb):
        return False  # Ivy and Ivie, Rosy and Rosie: one middle name spelt two ways
    return _middle_groups(ma).isdisjoint(_middle_groups(mb))


def _sound_alike(x: str, y: str) -> bool:
    """One name spelt two ways: the same metaphone, at most two letters apart (Zayn and Zane, Jacob and Jakub)."""
    if len(x) < 3 or len(y) < 3 or jellyfish.damerau_levenshtein_distance(x, y) > 2:
        return False
    return _metaphone(x) == _metaphone(y)


_METAPHONES: dict[str, str] = {}


def _metaphone(name: str) -> str:
    found = _METAPHONES.get(name)
    if found is None:
        found = _METAPHONES[name] = jellyfish.metaphone(name)
    return found


def _one_middle_name_given_sounds_alike(a: RecordFacts, b: RecordFacts) -> bool:
    """The same middle name in full on both, under given names that sound alike or where one is a nickname of the
    other misspelt (Kaite Rose and Katherine Rose): one child's name written two ways.

    Neither alone is enough (twins are given names like Layla and Lola), but twins are not also given one middle
    name; where the middle names differ, or one is missing, the twins rule stands (or sends the pair to an officer)."""
    middle = a.middle_name
    if not middle or len(middle) < 2 or middle != b.middle_name or not a.given_name or not b.given_name:
        return False
    return _sound_alike(a.given_name, b.given_name) or _nickname_with_a_slip(a, b)


_MIDDLE_GROUPS: dict[str, frozenset[str]] = {}


def _middle_groups(name: str) -> frozenset[str]:
    """A middle name's nickname groups (cached: few distinct middle names, looked at often)."""
    found = _MIDDLE_GROUPS.get(name)
    if found is None:
        features = name_features(name)
        found = _MIDDLE_GROUPS[name] = frozenset(features.groups if features else (name,))
    return found


def _sexes_differ(a: RecordFacts, b: RecordFacts) -> bool:
    return bool(a.sex and b.sex and a.sex != b.sex)


def _same_neighbourhood(a: RecordFacts, b: RecordFacts) -> bool:
    return bool(
        (a.postcode_sector and a.postcode_sector == b.postcode_sector)
        or (a.address and a.address == b.address)
        or _one_address_with_the_town_added(a.address, b.address)
    )


def _one_address_with_the_town_added(x: str | None, y: str | None) -> bool:
    """'115 hawthorn grove' and '115 hawthorn grove redcar': one agency writes the town after the street (a
    house number and a street at least, so 'flat 2' alone is not an address)."""
    if not x or not y or x == y:
        return False
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return len(short.split()) >= 3 and long.startswith(short + " ")


SIBLINGS_RULE = "dates of birth differ by more than a keying slip and no identifier agrees (siblings rule)"


def _dates_of_birth_conflict(a: RecordFacts, b: RecordFacts) -> bool:
    """Dates that no single slip (one digit, day and month swapped) turns into each other.

    Siblings share a surname, address and postcode, so only the date of birth tells them
    apart; the model counts the shared household several times over, so it cannot be trusted
    to weigh a wholly different date on its own.
    """
    da, db = a.date_of_birth, b.date_of_birth
    if not da or not db or da == db:
        return False
    if da[:4] == db[:4] and da[5:7] == db[8:10] and da[8:10] == db[5:7]:
        return False
    if sum(x != y for x, y in zip(da, db, strict=False)) <= 1:
        return False
    # Siblings never share a given name; under one given name a date a few days or a year out is a recording slip.
    one_name = _given_names_are_one(a, b) or any(
        bool(y.given_name) and y.given_name == x.family_name and _given_names_are_one(x, _swapped(y))
        for x, y in ((a, b), (b, a))
    )
    return not (one_name and _date_recorded_wrongly(da, db))


def _given_names_are_one(a: RecordFacts, b: RecordFacts) -> bool:
    """The same given name, a nickname of it, or one of them misspelt (not a middle name used instead)."""
    ga, gb = a.given_name or "", b.given_name or ""
    if not ga or not gb:
        return False
    return (
        ga == gb
        or not a.given_groups.isdisjoint(b.given_groups)
        or jellyfish.damerau_levenshtein_distance(ga, gb) <= 1
        or _short_form(a, b)
        or _nickname_with_a_slip(a, b)
    )


DATE_SLIP_DAYS = 31
"""Dates of birth this close are one date recorded wrongly (no two siblings are born so close, twins aside)."""


def _date_recorded_wrongly(da: str, db: str) -> bool:
    """Within a month of each other, or the same day and month a year or two apart."""
    if da[4:] == db[4:] and abs(int(da[:4]) - int(db[:4])) <= 2:
        return True
    return _days_apart(da, db) <= DATE_SLIP_DAYS


def _days_apart(da: str, db: str) -> int:
    return abs((dt.date.fromisoformat(da) - dt.date.fromisoformat(db)).days)


TWINS_RULE = "same family name and date of birth but different given or middle names (twins rule)"


def _swapped(facts: RecordFacts) -> RecordFacts:
    return replace(
        facts,
        given_name=facts.family_name,
        given_groups=frozenset({facts.family_name} if facts.family_name else ()),
        given_metaphone=None,
        family_name=facts.given_name,
        family_tokens=frozenset({facts.given_name} if facts.given_name else ()),
    )


def _looks_like_twins(a: RecordFacts, b: RecordFacts) -> bool:
    """Twins rule, also when one record (either) has given and family names swapped."""
    if b.given_name and a.family_name == b.given_name and a.given_name != b.family_name:
        return _twin_shape(a, _swapped(b))
    if a.given_name and b.family_name == a.given_name and b.given_name != a.family_name:
        return _twin_shape(_swapped(a), b)
    return _twin_shape(a, b)


def _twin_shape(a: RecordFacts, b: RecordFacts) -> bool:
    """Same family name and date of birth, and names that are two children's: given names that could not be
    one child's, or one given name (or a nickname, or a slip) with two different middle names, as twins
    named James Christopher and James Kevin are. A child known by a middle name is not a twin."""
    if not (
        a.date_of_birth
        and b.date_of_birth
        and (a.date_of_birth == b.date_of_birth or _days_apart(a.date_of_birth, b.date_of_birth) == 1)
        and a.given_name
        and b.given_name
        and _families_agree(a, b)
    ):
        return False
    if not _given_names_could_be_one(a, b):
        return not _one_middle_name_given_sounds_alike(a, b)
    if _known_by_middle_name(a, b) or _known_by_middle_name(b, a):
        return False
    return _middle_names_differ(a, b)


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def one_name_and_birthday(a: RecordFacts, b: RecordFacts) -> bool:
    """The same child's name and date of birth as far as the records go: one family name (or a part of a
    double-barrelled one), given names that are one name (a nickname, a slip; names swapped allowed) and
    dates of birth no slip apart. Two children with this are told apart only by what else is recorded."""
    if not a.date_of_birth or not b.date_of_birth or _dates_of_birth_conflict(a, b):
        return False
    if _families_agree(a, b) and _given_names_are_one(a, b):
        return True
    return any(
        bool(y.given_name) and _families_agree(x, _swapped(y)) and _given_names_are_one(x, _swapped(y))
        for x, y in ((a, b), (b, a))
    )


def same_name_and_birthday_nothing_against(a: RecordFacts, b: RecordFacts) -> bool:
    """The same given name, family name and date of birth, written exactly alike, and nothing against one child:
    no rule's doubt, no other child known under this name and date of birth, no sex or middle name differing.

    The model weighs such a pair as if any two records sharing a common name and birthday could be namesakes,
    and a different address (a quarter of records hold a previous one) pulls it under the link threshold. But
    namesakes show themselves in the extracts: two children with one name and date of birth carry different
    NHS numbers or UPNs, or one agency lists both, and then ``namesakes_exist`` marks every record under it.
    With no such sign, the pair is one child on far less than the model's usual margin."""
    if not (a.given_name and a.family_name and a.date_of_birth):
        return False
    if (a.given_name, a.family_name, a.date_of_birth) != (b.given_name, b.family_name, b.date_of_birth):
        return False
    if a.namesakes_exist or b.namesakes_exist or _middle_names_differ(a, b):
        return False
    if _sexes_differ(a, b) and not _one_full_name(a, b):
        return False
    return doubt_reason(a, b) is None


def fits_without_doubt(a: RecordFacts, b: RecordFacts) -> bool:
    """``b`` could be the child ``a`` records and nothing on either record says otherwise: no identifier,
    middle name, sex or date of birth against it. The address is not weighed: a quarter of records hold a
    previous address, and twins' records at different agencies often hold different ones."""
    return (
        veto_reason(a, b) is None
        and not _looks_like_twins(a, b)
        and not _sexes_differ(a, b)
        and not _middle_names_differ(a, b)
        and one_name_and_birthday(a, b)
    )


def two_children(a: RecordFacts, b: RecordFacts) -> str | None:
    """Why two records with one name and date of birth are held to be two children, or None.

    Different valid NHS numbers or UPNs, different middle names (the twins rule), or one agency listing
    both: an agency holds one record per child, so two records with one name there are two children
    unless the engine linked them as a duplicate."""
    if not one_name_and_birthday(a, b):
        return None
    reason = veto_reason(a, b)
    if reason:
        return reason
    if _middle_names_differ(a, b):
        return TWINS_RULE
    if a.source and a.source == b.source:
        return f"{a.source} lists both"
    return None


def tells_apart(register: RecordFacts, linked: RecordFacts, rival: RecordFacts) -> bool:
    """Something on ``register`` agrees with ``linked`` and is absent from ``rival``: an identifier or a
    middle name. Such evidence favours ``linked``; without it the two fit ``register`` equally."""
    for value in ("nhs_number", "upn", "other_id"):
        mine = getattr(register, value)
        if mine and mine == getattr(linked, value) and mine != getattr(rival, value):
            return True
    middle, theirs = register.middle_name, linked.middle_name
    return bool(middle and theirs and not _middle_names_differ(register, linked) and not rival.middle_name)
