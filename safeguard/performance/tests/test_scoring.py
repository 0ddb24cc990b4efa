"""Indicator arithmetic and RAG rules on fixed data: no database needed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from safeguard.core.figures import Figure
from safeguard.core.workdays import add_working_days

from .. import periods
from ..models import Indicator, Polarity, Unit
from ..scoring import Rag, State, direction_of, measure_figure, measure_of, outlier_reason, rag_for, resolve_figure
from ..selectors import default_month


def indicator(**kwargs: object) -> Indicator:
    values: dict[str, object] = {
        "unit": Unit.PERCENT,
        "polarity": Polarity.HIGHER_IS_BETTER,
        "green_threshold": Decimal(80),
        "red_threshold": Decimal(60),
    }
    values.update(kwargs)
    return Indicator(**values)  # type: ignore[misc]


def test_a_percentage_is_the_numerator_over_the_denominator_times_100() -> None:
    measure = measure_of(indicator(), Decimal(7), Decimal(8))
    assert measure.state == State.VALUE and measure.value == Decimal("87.5")


def test_an_empty_denominator_means_no_cases_rather_than_a_crash_or_a_zero() -> None:
    measure = measure_figure(indicator(), Figure(numerator=0, denominator=0))
    assert measure.state == State.NO_CASES and measure.value is None
    assert rag_for(indicator(), measure.value) == Rag.NONE


def test_a_count_is_its_numerator() -> None:
    assert measure_figure(indicator(unit=Unit.COUNT), Figure(numerator=12)).value == Decimal(12)


def test_a_count_ignores_a_denominator_its_figure_carries_for_other_readers() -> None:
    measure = measure_figure(indicator(unit=Unit.COUNT), Figure(numerator=3, denominator=120))
    assert measure.state == State.VALUE and measure.value == Decimal(3)


def test_a_rate_is_not_scaled() -> None:
    assert measure_of(indicator(unit=Unit.RATE), 9, 4).value == Decimal("2.3")


def test_higher_is_better_rates_green_at_the_threshold_amber_between_and_red_below() -> None:
    ind = indicator()
    assert rag_for(ind, Decimal(80)) == Rag.GREEN
    assert rag_for(ind, Decimal("79.9")) == Rag.AMBER
    assert rag_for(ind, Decimal(60)) == Rag.AMBER
    assert rag_for(ind, Decimal("59.9")) == Rag.RED


def test_lower_is_better_turns_the_thresholds_round() -> None:
    ind = indicator(polarity=Polarity.LOWER_IS_BETTER, green_threshold=Decimal(20), red_threshold=Decimal(25))
    assert rag_for(ind, Decimal(18)) == Rag.GREEN
    assert rag_for(ind, Decimal(22)) == Rag.AMBER
    assert rag_for(ind, Decimal(26)) == Rag.RED


def test_an_indicator_without_thresholds_is_not_rated() -> None:
    assert rag_for(indicator(green_threshold=None, red_threshold=None), Decimal(50)) == Rag.NONE


def test_direction_of_travel_says_whether_a_change_is_better_given_the_polarity() -> None:
    up = direction_of(indicator(), Decimal(70), Decimal(60))
    assert (up.arrow, up.text) == ("up", "Up from 60%: better")
    worse = direction_of(indicator(polarity=Polarity.LOWER_IS_BETTER), Decimal(70), Decimal(60))
    assert worse.text.endswith("worse")
    assert direction_of(indicator(), Decimal(5), Decimal(5)).arrow == "same"
    assert direction_of(indicator(), Decimal(5), None).arrow == ""


def test_a_figure_far_outside_its_history_is_queried() -> None:
    history = [Decimal(v) for v in (60, 62, 61, 63)]
    assert "standard deviations" in outlier_reason(Decimal(95), history, sd_limit=3, percent_limit=50)
    assert outlier_reason(Decimal(62), history, sd_limit=3, percent_limit=50) == ""


def test_a_figure_more_than_half_away_from_a_flat_history_is_queried() -> None:
    history = [Decimal(10)] * 4
    assert "50%" in outlier_reason(Decimal(16), history, sd_limit=3, percent_limit=50)


def test_a_short_history_queries_nothing() -> None:
    assert outlier_reason(Decimal(1000), [Decimal(1), Decimal(2)], sd_limit=3, percent_limit=50) == ""


def test_only_figure_functions_inside_safeguard_can_be_named() -> None:
    assert resolve_figure("os.system") is None
    assert resolve_figure("safeguard.performance.services.indicator_create") is None
    assert resolve_figure("safeguard.nowhere.selectors.figure_x") is None
    assert resolve_figure("safeguard.performance.tests.factories.figure_fixed") is not None


def test_quarters_and_months_step_and_are_labelled() -> None:
    q = periods.period_start(dt.date(2026, 11, 27), "quarterly")
    assert q == dt.date(2026, 10, 1)
    assert periods.label(q, "quarterly") == "Oct to Dec 2026"
    assert periods.shift(dt.date(2026, 1, 1), "monthly", -1) == dt.date(2025, 12, 1)
    assert periods.last_periods(dt.date(2026, 3, 1), "monthly", 3)[0] == dt.date(2026, 1, 1)


def test_working_days_skip_english_bank_holidays() -> None:
    # Friday 22 December 2028 + 2 working days skips Christmas Day and Boxing Day (Mon, Tue).
    assert add_working_days(dt.date(2028, 12, 22), 2) == dt.date(2028, 12, 28)


def test_the_default_month_follows_london_time_across_the_clocks_going_forward() -> None:
    # 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April: March is then complete in London.
    with mock.patch.object(timezone, "now", return_value=dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)):
        assert default_month() == dt.date(2026, 3, 1)
    with mock.patch.object(timezone, "now", return_value=dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC)):
        assert default_month() == dt.date(2026, 2, 1)
