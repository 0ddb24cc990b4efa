from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("People", "people:search", Perm.VIEW_PEOPLE, order=10)]
