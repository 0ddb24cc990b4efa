from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [
    NavItem("Boards", "governance:index", Perm.VIEW_GOVERNANCE, order=70),
    NavItem("Actions", "governance:actions", Perm.VIEW_GOVERNANCE, order=71),
    NavItem("Bulletins", "governance:bulletins_manage", Perm.MANAGE_GOVERNANCE, order=72),
]
REPORTS = [NavItem("Action log", "governance:actions", Perm.VIEW_GOVERNANCE, order=30)]
