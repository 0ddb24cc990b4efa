"""Writing the audit trail. Call ``audit_record`` inside the same transaction as the change."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.chain import GENESIS, entry_hash, hashed_fields_of
from safeguard.audit.models import Action, AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from safeguard.partnership.models import Agency, ApiToken, User

# A copy of each committed event for the council's security monitoring, outside the database.
audit_logger = logging.getLogger("safeguard.audit")


class SystemActor(StrEnum):
    """The names the audit trail gives work that no person and no API token did: one list, so each job is named once.

    The values are the names earlier events already carry, so a search of the trail finds old and new alike.
    """

    SCHEDULER = "scheduler"
    RETENTION = "apply_retention"
    PURGE_EXTRACTS = "purge_extracts"
    WASH = "wash task"
    BULLETIN_MAILER = "bulletin mailer"
    UNSUBSCRIBE_LINK = "unsubscribe link"
    KEY_ROTATION = "system"
    DEMO_LOADER = "safeguard synth demo"
    SCALE_LOADER = "safeguard synth scale"


def api_actor(token: ApiToken) -> str:
    """How the audit trail names an agency system calling the API: ``api:`` and its token's prefix.

    The prefix names the one token (the full token is never stored); the event's agency says whose it is.
    """
    return f"api:{token.prefix}"


def client_address(request: HttpRequest) -> str:
    """The address that connected to us, or the one our own proxy says connected to it.

    Only the last X-Forwarded-For hop is used, and only behind our proxy
    (``SAFEGUARD_BEHIND_PROXY``): it is the one the proxy wrote, where earlier hops
    are whatever the client chose to send. The audit trail and the rate limits agree.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.SAFEGUARD_BEHIND_PROXY:
        return forwarded.split(",")[-1].strip()[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def _client_ip(request: HttpRequest | None) -> str:
    return "" if request is None else client_address(request)


def audit_record(
    *,
    actor: User | None,
    action: Action,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
    summary: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
    actor_username: str = "",
    agency: Agency | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    ``target`` names the record acted on; ``person_id`` the person whose data it
    is, so "who has looked at this person" finds it. ``agency`` is the agency an event
    with no signed-in actor acts for (an API token's, or the account a failed sign-in
    named), so that agency's partnership's auditors see it; an actor's own agency wins.
    """
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    if actor is not None:
        agency = getattr(actor, "agency", None)
    with transaction.atomic():
        # Lock the head row so concurrent writers extend the chain one at a time.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"seq": 0, "entry_hash": GENESIS}
        )
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor,
            actor_username=(actor.get_username() if actor is not None else actor_username)[:150],
            agency_name=agency.name if agency is not None else "",
            agency_id_at_time=agency.pk if agency is not None else None,
            action=action,
            object_type=object_type[:60],
            object_id=str(object_id)[:64],
            person_id=person_id,
            summary=summary[:500],
            reason=reason,
            ip_address=_client_ip(request),
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
            prev_hash=head.entry_hash,
            entry_hash="",
        )
        event.entry_hash = entry_hash(hashed_fields_of(_row_of(event)), event.prev_hash)
        event.save()
        head.seq = event.seq
        head.entry_hash = event.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
        transaction.on_commit(lambda: _log(event))
    return event


def _log(event: AuditEvent) -> None:
    """Ids, action and object type only: the summary and the usernames can name a child or a person."""
    audit_logger.info(
        "audit %s %s %s",
        event.action,
        event.object_type,
        event.object_id,
        extra={
            "audit_seq": event.seq,
            "audit_action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "actor_id": event.actor_id,
            "actor_agency_id": event.agency_id_at_time,
            "person_id": event.person_id,
            "entry_hash": event.entry_hash,
        },
    )


def _row_of(event: AuditEvent) -> dict[str, Any]:
    return {
        name: getattr(event, name)
        for name in (
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
    }


def audit_form_opened(
    request: HttpRequest, *, actor: User, target: models.Model, person_id: int | None, what: str
) -> None:
    """A form about a person shows who they are, and often what is already recorded: showing it is a view.

    Call it where the page is rendered: a form shown again with its errors shows the person again,
    while a form that saves redirects instead and is audited by the service that saved it.
    """
    audit_viewed(
        request,
        actor=actor,
        target=target,
        person_id=person_id,
        summary=f"Opened {what}" if request.method == "GET" else f"Shown again with errors: {what}",
    )


def audit_viewed(
    request: HttpRequest,
    *,
    actor: User,
    summary: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
) -> None:
    """A page (or file) showing personal data was seen: the one way a view audits it, with the caller's address."""
    audit_record(
        actor=actor,
        action=Action.VIEW,
        target=target,
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        summary=summary,
        request=request,
    )
