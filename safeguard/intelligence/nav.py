from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [
    NavItem("Soft intelligence", "intelligence:mine", Perm.SUBMIT_INTELLIGENCE, order=40),
    NavItem("Exploitation themes", "intelligence:themes", Perm.VIEW_THEMES, order=45),
]
REPORTS = [NavItem("Exploitation themes", "intelligence:themes", Perm.VIEW_THEMES, order=40)]
