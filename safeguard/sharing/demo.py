"""Synthetic sharing decisions and the bulletin's MAPPA briefing for the Darlington demo.

The story: after the Durham serious case review the business unit published a
MAPPA information-sharing briefing; practitioners now record their decisions
against it. One decision was replaced when circumstances changed, one review
is overdue and one falls due this week.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone

from safeguard.partnership.models import Agency, AgencyKind, Partnership, User
from safeguard.partnership.roles import Perm, Role
from safeguard.partnership.selectors import agencies_for_user
from safeguard.people.selectors import people_for_user
from safeguard.sharing import selectors, services
from safeguard.sharing.models import Briefing, Consent, Decision, LawfulBasis, NoConsentReason, SpecialCondition
from safeguard.synth.lookups import find_user

MAPPA_BRIEFING = """## Why this briefing
Learning from a serious case review in Durham found that professionals invited to MAPPA meetings were not always sure what they could share. This briefing helps you judge when and what to share in that arena.

## What MAPPA is
Multi-agency public protection arrangements bring police, probation and prisons together with other agencies to manage the risk posed by sexual and violent offenders. You may be invited because you work with a child or adult connected to an offender.

## When to share
- When it is necessary to protect a child or an adult at risk from harm.
- When the information is relevant to managing the offender's risk.
- When you can explain your lawful basis: usually public task, Article 6(1)(e) of the UK GDPR.

## Consent
You do not need consent where seeking it would place a child at risk of significant harm or prejudice the prevention or detection of a crime. Record why you did not seek it.

## What to share
Share what is necessary, proportionate, relevant, adequate, accurate, timely and secure. For health or other special category data, the condition is Article 9(2)(g) with the Data Protection Act 2018, Schedule 1 paragraph 18 (police: Schedule 8).

## Record your decision
Record every decision, to share or not to share, with your reasons: what you shared, with whom, why and when. Use the information-sharing decision form."""

GOLDEN_RULES = """## The seven golden rules
- The Data Protection Act 2018 and UK GDPR are not a barrier to sharing information to keep a child safe.
- Be open and honest with the person about why, what, how and with whom information will be shared, unless it is unsafe to do so.
- Seek advice from your safeguarding lead if you are unsure.
- Where possible, share with consent, but you may share without it where there is a lawful basis.
- Consider safety and well-being: base decisions on the safety of the child and others.
- Make sure the information is necessary, proportionate, relevant, adequate, accurate, timely and secure.
- Keep a record of your decision and the reasons for it."""


def load_demo(*, partnership: Partnership) -> None:
    admin = find_user(partnership, role=Role.PARTNERSHIP_ADMIN, order_by="username")
    if admin is not None and admin.can(Perm.MANAGE_GOVERNANCE):
        for title, summary, body in (
            (
                "MAPPA information-sharing briefing",
                "When and what to share when you are invited to a MAPPA meeting.",
                MAPPA_BRIEFING,
            ),
            (
                "Information sharing: the seven golden rules",
                "A summary of the government's advice for practitioners.",
                GOLDEN_RULES,
            ),
        ):
            briefing = services.briefing_save(actor=admin, title=title, summary=summary, body=body)
            services.briefing_publish(actor=admin, briefing=briefing)
    practitioner = find_user(
        partnership, role=Role.PRACTITIONER, order_by="username", kind=AgencyKind.LA_CHILDREN
    ) or find_user(partnership, role=Role.PRACTITIONER, order_by="username")
    police = find_user(partnership, role=Role.POLICE_INTELLIGENCE, order_by="username", kind=AgencyKind.POLICE)
    for user in (u for u in (practitioner, police) if u is not None):
        _decisions_for(user)


def _decisions_for(user: User) -> None:
    people = list(people_for_user(user).order_by("pk")[:3])
    if not people:
        return
    partners = list(agencies_for_user(user).exclude(kind=AgencyKind.BUSINESS_UNIT).order_by("name"))
    partners = [a for a in partners if a.pk != user.agency_id][:2]
    guidance = selectors.briefings_for_user(user).filter(slug__startswith="mappa").first()

    def mappa(*, decided: int, review: int) -> services.DecisionInput:
        return _mappa_share(user, partners=partners, guidance=guidance, decided=decided, review=review)

    first = services.decision_record(actor=user, person=people[0], data=mappa(decided=120, review=-30))
    services.decision_record(
        actor=user,
        person=people[0],
        data=mappa(decided=20, review=4),
        supersedes=first,
        supersede_reason="The offender has been recalled to prison; the plan and the review date have changed.",
    )
    # A decision not to share, about someone else where the agency knows more than one person.
    services.decision_record(
        actor=user,
        person=people[-1],
        data=dataclasses.replace(
            mappa(decided=60, review=-3),
            decision=Decision.NOT_SHARE,
            decision_reasons="The health history asked for is not relevant to the offender's risk.",
            consent=Consent.REFUSED,
            no_consent_reason="",
            what_shared="",
            shared_with_agencies=[],
            shared_with_other="",
            purpose="",
            shared_on=None,
        ),
    )


def _mappa_share(
    user: User, *, partners: list[Agency], guidance: Briefing | None, decided: int, review: int
) -> services.DecisionInput:
    """A decision to share with the MAPPA panel, taken `decided` days ago and due for review in `review` days."""
    today = timezone.localdate()
    police = bool(user.agency and user.agency.is_police)
    return services.DecisionInput(
        meeting_description=f"MAPPA level 2 meeting, {today - dt.timedelta(days=decided):%-d %B %Y}",
        guidance=guidance,
        concern="A registered offender managed under MAPPA has moved to the same street as the child's family.",
        necessary_and_proportionate=True,
        necessity_reasons="The child's mother has let him babysit before; partners need to know to safety-plan.",
        consent=Consent.NOT_SOUGHT,
        no_consent_reason=NoConsentReason.RISK_TO_CHILD,
        lawful_basis=LawfulBasis.LAW_ENFORCEMENT if police else LawfulBasis.PUBLIC_TASK,
        special_condition=SpecialCondition.POLICE_SAFEGUARDING if police else SpecialCondition.SAFEGUARDING,
        decision=Decision.SHARE,
        decision_reasons="The risk of significant harm outweighs the family's privacy.",
        what_shared="The child's name, school and the family's address; the concern about babysitting.",
        shared_with_agencies=partners,
        shared_with_other="" if partners else "MAPPA panel members",
        purpose="So the MAPPA panel can include the child in the risk management plan.",
        shared_on=today - dt.timedelta(days=decided),
        decided_by_name=user.display_name(),
        decided_by_role=user.job_title or "Practitioner",
        decided_on=today - dt.timedelta(days=decided),
        review_on=today + dt.timedelta(days=review),
    )
