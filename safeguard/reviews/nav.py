from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [
    NavItem("Reviews", "reviews:index", Perm.WORK_ON_REVIEWS, order=73),
    NavItem("Review progress", "reviews:progress", Perm.VIEW_REVIEW_PROGRESS, order=74),
]
REPORTS = [NavItem("Serious incidents and reviews", "reviews:progress", Perm.VIEW_REVIEW_PROGRESS, order=40)]
