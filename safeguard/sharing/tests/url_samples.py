from __future__ import annotations

from typing import Any

from safeguard.core.testing import World
from safeguard.sharing import services
from safeguard.sharing.tests.factories import make_decision


def samples(world: World) -> dict[str, dict[str, Any]]:
    decision = make_decision(world.charlie, world.child)
    briefing = services.briefing_save(
        actor=world.alice, title="MAPPA information sharing", summary="When and what to share", body="Share safely."
    )
    services.briefing_publish(actor=world.alice, briefing=briefing)
    return {
        "sharing:create": {"person_pk": world.child.pk},
        "sharing:detail": {"pk": decision.pk},
        "sharing:supersede": {"pk": decision.pk},
        "sharing:review": {"pk": decision.pk},
        "sharing:briefing": {"slug": briefing.slug},
        "sharing:briefing_edit": {"pk": briefing.pk},
        "sharing:briefing_publish": {"pk": briefing.pk},
    }
