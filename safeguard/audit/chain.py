"""The hash chain over audit events."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

GENESIS = "0" * 64


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    payload = json.dumps({**fields, "prev_hash": prev_hash}, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "agency_name",
    "agency_id_at_time",
    "action",
    "object_type",
    "object_id",
    "person_id",
    "summary",
    "reason",
    "ip_address",
    "user_agent",
)


def hashed_fields_of(row: dict[str, Any]) -> dict[str, Any]:
    fields = {name: row[name] for name in HASHED_FIELDS}
    # Datetimes come back from different databases with different precision and
    # zone; hash the UTC ISO form at microsecond precision on both write and read.
    fields["at"] = row["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return fields


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
