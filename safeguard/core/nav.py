from safeguard.core.registry import NavItem

NAV = [NavItem("Home", "dashboard", None, order=0)]
