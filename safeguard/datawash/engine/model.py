"""The Splink model: comparisons that encode what the domain knows, blocking rules and unsupervised training.

Only Splink's level library is used (no raw SQL functions), so the same settings run
unchanged on DuckDB and on Spark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

# Splink 5 exports no public name for the creator classes that its libraries return (cl.*, cll.*, block_on), so the
# annotations import them from splink.internals; BlockingRule is subclassed (``_RuleLeftOutByItsOwnKeys``).
from splink.internals.blocking import BlockingRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.input_column import InputColumn

from safeguard.datawash.engine.errors import BadInput
from safeguard.datawash.engine.rules import DATE_SLIP_DAYS

# Given and family names swapped, the other name perhaps misspelt; one rule per direction, since a dedupe only
# looks at each pair one way round. The month holds the same date of birth and one a few days out (a police-style
# record), so one rule serves both.
SWAPPED_NAMES = (
    "l.birth_year_month = r.birth_year_month AND l.given_name = r.family_name",
    "l.birth_year_month = r.birth_year_month AND l.family_name = r.given_name",
)


def _exact(column: str, label: str, *, tf: bool = False) -> ComparisonLevelCreator:
    return cll.ExactMatchLevel(column, term_frequency_adjustments=tf).configure(label_for_charts=label)


def _null(column: str) -> ComparisonLevelCreator:
    return cll.NullLevel(column).configure(label_for_charts="missing on either side")


def _comparison(name: str, levels: list[Any]) -> cl.CustomComparison:
    return cl.CustomComparison(comparison_levels=levels, output_column_name=name)


def _half_swapped() -> ComparisonLevelCreator:
    """Names swapped with one of them misspelt: one name lands exactly in the other field."""
    return cll.Or(
        cll.ColumnsReversedLevel("given_name", "family_name"), cll.ColumnsReversedLevel("family_name", "given_name")
    ).configure(label_for_charts="given and family names swapped, one misspelt")


def given_name_comparison() -> ComparisonCreator:
    return _comparison(
        "given_name",
        [
            _null("given_name"),
            _exact("given_name", "same given name", tf=True),
            cll.ColumnsReversedLevel("given_name", "family_name", symmetrical=True).configure(
                label_for_charts="given and family names swapped"
            ),
            _half_swapped(),
            cll.Or(
                cll.ColumnsReversedLevel("given_name", "middle_name"),
                cll.ColumnsReversedLevel("middle_name", "given_name"),
            ).configure(label_for_charts="known by middle name"),
            cll.ArrayIntersectLevel("given_groups", 1).configure(label_for_charts="nickname of each other"),
            cll.JaroWinklerLevel("given_name", 0.92).configure(label_for_charts="spelling slip (Jaro-Winkler ≥ 0.92)"),
            _exact("given_metaphone", "sounds alike (metaphone)"),
            cll.ArrayIntersectLevel("given_sounds", 1).configure(
                label_for_charts="sounds like a nickname of the other (a nickname misspelt)"
            ),
            cll.JaroWinklerLevel("given_name", 0.8).configure(label_for_charts="similar (Jaro-Winkler ≥ 0.8)"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def family_name_comparison() -> ComparisonCreator:
    return _comparison(
        "family_name",
        [
            _null("family_name"),
            _exact("family_name", "same family name", tf=True),
            cll.ColumnsReversedLevel("family_name", "given_name", symmetrical=True).configure(
                label_for_charts="given and family names swapped"
            ),
            _half_swapped(),
            cll.ArrayIntersectLevel("family_tokens", 1).configure(
                label_for_charts="shares part of a double-barrelled name"
            ),
            cll.JaroWinklerLevel("family_name", 0.92).configure(label_for_charts="spelling slip (Jaro-Winkler ≥ 0.92)"),
            _exact("family_metaphone", "sounds alike (metaphone)"),
            cll.ElseLevel().configure(label_for_charts="different (or changed)"),
        ],
    )


SAME_DATE_OF_BIRTH = "same date of birth"


def date_of_birth_comparison() -> ComparisonCreator:
    transposed = (
        "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4)"
        " AND substr(date_of_birth_l, 6, 2) = substr(date_of_birth_r, 9, 2)"
        " AND substr(date_of_birth_l, 9, 2) = substr(date_of_birth_r, 6, 2)"
    )
    same_day_and_month = "substr(date_of_birth_l, 6, 5) = substr(date_of_birth_r, 6, 5)"
    return _comparison(
        "date_of_birth",
        [
            _null("date_of_birth"),
            _exact("date_of_birth", SAME_DATE_OF_BIRTH),
            cll.CustomLevel(transposed, label_for_charts="day and month transposed"),
            cll.LevenshteinLevel("date_of_birth", 1).configure(label_for_charts="one digit different"),
            cll.AbsoluteDateDifferenceLevel(
                "date_of_birth", input_is_string=True, threshold=DATE_SLIP_DAYS, metric="day"
            ).configure(label_for_charts=f"within {DATE_SLIP_DAYS} days"),
            cll.CustomLevel(same_day_and_month, label_for_charts="same day and month, another year"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def middle_name_comparison() -> ComparisonCreator:
    """Middle names: agreement is weak evidence, two different ones strong evidence against (twins are often
    told apart only by them). An initial, or the first of two middle names, is not a disagreement."""
    initial = (
        "substr(middle_name_l, 1, length(middle_name_r)) = middle_name_r"
        " OR substr(middle_name_r, 1, length(middle_name_l)) = middle_name_l"
    )
    return _comparison(
        "middle_name",
        [
            _null("middle_name"),
            _exact("middle_name", "same middle name"),
            cll.CustomLevel(initial, label_for_charts="an initial of the other, or the first of two"),
            cll.JaroWinklerLevel("middle_name", 0.88).configure(label_for_charts="spelling slip (Jaro-Winkler ≥ 0.88)"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def _town_added(short: str, long: str) -> str:
    """SQL: ``long`` is ``short`` with more words after it, and ``short`` has at least three words (a house number
    and a street, so 'flat 2' alone is not an address): the same as ``rules._one_address_with_the_town_added``."""
    return (
        f"(substr({long}, 1, length({short}) + 1) = {short} || ' '"
        f" AND length({short}) - length(replace({short}, ' ', '')) >= 2)"
    )


# One address line, or one written with the town after the street ('38 firthmoor grove' and '38 firthmoor grove
# durham'): one agency adds the town, and weighing that as a different line pulled true pairs under the threshold.
_ONE_ADDRESS_LINE = (
    f"address_l = address_r OR {_town_added('address_l', 'address_r')} OR {_town_added('address_r', 'address_l')}"
)


def household_comparison() -> ComparisonCreator:
    """Postcode and address line as one comparison: they agree together for a household, so two separate
    comparisons would count the same evidence twice (and make siblings look like one child)."""
    missing = "(postcode_l IS NULL OR postcode_r IS NULL) AND (address_l IS NULL OR address_r IS NULL)"
    return _comparison(
        "postcode",
        [
            cll.CustomLevel(missing, label_for_charts="missing on either side").configure(is_null_level=True),
            cll.CustomLevel(f"postcode_l = postcode_r AND ({_ONE_ADDRESS_LINE})").configure(
                label_for_charts="same postcode and address line"
            ),
            _exact("postcode", "same postcode"),
            cll.CustomLevel(_ONE_ADDRESS_LINE).configure(
                label_for_charts="same address line, postcode differs or missing"
            ),
            cll.JaroWinklerLevel("address", 0.9).configure(
                label_for_charts="address line nearly the same (Jaro-Winkler ≥ 0.9), postcode differs or missing"
            ),
            _exact("postcode_sector", "same postcode sector"),
            _exact("postcode_district", "same postcode district"),
            cll.ElseLevel().configure(label_for_charts="different district"),
        ],
    )


def _simple(column: str, same: str) -> ComparisonCreator:
    return _comparison(
        column, [_null(column), _exact(column, same), cll.ElseLevel().configure(label_for_charts="different")]
    )


def other_id_comparison() -> ComparisonCreator:
    """Another identifier both agencies hold, e.g. a local child ID: agreement is evidence the model weighs.

    With no check digit to catch them, typing slips stay in the data: one slip apart is a level of its
    own, and a disagreement is only evidence against, never a veto as two valid NHS numbers are.
    """
    return _comparison(
        "other_id",
        [
            _null("other_id"),
            _exact("other_id", "same other identifier"),
            cll.DamerauLevenshteinLevel("other_id", 1).configure(
                label_for_charts="one keying slip apart (a character wrong, missing, extra or two swapped)"
            ),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def comparisons() -> list[ComparisonCreator]:
    return [
        _simple("nhs_number", "same NHS number"),
        _simple("upn", "same UPN"),
        other_id_comparison(),
        given_name_comparison(),
        middle_name_comparison(),
        family_name_comparison(),
        date_of_birth_comparison(),
        household_comparison(),
        _simple("sex", "same sex"),
    ]


DATE_COULD_BE_ONE = (
    "abs(l.birth_day - r.birth_day) <= 31 OR l.birth_month_day = r.birth_month_day OR l.birth_swapped = r.date_of_birth"
)
"""Two dates of birth that could be one date mistyped: a slip of up to a month (a day or ten days out), the same
day and month in another year, or day and month exchanged. Any other two dates are two children's, and a rule
that joins on names or a house alone pairs every namesake or sibling born in the year, most of the pairs scored."""

DATE_MISSING_OR_COULD_BE_ONE = f"l.birth_day IS NULL OR r.birth_day IS NULL OR {DATE_COULD_BE_ONE}"


TWO_IDENTIFIED_CHILDREN = "coalesce(l.nhs_number <> r.nhs_number, FALSE) OR coalesce(l.upn <> r.upn, FALSE)"
"""Two different valid NHS numbers or UPNs: two children, whom the first veto (``rules.veto_reason``) never joins
or lists for an officer. Left out of every rule, so the engine does not score pairs only to throw them away:
the records of siblings and of namesakes at one agency are a large share of every block."""


TWO_CHILDREN_LEFT_OUT = f" AND NOT ({TWO_IDENTIFIED_CHILDREN})"


def _rule(join: str, condition: str | None = None) -> dict[str, Any]:
    """A blocking rule: the equi-join ``join``, then the filters, which the engine applies before computing any
    comparison, so a filter makes a rule cheap however large its blocks."""
    return {"blocking_rule": join + (f" AND ({condition})" if condition else "") + TWO_CHILDREN_LEFT_OUT}


class _RuleLeftOutByItsOwnKeys(BlockingRule):
    """A prediction blocking rule that later rules leave out by its join and condition alone.

    Splink leaves out of each rule the pairs every earlier rule made, by repeating their whole SQL; with twenty
    rules that is most of the blocking's time. Every rule ends in the same filter (``TWO_CHILDREN_LEFT_OUT``), which
    a pair of a later rule has already passed, so repeating it there decides nothing: without it blocking took
    4.9 s where it took 6.4 s at 1,000,025 records, on the very same pairs."""

    def exclude_pairs_generated_by_this_rule_sql(
        self, source_dataset_input_column: InputColumn | None, unique_id_input_column: InputColumn
    ) -> str:
        return f"coalesce(({self.blocking_rule_sql.removesuffix(TWO_CHILDREN_LEFT_OUT)}),false)"


def leave_out_earlier_pairs_by_their_keys(linker: Linker) -> None:
    """Give ``linker`` the prediction rules as ``_RuleLeftOutByItsOwnKeys`` (Splink has no setting for this)."""
    settings = linker._settings_obj
    rules: list[BlockingRule] = [
        _RuleLeftOutByItsOwnKeys(rule.blocking_rule_sql, rule.sql_dialect.sql_dialect_str)
        for rule in settings._blocking_rules_to_generate_predictions
    ]
    if not all(rule.blocking_rule_sql.endswith(TWO_CHILDREN_LEFT_OUT) for rule in rules):
        raise RuntimeError("Every prediction blocking rule must end in the filter for two identified children")
    settings._blocking_rules_to_generate_predictions = BlockingRule._add_preceding_rules_to_each_blocking_rule(rules)


def _keys(*columns: str, where: str | None = None) -> dict[str, Any]:
    return _rule(" AND ".join(f"l.{column} = r.{column}" for column in columns), where)


def prediction_blocking_rules() -> list[dict[str, Any]]:
    """Equi-join rules, each on a key whose blocks stay small or filtered to dates that could be one (see
    ``DATE_COULD_BE_ONE``), so the pairs scored grow near-linearly with records."""
    return [
        # First: Splink checks each rule's pairs against every earlier rule, and these pair many records whose
        # given name is another's family name (476,000 at 1,000,025 records), few of them one child.
        *(_rule(join) for join in SWAPPED_NAMES),
        _keys("nhs_number"),
        _keys("upn"),
        _keys("other_id"),
        _keys("date_of_birth", "family_metaphone"),
        _keys("date_of_birth", "postcode_sector"),
        _keys("date_of_birth", "given_key"),
        # A date of birth recorded a few days or a year out, or day and month swapped, with a name misspelt.
        _keys("given_metaphone", "family_metaphone", "birth_year", where=DATE_COULD_BE_ONE),
        _keys("given_key", "family_metaphone", "birth_year", where=DATE_COULD_BE_ONE),
        _keys("given_metaphone", "family_metaphone", "birth_month_day"),
        _keys("given_key", "family_metaphone", "birth_month_day"),
        # No date of birth at all: the name in the same postcode district.
        # One rule for each side missing it: a condition on one side is applied before the join, which then pairs
        # only those records, where "either side" would pair every namesake in the district first.
        _keys("given_key", "family_metaphone", "postcode_district", where="l.birth_day IS NULL"),
        _keys("given_key", "family_metaphone", "postcode_district", where="r.birth_day IS NULL"),
        _keys("address", "birth_year"),
        _keys("address", "given_key"),
        _keys("address", "birth_month_day"),
        # The same house written two ways ('Cres' and 'Crescent', with and without the town), with a date of
        # birth missing or out and a nickname misspelt or the other parent's surname.
        _keys("address_start", "family_metaphone", where=DATE_MISSING_OR_COULD_BE_ONE),
        _keys("address_start", "given_key", where=DATE_MISSING_OR_COULD_BE_ONE),
    ]


def _with_parameters(comparison: ComparisonCreator, trained: dict[str, Any]) -> ComparisonCreator:
    """Copy trained m and u onto a comparison's levels, matched by position (both come from ``comparisons()``)."""
    levels = trained.get("comparison_levels", [])
    creators = comparison.create_comparison_levels()
    if len(creators) != len(levels):
        raise BadInput(
            f"The saved model does not fit this version of the engine: comparison "
            f"{comparison.create_output_column_name()} has {len(levels)} levels in the model and "
            f"{len(creators)} in the engine. Run without --model to train a new one."
        )
    # A comparison whose column was empty in all the training data (other_id, say, when no extract had
    # one) learnt nothing. Left unset, Splink would give it default m and u, which make agreement strong
    # evidence and disagreement evidence against; a model that never saw the column must not weigh it.
    learnt = any(level.get("u_probability") is not None for level in levels if not level.get("is_null_level"))
    for creator, level in zip(creators, levels, strict=True):
        if level.get("is_null_level"):
            continue
        if learnt:
            creator.configure(m_probability=level.get("m_probability"), u_probability=level.get("u_probability"))
        else:
            creator.configure(m_probability=0.5, u_probability=0.5)
    return cl.CustomComparison(
        comparison_levels=list(creators), output_column_name=comparison.create_output_column_name()
    )


def settings(trained: dict[str, Any] | None = None) -> SettingsCreator:
    """The model's settings; with ``trained`` (a saved model), carrying its parameters in engine-neutral form.

    A saved Splink model holds SQL in the dialect it was trained on; rebuilding the settings from
    the level library and copying parameters lets a model trained in DuckDB score pairs in Spark.
    """
    chosen: list[ComparisonCreator | dict[str, Any]] = list(comparisons())
    prior = 0.0001
    if trained is not None:
        by_name = {c.get("output_column_name"): c for c in trained.get("comparisons", [])}
        missing = [
            str(c.create_output_column_name()) for c in comparisons() if c.create_output_column_name() not in by_name
        ]
        if missing:
            raise BadInput(
                f"The saved model does not fit this version of the engine: it has no {', '.join(missing)} "
                "comparison. Run without --model to train a new one."
            )
        chosen = [_with_parameters(c, by_name[c.create_output_column_name()]) for c in comparisons()]
        prior = float(trained["probability_two_random_records_match"])
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=chosen,
        probability_two_random_records_match=prior,
        blocking_rules_to_generate_predictions=list(prediction_blocking_rules()),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=[],
        max_iterations=MAX_EM_ITERATIONS,
    )


@dataclass(frozen=True)
class TrainingPlan:
    """How the model learns from the data itself (no labels)."""

    u_max_pairs: float = 1e6
    prior_recall: float = 0.8
    seed: int = 42


MAX_EM_ITERATIONS = 20

MIN_TRAINING_RECORDS = 2000
"""Fewer records than this and EM has too few pairs of one child to learn from: the saved model is used as it is."""

MIN_TRAINING_PAIRS = 200
"""Fewer pairs sharing an identifier than this and EM on that identifier's block learns nothing reliable."""


def pairs_sharing(values: pd.Series) -> int:
    counts = values.dropna().value_counts()
    return int((counts * (counts - 1) // 2).sum())


def em_blocks(table: pd.DataFrame) -> list[BlockingRuleCreator]:
    """Blocks for EM whose pairs are almost all true matches and never twins.

    Blocking on a shared valid NHS number or UPN gives clean matches from which EM learns how
    names, dates and postcodes vary for one child. Blocking on date of birth and postcode (the
    usual choice) would let twins and siblings teach the model that a different given name is
    common among matches, which is exactly the false link that hides a child.
    """
    blocks = [
        block_on(column) for column in ("nhs_number", "upn") if pairs_sharing(table[column]) >= MIN_TRAINING_PAIRS
    ]
    # Reading has already dropped an agency's other_id when it is a family number, so what is left is a child's.
    if pairs_sharing(table["other_id"]) >= MIN_TRAINING_PAIRS:
        blocks.append(block_on("other_id"))
    if len(blocks) < 2:
        # Without both identifiers: one block fixes the given name (twins differ there), one fixes the names.
        blocks += [
            block_on("date_of_birth", "given_key"),
            block_on("given_metaphone", "family_metaphone", "birth_year"),
        ]
    return blocks


MIN_LABELLED_PAIRS = 30
"""Fewer officer-confirmed pairs than this in the training data and their m estimate is noise: not used."""


def train(linker: Linker, table: pd.DataFrame, plan: TrainingPlan, labels: pd.DataFrame | None = None) -> list[str]:
    """Prior from near-certain rules, u from random pairs, m by EM on identifier blocks and from labels.

    EM starts from the m values already in the linker's settings (the saved model's, when it was built from
    one). ``labels`` (``unique_id_l``, ``unique_id_r``) are pairs officers confirmed as one child: with at
    least ``MIN_LABELLED_PAIRS`` of them, m is also estimated from them, and Splink averages that estimate
    with each EM block's. Returns the blocks on which EM did not converge within the settings' iterations.
    """
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("nhs_number"),
            block_on("upn"),
            block_on("other_id"),
            block_on("given_name", "family_name", "date_of_birth"),
        ],
        recall=plan.prior_recall,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=plan.u_max_pairs, seed=plan.seed)
    unconverged = []
    for block in em_blocks(table):
        session = linker.training.estimate_parameters_using_expectation_maximisation(
            block, fix_probability_two_random_records_match=True
        )
        # The history holds the start and one entry per iteration; a full run means EM stopped, not converged.
        if len(session._core_model_settings_history) - 1 >= MAX_EM_ITERATIONS:
            unconverged.append(block.get_blocking_rule("duckdb").blocking_rule_sql)
    if labels is not None and len(labels) >= MIN_LABELLED_PAIRS:
        registered = linker.table_management.register_table(
            labels[["unique_id_l", "unique_id_r"]], "__safeguard_officer_labels", overwrite=True
        )
        linker.training.estimate_m_from_pairwise_labels(registered)
    return unconverged


M_FLOOR = 0.01
"""Least share of one child's record pairs any level may be given.

EM learns m only from the corruption present in the data it sees: a level it never observed among
matches (a date of birth ten days out, sex recorded wrongly, when the training blocks had none) comes
out with m near zero, and a weight of -30 that no other evidence can outvote. Another partnership's
extracts have their own corruption, so an unobserved level is treated as rare, not impossible."""


M_FLOOR_DIFFERENT = 0.0005
"""The same for a comparison's last level (wholly different): still strong evidence against, never a veto."""


def forget_unlearnt(model: dict[str, Any]) -> dict[str, Any]:
    """The model with a comparison that learnt nothing in this run written as such (no m, no u).

    ``_with_parameters`` weighs such a comparison with m = u = 0.5 on every level (neutral); when this run's
    data did not hold its column either, EM and random sampling leave those placeholders untouched, and saved
    as they are they would read as learnt the next time the model is a start model."""
    for comparison in model.get("comparisons", []):
        levels = [level for level in comparison.get("comparison_levels", []) if not level.get("is_null_level")]
        if levels and all(level.get("m_probability") == 0.5 and level.get("u_probability") == 0.5 for level in levels):
            for level in levels:
                level.pop("m_probability", None)
                level.pop("u_probability", None)
    return model


def smooth(model: dict[str, Any], floor: float = M_FLOOR, different: float = M_FLOOR_DIFFERENT) -> dict[str, Any]:
    """The model with every learnt level's m at least ``floor`` (the last level ``different``), renormalised."""
    for comparison in model.get("comparisons", []):
        levels = [level for level in comparison.get("comparison_levels", []) if not level.get("is_null_level")]
        if not levels or all(level.get("m_probability") is None for level in levels):
            continue  # a comparison that learnt nothing is weighed as such (see _with_parameters)
        floors = [floor] * (len(levels) - 1) + [different]
        raised = [
            max(float(level.get("m_probability") or 0.0), least) for level, least in zip(levels, floors, strict=True)
        ]
        total = sum(raised)
        for level, m in zip(levels, raised, strict=True):
            level["m_probability"] = m / total
    return model


def for_whole_table(model: dict[str, Any], share: float) -> dict[str, Any]:
    """A model estimated on a sample of whole birthdays (``link.training_sample``), made right for the whole table.

    The sample keeps ``share`` of the dates of birth, so two of its records share a birthday, and are one child,
    1 / ``share`` times as often as two of the whole table's: the prior and the u of the same date of birth both
    come out that much too high. For a pair with one date of birth the two cancel; for any other pair (a date a
    few days out, or missing) the inflated prior alone made the model that much too sure, 12 times at 5,000,000
    records. Both are scaled back, and the date's other levels share what the same date gives up."""
    if not 0 < share < 1:
        return model
    model["probability_two_random_records_match"] = float(model["probability_two_random_records_match"]) * share
    for comparison in model.get("comparisons", []):
        if comparison.get("output_column_name") != "date_of_birth":
            continue
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        same = next((level for level in levels if level.get("label_for_charts") == SAME_DATE_OF_BIRTH), None)
        if same is None or same.get("u_probability") is None:
            continue
        u_same = float(same["u_probability"])
        others = [level for level in levels if level is not same and level.get("u_probability") is not None]
        rest = sum(float(level["u_probability"]) for level in others)
        same["u_probability"] = u_same * share
        for level in others:
            level["u_probability"] = float(level["u_probability"]) * (1 - u_same * share) / rest
    return model


SWAPPED = "swapped"
"""Labels of the levels where the given and family names are found the wrong way round."""
SWAP_SHARE = 0.99


def cap_swapped_names(model: dict[str, Any]) -> dict[str, Any]:
    """The model with no swapped-names level weighing more than the same name written the right way round.

    A swap fires in both the given-name and the family-name comparison, and EM finds swaps rare among
    strangers, so uncapped it can outweigh an exact match twice over: a namesake's school record with the
    names swapped then linked to a register child at another address, and marked an unseen child seen.
    Raising u keeps the swap's Bayes factor just under the exact level's (m/u).
    """
    for comparison in model.get("comparisons", []):
        if comparison.get("output_column_name") not in ("given_name", "family_name"):
            continue
        levels = [level for level in comparison.get("comparison_levels", []) if not level.get("is_null_level")]
        exact = next((level for level in levels if str(level.get("label_for_charts", "")).startswith("same ")), None)
        if exact is None or not exact.get("m_probability") or not exact.get("u_probability"):
            continue
        # A hair under the exact level's, so an explanation can still tell which of the two levels matched.
        exact_factor = SWAP_SHARE * float(exact["m_probability"]) / float(exact["u_probability"])
        for level in levels:
            m, u = level.get("m_probability"), level.get("u_probability")
            if SWAPPED not in str(level.get("label_for_charts", "")) or not m or not u:
                continue
            if float(m) / float(u) > exact_factor:
                level["u_probability"] = min(1.0, float(m) / exact_factor)
    return model


def parameters_table(model: dict[str, Any]) -> list[dict[str, Any]]:
    """The model's m and u per comparison level, flattened for the report."""
    rows = []
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue
            rows.append(
                {
                    "comparison": comparison.get("output_column_name", ""),
                    "level": level.get("label_for_charts", ""),
                    "m": level.get("m_probability"),
                    "u": level.get("u_probability"),
                }
            )
    return rows
