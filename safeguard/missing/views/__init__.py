"""The missing children pages, one module for each part: episodes, interviews, Philomena profiles.

``urls.py`` names the views from here.
"""

from __future__ import annotations

from safeguard.missing.views.episodes import (
    EPISODES_HEADER,
    add_child,
    episode,
    episode_reopen,
    episode_return,
    episodes,
    episodes_export,
    export,
    find_child,
    held_push,
    held_pushes,
    index,
    recategorise,
    record,
    regrade,
)
from safeguard.missing.views.interviews import rhi, rhi_provider, share, shared, shared_detail, worklist
from safeguard.missing.views.philomena import (
    PROFILES_HEADER,
    location_add,
    location_remove,
    profile,
    profile_edit,
    profile_photo,
    profile_photo_image,
    profiles,
    profiles_export,
)

__all__ = [
    "EPISODES_HEADER",
    "PROFILES_HEADER",
    "add_child",
    "episode",
    "episode_reopen",
    "episode_return",
    "episodes",
    "episodes_export",
    "export",
    "find_child",
    "held_push",
    "held_pushes",
    "index",
    "location_add",
    "location_remove",
    "profile",
    "profile_edit",
    "profile_photo",
    "profile_photo_image",
    "profiles",
    "profiles_export",
    "recategorise",
    "record",
    "regrade",
    "rhi",
    "rhi_provider",
    "share",
    "shared",
    "shared_detail",
    "worklist",
]
