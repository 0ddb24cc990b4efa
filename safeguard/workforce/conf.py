"""Shortage thresholds for the workforce report: local practice, so settings rather than constants."""

from __future__ import annotations

from safeguard.env import env_int

# A staff group is short when any rate reaches its threshold (percent).
VACANCY_PERCENT = env_int("SAFEGUARD_WORKFORCE_VACANCY_PERCENT", 15)
AGENCY_STAFF_PERCENT = env_int("SAFEGUARD_WORKFORCE_AGENCY_PERCENT", 10)
# Turnover is annualised from the quarter's leavers so quarters and years compare.
TURNOVER_PERCENT = env_int("SAFEGUARD_WORKFORCE_TURNOVER_PERCENT", 15)
# How many quarters the report's trend looks back over.
TREND_QUARTERS = env_int("SAFEGUARD_WORKFORCE_TREND_QUARTERS", 4)
