"""Missing episodes: recording, grading, returns, telling police, episodes pushed by police systems, and
deleting an episode (with its interview) past its retention time.

One function each, atomic, audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.errors import Refused
from safeguard.core.retention import audit_disposal
from safeguard.missing import selectors, tasks
from safeguard.missing.clock import rhi_due_at
from safeguard.missing.models import (
    Category,
    CategoryChange,
    Episode,
    HeldPush,
    ReturnInterview,
    RiskGrade,
    RiskGradeChange,
)
from safeguard.partnership.models import Agency, AgencyKind, User
from safeguard.partnership.selectors import active_agencies
from safeguard.people.models import IdentifierKind, InvolvementReason, Person, Sex
from safeguard.people.services import involvement_add, person_create
from safeguard.sharing.models import Consent, Decision, LawfulBasis, NoConsentReason, SharingDecision, SpecialCondition
from safeguard.sharing.services import DecisionInput, SharingError, decision_record, decision_record_by_rule


class EpisodeProblem(Refused):
    """A request that cannot be carried out, with a message for the person who made it."""


class EpisodeConflict(EpisodeProblem):
    """The child already has an open episode this one would duplicate."""


AWAY_ONLY_LOOKED_AFTER = (
    "Away from placement applies only to a looked-after child: record this as missing, "
    "or say the child is looked after and by which authority"
)


def _one_open_episode(person: Person, *, started_at: dt.datetime, ended_at: dt.datetime | None) -> None:
    """One incident, one episode: a second open episode for the same child would inflate the repeat-missing
    counts and the statutory return. An earlier, already-ended episode recorded late is not a duplicate."""
    # Locking the child serialises two recorders (a police push and a carer's web entry) racing each other.
    Person.objects.select_for_update().only("pk").get(pk=person.pk)
    current = Episode.objects.filter(person=person, ended_at__isnull=True).order_by("started_at").first()
    if current is not None and (ended_at is None or ended_at >= current.started_at):
        raise EpisodeConflict(
            f"{person.full_name} is already recorded as missing since "
            f"{timezone.localtime(current.started_at):%d/%m/%Y %H:%M}: update that episode instead"
        )


def _rhi_provider(agency: Agency, chosen: Agency | None) -> Agency:
    """The provider the recorder chose, else the partnership's commissioned one, else the recorder."""
    if chosen is not None:
        if chosen.partnership_id != agency.partnership_id or not chosen.is_active:
            raise EpisodeProblem("Choose an active agency in this partnership to offer the return home interview")
        return chosen
    return selectors.default_rhi_provider(agency.partnership_id) or agency


def police_agencies(partnership_id: int) -> list[Agency]:
    return list(active_agencies(partnership_id, AgencyKind.POLICE))


# Grades at or above which police are always told, whatever the recorder would choose.
_GRADES = list(RiskGrade)


POLICE_ALWAYS_FROM = RiskGrade.MEDIUM


WHAT_POLICE_SEE = (
    "The missing episode (when and where the child was last seen, clothing, risk grade, missing or away, "
    "and every later change to it, including the return) and the child's Philomena profile while the child is missing"
)


# Who decided, on a decision the partnership's rule made with no one signed in.
RULE_ROLE = "The partnership's rule: police are told of every missing episode"


def police_must_be_told(*, police_reference: str, risk_grade: RiskGrade | str) -> bool:
    """A police reference means police already hold the case; medium risk and above needs them searching."""
    return bool(police_reference.strip()) or _GRADES.index(RiskGrade(risk_grade)) >= _GRADES.index(POLICE_ALWAYS_FROM)


def _police_concern(episode: Episode) -> str:
    grade = RiskGrade(episode.risk_grade).label.lower()
    return (
        f"{episode.person.full_name} has been {'missing' if episode.category == Category.MISSING else 'away'} "
        f"since {timezone.localtime(episode.started_at):%d/%m/%Y %H:%M}, risk {grade}."
    )


@dataclass(frozen=True)
class _PoliceTelling:
    """Who is telling police (or deciding not to) about which episode, and why: one telling, three steps."""

    actor: User | None
    actor_name: str
    """With no one signed in, the job or system recorded as deciding by the partnership's rule."""
    episode: Episode
    share: bool
    why: str
    police: list[Agency]


def _police_decision_input(telling: _PoliceTelling, today: dt.date) -> DecisionInput:
    """The sharing decision for telling police (or not), as the recorder or the partnership's rule makes it."""
    actor, share, why = telling.actor, telling.share, telling.why
    return DecisionInput(
        concern=_police_concern(telling.episode),
        necessary_and_proportionate=share,
        necessity_reasons=(
            "Police lead the search for a missing child: they need the episode and the Philomena profile "
            "now to find the child and keep them safe."
            if share
            else why
        ),
        # The advice: consent is not needed where seeking it would put a child at risk or cause delay.
        consent=Consent.NOT_SOUGHT,
        no_consent_reason=NoConsentReason.UNDUE_DELAY,
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        special_condition=SpecialCondition.SAFEGUARDING,
        decision=Decision.SHARE if share else Decision.NOT_SHARE,
        decision_reasons=why,
        decided_by_name=actor.display_name() if actor is not None else telling.actor_name,
        decided_by_role=actor.job_title if actor is not None else RULE_ROLE,
        decided_on=today,
        review_on=today + dt.timedelta(days=28),
        what_shared=WHAT_POLICE_SEE if share else "",
        shared_with_agencies=telling.police if share else [],
        purpose="To find the child and keep them safe while they are missing" if share else "",
        shared_on=today if share else None,
    )


def _police_decision(telling: _PoliceTelling, today: dt.date) -> SharingDecision | None:
    """The decision to tell police or not, recorded through the sharing app when the recording agency's own
    user or, with no one signed in, the partnership's rule makes it; otherwise none."""
    actor, episode = telling.actor, telling.episode
    by_rule = actor is None and bool(telling.actor_name)
    if not ((actor is not None and actor.agency_id == episode.recording_agency_id) or by_rule):
        return None
    data = _police_decision_input(telling, today)
    try:
        if actor is not None:
            return decision_record(actor=actor, person=episode.person, data=data)
        return decision_record_by_rule(
            agency=episode.recording_agency, recorded_by_name=telling.actor_name, person=episode.person, data=data
        )
    except SharingError as exc:
        raise EpisodeProblem(str(exc)) from None


def _share_with_police(telling: _PoliceTelling, decision: SharingDecision | None, now: dt.datetime) -> None:
    """Police see the episode through an involvement with the child; the share is stamped and audited."""
    episode, police = telling.episode, telling.police
    for agency in police:
        involvement_add(person=episode.person, agency=agency, reason=InvolvementReason.SHARED)
    episode.police_told_at, episode.police_decision = now, decision
    episode.save(update_fields=["police_told_at", "police_decision"])
    audit_record(
        actor=telling.actor,
        action=Action.SHARE,
        target=episode,
        person_id=episode.person_id,
        summary=f"Shared the missing episode with {', '.join(a.name for a in police)}",
        reason=telling.why,
        actor_username=telling.actor_name if telling.actor is None else "",
        agency=episode.recording_agency,
    )


def _tell_police(*, actor: User | None, episode: Episode, share: bool, why: str, actor_name: str = "") -> None:
    """Share the episode with the partnership's police at once, recording the decision to share or not.

    Police see an episode through an involvement with the child, so the share is an involvement plus a
    sharing decision (lawful basis, what, with whom, why) recorded through the sharing app. Police who
    recorded the episode themselves need neither. With no one signed in (an agency system's push, or the
    catch-up of episodes open before police were told automatically), the decision is the partnership's
    rule applied for the recording agency, recorded under ``actor_name``.
    """
    if episode.recording_agency.is_police or episode.police_told_at is not None:
        return
    police = police_agencies(episode.partnership_id)
    if share and not police:
        return
    now = timezone.now()
    telling = _PoliceTelling(actor=actor, actor_name=actor_name, episode=episode, share=share, why=why, police=police)
    decision = _police_decision(telling, timezone.localdate(now))
    if not share:
        episode.police_decision = decision
        episode.save(update_fields=["police_decision"])
        return
    _share_with_police(telling, decision, now)


CATCH_UP_JOB = "missing_share_open_episodes"


def open_episodes_share_with_police(*, by: str = CATCH_UP_JOB) -> int:
    """Tell the police of every episode still open that they were never told of and no one decided to keep
    from them: the rule every new episode follows (``episode_record``), applied to those recorded before it.

    Each is shared as a new one would be, with a sharing decision made by the rule for the recording
    agency and recorded under ``by``; run it again and it finds nothing more. Returns how many were shared.
    """
    shared = 0
    for episode in selectors.open_episodes_never_put_to_police():
        with transaction.atomic():
            locked = Episode.objects.select_for_update().select_related("person", "recording_agency").get(pk=episode.pk)
            if locked.ended_at is not None or locked.police_told_at is not None or locked.police_decision_id:
                continue
            must = police_must_be_told(police_reference=locked.police_reference, risk_grade=locked.risk_grade)
            _tell_police(
                actor=None,
                actor_name=by,
                episode=locked,
                share=True,
                why=(
                    "A police reference or a risk of medium or above: police are always told."
                    if must
                    else "Police are told of every missing episode; this one was open before that began."
                ),
            )
            if locked.police_told_at is not None:
                shared += 1
    return shared


def _check_times(*, reported_at: dt.datetime, started_at: dt.datetime, ended_at: dt.datetime | None) -> None:
    now = timezone.now() + dt.timedelta(minutes=5)
    if started_at > now or reported_at > now:
        raise EpisodeProblem("The start and report times must be in the past")
    if ended_at is not None:
        if ended_at < started_at:
            raise EpisodeProblem("The return time must be after the time the child went missing")
        if ended_at > now:
            raise EpisodeProblem("The return time must be in the past")


@dataclass(frozen=True)
class EpisodeInput:
    """What is known of a missing episode when it is recorded (from the form, the police system or the demo)."""

    category: Category
    risk_grade: RiskGrade
    reported_at: dt.datetime
    started_at: dt.datetime
    last_seen_place: str = ""
    clothing: str = ""
    looked_after: bool = False
    responsible_authority: str = ""
    police_reference: str = ""
    # A child already back when the episode is recorded: the return is recorded with it.
    ended_at: dt.datetime | None = None
    found_place: str = ""
    found_how: str = ""
    rhi_provider: Agency | None = None
    tell_police: bool = True
    not_telling_police_reason: str = ""


def _refuse_episode(*, agency: Agency, person: Person, data: EpisodeInput) -> None:
    """Refuse an episode that cannot be recorded as given, before anything is written."""
    if person.partnership_id != agency.partnership_id:
        raise EpisodeProblem("This person belongs to another partnership")
    _check_times(reported_at=data.reported_at, started_at=data.started_at, ended_at=data.ended_at)
    must = police_must_be_told(police_reference=data.police_reference, risk_grade=data.risk_grade)
    if not data.tell_police and must:
        raise EpisodeProblem("Police must be told of an episode with a police reference or a risk of medium or high")
    if not data.tell_police and not data.not_telling_police_reason.strip():
        raise EpisodeProblem("Say why police are not being told")
    if data.category == Category.AWAY and not data.looked_after:
        raise EpisodeProblem(AWAY_ONLY_LOOKED_AFTER)


def _why_police(data: EpisodeInput) -> str:
    """Why police are told (the rule that applies), or the recorder's reason for not telling them."""
    if police_must_be_told(police_reference=data.police_reference, risk_grade=data.risk_grade):
        return "A police reference or a risk of medium or above: police are always told."
    if data.tell_police:
        return "Police are told of every missing episode as soon as it is recorded."
    return data.not_telling_police_reason.strip()


def _episode_create(
    *, actor: User | None, actor_name: str, agency: Agency, person: Person, data: EpisodeInput
) -> Episode:
    """The episode with the first entries of its grade and category histories."""
    episode = Episode.objects.create(
        partnership_id=agency.partnership_id,
        person=person,
        recording_agency=agency,
        recorded_by=actor,
        police_reference=data.police_reference.strip(),
        category=data.category,
        risk_grade=data.risk_grade,
        reported_at=data.reported_at,
        started_at=data.started_at,
        last_seen_place=data.last_seen_place.strip(),
        clothing=data.clothing.strip(),
        looked_after=data.looked_after,
        responsible_authority=data.responsible_authority.strip(),
    )
    RiskGradeChange.objects.create(
        episode=episode,
        grade=data.risk_grade,
        **_applied(actor, data.reported_at, "Grade when reported", actor_name),
    )
    CategoryChange.objects.create(
        episode=episode, category=data.category, **_applied(actor, data.started_at, "When reported", actor_name)
    )
    return episode


def episode_record(
    *,
    actor: User | None,
    agency: Agency,
    person: Person,
    data: EpisodeInput,
    actor_name: str = "",
    api_caller: str = "",
    request: HttpRequest | None = None,
) -> Episode:
    """Record a new episode and share it with police at once; if the child is already back, the RHI clock starts too.

    Police are always told of an episode with a police reference or a risk of medium or above. Below that the
    recorder may decide not to tell them yet, with a reason: that decision is recorded too.
    """
    _refuse_episode(agency=agency, person=person, data=data)
    with transaction.atomic():
        _one_open_episode(person, started_at=data.started_at, ended_at=data.ended_at)
        episode = _episode_create(actor=actor, actor_name=actor_name, agency=agency, person=person, data=data)
        involvement_add(person=person, agency=agency, reason=InvolvementReason.EPISODE)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=episode,
            person_id=person.pk,
            summary=f"Recorded a {data.category.label.split(' (')[0].lower()} episode, risk {data.risk_grade.label.lower()}",
            request=request,
            actor_username=api_caller,
            agency=agency,
        )
        _tell_police(actor=actor, actor_name=actor_name, episode=episode, share=data.tell_police, why=_why_police(data))
        if data.ended_at is not None:
            _close(
                actor=actor,
                episode=episode,
                ended_at=data.ended_at,
                found_place=data.found_place,
                found_how=data.found_how,
                provider=data.rhi_provider,
                api_caller=api_caller,
            )
    return episode


def episode_regrade(
    *, actor: User, episode: Episode, grade: RiskGrade, applied_at: dt.datetime, reason: str = ""
) -> RiskGradeChange:
    # The police risk grade is the police's assessment: others tell police, who regrade.
    if actor.agency is None or not actor.agency.is_police:
        raise EpisodeProblem("Only police change the police risk grade: tell them what has changed")
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
    if category == Category.AWAY and not episode.looked_after:
        raise EpisodeProblem("Away from placement applies only to a looked-after child")
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
    api_caller: str = "",
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
        actor_username=api_caller,
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
    if not selectors.may_record_return(actor.agency, episode):
        raise EpisodeProblem(RETURN_WHO)
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


RETURN_WHO = (
    "Only the agency that recorded the episode, the child's social worker's agency or police can record "
    "or correct the return"
)


def episode_reopen(*, actor: User, episode: Episode, reason: str) -> Episode:
    """Correct a return recorded in error: the child is missing again in this same episode.

    Police regain the Philomena profile because the episode is open again. The interview owed for the
    mistaken return goes, unless work on it has started (then it is no mistake to undo silently).
    """
    if not selectors.may_record_return(actor.agency, episode):
        raise EpisodeProblem(RETURN_WHO)
    if not reason.strip():
        raise EpisodeProblem("Enter why the return was wrong")
    with transaction.atomic():
        locked = Episode.objects.select_for_update().get(pk=episode.pk)
        if locked.ended_at is None:
            raise EpisodeProblem("The child is already recorded as missing")
        rhi: ReturnInterview | None = ReturnInterview.objects.filter(episode=locked).first()
        if rhi is not None:
            if rhi.offered_at or rhi.outcome or rhi.completed_at or rhi.police_shares.exists():
                raise EpisodeProblem(
                    "The return home interview has already been offered or shared: record a new episode instead"
                )
            rhi.delete()
        was = timezone.localtime(locked.ended_at)
        locked.ended_at = None
        locked.found_place = locked.found_how = ""
        locked.save(update_fields=["ended_at", "found_place", "found_how"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=locked,
            person_id=locked.person_id,
            summary=f"Corrected the return recorded for {was:%d/%m/%Y %H:%M}: the child is still missing",
            reason=reason,
        )
    episode.refresh_from_db()
    return episode


def _join_open_episode(*, agency: Agency, api_caller: str, reference: str, person: Person) -> Episode | None:
    """A push for a child already recorded as missing (say by the carer) joins that episode: one incident."""
    with transaction.atomic():
        current = (
            Episode.objects.select_for_update()
            .filter(person=person, ended_at__isnull=True)
            .order_by("started_at")
            .first()
        )
        if current is None:
            return None
        if current.police_reference:
            raise EpisodeConflict(
                f"This child already has an open episode under police reference {current.police_reference}: "
                "send updates with that reference"
            )
        current.police_reference = reference
        current.save(update_fields=["police_reference"])
        audit_record(
            actor=None,
            actor_username=api_caller,
            action=Action.UPDATE,
            target=current,
            person_id=person.pk,
            summary=f"Police reference {reference} joined to the episode already open",
        )
    return current


def episode_from_police_system(
    *,
    agency: Agency,
    token_name: str,
    api_caller: str,
    police_reference: str,
    person: Person,
    fields: dict[str, object],
) -> tuple[Episode, bool]:
    """The episode with this police reference, recording it first if it is new.

    ``api_caller`` names the caller in the audit trail (``audit.services.api_actor`` of its token).

    A retry of the same push finds the episode already there and returns it
    unchanged (apart from a return newly reported), so nothing is duplicated.
    """
    reference = police_reference.strip()
    if not reference:
        raise EpisodeProblem("police_reference must not be empty")
    existing = Episode.objects.filter(partnership_id=agency.partnership_id, police_reference=reference).first()
    if existing is None:
        existing = _join_open_episode(agency=agency, api_caller=api_caller, reference=reference, person=person)
    if existing is None:
        try:
            with transaction.atomic():
                episode = episode_record(
                    actor=None,
                    actor_name=f"API: {token_name} ({agency.name})"[:150],
                    api_caller=api_caller,
                    agency=agency,
                    person=person,
                    data=EpisodeInput(police_reference=reference, **fields),  # type: ignore[arg-type]
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
            if not selectors.may_record_return(agency, existing):
                raise EpisodeProblem(RETURN_WHO)
            _close(
                actor=None,
                episode=existing,
                ended_at=ended_at,
                found_place=str(fields.get("found_place") or ""),
                found_how=str(fields.get("found_how") or ""),
                provider=None,
                api_caller=api_caller,
            )
    return existing, False


def _fields_sent(sent: dict[str, Any]) -> dict[str, object]:
    """The episode fields as stored on a held push, back in the types ``episode_record`` takes."""
    fields: dict[str, object] = dict(sent)
    for name in ("reported_at", "started_at", "ended_at"):
        value = fields.get(name)
        fields[name] = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    fields["category"] = Category(str(sent["category"]))
    fields["risk_grade"] = RiskGrade(str(sent["risk_grade"]))
    return fields


def push_hold(
    *,
    agency: Agency,
    token_name: str,
    police_reference: str,
    person_sent: dict[str, Any],
    episode_sent: dict[str, Any],
    candidates: list[Person],
    api_caller: str = "",
) -> tuple[HeldPush, bool]:
    """Keep a push until children's services say which child it is; a retry finds the same held push."""
    reference = police_reference.strip()
    with transaction.atomic():
        existing = HeldPush.objects.filter(
            partnership_id=agency.partnership_id, police_reference=reference, resolved_at__isnull=True
        ).first()
        if existing is not None:
            return existing, False
        held = HeldPush.objects.create(
            partnership_id=agency.partnership_id,
            agency=agency,
            token_name=token_name[:100],
            police_reference=reference,
            person_sent=person_sent,
            episode_sent=episode_sent,
        )
        held.candidates.set(candidates)
        audit_record(
            actor=None,
            actor_username=api_caller,
            action=Action.CREATE,
            target=held,
            summary=f"Held missing episode {reference}: the child could not be matched for certain "
            f"({len(candidates)} possible)",
        )
    return held, True


def push_resolve(*, actor: User, held: HeldPush, person: Person | None) -> Episode:
    """Record the held episode for the child chosen, or for a new child when none of the candidates is them."""
    if actor.agency is None or actor.agency.kind != AgencyKind.LA_CHILDREN:
        raise EpisodeProblem("Only children's services resolve which child a police episode is about")
    with transaction.atomic():
        locked = HeldPush.objects.select_for_update().get(pk=held.pk)
        if locked.resolved_at is not None:
            raise EpisodeProblem("Someone has already resolved this episode")
        if person is not None and not locked.candidates.filter(pk=person.pk).exists():
            raise EpisodeProblem("Choose one of the children listed, or a new child")
        sent = locked.person_sent
        new_child = person is None
        if person is None:
            nhs = sent.get("nhs_number") or ""
            person = person_create(
                actor=actor,
                partnership=actor.agency.partnership,
                agency=locked.agency,
                given_name=sent.get("given_name", ""),
                family_name=sent.get("family_name", ""),
                date_of_birth=dt.date.fromisoformat(sent["date_of_birth"]),
                sex=Sex(sent.get("sex") or Sex.UNKNOWN),
                identifiers=[(IdentifierKind.NHS_NUMBER, nhs)] if nhs else [],
                address={"line1": "Postcode only (police push)", "postcode": sent["postcode"]}
                if sent.get("postcode")
                else None,
                reason=f"None of the possible matches for police episode {locked.police_reference}",
            )
        episode, _ = episode_from_police_system(
            agency=locked.agency,
            token_name=locked.token_name,
            # Recorded now because this person chose the child: the token that sent it acted long ago.
            api_caller=actor.get_username(),
            police_reference=locked.police_reference,
            person=person,
            fields=_fields_sent(locked.episode_sent),
        )
        locked.resolved_at, locked.resolved_by, locked.episode = timezone.now(), actor, episode
        locked.save(update_fields=["resolved_at", "resolved_by", "episode"])
        involvement_add(person=person, agency=actor.agency, reason=InvolvementReason.EPISODE)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=locked,
            person_id=person.pk,
            summary=f"Resolved police episode {locked.police_reference} to "
            + ("a new child" if new_child else "a child already known"),
        )
    return episode


def interview_retention_delete(*, interview: ReturnInterview, by: str) -> None:
    """Delete a return home interview past its retention period, with the record of what of it was shared
    with police (the police hold their own copy), for the scheduled job ``by``. Audited by kind and id."""
    with transaction.atomic():
        pk = interview.pk
        for share in interview.police_shares.all():
            share_pk = share.pk
            share.delete()
            audit_disposal(by=by, record=share, pk=share_pk)
        interview.delete()
        audit_disposal(by=by, record=interview, pk=pk)


def episode_retention_delete(*, episode: Episode, by: str) -> None:
    """Delete a missing episode past its retention period with its interview and grade and category history,
    for the scheduled job ``by``. Audited by kind and id, never content."""
    with transaction.atomic():
        pk = episode.pk
        interview = ReturnInterview.objects.filter(episode=episode).first()
        if interview is not None:
            interview_retention_delete(interview=interview, by=by)
        episode.delete()
        audit_disposal(by=by, record=episode, pk=pk)
