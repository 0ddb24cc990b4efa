from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Training", "training:index", Perm.BOOK_TRAINING, order=75)]
REPORTS = [NavItem("Training", "training:index", Perm.BOOK_TRAINING, order=60)]
