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
class Anchor:
    """An event's sequence number and hash, kept somewhere the database's writers cannot reach.

    The chain alone cannot show that its newest events were cut off with the head moved back,
    or that someone with database access rewrote events and worked every later hash out again;
    a hash noted outside the database earlier can.
    """

    seq: int
    entry_hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        seq, _, digest = text.partition(":")
        if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"An anchor is SEQ:HASH as `safeguard audit verify` prints it, not {text!r}")
        return cls(int(seq), digest)

    def __str__(self) -> str:
        return f"{self.seq}:{self.entry_hash}"


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    head: Anchor | None = None
    """The newest event, to note outside the database and pass as an anchor next time."""
