from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Yearly report", "yearly_report:index", Perm.MANAGE_GOVERNANCE, order=75)]
