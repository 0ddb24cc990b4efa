from __future__ import annotations

import datetime as dt
from typing import Any

from safeguard.core.testing import World
from safeguard.partnership.models import Agency, AgencyKind, Partnership
from safeguard.placements.models import Distance, PlacementKind, Recipient
from safeguard.placements.services import PlacementInput, placement_record


def samples(world: World) -> dict[str, dict[str, Any]]:
    # The host sits in a third partnership, so Durham's users are outsiders to this placement.
    north_yorkshire, _ = Partnership.objects.get_or_create(
        slug="north-yorkshire", defaults={"name": "North Yorkshire", "area_name": "North Yorkshire"}
    )
    host, _ = Agency.objects.get_or_create(
        partnership=north_yorkshire,
        code="nycc",
        defaults={"name": "North Yorkshire Children's Services", "kind": AgencyKind.LA_CHILDREN},
    )
    placement = placement_record(
        actor=world.charlie,
        person=world.child,
        data=PlacementInput(
            placing_agency=world.childrens,
            host_agency=host,
            provider="Dale View Children's Home",
            kind=PlacementKind.CHILDRENS_HOME,
            distance=Distance.ADJOINING,
            emergency=True,
            starts_on=dt.date(2026, 1, 9),
            suitability_reasons="Specialist therapeutic care near her school",
        ),
    )
    notice = placement.notices.get(recipient=Recipient.HOST)
    outside = placement.notices.get(recipient=Recipient.IRO)
    return {
        "placements:record": {"person_pk": world.child.pk},
        "placements:detail": {"pk": placement.pk},
        "placements:end": {"pk": placement.pk},
        "placements:details": {"pk": placement.pk},
        "placements:notice_send": {"pk": notice.pk},
        "placements:notice_acknowledge": {"pk": notice.pk},
        "placements:notice_record_sent": {"pk": outside.pk},
        "placements:notice_letter": {"pk": notice.pk},
    }
