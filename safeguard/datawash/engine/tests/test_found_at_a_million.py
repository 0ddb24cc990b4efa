"""Two unseen children the engine marked seen at 1,000,000 records (the project's generator, 2 December 2026),
each made into a rule that holds on any partnership's data."""

from __future__ import annotations

from safeguard.datawash.engine.model import cap_swapped_names
from safeguard.datawash.engine.rules import doubt_reason

from .test_rules import facts


def test_twins_one_letter_apart_on_one_register_are_not_one_child_with_a_slip() -> None:
    # Albie was never seen; his twin Alfie was. The register lists both, at one address, with one birthday.
    albie = facts("Albie", "Li", "2009-02-01", source="ehe_register", sex="m")
    alfie = facts("Alfie", "Li", "2009-02-01", source="ehe_register", sex="m")
    assert doubt_reason(albie, alfie) == "one agency holds these as two children with different given names"


def test_a_slip_that_sounds_the_same_is_still_one_child_twice_in_one_extract() -> None:
    leo = facts("Leo", "Campbell", "2017-02-21", source="health", sex="m")
    leeo = facts("Leeo", "Campbell", "2017-02-21", source="health", sex="m")
    assert doubt_reason(leo, leeo) is None


def _name_comparison(name: str, exact: tuple[float, float], swapped: tuple[float, float]) -> dict[str, object]:
    return {
        "output_column_name": name,
        "comparison_levels": [
            {"is_null_level": True, "label_for_charts": "missing on either side"},
            {
                "label_for_charts": f"same {name.replace('_', ' ')}",
                "m_probability": exact[0],
                "u_probability": exact[1],
            },
            {
                "label_for_charts": "given and family names swapped",
                "m_probability": swapped[0],
                "u_probability": swapped[1],
            },
            {"label_for_charts": "different", "m_probability": 0.05, "u_probability": 0.98},
        ],
    }


def test_swapped_names_never_weigh_more_than_the_names_the_right_way_round() -> None:
    # EM found swaps rarer among strangers (u) than exact names, so a swapped namesake at another address
    # outscored the link threshold; capped, it weighs a hair less than an exact match.
    model = {"comparisons": [_name_comparison("given_name", (0.9, 0.01), (0.02, 0.00001))]}
    level = cap_swapped_names(model)["comparisons"][0]["comparison_levels"][2]
    assert abs(level["m_probability"] / level["u_probability"] - 0.99 * 0.9 / 0.01) < 1e-9


def test_a_swap_already_weighing_less_is_left_alone() -> None:
    model = {"comparisons": [_name_comparison("family_name", (0.9, 0.01), (0.02, 0.001))]}
    assert cap_swapped_names(model)["comparisons"][0]["comparison_levels"][2]["u_probability"] == 0.001
