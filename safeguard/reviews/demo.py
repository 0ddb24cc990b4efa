"""One review in progress for the demo: the Durham serious case review behind the bulletin's MAPPA briefing.

Everything is invented; the dates follow the July 2017 bulletin, which reported the briefing as learning from
"a recent serious case review in Durham". Records are made through the services, so they are audited.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safeguard.partnership.models import AgencyKind, Group, GroupKind, Partnership, User
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
    review = _open_review(partnership=partnership, admin=admin, child=child, members=(social, police))
    _decide_and_commission(admin=admin, review=review)
    _publish_summary(admin=admin, review=review)
    _learning_actions(admin=admin, review=review, group=group, owner=social or admin)
    _mappa_briefing(admin=admin, review=review)


def _open_review(*, partnership: Partnership, admin: User, child: Person, members: tuple[User | None, ...]) -> Review:
    """January 2017: the review opened, its panel joined and the national panel notified."""
    review = services.review_open(
        actor=admin,
        partnership=partnership,
        subject=child,
        reference="SCR-2017-01",
        became_aware_on=dt.date(2017, 1, 9),
        incident_summary="A child was seriously harmed by an adult known to MAPPA. Agencies held information "
        "about the risk that was not shared at the MAPPA meeting.",
    )
    for member in members:
        if member is not None and member.pk != admin.pk:
            services.member_add(actor=admin, review=review, user=member)
    services.notification_record(actor=admin, review=review, notified_on=dt.date(2017, 1, 12))
    return review


def _decide_and_commission(*, admin: User, review: Review) -> None:
    """The rapid review's decision to commission a local review, and the independent reviewer commissioned."""
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


def _publish_summary(*, admin: User, review: Review) -> None:
    """June 2017: a summary published while criminal proceedings continue, and sent on nationally."""
    services.publication_record(
        actor=admin,
        review=review,
        published_on=dt.date(2017, 6, 26),
        kind=PublicationKind.SUMMARY,
        summary_reason="Criminal proceedings against the adult are not yet finished.",
        sent_to_panel_on=dt.date(2017, 6, 26),
        sent_to_secretary_of_state_on=dt.date(2017, 6, 27),
    )


def _learning_actions(*, admin: User, review: Review, group: Group, owner: User) -> None:
    """The review's learning: the briefing written and sent (complete), the awareness sessions still to run."""
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


def _mappa_briefing(*, admin: User, review: Review) -> None:
    """The MAPPA information sharing briefing the bulletin reported, published 20 July 2017."""
    services.briefing_publish(
        actor=admin,
        review=review,
        title="MAPPA information sharing briefing",
        summary="Helps practitioners judge when and what to share at Multi-Agency Public Protection "
        "Arrangements meetings; awareness sessions run in October and November.",
        published_on=dt.date(2017, 7, 20),
    )
