"""Every rule gives one answer whichever record of a pair comes first.

The scorer hands the rules each pair one way round (the lower record number first), and that order follows the
order the extracts were read in. A rule that saw through a swap of given and family names on the right-hand
record only let twins through when the swapped record came first (issue 13, the 5,000,000-record run)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.datawash.engine.rules import (
    RecordFacts,
    doubt_reason,
    fits_without_doubt,
    one_name_and_birthday,
    same_name_and_birthday_nothing_against,
    veto_reason,
)

from .test_rules import facts

NAMES = ["Millie", "Amelia", "Gethin", "Taylor", "Tailor", "James", "Jim", "Hall"]
DATES = ["2006-07-01", "2006-07-02", "2006-01-07"]
MIDDLES = [None, "Rose", "Kevin", "R"]


@st.composite
def records(draw: st.DrawFn) -> RecordFacts:
    return facts(
        draw(st.sampled_from(NAMES)),
        draw(st.sampled_from(NAMES)),
        draw(st.sampled_from(DATES)),
        middle_name=draw(st.sampled_from(MIDDLES)),
        sex=draw(st.sampled_from([None, "m", "f"])),
        source=draw(st.sampled_from(["police", "social_care"])),
        nhs_number=draw(st.sampled_from([None, "9434765919"])),
    )


@settings(max_examples=400, deadline=None)
@given(records(), records())
def test_each_rule_answers_alike_either_way_round(a: RecordFacts, b: RecordFacts) -> None:
    rules: tuple[Callable[[RecordFacts, RecordFacts], object], ...] = (
        veto_reason,
        doubt_reason,
        one_name_and_birthday,
        same_name_and_birthday_nothing_against,
        fits_without_doubt,
    )
    for rule in rules:
        assert bool(rule(a, b)) == bool(rule(b, a)), rule.__name__


def test_twins_are_held_apart_when_the_swapped_record_comes_first() -> None:
    twin = facts("Gethin", "Taylor", "2006-07-01", sex="m", source="social_care")
    sister_swapped = facts("Taylor", "Millie", "2006-07-01", sex="f", source="police")
    assert veto_reason(sister_swapped, twin)
    assert veto_reason(twin, sister_swapped)
