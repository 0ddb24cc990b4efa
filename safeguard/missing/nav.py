from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Missing children", "missing:index", Perm.VIEW_EPISODES, order=30)]
