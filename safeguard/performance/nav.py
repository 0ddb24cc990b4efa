from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Scorecard", "performance:scorecard", Perm.VIEW_SCORECARD, order=70)]
REPORTS = [
    NavItem("Scorecard", "performance:scorecard", Perm.VIEW_SCORECARD, order=10),
    NavItem("Case audits", "performance:audits", Perm.VIEW_SCORECARD, order=11),
]
