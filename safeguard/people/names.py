"""Name keys for typo-tolerant search. Plain Python, no Django."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
from nicknames import NickNamer

# The nicknames package is US genealogy data; these UK forms are common among
# children in England and missing from it. Each maps a form to its formal names.
UK_NICKNAMES: dict[str, tuple[str, ...]] = {
    "alfie": ("alfred",),
    "archie": ("archibald",),
    "evie": ("eve", "evelyn"),
    "ellie": ("eleanor", "ellen", "elizabeth"),
    "freddie": ("frederick",),
    "freddy": ("frederick",),
    "harry": ("henry", "harold"),
    "ollie": ("oliver", "olivia"),
    "olly": ("oliver",),
    "charlie": ("charles", "charlotte"),
    "lottie": ("charlotte",),
    "millie": ("amelia", "millicent", "mildred"),
    "milly": ("amelia", "millicent"),
    "tilly": ("matilda",),
    "izzy": ("isabella", "isabel", "isabelle"),
    "bella": ("isabella", "isabel", "isabelle"),
    "rosie": ("rose", "rosemary"),
    "maisie": ("margaret",),
    "lexi": ("alexandra", "alexa"),
    "alex": ("alexander", "alexandra"),
    "theo": ("theodore",),
    "teddy": ("edward", "theodore"),
    "zac": ("zachary",),
    "zak": ("zachary",),
    "josh": ("joshua",),
    "jamie": ("james",),
    "gracie": ("grace",),
    "sophie": ("sophia",),
    "jess": ("jessica",),
    "liam": ("william",),
    "kacey": ("kacie",),
    "mo": ("muhammad",),
    "mohammed": ("muhammad",),
    "mohammad": ("muhammad",),
    "mohamed": ("muhammad",),
    "muhammed": ("muhammad",),
    "mohamad": ("muhammad",),
    "muhamed": ("muhammad",),
    "muhamad": ("muhammad",),
    "mohammod": ("muhammad",),
    "eve": ("evelyn",),
    "kate": ("catherine", "katherine", "kathryn"),
    "katie": ("catherine", "katherine", "kathryn"),
    "katy": ("catherine", "katherine", "kathryn"),
    "kath": ("catherine", "katherine", "kathryn"),
    "cath": ("catherine", "katherine"),
    "kathryn": ("catherine", "katherine"),
    "katherine": ("catherine",),
    "kathleen": ("catherine",),
    "elena": ("eleanor", "helen"),
    "maddie": ("madison", "madeleine", "madeline", "madelyn"),
    "maddy": ("madison", "madeleine", "madeline", "madelyn"),
    "madeline": ("madeleine",),
    "madelyn": ("madeleine",),
    "izzie": ("isabella", "isabel", "isabelle", "isobel"),
    "issy": ("isabella", "isabel", "isabelle", "isobel"),
    "isobel": ("isabel",),
    "jas": ("jasmine", "jasmin"),
    "jaz": ("jasmine", "jasmin"),
    "jazz": ("jasmine", "jasmin"),
    "jasmin": ("jasmine",),
    "abi": ("abigail",),
    "abbie": ("abigail",),
    "benji": ("benjamin",),
    "lily": ("lilian", "lillian"),
    "georgie": ("georgia", "georgina", "george"),
    "nicky": ("nicola", "nicholas"),
    "nikki": ("nicola",),
    "frankie": ("francesca", "frances", "francis"),
    "leo": ("leonardo", "leon"),
    "ayesha": ("aisha",),
    "sammy": ("samuel", "samantha"),
    "sam": ("samuel", "samantha"),
    "billy": ("william",),
    "jack": ("john",),
    "liz": ("elizabeth",),
    "beth": ("elizabeth",),
    "lizzie": ("elizabeth",),
    "libby": ("elizabeth",),
}

# The same list read the other way: a formal name to its UK short forms.
_UK_FORMS_OF: dict[str, set[str]] = {}
for _form, _formals in UK_NICKNAMES.items():
    for _formal in _formals:
        _UK_FORMS_OF.setdefault(_formal, set()).add(_form)


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
    formals = set(UK_NICKNAMES.get(base, ())) | {base}
    forms |= formals
    for formal in formals:
        forms |= _UK_FORMS_OF.get(formal, set())
    return frozenset(forms)


def names_equivalent(a: str, b: str) -> bool:
    return bool(name_forms(a) & name_forms(b))


def search_key(name: str) -> str:
    """A phonetic key (Metaphone) of the first word, for indexed candidate lookups."""
    folded = fold(name).split(" ")
    return jellyfish.metaphone(folded[0])[:16] if folded and folded[0] else ""
