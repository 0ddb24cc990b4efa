from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safeguard.partnership.models import Agency, User
from safeguard.people.models import Person
from safeguard.sharing import services
from safeguard.sharing.models import Consent, Decision, LawfulBasis, NoConsentReason, SharingDecision, SpecialCondition


def decision_input(*, shared_with: list[Agency] | None = None, **changes: object) -> services.DecisionInput:
    today = timezone.localdate()
    data = services.DecisionInput(
        meeting_description="MAPPA level 2 meeting, 12 October 2017",
        concern="A man managed under MAPPA has been seen outside the child's school",
        necessary_and_proportionate=True,
        necessity_reasons="The school needs to know to keep the child safe at home time",
        consent=Consent.NOT_SOUGHT,
        no_consent_reason=NoConsentReason.RISK_TO_CHILD,
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        special_condition=SpecialCondition.SAFEGUARDING,
        decision=Decision.SHARE,
        decision_reasons="Risk of significant harm outweighs privacy",
        what_shared="That the man must not approach the child, and his description",
        shared_with_agencies=shared_with or [],
        shared_with_other="" if shared_with else "Designated safeguarding lead, the child's school",
        purpose="So the school can keep the child safe at home time",
        shared_on=today,
        decided_by_name="Sam Carter",
        decided_by_role="Team manager",
        decided_on=today,
        review_on=today + dt.timedelta(days=90),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def make_decision(user: User, person: Person, **changes: object) -> SharingDecision:
    return services.decision_record(actor=user, person=person, data=decision_input(**changes))  # type: ignore[arg-type]
