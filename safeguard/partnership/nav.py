from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Partnership", "partnership:overview", Perm.MANAGE_PARTNERSHIP, order=90)]
