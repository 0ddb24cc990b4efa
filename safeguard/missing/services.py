"""Every change to missing episodes, return home interviews and Philomena profiles.

One function each, atomic, audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.missing import selectors, tasks
from safeguard.missing.clock import rhi_due_at
from safeguard.missing.models import (
    Category,
    CategoryChange,
    Episode,
    ExploitationIndicator,
    LocationRisk,
    PhilomenaProfile,
    PoliceShare,
    ReturnInterview,
    RhiOutcome,
    RiskGrade,
    RiskGradeChange,
    RiskLocation,
)
from safeguard.missing.photos import clean_photo
from safeguard.partnership.models import Agency, AgencyKind, User
from safeguard.partnership.selectors import default_rhi_provider
from safeguard.people.models import InvolvementReason, Person
from safeguard.people.services import involvement_add


class EpisodeProblem(ValueError):
    """A request that cannot be carried out, with a message for the person who made it."""


def _rhi_provider(agency: Agency, chosen: Agency | None) -> Agency:
    """The provider the recorder chose, else the partnership's commissioned one, else the recorder."""
    if chosen is not None:
        if chosen.partnership_id != agency.partnership_id or not chosen.is_active:
            raise EpisodeProblem("Choose an active agency in this partnership to offer the return home interview")
        return chosen
    return default_rhi_provider(agency.partnership_id) or agency


def _police_agencies(partnership_id: int) -> list[Agency]:
    return list(Agency.objects.filter(partnership_id=partnership_id, kind=AgencyKind.POLICE, is_active=True))


def _check_times(*, reported_at: dt.datetime, started_at: dt.datetime, ended_at: dt.datetime | None) -> None:
    now = timezone.now() + dt.timedelta(minutes=5)
    if started_at > now or reported_at > now:
        raise EpisodeProblem("The start and report times must be in the past")
    if ended_at is not None:
        if ended_at < started_at:
            raise EpisodeProblem("The return time must be after the time the child went missing")
        if ended_at > now:
            raise EpisodeProblem("The return time must be in the past")


def episode_record(
    *,
    actor: User | None,
    agency: Agency,
    person: Person,
    category: Category,
    risk_grade: RiskGrade,
    reported_at: dt.datetime,
    started_at: dt.datetime,
    last_seen_place: str = "",
    clothing: str = "",
    looked_after: bool = False,
    responsible_authority: str = "",
    police_reference: str = "",
    ended_at: dt.datetime | None = None,
    found_place: str = "",
    found_how: str = "",
    rhi_provider: Agency | None = None,
    actor_name: str = "",
    request: HttpRequest | None = None,
) -> Episode:
    """Record a new episode; if the child is already back, the RHI clock starts too."""
    if person.partnership_id != agency.partnership_id:
        raise EpisodeProblem("This person belongs to another partnership")
    _check_times(reported_at=reported_at, started_at=started_at, ended_at=ended_at)
    with transaction.atomic():
        episode = Episode.objects.create(
            partnership_id=agency.partnership_id,
            person=person,
            recording_agency=agency,
            recorded_by=actor,
            police_reference=police_reference.strip(),
            category=category,
            risk_grade=risk_grade,
            reported_at=reported_at,
            started_at=started_at,
            last_seen_place=last_seen_place.strip(),
            clothing=clothing.strip(),
            looked_after=looked_after,
            responsible_authority=responsible_authority.strip(),
        )
        RiskGradeChange.objects.create(
            episode=episode, grade=risk_grade, **_applied(actor, reported_at, "Grade when reported", actor_name)
        )
        CategoryChange.objects.create(
            episode=episode, category=category, **_applied(actor, started_at, "When reported", actor_name)
        )
        involvement_add(person=person, agency=agency, reason=InvolvementReason.EPISODE)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=episode,
            person_id=person.pk,
            summary=f"Recorded a {category.label.split(' (')[0].lower()} episode, risk {risk_grade.label.lower()}",
            request=request,
            actor_username=actor_name,
            agency=agency,
        )
        if ended_at is not None:
            _close(
                actor=actor,
                episode=episode,
                ended_at=ended_at,
                found_place=found_place,
                found_how=found_how,
                provider=rhi_provider,
            )
    return episode


def episode_regrade(
    *, actor: User, episode: Episode, grade: RiskGrade, applied_at: dt.datetime, reason: str = ""
) -> RiskGradeChange:
    if applied_at < episode.started_at:
        raise EpisodeProblem("A grade cannot apply before the episode started")
    change = RiskGradeChange(episode=episode, grade=grade, **_applied(actor, applied_at, reason))
    summary = f"Risk grade {grade.label.lower()} from {timezone.localtime(applied_at):%d/%m/%Y %H:%M}"
    _apply(actor=actor, episode=episode, change=change, field="risk_grade", value="grade", summary=summary)
    return change


def episode_recategorise(
    *, actor: User, episode: Episode, category: Category, applied_at: dt.datetime, reason: str
) -> CategoryChange:
    """Missing becomes away (whereabouts now known) or away becomes missing, from a time, with why."""
    if applied_at < episode.started_at:
        raise EpisodeProblem("The change cannot apply before the episode started")
    if applied_at > timezone.now():
        raise EpisodeProblem("The change must apply from a time in the past")
    if episode.ended_at is not None and applied_at > episode.ended_at:
        raise EpisodeProblem("The change cannot apply after the child returned")
    change = CategoryChange(episode=episode, category=category, **_applied(actor, applied_at, reason))
    summary = f"{category.label} from {timezone.localtime(applied_at):%d/%m/%Y %H:%M}"
    _apply(actor=actor, episode=episode, change=change, field="category", value="category", summary=summary)
    return change


def _applied(actor: User | None, applied_at: dt.datetime, reason: str, actor_name: str = "") -> dict[str, Any]:
    """Who changed it and when; ``actor_name`` names a system (the police API) when no person did."""
    by = actor.display_name() if actor else actor_name
    return {"applied_at": applied_at, "applied_by": actor, "applied_by_name": by, "reason": reason.strip()}


def _apply(
    *, actor: User, episode: Episode, change: RiskGradeChange | CategoryChange, field: str, value: str, summary: str
) -> None:
    """Save a dated change; the episode takes the latest value in that history, which need not be this one."""
    with transaction.atomic():
        # Locked, so two changes at once are applied one after the other and the latest really wins.
        Episode.objects.select_for_update().only("pk").get(pk=episode.pk)
        change.save()
        latest = type(change).objects.filter(episode=episode).order_by("-applied_at", "-pk").first()
        setattr(episode, field, getattr(latest, value))
        episode.save(update_fields=[field])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=episode,
            person_id=episode.person_id,
            summary=summary,
            reason=change.reason,
        )


def _close(
    *,
    actor: User | None,
    episode: Episode,
    ended_at: dt.datetime,
    found_place: str,
    found_how: str,
    provider: Agency | None,
) -> ReturnInterview:
    episode.ended_at = ended_at
    episode.found_place = found_place.strip()
    episode.found_how = found_how.strip()
    episode.save(update_fields=["ended_at", "found_place", "found_how"])
    chosen = _rhi_provider(episode.recording_agency, provider)
    rhi = ReturnInterview.objects.create(episode=episode, provider=chosen, due_at=rhi_due_at(ended_at))
    involvement_add(person=episode.person, agency=chosen, reason=InvolvementReason.EPISODE)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        target=episode,
        person_id=episode.person_id,
        summary=(
            f"Recorded the return; return home interview by {chosen.name} "
            f"due by {timezone.localtime(rhi.due_at):%d/%m/%Y %H:%M}"
        ),
        actor_username="" if actor else "api",
    )
    # The email goes only once the return is committed, so a rolled-back return sends nothing.
    transaction.on_commit(lambda: tasks.schedule_rhi_notifications(rhi.pk, rhi.due_at))
    return rhi


def episode_return(
    *,
    actor: User,
    episode: Episode,
    ended_at: dt.datetime,
    found_place: str,
    found_how: str,
    rhi_provider: Agency | None = None,
) -> ReturnInterview:
    if episode.ended_at is not None:
        raise EpisodeProblem("The return has already been recorded")
    _check_times(reported_at=episode.reported_at, started_at=episode.started_at, ended_at=ended_at)
    with transaction.atomic():
        locked = Episode.objects.select_for_update().get(pk=episode.pk)
        if locked.ended_at is not None:
            raise EpisodeProblem("The return has already been recorded")
        return _close(
            actor=actor,
            episode=episode,
            ended_at=ended_at,
            found_place=found_place,
            found_how=found_how,
            provider=rhi_provider,
        )


def rhi_reassign(*, actor: User, rhi: ReturnInterview, provider: Agency, reason: str) -> ReturnInterview:
    """Hand an open interview to another agency, e.g. a trusted worker the child prefers."""
    if not selectors.keeps_interview(actor.agency_id, rhi):
        raise EpisodeProblem("Only the current provider or the agency that recorded the episode can change this")
    if rhi.is_closed:
        raise EpisodeProblem("This return home interview is already finished")
    if provider.pk == rhi.provider_id:
        raise EpisodeProblem(f"{provider.name} already offers this return home interview")
    if provider.partnership_id != rhi.episode.partnership_id or not provider.is_active:
        raise EpisodeProblem("Choose an active agency in this partnership to offer the return home interview")
    if not reason.strip():
        raise EpisodeProblem("Enter why another agency will offer the interview")
    with transaction.atomic():
        previous = rhi.provider.name
        rhi.provider = provider
        # The new provider has not been told yet: its emails start afresh.
        rhi.due_notified_at = rhi.reminder_notified_at = None
        rhi.updated_at = timezone.now()
        rhi.save(update_fields=["provider", "due_notified_at", "reminder_notified_at", "updated_at"])
        involvement_add(person=rhi.episode.person, agency=provider, reason=InvolvementReason.EPISODE)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=rhi,
            person_id=rhi.episode.person_id,
            summary=f"Return home interview moved from {previous} to {provider.name}",
            reason=reason,
        )
        transaction.on_commit(lambda: tasks.schedule_rhi_notifications(rhi.pk, rhi.due_at))
    return rhi


@dataclass(frozen=True)
class RhiDetails:
    offered_at: dt.datetime | None = None
    offered_by: str = ""
    outcome: RhiOutcome | None = None
    outcome_reason: str = ""
    completed_at: dt.datetime | None = None
    completed_by: str = ""
    independent: bool | None = None
    push_factors: str = ""
    pull_factors: str = ""
    exploitation_indicators: tuple[ExploitationIndicator, ...] = ()
    shared_with_police: str = ""
    shared_with_others: str = ""


def rhi_problems(rhi: ReturnInterview, details: RhiDetails) -> list[tuple[str, str]]:
    """What is wrong with these details, as (field, message) pairs, so forms and the API agree."""
    problems: list[tuple[str, str]] = []
    returned = rhi.episode.ended_at
    now = timezone.now() + dt.timedelta(minutes=5)
    if details.outcome in {RhiOutcome.DECLINED, RhiOutcome.NOT_POSSIBLE} and not details.outcome_reason.strip():
        problems.append(("outcome_reason", "Say why the interview was declined or not possible"))
    for name, value in (("offered_at", details.offered_at), ("completed_at", details.completed_at)):
        if value is not None and returned is not None and value < returned:
            problems.append((name, "This must be after the child returned"))
        if value is not None and value > now:
            problems.append((name, "This must be in the past"))
    if details.completed_at is not None:
        if details.outcome != RhiOutcome.ACCEPTED:
            problems.append(("outcome", "An interview can be completed only if the child accepted it"))
        if not details.completed_by.strip():
            problems.append(("completed_by", "Enter who did the interview"))
        if details.independent is None:
            problems.append(("independent", "Say whether the interviewer was independent of the child's care"))
    if details.outcome == RhiOutcome.ACCEPTED and details.offered_at is None:
        problems.append(("offered_at", "Enter when the interview was offered"))
    return problems


def rhi_record(*, actor: User, rhi: ReturnInterview, details: RhiDetails) -> ReturnInterview:
    if not selectors.keeps_interview(actor.agency_id, rhi):
        raise EpisodeProblem("Only the provider or the agency that recorded the episode can record the interview")
    problems = rhi_problems(rhi, details)
    if problems:
        raise EpisodeProblem(problems[0][1])
    with transaction.atomic():
        rhi.offered_at = details.offered_at
        rhi.offered_by = details.offered_by.strip()
        rhi.outcome = details.outcome or ""
        rhi.outcome_reason = details.outcome_reason.strip()
        rhi.completed_at = details.completed_at
        rhi.completed_by = details.completed_by.strip()
        rhi.independent = details.independent
        rhi.push_factors = details.push_factors.strip()
        rhi.pull_factors = details.pull_factors.strip()
        rhi.exploitation_indicators = [str(code) for code in details.exploitation_indicators]
        rhi.shared_with_police = details.shared_with_police.strip()
        rhi.shared_with_others = details.shared_with_others.strip()
        rhi.updated_at = timezone.now()
        rhi.save(
            update_fields=[
                "offered_at",
                "offered_by",
                "outcome",
                "outcome_reason",
                "completed_at",
                "completed_by",
                "independent",
                "push_factors",
                "pull_factors",
                "exploitation_indicators",
                "shared_with_police",
                "shared_with_others",
                "updated_at",
            ]
        )
        state = "completed" if rhi.completed_at else (rhi.get_outcome_display().lower() or "offered")
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=rhi,
            person_id=rhi.episode.person_id,
            summary=f"Recorded the return home interview: {state}",
        )
    return rhi


def rhi_share_with_police(*, actor: User, rhi: ReturnInterview, information: str, reason: str) -> list[PoliceShare]:
    """Pass RHI information to the partnership's police: a shared record they can see, audited."""
    assert actor.agency is not None
    if not information.strip():
        raise EpisodeProblem("Enter the information you are passing to police")
    if not reason.strip():
        raise EpisodeProblem("Say why you are sharing it")
    person = rhi.episode.person
    police = _police_agencies(rhi.episode.partnership_id)
    if not police:
        raise EpisodeProblem("The partnership has no police agency to share with")
    shares = []
    with transaction.atomic():
        for agency in police:
            share = PoliceShare.objects.create(
                rhi=rhi,
                person=person,
                police_agency=agency,
                information=information.strip(),
                reason=reason.strip(),
                shared_by=actor,
                shared_by_agency=actor.agency,
            )
            involvement_add(person=person, agency=agency, reason=InvolvementReason.SHARED)
            audit_record(
                actor=actor,
                action=Action.SHARE,
                target=share,
                person_id=person.pk,
                summary=f"Passed return home interview information to {agency.name}",
                reason=reason,
            )
            shares.append(share)
    return shares


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


def episode_from_police_system(
    *,
    agency: Agency,
    token_name: str,
    police_reference: str,
    person: Person,
    fields: dict[str, object],
) -> tuple[Episode, bool]:
    """The episode with this police reference, recording it first if it is new.

    A retry of the same push finds the episode already there and returns it
    unchanged (apart from a return newly reported), so nothing is duplicated.
    """
    reference = police_reference.strip()
    if not reference:
        raise EpisodeProblem("police_reference must not be empty")
    existing = Episode.objects.filter(partnership_id=agency.partnership_id, police_reference=reference).first()
    if existing is None:
        try:
            with transaction.atomic():
                episode = episode_record(
                    actor=None,
                    actor_name=f"API: {token_name} ({agency.name})"[:150],
                    agency=agency,
                    person=person,
                    police_reference=reference,
                    **fields,  # type: ignore[arg-type]
                )
            return episode, True
        except IntegrityError:
            # Two identical pushes raced: the other one won, so this is a retry.
            existing = Episode.objects.get(partnership_id=agency.partnership_id, police_reference=reference)
    ended_at = fields.get("ended_at")
    if existing.ended_at is None and isinstance(ended_at, dt.datetime):
        with transaction.atomic():
            # Locked as the web's return is: a retry racing another, or a practitioner, closes it once.
            existing = Episode.objects.select_for_update().get(pk=existing.pk)
            if existing.ended_at is not None:
                return existing, False
            _check_times(reported_at=existing.reported_at, started_at=existing.started_at, ended_at=ended_at)
            _close(
                actor=None,
                episode=existing,
                ended_at=ended_at,
                found_place=str(fields.get("found_place") or ""),
                found_how=str(fields.get("found_how") or ""),
                provider=None,
            )
    return existing, False
