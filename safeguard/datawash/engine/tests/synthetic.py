"""A small synthetic partnership with ground truth, for the engine's own tests and as the bench's fallback.

Households of siblings (and some twins) share a surname, address and postcode; each
agency's extract holds its own slightly wrong copy of a child (nicknames, typos,
swapped day and month, changed or double-barrelled surnames, missing identifiers).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from safeguard.people.identifiers import make_nhs_number, make_upn

BOYS = [
    "oliver", "jack", "harry", "jacob", "charlie", "thomas", "george", "oscar", "james", "william", "noah", "alfie",
    "joshua", "muhammad", "henry", "leo", "archie", "ethan", "joseph", "freddie", "samuel", "alexander", "logan",
    "daniel", "isaac", "max", "mohammed", "benjamin", "mason", "lucas", "edward", "harrison", "jake", "dylan", "riley",
    "finley", "theo", "sebastian", "adam", "zachary", "arthur", "toby", "jayden", "luke", "harley", "lewis", "tyler",
    "harvey", "matthew", "david", "reuben", "michael", "elijah", "kian", "tommy", "mohammad", "blake", "luca",
    "theodore", "stanley", "jenson", "nathan", "charles", "frankie", "jude", "teddy", "louie", "louis", "ryan",
]  # fmt: skip
GIRLS = [
    "amelia", "olivia", "isla", "emily", "poppy", "ava", "isabella", "jessica", "lily", "sophie", "grace", "sophia",
    "mia", "evie", "ruby", "ella", "scarlett", "isabelle", "chloe", "sienna", "freya", "phoebe", "charlotte", "daisy",
    "alice", "florence", "eva", "sofia", "millie", "lucy", "evelyn", "elsie", "rosie", "imogen", "lola", "matilda",
    "elizabeth", "layla", "holly", "lilly", "molly", "erin", "ellie", "maisie", "maya", "abigail", "eliza", "georgia",
    "jasmine", "esme", "willow", "bella", "annabelle", "ivy", "amber", "emilia", "emma", "summer", "hannah", "eleanor",
    "harriet", "rose", "amelie", "lexi", "megan", "gracie", "zara", "lacey", "martha", "anna", "violet", "darcey",
]  # fmt: skip
SURNAMES = [
    "smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson", "thomas", "johnson", "roberts",
    "robinson", "thompson", "wright", "walker", "white", "edwards", "hughes", "green", "hall", "lewis", "harris",
    "clarke", "patel", "jackson", "wood", "turner", "martin", "cooper", "hill", "ward", "morris", "moore", "clark",
    "lee", "king", "baker", "harrison", "morgan", "allen", "james", "scott", "phillips", "watson", "davis", "parker",
    "price", "bennett", "young", "griffiths", "mitchell", "kelly", "cook", "carter", "richardson", "bailey", "collins",
    "bell", "shaw", "murphy", "miller", "cox", "richards", "khan", "marshall", "anderson", "simpson", "ellis", "adams",
    "singh", "begum", "wilkinson", "foster", "chapman", "powell", "webb", "rogers", "gray", "mason", "ali", "hunt",
    "hussain", "campbell", "matthews", "owen", "palmer", "holmes", "mills", "barnes", "knight", "lloyd", "butler",
    "russell", "barker", "fisher", "stevens", "jenkins", "murray", "dixon", "harvey", "graham", "pearson", "ahmed",
    "fletcher", "walsh", "kaur", "gibson", "howard", "andrews", "stewart", "elliott", "reynolds", "saunders", "payne",
]  # fmt: skip
NICKNAMES = {
    "alexander": "alex", "benjamin": "ben", "charles": "charlie", "daniel": "danny", "edward": "teddy",
    "elizabeth": "liz", "isabella": "bella", "jessica": "jess", "joshua": "josh", "matilda": "tilly",
    "matthew": "matt", "michael": "mike", "samuel": "sam", "theodore": "theo", "thomas": "tom", "william": "will",
    "zachary": "zac", "amelia": "millie", "oliver": "ollie", "frederick": "freddie", "alfred": "alfie",
    "harriet": "hattie", "eleanor": "ellie", "abigail": "abby", "james": "jamie", "joseph": "joe",
}  # fmt: skip
STREETS = ["high street", "station road", "church lane", "park avenue", "victoria road", "north road", "grange road"]
DISTRICTS = ["DL1", "DL2", "DL3", "DL5", "DH1", "TS1"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SOURCES = ("school_census", "health", "police", "social_care")


@dataclass
class Child:
    person_id: str
    given: str
    middle: str
    family: str
    dob: dt.date
    sex: str
    postcode: str
    address: str
    nhs: str
    upn: str
    contacts: dict[str, dt.date | None] = field(default_factory=dict)


@dataclass(frozen=True)
class SyntheticSet:
    directory: Path
    cohort: Path
    sources: dict[str, Path]
    truth: Path
    cohort_truth: Path


def _postcode(rng: random.Random) -> str:
    return f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _nhs(rng: random.Random) -> str:
    while True:
        number = make_nhs_number(rng.randint(400_000_000, 799_999_999))
        if number:
            return number


def _households(rng: random.Random, children: int, as_of: dt.date) -> list[Child]:
    people: list[Child] = []
    serial = 0
    while len(people) < children:
        family = rng.choice(SURNAMES)
        if rng.random() < 0.04:
            family = f"{family}-{rng.choice(SURNAMES)}"
        postcode = _postcode(rng)
        address = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
        first_dob = as_of - dt.timedelta(days=rng.randint(365 * 1, 365 * 17))
        size = rng.choice([1, 1, 2, 2, 3, 4])
        used: set[str] = set()
        for index in range(size):
            twin = index > 0 and rng.random() < 0.08
            dob = people[-1].dob if twin else first_dob - dt.timedelta(days=index * rng.randint(400, 900))
            if (as_of - dob).days > 365 * 18:
                continue
            sex = rng.choice("mf")
            given = rng.choice([n for n in (BOYS if sex == "m" else GIRLS) if n not in used])
            used.add(given)
            serial += 1
            age = (as_of - dob).days // 365
            upn = make_upn(841, rng.randint(1000, 9999), dob.year + 5, serial % 1000) if age >= 5 else ""
            middle = rng.choice(BOYS if sex == "m" else GIRLS) if rng.random() < 0.5 else ""
            people.append(
                Child(f"T{serial:07d}", given, middle, family, dob, sex, postcode, address, _nhs(rng), upn)
            )
    return people[:children]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :] if rng.random() < 0.5 else text[:i] + text[i + 1 :]


def _dob_text(rng: random.Random, dob: dt.date, uk_format: bool) -> str:
    roll = rng.random()
    if roll < 0.02 and dob.day <= 12 and dob.day != dob.month:
        dob = dob.replace(day=dob.month, month=dob.day)  # day and month transposed
    elif roll < 0.04:
        dob = dob.replace(day=min(28, dob.day % 10 + 10 * ((dob.day // 10 + 1) % 3) or 1))  # one digit wrong
    return dob.strftime("%d/%m/%Y") if uk_format else dob.isoformat()


def _corrupt(rng: random.Random, child: Child) -> Child:
    given, family = child.given, child.family
    roll = rng.random()
    if roll < 0.10 and given in NICKNAMES:
        given = NICKNAMES[given]
    elif roll < 0.16:
        given = _typo(rng, given)
    roll = rng.random()
    if roll < 0.04:
        family = rng.choice(SURNAMES)  # surname changed (new family, adoption)
    elif roll < 0.07 and "-" not in family:
        family = f"{family}-{rng.choice(SURNAMES)}"
    elif roll < 0.11:
        family = _typo(rng, family)
    if rng.random() < 0.01:
        given, family = family, given
    postcode = child.postcode if rng.random() > 0.08 else _postcode(rng)
    return replace(child, given=given, family=family, postcode=postcode)


def _record(rng: random.Random, source: str, record_id: str, child: Child, seen: dt.date | None) -> dict[str, str]:
    copy = _corrupt(rng, child)
    has_nhs = {"health": 0.97, "social_care": 0.8, "police": 0.4, "school_census": 0.2, "ehe_register": 0.3}[source]
    nhs = copy.nhs if rng.random() < has_nhs else ""
    if nhs and rng.random() < 0.01:
        nhs = nhs[:-1] + str((int(nhs[-1]) + 1) % 10)  # fails the check digit
    upn = copy.upn if source in ("school_census", "ehe_register", "social_care") and rng.random() < 0.9 else ""
    return {
        "record_id": record_id,
        "given_name": copy.given.title(),
        "middle_name": copy.middle.title() if rng.random() < 0.6 else "",
        "family_name": copy.family.title(),
        "date_of_birth": _dob_text(rng, copy.dob, uk_format=source in ("police", "school_census")),
        "sex": copy.sex.upper() if rng.random() < 0.95 else "",
        "postcode": copy.postcode if rng.random() < 0.95 else "",
        "address_line": copy.address.title() if rng.random() < 0.8 else "",
        "nhs_number": nhs,
        "upn": upn,
        "last_seen_date": seen.isoformat() if seen else "",
    }


def _contact(rng: random.Random, as_of: dt.date, *, recent: bool) -> dt.date:
    days = rng.randint(5, 500) if recent else rng.randint(600, 1500)
    return as_of - dt.timedelta(days=days)


def generate(
    directory: Path, *, children: int, seed: int, as_of: dt.date, cohort_size: int, unseen_share: float = 0.56
) -> SyntheticSet:
    """Write cohort and source CSVs plus truth.csv and cohort_truth.csv to ``directory``."""
    rng = random.Random(seed)
    people = _households(rng, children, as_of)
    cohort = rng.sample(people, min(cohort_size, len(people)))
    cohort_ids = {c.person_id for c in cohort}
    unseen = {c.person_id for c in cohort if rng.random() < unseen_share}
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in ("ehe_register", *SOURCES)}
    truth: list[tuple[str, str, str]] = []
    cohort_truth: list[tuple[str, str, bool, str]] = []

    def add(source: str, child: Child, seen: dt.date | None) -> str:
        record_id = f"{source[:3].upper()}{len(rows[source]) + 1:07d}"
        rows[source].append(_record(rng, source, record_id, child, seen))
        truth.append((source, record_id, child.person_id))
        return record_id

    for child in people:
        in_cohort = child.person_id in cohort_ids
        recent = child.person_id not in unseen
        latest: dt.date | None = None
        for source, share in (("health", 0.9), ("school_census", 0.75), ("police", 0.1), ("social_care", 0.08)):
            if rng.random() >= share:
                continue
            if in_cohort and source == "school_census":
                seen = _contact(rng, as_of, recent=False)  # home-educated: the school saw them long ago
            else:
                seen = _contact(rng, as_of, recent=recent or not in_cohort)
            add(source, child, seen)
            latest = max(latest, seen) if latest else seen
        if in_cohort and recent and (latest is None or (as_of - latest).days > 540):
            seen = _contact(rng, as_of, recent=True)
            add("health", child, seen)
            latest = seen
        if in_cohort:
            record_id = add("ehe_register", child, None)
            truly_unseen = latest is None or (as_of - latest).days > 540
            cohort_truth.append((record_id, child.person_id, truly_unseen, latest.isoformat() if latest else ""))
    return _write(directory, rows, truth, cohort_truth)


def _write(
    directory: Path,
    rows: dict[str, list[dict[str, str]]],
    truth: list[tuple[str, str, str]],
    cohort_truth: list[tuple[str, str, bool, str]],
) -> SyntheticSet:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for source, records in rows.items():
        path = directory / f"{source}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(_record_fields()))
            writer.writeheader()
            writer.writerows(records)
        paths[source] = path
    truth_path = directory / "truth.csv"
    with truth_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "person_id"])
        writer.writerows(truth)
    cohort_truth_path = directory / "cohort_truth.csv"
    with cohort_truth_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["cohort_record_id", "person_id", "truly_unseen", "true_last_seen_date"])
        writer.writerows((r, p, str(u).lower(), d) for r, p, u, d in cohort_truth)
    return SyntheticSet(
        directory=directory,
        cohort=paths.pop("ehe_register"),
        sources=paths,
        truth=truth_path,
        cohort_truth=cohort_truth_path,
    )


def _record_fields() -> tuple[str, ...]:
    return (
        "record_id", "given_name", "middle_name", "family_name", "date_of_birth", "sex", "postcode",
        "address_line", "nhs_number", "upn", "last_seen_date",
    )  # fmt: skip
