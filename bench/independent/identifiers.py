"""Identifiers and addresses, built from the published rules (``/work/shared/domain.md``), vectorised.

- NHS number: ten digits; weights 10..2 over the first nine, check = 11 - (sum mod 11), 11 -> 0, 10 never issued.
- UPN: a check letter then twelve digits (LA code, establishment, year, serial); letter = weighted sum of the
  digits (weights 2..13) mod 23 over the alphabet without I, O and S.
- Postcodes in the DL, TS and DH areas: outward code (area + district) and inward code (sector digit and a
  unit of two letters from the 20 letters used there).
"""

from __future__ import annotations

import numpy as np

NHS_WEIGHTS = np.arange(10, 1, -1, dtype=np.int64)
UPN_WEIGHTS = np.arange(2, 14, dtype=np.int64)
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # C, I, K, M, O and V are never used in the inward code

# Local authority codes (for UPNs) and the towns each outward district serves.
LA_CODES = {"Darlington": "841", "Durham": "840", "Hartlepool": "805", "Middlesbrough": "806",
            "Redcar and Cleveland": "807", "Stockton-on-Tees": "808"}  # fmt: skip
DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("DL1", "Darlington", "Darlington"), ("DL2", "Darlington", "Darlington"), ("DL3", "Darlington", "Darlington"),
    ("DL4", "Shildon", "Durham"), ("DL5", "Newton Aycliffe", "Durham"), ("DL12", "Barnard Castle", "Durham"),
    ("DL13", "Bishop Auckland", "Durham"), ("DL14", "Bishop Auckland", "Durham"), ("DL15", "Crook", "Durham"),
    ("DL16", "Spennymoor", "Durham"), ("DL17", "Ferryhill", "Durham"),
    ("TS1", "Middlesbrough", "Middlesbrough"), ("TS3", "Middlesbrough", "Middlesbrough"),
    ("TS4", "Middlesbrough", "Middlesbrough"), ("TS5", "Middlesbrough", "Middlesbrough"),
    ("TS6", "Middlesbrough", "Redcar and Cleveland"), ("TS7", "Middlesbrough", "Middlesbrough"),
    ("TS8", "Middlesbrough", "Middlesbrough"), ("TS10", "Redcar", "Redcar and Cleveland"),
    ("TS11", "Redcar", "Redcar and Cleveland"), ("TS12", "Saltburn-by-the-Sea", "Redcar and Cleveland"),
    ("TS14", "Guisborough", "Redcar and Cleveland"), ("TS17", "Stockton-on-Tees", "Stockton-on-Tees"),
    ("TS18", "Stockton-on-Tees", "Stockton-on-Tees"), ("TS19", "Stockton-on-Tees", "Stockton-on-Tees"),
    ("TS20", "Stockton-on-Tees", "Stockton-on-Tees"), ("TS21", "Stockton-on-Tees", "Stockton-on-Tees"),
    ("TS22", "Billingham", "Stockton-on-Tees"), ("TS23", "Billingham", "Stockton-on-Tees"),
    ("TS24", "Hartlepool", "Hartlepool"), ("TS25", "Hartlepool", "Hartlepool"), ("TS26", "Hartlepool", "Hartlepool"),
    ("TS27", "Hartlepool", "Durham"), ("TS28", "Wingate", "Durham"), ("TS29", "Trimdon Station", "Durham"),
    ("DH1", "Durham", "Durham"), ("DH2", "Chester le Street", "Durham"), ("DH3", "Chester le Street", "Durham"),
    ("DH4", "Houghton le Spring", "Durham"), ("DH5", "Houghton le Spring", "Durham"), ("DH6", "Durham", "Durham"),
    ("DH7", "Durham", "Durham"), ("DH8", "Consett", "Durham"), ("DH9", "Stanley", "Durham"),
)  # fmt: skip

STREET_STEMS = (
    "Cedar", "Oak", "Beech", "Station", "Church", "Victoria", "Albert", "Coronation", "Mill", "Front", "Park",
    "Chester", "Durham", "York", "Milbank", "Grange", "Haughton", "Yarm", "Hartburn", "Newport", "Linthorpe",
    "Acklam", "Marton", "Ormesby", "Seaton", "Hylton", "Bede", "Cuthbert", "Aidan", "Wear", "Tees", "Skerne",
    "Gainford", "Cockerton", "Heighington", "Elm", "Ash", "Sycamore", "Rowan", "Hawthorn", "Primrose",
    "Bluebell", "Meadow", "Brook", "Fell", "Moor", "Dene", "Burn", "Colliery", "Pit", "Railway", "Stephenson",
    "Pease", "Backhouse", "Bondgate", "Northgate", "Southend", "Westfield", "Eastbourne", "Whinfield",
    "Lingfield", "Harrowgate", "Branksome", "Mowden", "Redhall", "Firthmoor", "Skerningham", "Thornaby",
    "Norton", "Roseworth", "Fairfield", "Hardwick", "Elm Tree", "Owton", "Rift House", "Throston", "Belle Vue",
)  # fmt: skip
STREET_KINDS = ("Road", "Street", "Avenue", "Grove", "Close", "Terrace", "Crescent", "Drive", "Way", "Gardens",
                "Lane", "Court", "View", "Walk", "Place")  # fmt: skip
ABBREVIATIONS = {"Road": "Rd", "Street": "St", "Avenue": "Ave", "Crescent": "Cres", "Drive": "Dr",
                 "Gardens": "Gdns", "Terrace": "Terr", "Court": "Ct", "Place": "Pl", "Lane": "Ln"}  # fmt: skip


def nhs_check(body: np.ndarray) -> np.ndarray:
    """Check digits for an (n, 9) array of digits; 10 where the body can never be issued."""
    check = 11 - (body @ NHS_WEIGHTS) % 11
    return np.where(check == 11, 0, check)


def nhs_numbers(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` distinct valid NHS numbers (as text), starting 4, 6 or 7 like England's."""
    found: list[np.ndarray] = []
    seen: set[int] = set()
    while sum(len(f) for f in found) < count:
        want = int((count - sum(len(f) for f in found)) * 1.2) + 16
        body = rng.integers(0, 10, size=(want, 9))
        body[:, 0] = rng.choice(np.array([4, 6, 7]), size=want)
        check = nhs_check(body)
        ok = (check != 10) & (body != body[:, :1]).any(axis=1)
        digits = np.concatenate([body, check[:, None]], axis=1)[ok]
        values = digits @ (10 ** np.arange(9, -1, -1, dtype=np.int64))
        fresh = []
        for i, v in enumerate(values.tolist()):
            if v not in seen:
                seen.add(v)
                fresh.append(i)
        found.append(values[fresh])
    numbers = np.concatenate(found)[:count]
    return np.char.zfill(numbers.astype(str), 10).astype(object)


def upn_letter(digits: np.ndarray) -> np.ndarray:
    """Check letters for an (n, 12) array of digits."""
    letters = np.array(list(UPN_LETTERS), dtype=object)
    return letters[(digits @ UPN_WEIGHTS) % 23]


def upns(la_codes: np.ndarray, establishments: np.ndarray, years: np.ndarray, serials: np.ndarray) -> np.ndarray:
    """UPNs from their parts: 3-digit LA code, 4-digit establishment, 2-digit year, 3-digit serial (all text)."""
    body = la_codes.astype(object) + establishments.astype(object) + years.astype(object) + serials.astype(object)
    digits = np.frombuffer("".join(body.tolist()).encode("ascii"), dtype=np.uint8).reshape(-1, 12) - ord("0")
    return upn_letter(digits.astype(np.int64)) + body


def upn_is_valid(upn: str) -> bool:
    if len(upn) != 13 or upn[0] not in UPN_LETTERS or not upn[1:].isdigit():
        return False
    digits = np.array([int(c) for c in upn[1:]], dtype=np.int64)
    return str(upn_letter(digits[None, :])[0]) == upn[0]


def postcode_units(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``count`` distinct postcode units: (postcode, street, town, local authority), one street per unit."""
    district = rng.integers(0, len(DISTRICTS), size=count * 2)
    sector = rng.integers(0, 10, size=count * 2)
    unit = rng.integers(0, len(INWARD_LETTERS) ** 2, size=count * 2)
    letters = np.array(list(INWARD_LETTERS), dtype=object)
    outward = np.array([d[0] for d in DISTRICTS], dtype=object)[district]
    codes = outward + " " + sector.astype(str).astype(object) + letters[unit // 20] + letters[unit % 20]
    _, first = np.unique(codes.astype(str), return_index=True)
    keep = np.sort(first)[:count]
    if len(keep) < count:
        raise ValueError("not enough distinct postcodes; the population is larger than this world can house")
    stems = np.array(STREET_STEMS, dtype=object)[rng.integers(0, len(STREET_STEMS), size=len(keep))]
    kinds = np.array(STREET_KINDS, dtype=object)[rng.integers(0, len(STREET_KINDS), size=len(keep))]
    towns = np.array([d[1] for d in DISTRICTS], dtype=object)[district[keep]]
    authorities = np.array([d[2] for d in DISTRICTS], dtype=object)[district[keep]]
    return codes[keep], stems + " " + kinds, towns, authorities
