"""Name keys for typo-tolerant search. Plain Python, no Django."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
from nicknames import NickNamer

# The nicknames package comes from US genealogy data; these are common UK forms it lacks.
UK_NICKNAMES: dict[str, set[str]] = {
    "alfred": {"alfie", "alf"},
    "albert": {"alfie", "bert", "bertie"},
    "evelyn": {"evie", "eve"},
    "eve": {"evie"},
    "muhammad": {"mohammed", "mohammad", "mohamed", "muhammed", "mohamad", "mo"},
    "oliver": {"ollie", "olly", "ol"},
    "olivia": {"liv", "livvy", "ollie"},
    "harrison": {"harry"},
    "henry": {"harry", "hal", "hank"},
    "archibald": {"archie"},
    "frederick": {"freddie", "fred", "freddy"},
    "theodore": {"theo", "teddy", "ted"},
    "isabella": {"izzy", "bella", "issy"},
    "isabelle": {"izzy", "belle", "issy"},
    "charlotte": {"lottie", "charlie"},
    "charles": {"charlie", "chas"},
    "matilda": {"tilly", "tillie"},
    "amelia": {"millie", "mia"},
    "emily": {"millie", "em"},
    "william": {"will", "billy", "bill", "liam"},
    "jacob": {"jake", "jack"},
    "john": {"jack", "johnny"},
    "thomas": {"tom", "tommy"},
    "samuel": {"sam", "sammy"},
    "joseph": {"joe", "joey"},
    "daniel": {"dan", "danny"},
    "james": {"jim", "jimmy", "jamie"},
    "jessica": {"jess", "jessie"},
    "rebecca": {"becky", "becca"},
    "katherine": {"kate", "katie", "kat"},
    "catherine": {"cath", "kate", "katie"},
    "zofia": {"zosia"},
    "aleksander": {"olek", "alek"},
}


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


def fold(name: str) -> str:
    """Lower case, accents removed, letters only: 'Zoë O'Brien-Smith' → 'zoe obriensmith'."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]", "", text.lower().replace("-", " ")).strip()


@lru_cache(maxsize=20000)
def name_forms(name: str) -> frozenset[str]:
    """The name, its formal forms and its nicknames, folded."""
    base = fold(name)
    if not base:
        return frozenset()
    forms = {base}
    namer = _nicknamer()
    canonicals = set(namer.canonicals_of(base)) | {base}
    forms |= canonicals
    for canonical in canonicals:
        forms |= set(namer.nicknames_of(canonical))
    for formal, nicks in UK_NICKNAMES.items():
        if base == formal or base in nicks:
            forms |= {formal} | nicks
    return frozenset(forms)


def names_equivalent(a: str, b: str) -> bool:
    return bool(name_forms(a) & name_forms(b))


def search_key(name: str) -> str:
    """A phonetic key (Metaphone) of the first word, for indexed candidate lookups."""
    folded = fold(name).split(" ")
    return jellyfish.metaphone(folded[0])[:16] if folded and folded[0] else ""
