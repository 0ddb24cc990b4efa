"""Every URL of the service. Each capability's pages live under its own prefix."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from safeguard.core import views as core_views
from safeguard.core.api import api

# Prefix for each app's urls.py.
APP_PREFIXES = {
    "partnership": "partnership/",
    "people": "people/",
    "audit": "audit/",
    "datawash": "data-wash/",
    "visits": "visits/",
    "missing": "missing/",
    "placements": "placements/",
    "intelligence": "intelligence/",
    "sharing": "sharing/",
    "performance": "performance/",
    "workforce": "workforce/",
    "governance": "governance/",
    "training": "training/",
    "signon": "sign-on/",
    "ops": "",  # /healthz and /readyz
    "reviews": "reviews/",
    "yearly_report": "yearly-report/",
    "dataprotection": "data-protection/",
}

urlpatterns: list[URLPattern | URLResolver] = [
    path("", core_views.home, name="home"),
    path("sign-in/", core_views.sign_in, name="login"),
    path("sign-out/", core_views.sign_out, name="logout"),
    path("two-factor/", core_views.two_factor, name="two_factor"),
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("account/", core_views.account, name="account"),
    path("account/backup-codes/", core_views.account_backup_codes, name="account_backup_codes"),
    path("password/reset/", core_views.password_reset, name="password_reset"),
    path("password/reset/sent/", core_views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", core_views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", core_views.password_reset_complete, name="password_reset_complete"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("cookies/", core_views.cookies, name="cookies"),
    # Single sign-on through each agency's identity provider (safeguard.signon, django-allauth).
    path("sign-in/sso/", include("safeguard.signon.oidc_urls")),
]

for app, prefix in APP_PREFIXES.items():
    urlpatterns.append(path(prefix, include(f"safeguard.{app}.urls")))

urlpatterns.append(path("api/", api.urls))
