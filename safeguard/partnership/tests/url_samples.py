from __future__ import annotations

from typing import Any

from safeguard.core.testing import World
from safeguard.partnership.models import ApiToken, GroupMembership, GroupRole
from safeguard.partnership.roles import Role


def samples(world: World) -> dict[str, dict[str, Any]]:
    membership = GroupMembership.objects.create(group=world.board, user=world.frank, role=GroupRole.CHAIR)
    token = ApiToken.objects.create(
        agency=world.police, name="t", prefix="sg_x", token_hash="h" * 64, roles=[Role.PRACTITIONER.value]
    )
    return {
        "partnership:agency_edit": {"pk": world.childrens.pk},
        "partnership:user_edit": {"pk": world.charlie.pk},
        "partnership:user_password_link": {"pk": world.charlie.pk},
        "partnership:user_second_factor_reset": {"pk": world.charlie.pk},
        "partnership:group": {"pk": world.board.pk},
        "partnership:membership_remove": {"pk": world.board.pk, "membership_pk": membership.pk},
        "partnership:api_token_revoke": {"pk": token.pk},
    }
