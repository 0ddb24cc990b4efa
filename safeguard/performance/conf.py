"""Local practice for the scorecard, read from the environment so each partnership can set its own."""

from __future__ import annotations

from safeguard.env import env_int

# Agencies send figures this many working days after a period ends (local practice).
SUBMISSION_DUE_WORKING_DAYS = env_int("SAFEGUARD_PERFORMANCE_DUE_WORKING_DAYS", 15)
# How far back the chase list looks for missing submissions.
CHASE_LOOKBACK_MONTHS = env_int("SAFEGUARD_PERFORMANCE_CHASE_LOOKBACK_MONTHS", 6)
# A figure further than this from the mean of its history is queried with the agency.
OUTLIER_STANDARD_DEVIATIONS = env_int("SAFEGUARD_PERFORMANCE_OUTLIER_SD", 3)
OUTLIER_PERCENT_FROM_MEAN = env_int("SAFEGUARD_PERFORMANCE_OUTLIER_PERCENT", 50)
# How many earlier periods make the history an outlier is judged against.
OUTLIER_HISTORY_PERIODS = env_int("SAFEGUARD_PERFORMANCE_OUTLIER_HISTORY", 6)
TREND_PERIODS = 8
