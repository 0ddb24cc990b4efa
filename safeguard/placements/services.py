"""Recording placements and the notices each one owes, with regulation deadlines.

Regulation 13 (Care Planning, Placement and Case Review (England) Regulations 2010): notice
of a placement before it is made (only dates are stored, so by the day before it starts),
or within 5 working days of its start in an emergency, to everyone 13(2) lists: the child
(unless not appropriate for their age and understanding), each parent and person with
parental responsibility, anyone with contact under section 34 or a section 8 order,
whoever cared for the child immediately before, the health body (ICB) for the child's
home area and, if different, the placement area, the child's GP and the GP the child
will be registered with, the school, and the IRO; and under 13(4) the host authority
for a placement out of the area. 13(3): the authority may decide not to tell (b)–(e)
where that would put the child at risk of significant harm, recorded with its reason.
Regulation 14: notice of the end to the same people and the provider or carer, before
it ends where that is practicable (a planned end), otherwise within 10 working days after.
Regulation 41 (children's homes): a home notifies the host authority of admissions and
discharges without delay (taken here as by the next working day, a setting), except
that nothing is owed where the home is in the placing authority's own area (41(2)).
Telling local police is local protocol: the partnership's ``notify_police_of_placements``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.errors import Refused
from safeguard.core.retention import audit_disposal
from safeguard.core.workdays import add_working_days
from safeguard.partnership.models import Agency, AgencyKind, Partnership, User
from safeguard.partnership.selectors import active_agencies
from safeguard.people.models import InvolvementReason, Person
from safeguard.people.services import involvement_add
from safeguard.placements import selectors, tasks
from safeguard.placements.models import (
    MAY_BE_WITHHELD,
    Distance,
    LegalStatus,
    Notice,
    NoticeKind,
    Placement,
    PlacementKind,
    Recipient,
    SentMethod,
)

EMERGENCY_WORKING_DAYS = 5
END_WORKING_DAYS = 10


class PlacementProblem(Refused):
    """A request that cannot be carried out, with a message for the person who made it."""


def reg41_working_days() -> int:
    return int(getattr(settings, "SAFEGUARD_REG41_WORKING_DAYS", 1))


def start_notice_due(*, starts_on: dt.date, emergency: bool) -> dt.date:
    """Planned: before the placement is made, so by the day before it starts. Emergency: within 5 working days."""
    return add_working_days(starts_on, EMERGENCY_WORKING_DAYS) if emergency else starts_on - dt.timedelta(days=1)


def end_notice_due(*, ends_on: dt.date, planned: bool) -> dt.date:
    """Planned: before it ends (the day before). Not practicable beforehand: within 10 working days after."""
    return ends_on - dt.timedelta(days=1) if planned else add_working_days(ends_on, END_WORKING_DAYS)


def owes_regulation_41(placement: Placement) -> bool:
    """41(2): a home in the placing authority's own area owes its host (the same authority) nothing."""
    return placement.home_agency_id is not None and placement.distance != Distance.IN_AREA


def _first_of(partnership_id: int, kind: AgencyKind) -> Agency | None:
    return active_agencies(partnership_id, kind).order_by("pk").first()


@dataclass(frozen=True)
class Addressee:
    recipient: Recipient
    agency: Agency | None  # in Safeguard: the notice lands in its inbox
    name: str = ""  # outside Safeguard, or the person at the agency


def _icb(partnership: Partnership) -> Addressee:
    agency = _first_of(partnership.pk, AgencyKind.ICB)
    return Addressee(Recipient.ICB_HOME, agency, "" if agency else f"Integrated Care Board for {partnership.area_name}")


def _names(text: str) -> str:
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def regulation_13_addressees(placement: Placement) -> list[Addressee]:
    """Everyone regulation 13 says must be told of this placement, less those 13(3) lets the authority withhold."""
    home_icb = _icb(placement.placing_agency.partnership)
    place_icb = _icb(placement.host_agency.partnership)
    found: list[Addressee] = []
    if not placement.child_not_told_reason:
        found.append(Addressee(Recipient.CHILD, None, "The child"))
    family = [
        (Recipient.PARENTS, _names(placement.parents)),
        (Recipient.CONTACT, _names(placement.contacts)),
        (Recipient.PREVIOUS_CARER, placement.previous_carer),
    ]
    for recipient, names in family:
        if names and not (placement.withheld_reason and recipient in MAY_BE_WITHHELD):
            found.append(Addressee(recipient, None, names))
    found.append(home_icb)
    # One body for both areas (an ICB covers several authorities) is told once.
    same_body = (home_icb.agency and place_icb.agency and home_icb.agency.name == place_icb.agency.name) or (
        home_icb.agency is None and place_icb.agency is None and home_icb.name == place_icb.name
    )
    if not same_body:
        found.append(Addressee(Recipient.ICB_PLACEMENT, place_icb.agency, place_icb.name))
    if placement.gp_practice:
        found.append(Addressee(Recipient.GP, None, placement.gp_practice))
    if placement.new_gp_practice and placement.new_gp_practice.casefold() != placement.gp_practice.casefold():
        found.append(Addressee(Recipient.GP_NEW, None, placement.new_gp_practice))
    if placement.school:
        found.append(Addressee(Recipient.SCHOOL, None, placement.school))
    found.append(Addressee(Recipient.IRO, None, placement.iro_name))
    if placement.distance != Distance.IN_AREA:
        found.append(Addressee(Recipient.HOST, placement.host_agency))
    return found


def _notice(*, placement: Placement, kind: NoticeKind, from_agency: Agency, to: Addressee, due_on: dt.date) -> Notice:
    notice, _ = Notice.objects.get_or_create(
        placement=placement,
        kind=kind,
        recipient=to.recipient,
        defaults={"from_agency": from_agency, "to_agency": to.agency, "to_name": to.name, "due_on": due_on},
    )
    if to.agency is not None and to.agency.partnership_id == placement.person.partnership_id:
        involvement_add(person=placement.person, agency=to.agency, reason=InvolvementReason.PLACEMENT)
    return notice


@dataclass(frozen=True)
class PlacementInput:
    """What the placement form collects: where the child is placed, by whom, and who must be told."""

    placing_agency: Agency
    host_agency: Agency
    provider: str
    kind: PlacementKind
    distance: Distance
    emergency: bool
    starts_on: dt.date
    legal_status: LegalStatus | None = None
    home_agency: Agency | None = None  # set when a children's home records its own admission
    director_approved_by: str = ""
    director_approved_on: dt.date | None = None
    gp_practice: str = ""
    school: str = ""
    iro_name: str = ""
    iro_contact: str = ""
    has_ehc_plan: bool | None = None
    suitability_reasons: str = ""
    child_not_told_reason: str = ""
    parents: str = ""
    contacts: str = ""
    previous_carer: str = ""
    new_gp_practice: str = ""
    withheld_reason: str = ""


def _refuse_placement(*, actor: User, data: PlacementInput) -> None:
    """Refuse a placement that cannot be recorded as given, before anything is written."""
    assert actor.agency is not None
    if actor.agency not in (data.placing_agency, data.home_agency):
        raise PlacementProblem("Only the placing authority or the children's home can record this placement")
    if data.distance == Distance.DISTANT and not (data.director_approved_by.strip() and data.director_approved_on):
        raise PlacementProblem("A placement at a distance needs the Director of Children's Services' approval recorded")
    if data.distance == Distance.IN_AREA and data.host_agency != data.placing_agency:
        raise PlacementProblem("For a placement in your own area the host authority is your own authority")
    if data.distance != Distance.IN_AREA and data.host_agency == data.placing_agency:
        raise PlacementProblem("Choose the authority whose area the child is placed in")
    # The placing authority owes the host its reasons; a children's home recording an admission may not know them.
    if data.distance != Distance.IN_AREA and actor.agency != data.home_agency and not data.suitability_reasons.strip():
        raise PlacementProblem("Say why this placement is the most suitable: the host authority's notice must")


def _placement_create(*, actor: User, person: Person, data: PlacementInput) -> Placement:
    withheld = data.withheld_reason.strip()
    return Placement.objects.create(
        partnership_id=data.placing_agency.partnership_id,
        person=person,
        placing_agency=data.placing_agency,
        host_agency=data.host_agency,
        home_agency=data.home_agency,
        provider=data.provider.strip(),
        kind=data.kind,
        legal_status=data.legal_status or "",
        distance=data.distance,
        emergency=data.emergency,
        starts_on=data.starts_on,
        director_approved_by=data.director_approved_by.strip(),
        director_approved_on=data.director_approved_on,
        gp_practice=data.gp_practice.strip(),
        school=data.school.strip(),
        iro_name=data.iro_name.strip(),
        iro_contact=data.iro_contact.strip(),
        has_ehc_plan=data.has_ehc_plan,
        suitability_reasons=data.suitability_reasons.strip(),
        child_not_told_reason=data.child_not_told_reason.strip(),
        parents=data.parents.strip(),
        contacts=data.contacts.strip(),
        previous_carer=data.previous_carer.strip(),
        new_gp_practice=data.new_gp_practice.strip(),
        # 13(3) is a decision: who made it and when are recorded with the reason.
        withheld_reason=withheld,
        withheld_by=actor.display_name() if withheld else "",
        withheld_on=timezone.localdate() if withheld else None,
        recorded_by=actor,
    )


def _start_notices(placement: Placement) -> None:
    """The notices the start owes: regulation 13's, local police's by protocol, and regulation 41's."""
    placing, host = placement.placing_agency, placement.host_agency
    start_due = start_notice_due(starts_on=placement.starts_on, emergency=placement.emergency)
    for addressee in regulation_13_addressees(placement):
        _notice(placement=placement, kind=NoticeKind.START, from_agency=placing, to=addressee, due_on=start_due)
    police = _first_of(host.partnership_id, AgencyKind.POLICE)
    if placement.distance != Distance.IN_AREA and placing.partnership.notify_police_of_placements and police:
        _notice(
            placement=placement,
            kind=NoticeKind.POLICE,
            from_agency=placing,
            to=Addressee(Recipient.POLICE, police),
            due_on=start_due,
        )
    if owes_regulation_41(placement):
        assert placement.home_agency is not None
        _notice(
            placement=placement,
            kind=NoticeKind.ADMISSION,
            from_agency=placement.home_agency,
            to=Addressee(Recipient.HOST, host),
            due_on=add_working_days(placement.starts_on, reg41_working_days()),
        )


def placement_record(*, actor: User, person: Person, data: PlacementInput) -> Placement:
    _refuse_placement(actor=actor, data=data)
    with transaction.atomic():
        placement = _placement_create(actor=actor, person=person, data=data)
        involvement_add(person=person, agency=data.placing_agency, reason=InvolvementReason.PLACEMENT)
        _start_notices(placement)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=placement,
            person_id=person.pk,
            summary=f"Recorded a placement with {placement.provider} ({placement.get_distance_display().lower()})",
        )
        if placement.withheld_reason:
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                target=placement,
                person_id=person.pk,
                summary="Decided under regulation 13(3) not to tell the family and previous carer of the placement",
            )
    return placement


def placement_end(*, actor: User, placement: Placement, ends_on: dt.date, planned: bool) -> Placement:
    if ends_on < placement.starts_on:
        raise PlacementProblem("The placement cannot end before it started")
    with transaction.atomic():
        # Locked, so a double submit cannot record two end dates with notices due from the first.
        if Placement.objects.select_for_update().values_list("ends_on", flat=True).get(pk=placement.pk) is not None:
            raise PlacementProblem("The end of this placement has already been recorded")
        placement.ends_on, placement.end_planned = ends_on, planned
        placement.save(update_fields=["ends_on", "end_planned"])
        # Regulation 14: the same people as regulation 13 — whoever was told of the start, and
        # anyone the regulation names who was not (a placement recorded before they were all modelled).
        owed = {a.recipient: a for a in regulation_13_addressees(placement)}
        for told in placement.notices.filter(kind=NoticeKind.START).select_related("to_agency"):
            owed[Recipient(told.recipient)] = Addressee(Recipient(told.recipient), told.to_agency, told.to_name)
        # Regulation 14(2) adds the provider or carer, who is not told of the start (they made it).
        owed[Recipient.PROVIDER] = Addressee(Recipient.PROVIDER, placement.home_agency, placement.provider)
        for addressee in owed.values():
            _notice(
                placement=placement,
                kind=NoticeKind.END,
                from_agency=placement.placing_agency,
                to=addressee,
                due_on=end_notice_due(ends_on=ends_on, planned=planned),
            )
        if owes_regulation_41(placement):
            assert placement.home_agency is not None
            _notice(
                placement=placement,
                kind=NoticeKind.DISCHARGE,
                from_agency=placement.home_agency,
                to=Addressee(Recipient.HOST, placement.host_agency),
                due_on=add_working_days(ends_on, reg41_working_days()),
            )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=placement,
            person_id=placement.person_id,
            summary=f"Recorded the {'planned' if planned else 'unplanned'} end of the placement on {ends_on:%d/%m/%Y}",
        )
    return placement


NAMED_RECIPIENTS = {Recipient.GP: "gp_practice", Recipient.SCHOOL: "school", Recipient.IRO: "iro_name"}


def placement_details_update(
    *,
    actor: User,
    placement: Placement,
    gp_practice: str,
    school: str,
    iro_name: str,
    iro_contact: str,
    has_ehc_plan: bool | None,
) -> Placement:
    """Correct who the child's GP, school and IRO are; the notices owed follow.

    A newly named GP or school is owed the notice from the original deadline (so it shows as
    late, as it is); an unsent notice takes the new name; one no longer owed and never sent goes.
    """
    if not selectors.keeps_placement(actor.agency_id, placement):
        raise PlacementProblem("Only the placing authority or the children's home can change these details")
    with transaction.atomic():
        placement.gp_practice, placement.school = gp_practice.strip(), school.strip()
        placement.iro_name, placement.iro_contact = iro_name.strip(), iro_contact.strip()
        placement.has_ehc_plan = has_ehc_plan
        placement.save(update_fields=["gp_practice", "school", "iro_name", "iro_contact", "has_ehc_plan"])
        owed = {a.recipient: a for a in regulation_13_addressees(placement)}
        kinds = [(NoticeKind.START, start_notice_due(starts_on=placement.starts_on, emergency=placement.emergency))]
        if placement.ends_on is not None:
            kinds.append(
                (NoticeKind.END, end_notice_due(ends_on=placement.ends_on, planned=bool(placement.end_planned)))
            )
        for recipient in NAMED_RECIPIENTS:
            for kind, due_on in kinds:
                existing = placement.notices.filter(kind=kind, recipient=recipient).first()
                addressee = owed.get(recipient)
                if existing is None and addressee is not None:
                    _notice(
                        placement=placement,
                        kind=kind,
                        from_agency=placement.placing_agency,
                        to=addressee,
                        due_on=due_on,
                    )
                elif existing is not None and existing.sent_at is None:
                    if addressee is None:
                        existing.delete()
                    elif existing.to_name != addressee.name:
                        existing.to_name = addressee.name
                        existing.save(update_fields=["to_name"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=placement,
            person_id=placement.person_id,
            summary="Changed the child's GP, school, IRO or EHC plan for the placement",
        )
    return placement


def notice_send(
    *, actor: User, notice: Notice, sent_at: dt.datetime | None = None, method: SentMethod | None = None
) -> Notice:
    """Mark a notice sent: through Safeguard to an agency that uses it, or say how it went."""
    if actor.agency_id != notice.from_agency_id:
        raise PlacementProblem("Only the agency that owes this notice can mark it sent")
    if notice.in_safeguard:
        method = method or SentMethod.SAFEGUARD
    elif method is None or method == SentMethod.SAFEGUARD:
        raise PlacementProblem(f"Say how the notice was sent: {notice.addressee} does not use Safeguard")
    sent_at = sent_at or timezone.now()
    if sent_at > timezone.now() + dt.timedelta(minutes=5):
        raise PlacementProblem("The date sent cannot be in the future")
    with transaction.atomic():
        # The row is locked whether or not it was sent (a filter on sent_at would lock nothing while
        # it is unsent), so of two submits at once the second waits, then sees it sent.
        if Notice.objects.select_for_update().values_list("sent_at", flat=True).get(pk=notice.pk) is not None:
            raise PlacementProblem("This notice has already been sent")
        notice.sent_at, notice.sent_by, notice.sent_method = sent_at, actor, method
        notice.save(update_fields=["sent_at", "sent_by", "sent_method"])
        audit_record(
            actor=actor,
            action=Action.SHARE,
            target=notice,
            person_id=notice.placement.person_id,
            summary=(
                f"Sent {notice.get_kind_display().lower()} to {notice.addressee} "
                f"({SentMethod(method).label.lower()}, {timezone.localtime(sent_at):%d/%m/%Y})"
            ),
        )
        if notice.in_safeguard:
            # Emailed only once the notice is committed as sent.
            transaction.on_commit(lambda: tasks.notify_notice_sent.enqueue(notice.pk))
    return notice


def notice_acknowledge(*, actor: User, notice: Notice) -> Notice:
    if actor.agency_id != notice.to_agency_id:
        raise PlacementProblem("Only the agency the notice was sent to can acknowledge it")
    if notice.sent_at is None:
        raise PlacementProblem("This notice has not been sent yet")
    with transaction.atomic():
        if Notice.objects.select_for_update().values_list("acknowledged_at", flat=True).get(pk=notice.pk):
            raise PlacementProblem("This notice has already been acknowledged")
        notice.acknowledged_at, notice.acknowledged_by = timezone.now(), actor
        notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=notice,
            person_id=notice.placement.person_id,
            summary=f"Acknowledged {notice.get_kind_display().lower()} from {notice.from_agency.name}",
        )
    return notice


# --- retention ----------------------------------------------------------------------------------------------


def notice_retention_delete(*, notice: Notice, by: str) -> None:
    """Delete a placement notice past its retention period for the scheduled job ``by``; audited by kind and id."""
    with transaction.atomic():
        pk = notice.pk
        notice.delete()
        audit_disposal(by=by, record=notice, pk=pk)
