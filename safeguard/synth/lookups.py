"""The demo loaders' look-ups, in one place: "the partnership's police", "its first analyst".

Each app's ``demo.py`` finds the agencies and users its story needs with these, so every loader
chooses the same way: active ones only, the oldest first (``pk``) unless told otherwise.
"""

from __future__ import annotations

from safeguard.partnership.models import Agency, Partnership, User
from safeguard.partnership.roles import Perm, Role


def find_agency(partnership: Partnership, *, kind: str | None = None, code: str | None = None) -> Agency | None:
    """The partnership's agency with this ``code`` if there is one, else its first active agency of ``kind``."""
    agencies = Agency.objects.filter(partnership=partnership)
    if code is not None and (coded := agencies.filter(code=code).first()) is not None:
        return coded
    agencies = agencies.filter(is_active=True)
    if kind is not None:
        agencies = agencies.filter(kind=kind)
    return agencies.order_by("pk").first()


def find_users(
    partnership: Partnership | None = None,
    *,
    agency: Agency | None = None,
    role: Role | None = None,
    kind: str | None = None,
    perm: Perm | None = None,
    order_by: str = "pk",
) -> list[User]:
    """Active users of the partnership (or of one agency) with this role, in this kind of agency, who may ``perm``."""
    users = User.objects.filter(is_active=True).select_related("agency")
    if partnership is not None:
        users = users.filter(agency__partnership=partnership)
    if agency is not None:
        users = users.filter(agency=agency)
    if role is not None:
        users = users.filter(role_assignments__role=role)
    if kind is not None:
        users = users.filter(agency__kind=kind)
    found = list(users.order_by(order_by).distinct())
    return [user for user in found if user.can(perm)] if perm is not None else found


def find_user(
    partnership: Partnership | None = None,
    *,
    agency: Agency | None = None,
    role: Role | None = None,
    kind: str | None = None,
    perm: Perm | None = None,
    preferred: str = "",
    order_by: str = "pk",
) -> User | None:
    """The first of ``find_users``; the user named ``preferred`` if they qualify (the demo's named characters)."""
    users = find_users(partnership, agency=agency, role=role, kind=kind, perm=perm, order_by=order_by)
    return next((u for u in users if u.username == preferred), None) or next(iter(users), None)
