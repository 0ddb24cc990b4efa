"""The data wash engine: plain Python (no Django), shared by the CLI, the web app's tasks and Spark jobs.

Public API: ``run_wash(WashConfig, progress=..., should_cancel=...) -> WashResult``; errors ``BadInput``
(bad files or options) and ``WashCancelled``.
"""

from .config import CohortRow, Decisions, Resources, SourceSpec, Thresholds, WashConfig, WashResult
from .errors import BadInput, WashCancelled, WashError
from .pipeline import run_wash

__all__ = [
    "BadInput",
    "CohortRow",
    "Decisions",
    "Resources",
    "SourceSpec",
    "Thresholds",
    "WashCancelled",
    "WashConfig",
    "WashError",
    "WashResult",
    "run_wash",
]
