from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Workforce", "workforce:report", Perm.VIEW_SCORECARD, order=72)]
REPORTS = [NavItem("Workforce stability", "workforce:report", Perm.VIEW_SCORECARD, order=20)]
