"""Every change to data protection records: one function each, atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.dataprotection import bundle
from safeguard.dataprotection.models import (
    AppliedExemption,
    Correction,
    Disposal,
    Exemption,
    PrivacyNotice,
    RecordKind,
    RequestStatus,
    RetentionRule,
    SubjectAccessRequest,
    Trigger,
)
from safeguard.dataprotection.retention import disposals_for
from safeguard.partnership.models import Partnership, User
from safeguard.people import services as people_services
from safeguard.people.models import Person, Sex
from safeguard.reviews.rules import add_months

# Article 12(3): one month from receipt, extendable by two further months.
RESPONSE_MONTHS = 1
EXTENSION_MONTHS = 2


class DataProtectionError(ValueError):
    """A change the rules refuse; the message is shown to the user."""


def _refuse_if_answered(request: SubjectAccessRequest) -> None:
    if request.status == RequestStatus.ANSWERED:
        raise DataProtectionError("This request has been answered and can no longer be changed")


# --- subject access -------------------------------------------------------------------------------------


def request_open(
    *, actor: User, partnership: Partnership, person: Person, requested_by: str, received_on: dt.date
) -> SubjectAccessRequest:
    """Record a subject access request; it is due one calendar month after it was received."""
    if person.partnership_id != partnership.pk:
        raise DataProtectionError("The person must be in this partnership's person index")
    if received_on > timezone.localdate():
        raise DataProtectionError("The date received cannot be in the future")
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            partnership=partnership,
            person=person,
            requested_by=requested_by.strip(),
            received_on=received_on,
            due_on=add_months(received_on, RESPONSE_MONTHS),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=request,
            person_id=person.pk,
            summary=f"Recorded subject access request {request.pk}",
        )
    return request


def request_extend(*, actor: User, request: SubjectAccessRequest, reason: str) -> SubjectAccessRequest:
    """Extend the deadline by two further months (Article 12(3)); once only, and with the reason."""
    _refuse_if_answered(request)
    if request.extended_to is not None:
        raise DataProtectionError(f"This request is already extended to {request.extended_to:%-d %B %Y}")
    if not reason.strip():
        raise DataProtectionError("Give the reason for the extension: the requester must be told it")
    with transaction.atomic():
        request.extended_to = add_months(request.received_on, RESPONSE_MONTHS + EXTENSION_MONTHS)
        request.extension_reason = reason.strip()
        request.save(update_fields=["extended_to", "extension_reason"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=request,
            person_id=request.person_id,
            summary=f"Extended subject access request {request.pk} to {request.extended_to:%-d %B %Y}",
            reason=request.extension_reason,
        )
    return request


def exemption_apply(
    *,
    actor: User,
    request: SubjectAccessRequest,
    exemption: Exemption,
    applies_to: str,
    reason: str,
    other: str = "",
) -> AppliedExemption:
    """Record an exemption applied to part of the bundle, with its reason; the bundle lists it."""
    _refuse_if_answered(request)
    if exemption == Exemption.OTHER and not other.strip():
        raise DataProtectionError("Say which exemption applies when it is not one of those listed")
    if not reason.strip():
        raise DataProtectionError("Give the reason the exemption applies")
    with transaction.atomic():
        applied = AppliedExemption.objects.create(
            request=request,
            exemption=exemption,
            other=other.strip() if exemption == Exemption.OTHER else "",
            applies_to=applies_to.strip(),
            reason=reason.strip(),
            applied_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.DECIDE,
            target=applied,
            person_id=request.person_id,
            summary=f"Applied an exemption to subject access request {request.pk}: {applied.label}",
            reason=applied.reason,
        )
    return applied


def request_answer(*, actor: User, request: SubjectAccessRequest, answered_on: dt.date) -> SubjectAccessRequest:
    _refuse_if_answered(request)
    if answered_on < request.received_on:
        raise DataProtectionError(f"It cannot be answered before it was received ({request.received_on:%-d %B %Y})")
    with transaction.atomic():
        request.status = RequestStatus.ANSWERED
        request.answered_on = answered_on
        request.save(update_fields=["status", "answered_on"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=request,
            person_id=request.person_id,
            summary=f"Answered subject access request {request.pk}",
        )
    return request


def bundle_export(*, actor: User, request: SubjectAccessRequest, http_request: HttpRequest | None = None) -> bytes:
    """Produce the bundle (a ZIP of a Word document and JSON) and audit the export in one transaction:
    if the audit cannot be written, no bundle leaves."""
    with transaction.atomic():
        content = bundle.build(actor=actor, request=request)
        audit_record(
            actor=actor,
            action=Action.EXPORT,
            target=request,
            person_id=request.person_id,
            summary=f"Produced the subject access bundle for request {request.pk}",
            request=http_request,
        )
    return content


# --- rectification --------------------------------------------------------------------------------------


def person_correct(
    *,
    actor: User,
    person: Person,
    given_name: str,
    family_name: str,
    middle_names: str,
    known_as: str,
    date_of_birth: dt.date | None,
    sex: Sex,
    reason: str,
) -> list[Correction]:
    """Article 16: correct a person's details through the person index, keeping each old value with who,
    when and why. The change itself is people's ``person_update`` (one way to change a person)."""
    if not reason.strip():
        raise DataProtectionError("Give the reason for the correction")
    wanted = {
        "given_name": given_name.strip(),
        "family_name": family_name.strip(),
        "middle_names": middle_names.strip(),
        "known_as": known_as.strip(),
        "date_of_birth": date_of_birth,
        "sex": sex,
    }
    with transaction.atomic():
        before = {name: getattr(person, name) for name in wanted}
        people_services.person_update(actor=actor, person=person, reason=reason.strip(), **wanted)  # type: ignore[arg-type]
        corrections = [
            Correction.objects.create(
                person=person,
                field=name,
                old_value="" if before[name] is None else str(before[name]),
                new_value="" if value is None else str(value),
                reason=reason.strip(),
                corrected_by=actor,
            )
            for name, value in wanted.items()
            if before[name] != value
        ]
    return corrections


# --- retention schedule ---------------------------------------------------------------------------------


def retention_rule_change(
    *,
    actor: User,
    partnership: Partnership,
    rule: RetentionRule,
    years: int,
    days: int,
    trigger: Trigger,
    disposal: Disposal,
    reason: str,
) -> RetentionRule:
    """Change how long the partnership keeps one kind of record; changing a default makes the
    partnership's own rule, so other partnerships keep theirs."""
    if not reason.strip():
        raise DataProtectionError("Give the reason for changing the retention period")
    if disposal not in disposals_for(rule.kind):
        if rule.kind == RecordKind.AUDIT:
            raise DataProtectionError(
                "Audit trail events can only be reported: they are evidence, and each is chained to the one "
                "before, so deleting or anonymising one would break the check of every later event"
            )
        raise DataProtectionError(
            f"{RecordKind(rule.kind).label} records cannot be {Disposal(disposal).label.lower()}d"
        )
    if years == 0 and days == 0 and disposal != Disposal.REVIEW:
        raise DataProtectionError("A period of no time would delete every record of this kind at once")
    with transaction.atomic():
        old = f"{rule.period_text} {Trigger(rule.trigger).label}, {Disposal(rule.disposal).label.lower()}"
        if rule.partnership_id != partnership.pk:
            rule, _ = RetentionRule.objects.get_or_create(
                partnership=partnership,
                kind=rule.kind,
                defaults={"source": f"Changed by the partnership from the default: {rule.source}"},
            )
        rule.years, rule.days, rule.trigger, rule.disposal = years, days, trigger, disposal
        rule.updated_by, rule.updated_at = actor, timezone.now()
        rule.save(update_fields=["years", "days", "trigger", "disposal", "updated_by", "updated_at"])
        new = f"{rule.period_text} {Trigger(rule.trigger).label}, {Disposal(rule.disposal).label.lower()}"
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=rule,
            summary=f"Retention for {rule}: {old} → {new}",
            reason=reason.strip(),
        )
    return rule


# --- privacy notice -------------------------------------------------------------------------------------


def privacy_notice_save(*, actor: User, partnership: Partnership, body: str) -> PrivacyNotice:
    if not body.strip():
        raise DataProtectionError("The privacy notice cannot be empty")
    with transaction.atomic():
        notice, _ = PrivacyNotice.objects.update_or_create(
            partnership=partnership,
            defaults={"body": body.strip(), "updated_by": actor, "updated_at": timezone.now()},
        )
        audit_record(actor=actor, action=Action.UPDATE, target=notice, summary="Changed the privacy notice")
    return notice
