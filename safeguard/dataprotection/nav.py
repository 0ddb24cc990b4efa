from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Data protection", "dataprotection:index", Perm.MANAGE_DATA_PROTECTION, order=78)]
