"""A seeded synthetic population of children (and their adults) living in households.

Everything is generated column-wise with numpy so a million people take seconds, not
minutes. No real data is used: names come from the hand-written lists in ``names.py``,
postcodes have real-looking districts with random inward codes, and NHS numbers are
drawn from the 9xx range that is never issued to patients.

The result is a pandas DataFrame with one row per person (children first, then adults)
and these columns:

person_id, kind ("child"/"adult"), household_id, given_name, middle_name, family_name,
previous_family_name ("" unless the surname changed), date_of_birth (datetime64), sex ("M"/"F"),
postcode, address_line, previous_postcode, previous_address_line, moved_on (NaT unless the
household moved), nhs_number, upn ("" before school age), school, school_code, nc_year
(national curriculum year at ``as_of``; reception = 0; -1 for adults and pre-school children),
twin_of and similar_name_of (person_id of a twin or of a sibling given a look-alike name, else "").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from safeguard.synth import names

# Sibling spacing in days: a second child rarely follows within ten months.
_MIN_SIBLING_GAP = 300
_MAX_SIBLING_GAP = 2200
_MAX_CHILD_AGE_DAYS = 18 * 365 - 10
# Households by number of children (1..5): invented but plausible proportions.
_HOUSEHOLD_SIZE_WEIGHTS = np.array([0.40, 0.36, 0.16, 0.06, 0.02])
_MIDDLE_NAME_RATE = 0.65
_FLAT_RATE = 0.06


@dataclass(frozen=True)
class PopulationOptions:
    """Rates that shape the population; the defaults suit the tests and benchmarks."""

    twin_rate: float = 0.015  # share of children who are one of a twin pair
    move_rate: float = 0.12  # households that moved in the last three years
    double_barrelled_rate: float = 0.03  # households with a double-barrelled surname
    changed_surname_rate: float = 0.03  # households whose children took a step-parent's surname
    similar_sibling_name_rate: float = 0.08  # multi-child households with look-alike names (Jack/Jake)
    similar_twin_name_rate: float = 0.35  # same-sex twins given look-alike names (Amelia/Emily)
    # (postcode district, weight, LA code for UPNs); the demo narrows this to Darlington.
    districts: tuple[tuple[str, float, int], ...] = names.POSTCODE_DISTRICTS


def generate_population(
    *,
    children: int,
    seed: int,
    as_of: date,
    adults_per_household: float = 1.6,
    options: PopulationOptions | None = None,
    object_strings: bool = False,
) -> pd.DataFrame:
    """Generate ``children`` children in households, plus on average ``adults_per_household`` adults each.

    The same arguments always give the same DataFrame. Text columns use pandas' Arrow-backed
    ``str`` dtype (compact); ``object_strings=True`` keeps plain Python strings instead, which
    saves two conversions of every column when the caller works in numpy (the extract generator).
    """
    if children < 1:
        raise ValueError("children must be at least 1")
    if not 0 <= adults_per_household <= 4:
        raise ValueError("adults_per_household must be between 0 and 4")
    opts = options or PopulationOptions()
    rng = np.random.default_rng(seed)
    as_of_d = np.datetime64(as_of, "D")

    sizes = _household_sizes(children, rng)
    kids = _children(sizes, rng, as_of_d, opts)
    house = _households(len(sizes), rng, as_of_d, kids, opts)
    adults = _adults(sizes, kids, house, rng, adults_per_household)
    columns = _assemble(kids, adults, house, rng, as_of_d, opts.districts)
    if object_strings:
        return pd.DataFrame({k: pd.Series(v, dtype=object) if v.dtype == object else v for k, v in columns.items()})
    return pd.DataFrame(columns)


# --- households and children -------------------------------------------------------------------------


def _household_sizes(children: int, rng: np.random.Generator) -> np.ndarray:
    """Children per household, 1..5, summing exactly to ``children``."""
    # Mean size is about 1.94, so children // 1.8 draws nearly always suffice.
    draws = rng.choice(5, size=int(children / 1.8) + 10, p=_HOUSEHOLD_SIZE_WEIGHTS) + 1
    while draws.sum() < children:
        draws = np.concatenate([draws, rng.choice(5, size=len(draws), p=_HOUSEHOLD_SIZE_WEIGHTS) + 1])
    total = np.cumsum(draws)
    last = int(np.searchsorted(total, children))
    sizes = draws[: last + 1].copy()
    sizes[-1] -= int(total[last] - children)
    return sizes.astype(np.int64)


def _children(sizes: np.ndarray, rng: np.random.Generator, as_of: np.datetime64, opts: PopulationOptions) -> dict:
    n_house = len(sizes)
    household = np.repeat(np.arange(n_house), sizes)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.arange(len(household)) - first[household]  # 0 = youngest

    # Twins: the two youngest children of some multi-child households share a birthday.
    multi = np.flatnonzero(sizes >= 2)
    n_pairs = min(len(multi), round(len(household) * opts.twin_rate / 2))
    twin_houses = rng.choice(multi, size=n_pairs, replace=False) if n_pairs else np.array([], dtype=np.int64)
    is_twin_house = np.zeros(n_house, dtype=bool)
    is_twin_house[twin_houses] = True

    dob = _dates_of_birth(sizes, household, rank, is_twin_house, rng, as_of)
    sex = np.where(rng.random(len(household)) < 0.5, "M", "F").astype(object)

    twin_a = first[twin_houses]
    twin_b = twin_a + 1
    tradition = rng.choice(len(names.TRADITIONS), size=n_house, p=_tradition_weights())
    given, fixed, similar_of = _given_names(household, rank, sex, tradition[household], twin_a, twin_b, rng, opts)
    middle = _middle_names(given, sex, tradition[household], rng)

    twin_of = np.full(len(household), -1, dtype=np.int64)
    twin_of[twin_a] = twin_b
    twin_of[twin_b] = twin_a
    return {
        "household": household,
        "rank": rank,
        "dob": dob,
        "sex": sex,
        "given": given,
        "middle": middle,
        "tradition": tradition,
        "twin_of": twin_of,
        "similar_of": similar_of,
        "fixed": fixed,
    }


def _dates_of_birth(
    sizes: np.ndarray,
    household: np.ndarray,
    rank: np.ndarray,
    is_twin_house: np.ndarray,
    rng: np.random.Generator,
    as_of: np.datetime64,
) -> np.ndarray:
    """Youngest child's age is random; each older sibling is born a plausible gap earlier."""
    n = len(household)
    # Cap the gap so that five children still fit under eighteen.
    max_gap = np.minimum(_MAX_SIBLING_GAP, (_MAX_CHILD_AGE_DAYS - 400) // np.maximum(sizes - 1, 1))
    gap = _MIN_SIBLING_GAP + (rng.random(n) * (max_gap[household] - _MIN_SIBLING_GAP)).astype(np.int64)
    gap[rank == 0] = 0
    gap[(rank == 1) & is_twin_house[household]] = 0  # twins
    offset = _grouped_cumsum(gap, household)
    span = np.zeros(len(sizes), dtype=np.int64)
    np.maximum.at(span, household, offset)
    youngest_age = (rng.random(len(sizes)) * (_MAX_CHILD_AGE_DAYS - span)).astype(np.int64)
    age_days = youngest_age[household] + offset
    return as_of - age_days.astype("timedelta64[D]")


def _grouped_cumsum(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at each group (groups are contiguous and sorted)."""
    total = np.cumsum(values)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    before = np.r_[0, total][starts]
    counts = np.diff(np.r_[starts, len(values)])
    return total - np.repeat(before, counts)


def _tradition_weights() -> np.ndarray:
    w = np.array([t[1] for t in names.TRADITIONS])
    return w / w.sum()


def _zipf_weights(n: int) -> np.ndarray:
    # Earlier names in each list are more common; the +4 keeps the head from dominating.
    w = 1.0 / (np.arange(n) + 4.0) ** 0.9
    return w / w.sum()


def _draw_names(sex: np.ndarray, tradition: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw a given name for each person from the list for their sex and naming tradition."""
    out = np.empty(len(sex), dtype=object)
    for t, (_, _, boys, girls, _) in enumerate(names.TRADITIONS):
        for code, pool in (("M", boys), ("F", girls)):
            idx = np.flatnonzero((tradition == t) & (sex == code))
            if len(idx):
                arr = np.array(pool, dtype=object)
                out[idx] = arr[rng.choice(len(arr), size=len(idx), p=_zipf_weights(len(arr)))]
    return out


def _given_names(
    household: np.ndarray,
    rank: np.ndarray,
    sex: np.ndarray,
    tradition: np.ndarray,
    twin_a: np.ndarray,
    twin_b: np.ndarray,
    rng: np.random.Generator,
    opts: PopulationOptions,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Given names, never repeated within a household; some twins and siblings get look-alike names."""
    given = _draw_names(sex, tradition, rng)
    fixed = np.zeros(len(given), dtype=bool)
    similar_of = np.full(len(given), -1, dtype=np.int64)

    # Look-alike names: same-sex twin pairs, and the two youngest of some other multi-child households.
    same_sex_twins = sex[twin_a] == sex[twin_b]
    pick_twins = same_sex_twins & (rng.random(len(twin_a)) < opts.similar_twin_name_rate)
    second = np.flatnonzero(rank == 1)
    first = second - 1
    eligible = (sex[first] == sex[second]) & ~np.isin(first, twin_a)
    pick_sibs = eligible & (rng.random(len(second)) < opts.similar_sibling_name_rate)
    a = np.concatenate([twin_a[pick_twins], first[pick_sibs]])
    b = np.concatenate([twin_b[pick_twins], second[pick_sibs]])
    for code, pairs in (("M", names.SIMILAR_BOYS), ("F", names.SIMILAR_GIRLS)):
        sel = np.flatnonzero(sex[a] == code)
        choice = rng.integers(0, len(pairs), size=len(sel))
        flip = rng.random(len(sel)) < 0.5
        left = np.array([p[0] for p in pairs], dtype=object)[choice]
        right = np.array([p[1] for p in pairs], dtype=object)[choice]
        given[a[sel]] = np.where(flip, right, left)
        given[b[sel]] = np.where(flip, left, right)
    fixed[a] = True
    fixed[b] = True
    similar_of[a] = b
    similar_of[b] = a

    # Nobody names two children the same: redraw clashes (never the planted pairs) until none remain.
    for _ in range(50):
        clash = _duplicated_within(household, given) & ~fixed
        if not clash.any():
            break
        idx = np.flatnonzero(clash)
        given[idx] = _draw_names(sex[idx], tradition[idx], rng)
    return given, fixed, similar_of


def _duplicated_within(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """True for every row whose value already appeared earlier in the same group."""
    frame = pd.DataFrame({"g": groups, "v": values})
    return frame.duplicated(["g", "v"], keep="first").to_numpy()


def _middle_names(given: np.ndarray, sex: np.ndarray, tradition: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    middle = _draw_names(sex, tradition, rng)
    keep = (rng.random(len(given)) < _MIDDLE_NAME_RATE) & (middle != given)
    return np.where(keep, middle, "").astype(object)


# --- addresses, surnames, moves ----------------------------------------------------------------------


def _households(
    n_house: int, rng: np.random.Generator, as_of: np.datetime64, kids: dict, opts: PopulationOptions
) -> dict:
    tradition = kids["tradition"]
    surname = _draw_surnames(tradition, rng)
    double = rng.random(n_house) < opts.double_barrelled_rate
    partner = _draw_surnames(np.zeros(n_house, dtype=np.int64), rng)
    surname = np.where(double & (partner != surname), surname + "-" + partner, surname).astype(object)
    changed = rng.random(n_house) < opts.changed_surname_rate
    birth_surname = _draw_surnames(tradition, rng)
    previous_surname = np.where(changed & (birth_surname != surname), birth_surname, "").astype(object)

    districts = opts.districts
    district = rng.choice(len(districts), size=n_house, p=_district_weights(districts))
    postcode = _postcodes(district, districts, rng)
    address = _address_lines(n_house, rng)

    # Moves: the previous address is mostly nearby (same district), sometimes from elsewhere.
    youngest_dob = kids["dob"][np.r_[0, np.flatnonzero(np.diff(kids["household"])) + 1]]
    moved_on = as_of - rng.integers(20, 3 * 365, size=n_house).astype("timedelta64[D]")
    moved = (rng.random(n_house) < opts.move_rate) & (moved_on > youngest_dob + np.timedelta64(60, "D"))
    far = rng.random(n_house) < 0.3
    old_district = np.where(
        far, rng.choice(len(names.POSTCODE_DISTRICTS), size=n_house, p=_district_weights(names.POSTCODE_DISTRICTS)), -1
    )
    # Movers from "far" came from anywhere in the national list; the rest moved within their district.
    near_codes = _postcodes(district, districts, rng)
    far_codes = _postcodes(np.maximum(old_district, 0), names.POSTCODE_DISTRICTS, rng)
    previous_postcode = np.where(moved, np.where(far, far_codes, near_codes), "").astype(object)
    previous_address = np.where(moved, _address_lines(n_house, rng), "").astype(object)
    return {
        "surname": surname,
        "previous_surname": previous_surname,
        "district": district,
        "postcode": postcode,
        "address": address,
        "moved": moved,
        "moved_on": np.where(moved, moved_on, np.datetime64("NaT")),
        "previous_postcode": previous_postcode,
        "previous_address": previous_address,
    }


def _draw_surnames(tradition: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(tradition), dtype=object)
    for t, entry in enumerate(names.TRADITIONS):
        idx = np.flatnonzero(tradition == t)
        pool = np.array(entry[4], dtype=object)
        out[idx] = pool[rng.choice(len(pool), size=len(idx), p=_zipf_weights(len(pool)))]
    return out


def _district_weights(districts: tuple[tuple[str, float, int], ...]) -> np.ndarray:
    w = np.array([d[1] for d in districts])
    return w / w.sum()


def _postcodes(
    district: np.ndarray, districts: tuple[tuple[str, float, int], ...], rng: np.random.Generator
) -> np.ndarray:
    """Real-looking district, random sector digit and inward letters: 'DL3 7QX'."""
    outward = np.array([d[0] for d in districts], dtype=object)[district]
    sector = small_ints_as_text(rng.integers(0, 10, size=len(district)), 10)
    letters = np.array(list(names.INWARD_LETTERS), dtype=object)
    inward = sector + letters[rng.integers(0, len(letters), size=len(district))]
    inward = inward + letters[rng.integers(0, len(letters), size=len(district))]
    return (outward + " " + inward).astype(object)


def _address_lines(n: int, rng: np.random.Generator) -> np.ndarray:
    stems = np.array(names.STREET_STEMS, dtype=object)[rng.integers(0, len(names.STREET_STEMS), size=n)]
    suffixes = np.array(names.STREET_SUFFIXES, dtype=object)[rng.integers(0, len(names.STREET_SUFFIXES), size=n)]
    number = small_ints_as_text(rng.integers(1, 180, size=n), 180)
    line = number + " " + stems + " " + suffixes
    flat = rng.random(n) < _FLAT_RATE
    flat_no = small_ints_as_text(rng.integers(1, 24, size=n), 24)
    return np.where(flat, "Flat " + flat_no + ", " + line, line).astype(object)


# --- adults -------------------------------------------------------------------------------------------


def _adults(sizes: np.ndarray, kids: dict, house: dict, rng: np.random.Generator, per_household: float) -> dict:
    """One or two adults per household (on average ``per_household``), older than the eldest child."""
    n_house = len(sizes)
    base = int(np.floor(per_household))
    count = base + (rng.random(n_house) < per_household - base).astype(np.int64)
    household = np.repeat(np.arange(n_house), count)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    rank = np.arange(len(household)) - first[household]
    # First adult is the mother (children keep her current surname); a second is a partner.
    sex = np.where(rank == 0, "F", np.where(rank == 1, "M", np.where(rng.random(len(household)) < 0.5, "M", "F")))
    sex = sex.astype(object)
    eldest_dob = np.full(n_house, np.datetime64("2100-01-01", "D"))
    np.minimum.at(eldest_dob, kids["household"], kids["dob"])
    age_gap = rng.integers(18 * 365, 42 * 365, size=len(household)).astype("timedelta64[D]")
    dob = eldest_dob[household] - age_gap
    tradition = kids["tradition"][household]
    given = _draw_names(sex, tradition, rng)
    british = tradition == 0
    older = british & (rng.random(len(household)) < 0.5)
    men = np.array(names.BRITISH_MEN_EXTRA, dtype=object)
    women = np.array(names.BRITISH_WOMEN_EXTRA, dtype=object)
    given = np.where(older & (sex == "M"), men[rng.integers(0, len(men), len(household))], given)
    given = np.where(older & (sex == "F"), women[rng.integers(0, len(women), len(household))], given)
    middle = np.where(rng.random(len(household)) < 0.5, _draw_names(sex, tradition, rng), "").astype(object)
    surname = house["surname"][household].copy()
    # Partners are often not married, so they keep their own surname.
    own = (rank >= 1) & (rng.random(len(household)) < 0.35)
    surname[own] = _draw_surnames(tradition[own], rng)
    return {"household": household, "dob": dob, "sex": sex, "given": given, "middle": middle, "surname": surname}


# --- identifiers, schools and the final frame ---------------------------------------------------------


def nhs_check_digits(bodies: np.ndarray) -> np.ndarray:
    """Modulus 11 check digits for an array of nine-digit numbers; 10 means no valid number exists.

    A vectorised twin of ``safeguard.people.identifiers.make_nhs_number`` (the tests prove they agree);
    calling that function a million times would cost several seconds.
    """
    total = np.zeros(len(bodies), dtype=np.int64)
    rest = bodies.astype(np.int64)
    for weight in range(2, 11):  # last body digit has weight 2, first has 10
        total += (rest % 10) * weight
        rest //= 10
    check = 11 - total % 11
    return np.where(check == 11, 0, check)


def _nhs_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unique valid NHS numbers in the 9xx range, which is never issued to patients."""
    bodies = rng.integers(900_000_000, 1_000_000_000, size=int(n * 1.2) + 50)
    check = nhs_check_digits(bodies)
    numbers = bodies * 10 + check
    ok = (check != 10) & (numbers != 9_999_999_999)  # all-same-digit numbers are never issued
    numbers = numbers[ok]
    _, first = np.unique(numbers, return_index=True)
    numbers = numbers[np.sort(first)]
    if len(numbers) < n:  # vanishingly unlikely; draw again with a different stream
        return _nhs_numbers(n, np.random.default_rng(rng.integers(1 << 62)))
    return zero_padded(numbers[:n], 10)


_UPN_LETTERS = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"), dtype=object)


def upn_check_letters(twelve: np.ndarray) -> np.ndarray:
    """UPN check letters for twelve-digit numbers; a vectorised twin of ``identifiers.make_upn``."""
    total = np.zeros(len(twelve), dtype=np.int64)
    rest = twelve.astype(np.int64)
    for weight in range(13, 1, -1):  # last digit has weight 13, first has 2
        total += (rest % 10) * weight
        rest //= 10
    return _UPN_LETTERS[total % 23]


def _nc_year(dob: np.ndarray, as_of: np.datetime64) -> np.ndarray:
    """National curriculum year at ``as_of``: children born September to August share a year; reception = 0."""
    year = dob.astype("datetime64[Y]").astype(np.int64) + 1970
    month = dob.astype("datetime64[M]").astype(np.int64) % 12 + 1
    cohort = year + (month >= 9)
    as_of_year = int(as_of.astype("datetime64[Y]").astype(np.int64)) + 1970
    as_of_month = int(as_of.astype("datetime64[M]").astype(np.int64)) % 12 + 1
    academic = as_of_year if as_of_month >= 9 else as_of_year - 1
    return academic - (cohort + 4)


def _schools(
    kids: dict,
    house: dict,
    nc: np.ndarray,
    rng: np.random.Generator,
    as_of: np.datetime64,
    districts: tuple[tuple[str, float, int], ...],
) -> dict:
    """UPNs for children who have started school, and a current school for those on a roll."""
    n = len(nc)
    district = house["district"][kids["household"]]
    la = np.array([d[2] for d in districts])[district]
    primary_age = (nc >= 0) & (nc <= 6)
    # About 250 pupils per primary and 900 per secondary, numbered within each LA.
    per_primary = max(1, round(int(primary_age.sum()) / 250))
    n_primary = np.maximum(1, np.round(per_primary * _district_weights(districts))).astype(np.int64)
    n_secondary = np.maximum(1, np.round(n_primary / 3.5)).astype(np.int64)
    # Siblings (and twins) go to the same schools: draw one primary and one secondary per household.
    household = kids["household"]
    primary_idx = (rng.random(household[-1] + 1)[household] * n_primary[district]).astype(np.int64)
    secondary_idx = (rng.random(household[-1] + 1)[household] * n_secondary[district]).astype(np.int64)
    # Establishment numbers: districts of the same LA take consecutive blocks.
    prim_base, sec_base = _establishment_bases(n_primary, n_secondary, districts)
    primary_est = 2000 + prim_base[district] + primary_idx
    secondary_est = 4000 + sec_base[district] + secondary_idx

    has_upn = nc >= 0
    entry_year = (_academic_start(as_of) - nc) % 100
    est = primary_est
    key = (la * 10_000 + est) * 100 + entry_year
    serial = _rank_within(key, has_upn)
    twelve = key * 1000 + serial
    upn = np.where(has_upn, upn_check_letters(twelve) + _zfill12(twelve), "").astype(object)

    on_roll = (nc >= 0) & ((nc <= 11) | ((nc <= 13) & (rng.random(n) < 0.55)))
    secondary = nc >= 7
    cur_est = np.where(secondary, secondary_est, primary_est)
    cur_idx = np.where(secondary, sec_base[district] + secondary_idx, prim_base[district] + primary_idx)
    school = _school_names(cur_idx, secondary)
    school_code = zero_padded(la, 3) + "/" + zero_padded(cur_est, 4)
    return {
        "upn": upn,
        "school": np.where(on_roll, school, "").astype(object),
        "school_code": np.where(on_roll, school_code, "").astype(object),
    }


def _academic_start(as_of: np.datetime64) -> int:
    year = int(as_of.astype("datetime64[Y]").astype(np.int64)) + 1970
    month = int(as_of.astype("datetime64[M]").astype(np.int64)) % 12 + 1
    return year if month >= 9 else year - 1


def _establishment_bases(
    n_primary: np.ndarray, n_secondary: np.ndarray, districts: tuple[tuple[str, float, int], ...]
) -> tuple[np.ndarray, np.ndarray]:
    la = np.array([d[2] for d in districts])
    prim = np.zeros(len(la), dtype=np.int64)
    sec = np.zeros(len(la), dtype=np.int64)
    for code in np.unique(la):
        idx = np.flatnonzero(la == code)
        prim[idx] = np.r_[0, np.cumsum(n_primary[idx])[:-1]]
        sec[idx] = np.r_[0, np.cumsum(n_secondary[idx])[:-1]]
    return prim, sec


def _rank_within(key: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each key value (for masked rows), in row order."""
    out = np.zeros(len(key), dtype=np.int64)
    idx = np.flatnonzero(mask)
    order = idx[np.argsort(key[idx], kind="stable")]
    sorted_key = key[order]
    starts = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
    out[order] = np.arange(len(order)) - group_start
    if len(order) and out.max() >= 1000:
        raise ValueError("too many pupils for one school intake; UPN serials would overflow")
    return out


def _zfill12(values: np.ndarray) -> np.ndarray:
    return zero_padded(values, 12)


def zero_padded(values: np.ndarray, width: int, prefix: str = "") -> np.ndarray:
    """Non-negative integers as zero-padded strings with a prefix, e.g. 'P0000042'.

    Builds the characters arithmetically and views them as fixed-width unicode, which is
    many times faster than ``astype(str)`` plus ``np.char.zfill`` on millions of values.
    """
    values = np.asarray(values, dtype=np.int64)
    codes = np.empty((len(values), len(prefix) + width), dtype=np.uint32)
    for i, char in enumerate(prefix):
        codes[:, i] = ord(char)
    rest = values.copy()
    for col in range(len(prefix) + width - 1, len(prefix) - 1, -1):
        codes[:, col] = ord("0") + rest % 10
        rest //= 10
    return codes.view(f"<U{len(prefix) + width}").ravel().astype(object)


def small_ints_as_text(values: np.ndarray, limit: int) -> np.ndarray:
    """Small non-negative integers as text by table lookup (no padding)."""
    return np.array([str(i) for i in range(limit)], dtype=object)[values]


def _school_names(index: np.ndarray, secondary: np.ndarray) -> np.ndarray:
    stems = np.array(names.SCHOOL_STEMS + names.STREET_STEMS, dtype=object)
    prim_kinds = np.array(names.PRIMARY_KINDS, dtype=object)
    sec_kinds = np.array(names.SECONDARY_KINDS, dtype=object)
    stem = stems[index % len(stems)]
    kind = np.where(
        secondary,
        sec_kinds[(index // len(stems)) % len(sec_kinds)],
        prim_kinds[(index // len(stems)) % len(prim_kinds)],
    )
    return (stem + " " + kind).astype(object)


def _assemble(
    kids: dict,
    adults: dict,
    house: dict,
    rng: np.random.Generator,
    as_of: np.datetime64,
    districts: tuple[tuple[str, float, int], ...],
) -> dict[str, np.ndarray]:
    n_kids = len(kids["household"])
    n_adults = len(adults["household"])
    n = n_kids + n_adults
    hh = np.concatenate([kids["household"], adults["household"]])
    nc = _nc_year(kids["dob"], as_of)
    schools = _schools(kids, house, nc, rng, as_of, districts)
    width = max(7, len(str(n)))
    person_id = zero_padded(np.arange(1, n + 1), width, "P")
    hh_width = max(6, len(str(len(house["surname"]))))
    household_id = zero_padded(hh + 1, hh_width, "H")
    empty_kids = np.full(n_adults, "", dtype=object)

    def link(ix: np.ndarray) -> np.ndarray:
        out = np.full(n, "", dtype=object)
        has = np.flatnonzero(ix >= 0)
        out[has] = person_id[ix[has]]
        return out

    return {
        "person_id": person_id,
        "kind": np.r_[np.full(n_kids, "child", dtype=object), np.full(n_adults, "adult", dtype=object)],
        "household_id": household_id,
        "given_name": np.concatenate([kids["given"], adults["given"]]),
        "middle_name": np.concatenate([kids["middle"], adults["middle"]]),
        "family_name": np.concatenate([house["surname"][kids["household"]], adults["surname"]]),
        "previous_family_name": np.concatenate([house["previous_surname"][kids["household"]], empty_kids]),
        "date_of_birth": np.concatenate([kids["dob"], adults["dob"]]),
        "sex": np.concatenate([kids["sex"], adults["sex"]]),
        "postcode": house["postcode"][hh],
        "address_line": house["address"][hh],
        "previous_postcode": house["previous_postcode"][hh],
        "previous_address_line": house["previous_address"][hh],
        "moved_on": house["moved_on"][hh],
        "nhs_number": _nhs_numbers(n, rng),
        "upn": np.concatenate([schools["upn"], empty_kids]),
        "school": np.concatenate([schools["school"], empty_kids]),
        "school_code": np.concatenate([schools["school_code"], empty_kids]),
        "nc_year": np.concatenate([np.where(nc >= 0, nc, -1), np.full(n_adults, -1)]).astype(np.int64),
        "twin_of": link(np.r_[kids["twin_of"], np.full(n_adults, -1)]),
        "similar_name_of": link(np.r_[kids["similar_of"], np.full(n_adults, -1)]),
    }
