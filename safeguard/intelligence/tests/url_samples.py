from __future__ import annotations

from typing import Any

from safeguard.core.testing import World
from safeguard.intelligence.models import EntityKind
from safeguard.intelligence.tests.factories import make_submission


def samples(world: World) -> dict[str, dict[str, Any]]:
    submission = make_submission(world.charlie, registration="AB12 CDE")
    vehicle = submission.entities.get(kind=EntityKind.VEHICLE)
    draft = make_submission(world.charlie, submit=False)
    return {
        "intelligence:detail": {"pk": submission.pk},
        "intelligence:edit": {"pk": draft.pk},
        "intelligence:entity_add": {"pk": submission.pk, "kind": "vehicle"},
        "intelligence:entity_remove": {"pk": submission.pk, "entity_pk": vehicle.pk},
        "intelligence:submit": {"pk": submission.pk},
        "intelligence:addition_add": {"pk": submission.pk},
        "intelligence:review": {"pk": submission.pk},
        "intelligence:release": {"pk": submission.pk},
        "intelligence:person_network": {"person_pk": world.child.pk},
    }
