from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [
    NavItem("Unseen children", "visits:dashboard", Perm.VIEW_CAMPAIGN_TOTALS, order=43),
    NavItem("Joint visits", "visits:list", Perm.RECORD_VISITS, order=44),
]
REPORTS = [NavItem("Unseen children campaign", "visits:dashboard", Perm.VIEW_CAMPAIGN_TOTALS, order=50)]
