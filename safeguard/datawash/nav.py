from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [
    NavItem("Extracts", "datawash:extracts", Perm.UPLOAD_EXTRACTS, order=40),
    NavItem("Data wash", "datawash:runs", Perm.RUN_WASH, order=41),
    NavItem("Links to check", "datawash:review", Perm.REVIEW_LINKS, order=42),
]
