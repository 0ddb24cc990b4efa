"""One review in progress for the demo: the Durham serious case review behind the bulletin's MAPPA briefing.

Everything is invented; the dates follow the July 2017 bulletin, which reported the briefing as learning from
"a recent serious case review in Durham". Records are made through the services, so they are audited.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safeguard.partnership.models import AgencyKind, Group, GroupKind, Partnership
from safeguard.partnership.roles import Role
from safeguard.people.models import Person
from safeguard.reviews import services
from safeguard.reviews.models import LcsprDecision, PublicationKind, Review
from safeguard.synth.lookups import find_user


def load_demo(*, partnership: Partnership) -> None:
    with transaction.atomic():
        _load(partnership)


def _load(partnership: Partnership) -> None:
    admin = find_user(partnership, role=Role.PARTNERSHIP_ADMIN)
    social = find_user(partnership, role=Role.PRACTITIONER, kind=AgencyKind.LA_CHILDREN)
    police = find_user(partnership, kind=AgencyKind.POLICE)
    groups = Group.objects.filter(partnerships=partnership, is_active=True).order_by("pk")
    group = groups.filter(kind=GroupKind.SUB_GROUP).first() or groups.filter(kind=GroupKind.BOARD).first()
    child = (
        Person.objects.filter(partnership=partnership, date_of_birth__gte=dt.date(2002, 1, 1)).order_by("pk").first()
    )
    if admin is None or group is None or child is None or Review.objects.filter(partnership=partnership).exists():
        return
    review = services.review_open(
        actor=admin,
        partnership=partnership,
        subject=child,
        reference="SCR-2017-01",
        became_aware_on=dt.date(2017, 1, 9),
        incident_summary="A child was seriously harmed by an adult known to MAPPA. Agencies held information "
        "about the risk that was not shared at the MAPPA meeting.",
    )
    for member in (social, police):
        if member is not None and member.pk != admin.pk:
            services.member_add(actor=admin, review=review, user=member)
    services.notification_record(actor=admin, review=review, notified_on=dt.date(2017, 1, 12))
    services.rapid_review_record(
        actor=admin,
        review=review,
        sent_on=dt.date(2017, 1, 31),
        decision=LcsprDecision.COMMISSION,
        reason="Agencies did not share what they knew at MAPPA meetings: there is learning for the whole "
        "partnership about information sharing.",
    )
    services.lcspr_commission(
        actor=admin,
        review=review,
        reviewer="Independent reviewer (synthetic)",
        terms_of_reference="How agencies shared information about risk at MAPPA meetings, and what helps "
        "practitioners judge when and what to share.",
        commissioned_on=dt.date(2017, 2, 14),
        report_due_on=dt.date(2017, 7, 31),
    )
    services.publication_record(
        actor=admin,
        review=review,
        published_on=dt.date(2017, 6, 26),
        kind=PublicationKind.SUMMARY,
        summary_reason="Criminal proceedings against the adult are not yet finished.",
        sent_to_panel_on=dt.date(2017, 6, 26),
        sent_to_secretary_of_state_on=dt.date(2017, 6, 27),
    )
    owner = social or admin
    briefing_action = services.learning_action_add(
        actor=admin,
        review=review,
        group=group,
        finding="Professionals invited to MAPPA meetings were not always sure what they could share.",
        description="Write a MAPPA information sharing briefing and send it to every agency",
        owner=admin,
        due_on=dt.date(2017, 7, 31),
    )
    services.learning_action_complete(
        actor=admin,
        learning=briefing_action,
        evidence="Briefing published on the partnership website and sent to every agency's safeguarding lead.",
        today=dt.date(2017, 7, 20),
    )
    services.learning_action_add(
        actor=admin,
        review=review,
        group=group,
        finding="Practitioners did not record what they shared at MAPPA meetings, or why.",
        description="Run MAPPA information sharing awareness sessions and audit recording afterwards",
        owner=owner,
        due_on=dt.date(2017, 11, 30),
    )
    services.briefing_publish(
        actor=admin,
        review=review,
        title="MAPPA information sharing briefing",
        summary="Helps practitioners judge when and what to share at Multi-Agency Public Protection "
        "Arrangements meetings; awareness sessions run in October and November.",
        published_on=dt.date(2017, 7, 20),
    )
