from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Audit", "audit:log", Perm.VIEW_AUDIT, order=95)]
