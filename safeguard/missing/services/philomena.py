"""Philomena profiles: what police need at hand when a child goes missing, with the photo and places of risk.

One function each, atomic, audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.retention import audit_disposal
from safeguard.missing.models import (
    LocationRisk,
    PhilomenaProfile,
    RiskLocation,
)
from safeguard.missing.photos import clean_photo
from safeguard.missing.services.episodes import EpisodeProblem
from safeguard.partnership.models import User
from safeguard.people.models import Person

PROFILE_FIELDS = (
    "description",
    "associates",
    "places",
    "phones_and_social_media",
    "medical",
    "finance",
    "transport",
    "earlier_episodes",
)


def profile_save(*, actor: User, person: Person, fields: dict[str, str]) -> PhilomenaProfile:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise EpisodeProblem(f"Unknown profile fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        profile, created = PhilomenaProfile.objects.get_or_create(
            person=person, defaults={"partnership_id": person.partnership_id, "updated_by": actor}
        )
        changed = [name for name in PROFILE_FIELDS if getattr(profile, name) != fields.get(name, "").strip()]
        for name in PROFILE_FIELDS:
            setattr(profile, name, fields.get(name, "").strip())
        profile.updated_at, profile.updated_by = timezone.now(), actor
        profile.save(update_fields=[*PROFILE_FIELDS, "updated_at", "updated_by"])
        audit_record(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            target=profile,
            person_id=person.pk,
            summary="Philomena profile " + ("started" if created else "changed: " + (", ".join(changed) or "nothing")),
        )
    return profile


def profile_photo_set(*, actor: User, profile: PhilomenaProfile, data: bytes) -> PhilomenaProfile:
    """Replace the photo with a re-encoded copy; raises PhotoRejected for files that are not photos."""
    cleaned = clean_photo(data)
    with transaction.atomic():
        old_name = profile.photo.name if profile.photo else ""
        profile.photo.save("photo.jpg", ContentFile(cleaned), save=False)
        profile.photo_uploaded_at = timezone.now()
        profile.updated_at, profile.updated_by = timezone.now(), actor
        profile.save(update_fields=["photo", "photo_uploaded_at", "updated_at", "updated_by"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=profile,
            person_id=profile.person_id,
            summary="Philomena profile photo " + ("replaced" if old_name else "added"),
        )
        if old_name:
            storage = profile.photo.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return profile


def location_add(
    *,
    actor: User,
    profile: PhilomenaProfile,
    name: str,
    address: str,
    risk: LocationRisk,
    notes: str,
    assessed_on: dt.date,
) -> RiskLocation:
    with transaction.atomic():
        location = RiskLocation.objects.create(
            profile=profile,
            name=name.strip(),
            address=address.strip(),
            risk=risk,
            notes=notes.strip(),
            assessed_on=assessed_on,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=location,
            person_id=profile.person_id,
            summary=f"Added risk-assessed location ({risk.label.lower()} risk)",
        )
    return location


def location_remove(*, actor: User, location: RiskLocation) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=Action.DELETE,
            target=location,
            person_id=location.profile.person_id,
            summary="Removed a risk-assessed location",
        )
        location.delete()


def profile_retention_delete(*, profile: PhilomenaProfile, by: str) -> None:
    """Delete a Philomena profile past its retention period, its places and (once committed) its photo."""
    with transaction.atomic():
        pk = profile.pk
        photo = profile.photo.name if profile.photo else ""
        storage = profile.photo.storage
        profile.delete()
        audit_disposal(by=by, record=profile, pk=pk)
        if photo:
            # The file goes only once the row's deletion is committed, so a failure keeps both.
            transaction.on_commit(lambda: storage.delete(photo))
