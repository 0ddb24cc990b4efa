from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Placements", "placements:index", Perm.RECORD_PLACEMENTS, order=35)]
