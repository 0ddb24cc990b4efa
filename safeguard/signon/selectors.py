"""Reading single sign-on configuration."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.db.models import QuerySet

from safeguard.partnership.models import Agency
from safeguard.signon.models import AgencySignOn


@dataclass(frozen=True)
class SignOnButton:
    provider_id: str
    agency_name: str


def _usable() -> QuerySet[AgencySignOn]:
    return AgencySignOn.objects.filter(is_enabled=True, agency__is_active=True).select_related("agency")


def sign_on_buttons() -> list[SignOnButton]:
    """One "Sign in with …" button per agency with a working provider, for the sign-in page."""
    return [SignOnButton(s.provider_id, s.agency.name) for s in _usable().order_by("agency__name")]


def social_apps(*, provider: str | None = None, client_id: str | None = None) -> list[SocialApp]:
    """The agencies' providers as allauth apps (unsaved: the configuration lives in AgencySignOn)."""
    sign_ons = _usable()
    if provider and provider != "openid_connect":
        sign_ons = sign_ons.filter(provider_id=provider)
    if client_id:
        sign_ons = sign_ons.filter(client_id=client_id)
    return [
        SocialApp(
            provider="openid_connect",
            provider_id=s.provider_id,
            name=s.agency.name,
            client_id=s.client_id,
            secret=s.client_secret,
            # PKCE as well as the client secret: a stolen code alone cannot be redeemed.
            settings={"server_url": s.issuer, "oauth_pkce_enabled": True},
        )
        for s in sign_ons
    ]


def sign_on_by_provider_id(provider_id: str) -> AgencySignOn | None:
    return AgencySignOn.objects.select_related("agency").filter(provider_id=provider_id).first()


def sign_on_for_agency(agency: Agency) -> AgencySignOn | None:
    return AgencySignOn.objects.filter(agency=agency).first()


def provider_origins() -> list[str]:
    """The origins of the agencies' providers (scheme, host and port of each issuer)."""
    origins = set()
    for issuer in _usable().values_list("issuer", flat=True):
        parts = urlsplit(issuer)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)
