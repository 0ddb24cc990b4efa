"""Every change to missing episodes, return home interviews and Philomena profiles, one module for each.

The app's services, as every app has: import them from here (``safeguard.missing.services``).
"""

from __future__ import annotations

from safeguard.missing.services.episodes import (
    AWAY_ONLY_LOOKED_AFTER,
    CATCH_UP_JOB,
    POLICE_ALWAYS_FROM,
    RETURN_WHO,
    RULE_ROLE,
    WHAT_POLICE_SEE,
    EpisodeConflict,
    EpisodeInput,
    EpisodeProblem,
    episode_from_police_system,
    episode_recategorise,
    episode_record,
    episode_regrade,
    episode_reopen,
    episode_retention_delete,
    episode_return,
    interview_retention_delete,
    open_episodes_share_with_police,
    police_must_be_told,
    push_hold,
    push_resolve,
)
from safeguard.missing.services.interviews import (
    RhiDetails,
    rhi_problems,
    rhi_reassign,
    rhi_record,
    rhi_share_with_police,
)
from safeguard.missing.services.philomena import (
    PROFILE_FIELDS,
    location_add,
    location_remove,
    profile_photo_set,
    profile_retention_delete,
    profile_save,
)

__all__ = [
    "AWAY_ONLY_LOOKED_AFTER",
    "CATCH_UP_JOB",
    "POLICE_ALWAYS_FROM",
    "PROFILE_FIELDS",
    "RETURN_WHO",
    "RULE_ROLE",
    "WHAT_POLICE_SEE",
    "EpisodeConflict",
    "EpisodeInput",
    "EpisodeProblem",
    "RhiDetails",
    "episode_from_police_system",
    "episode_recategorise",
    "episode_record",
    "episode_regrade",
    "episode_reopen",
    "episode_retention_delete",
    "episode_return",
    "interview_retention_delete",
    "location_add",
    "location_remove",
    "open_episodes_share_with_police",
    "police_must_be_told",
    "profile_photo_set",
    "profile_retention_delete",
    "profile_save",
    "push_hold",
    "push_resolve",
    "rhi_problems",
    "rhi_reassign",
    "rhi_record",
    "rhi_share_with_police",
]
