from safeguard.core.registry import NavItem
from safeguard.partnership.roles import Perm

NAV = [NavItem("Information sharing", "sharing:list", Perm.RECORD_SHARING, order=42)]
