"""Name normalisation, nickname groups and phonetic codes.

Everything here works on *distinct* values: a million records hold only tens of
thousands of distinct names, so per-value Python is cheap and the results are
joined back to the records in one vectorised step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import jellyfish
from nicknames import NickNamer

from safeguard.people.names import UK_NICKNAMES, name_forms

_NOT_LETTER = re.compile(r"[^a-z]")
_TOKEN_SPLIT = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class NameFeatures:
    clean: str
    first_token: str
    tokens: tuple[str, ...]
    metaphone: str
    groups: tuple[str, ...]
    """The name itself plus the formal names it may stand for: two names share a group when one is a nickname of
    the other or both are nicknames of one formal name."""
    key: str
    """One group chosen deterministically, for blocking only."""
    sounds: tuple[str, ...] = ()
    """Metaphones of the name and of every nickname and formal form of it: a nickname misspelt (Lizy for
    Elizabeth) sounds like one of them."""


def strip_accents(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")


def tokens_of(value: str) -> tuple[str, ...]:
    """Lower-case letter-only parts: 'Smith-Jones' → ('smith', 'jones'), "O'Brien" → ('obrien',)."""
    lowered = strip_accents(value).lower()
    parts = (_NOT_LETTER.sub("", part) for part in _TOKEN_SPLIT.split(lowered))
    return tuple(part for part in parts if part)


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def formal_names(name: str) -> frozenset[str]:
    """The formal names ``name`` may be short for, from the nicknames package and the UK supplement."""
    found = set(_nicknamer().canonicals_of(name))
    found.update(UK_NICKNAMES.get(name, ()))
    return frozenset(found)


def name_features(raw: str) -> NameFeatures | None:
    tokens = tokens_of(raw)
    if not tokens:
        return None
    clean = "".join(tokens)
    first = tokens[0]
    formal = formal_names(first)
    groups = tuple(sorted({first, clean, *formal}))
    # A name that is itself formal (has nicknames) keys on itself, so 'elizabeth' and 'liz' share the key.
    key = first if _nicknamer().nicknames_of(first) or not formal else min(formal)
    metaphone = jellyfish.metaphone(clean) or clean
    sounds = {metaphone, *(jellyfish.metaphone(form) or form for form in name_forms(first))}
    return NameFeatures(
        clean=clean,
        first_token=first,
        tokens=tokens,
        metaphone=metaphone,
        groups=groups,
        key=key,
        sounds=tuple(sorted(sounds)),
    )


def are_nickname_related(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return not set(a).isdisjoint(b)


_DIMINUTIVE_ENDINGS = ("ie", "ey", "ee", "y", "i")
_VOWELS = frozenset("aeiou")


def _stems(name: str) -> set[str]:
    """The name and its stems without a diminutive ending, a doubled last consonant made single (Livvy: liv)."""
    stems = {name}
    for ending in _DIMINUTIVE_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending) + 1:
            stem = name[: -len(ending)]
            stems.add(stem)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stems.add(stem[:-1])
    return stems


def is_diminutive(short: str, formal: str) -> bool:
    """``short`` is made from ``formal`` the way English short forms are made, whether or not a list knows it.

    The start of the formal name (Flo, Florrie: Florence), or its start after a first vowel (Liv, Livvy: Olivia;
    Lexi: Alexandra), at least three letters long, with or without a diminutive ending (-ie, -y, -ey, -ee, -i).
    A consonant is never dropped from the front, so rhyming names (Ella and Bella) are not taken for one.
    """
    # The same length is allowed: a diminutive ending can make a short form as long as the name (Livvie: Olivia);
    # it is the stem, checked below, that must be shorter.
    if not short or not formal or short == formal or len(short) > len(formal):
        return False
    for stem in _stems(short):
        if len(stem) < 3:
            continue
        if formal.startswith(stem) or (formal[0] in _VOWELS and formal[1:].startswith(stem)):
            return True
    return False
