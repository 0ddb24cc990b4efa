from __future__ import annotations

from typing import Any

from safeguard.core.testing import World
from safeguard.signon.models import AgencySignOn


def samples(world: World) -> dict[str, dict[str, Any]]:
    # An issuer that never answers: the matrix opens the pages, it does not sign in.
    sign_on = AgencySignOn.objects.create(
        agency=world.childrens,
        provider_id="darlington-dbc-childrens",
        issuer="https://login.example.invalid/tenant/v2.0",
        client_id="client",
        client_secret="secret",
    )
    return {
        "signon:agency": {"pk": world.childrens.pk},
        "openid_connect_login": {"provider_id": sign_on.provider_id},
        "openid_connect_callback": {"provider_id": sign_on.provider_id},
    }
