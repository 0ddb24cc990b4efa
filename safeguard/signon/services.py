"""Signing in through an agency's identity provider: who is let in, linking, and the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.errors import Refused
from safeguard.partnership import selectors as partnership_selectors
from safeguard.partnership.models import Agency, User
from safeguard.signon.models import AgencySignOn, IdentityProviderMFA

# RFC 8176 authentication method references that mean more than a password was used.
MFA_AMR_VALUES = frozenset({"mfa", "otp", "hwk", "swk"})


@dataclass(frozen=True)
class Refusal:
    """Why someone the provider vouched for may not sign in: ``summary`` for the audit, ``advice`` for them."""

    summary: str
    advice: str


class SignInRefused(Refused):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.summary)
        self.refusal = refusal


class SignOnProblem(Refused):
    """An agency's single sign-on settings the rules refuse, with a message for the administrator."""


_ASK_ADMIN = "Ask your partnership administrator for a Safeguard account, or to check the one you have."


def mfa_claimed(id_token: dict[str, Any]) -> bool:
    """Whether the signed ID token says the provider used multi-factor authentication.

    Only the ID token counts (the userinfo response is not signed the same way), and an absent
    or malformed claim means no: then Safeguard asks its own second factor.
    """
    amr = id_token.get("amr")
    methods: Iterable[object] = amr if isinstance(amr, list) else []
    if MFA_AMR_VALUES & {str(m).lower() for m in methods}:
        return True
    acr = id_token.get("acr")
    return isinstance(acr, str) and acr in set(settings.SAFEGUARD_SSO_MFA_ACR_VALUES)


def _claims(sociallogin: SocialLogin) -> tuple[dict[str, Any], dict[str, Any]]:
    data = sociallogin.account.extra_data or {}
    id_token = data.get("id_token") or {}
    userinfo = data.get("userinfo") or id_token
    return id_token, userinfo


def _agency_refusal(user: User, agency: Agency) -> Refusal | None:
    if not user.is_active:
        return Refusal(f"Single sign-on for {user.username}: the account is deactivated", _ASK_ADMIN)
    if user.agency_id != agency.pk:
        # An agency's directory speaks only for that agency's staff: a tenant cannot sign in someone else's.
        return Refusal(
            f"Single sign-on through {agency.name} for {user.username}, whose account is at another agency",
            f"Your Safeguard account is not at {agency.name}. Sign in with your own organisation's button.",
        )
    if not agency.is_active:
        return Refusal(
            f"Single sign-on for {user.username}: {agency.name} is deactivated",
            f"{agency.name} no longer uses Safeguard. " + _ASK_ADMIN,
        )
    return None


def sso_user_for(*, sign_on: AgencySignOn, sociallogin: SocialLogin) -> User:
    """The existing Safeguard account this provider's sign-in is for, or ``SignInRefused``.

    Already linked: the account linked to this provider's subject. Not yet: the one active account
    whose email equals the provider's *verified* email, ignoring case. Never a new account.
    """
    agency = sign_on.agency
    if sociallogin.is_existing:
        user = sociallogin.user
        assert isinstance(user, User)
        refusal = _agency_refusal(user, agency)
        if refusal:
            raise SignInRefused(refusal)
        return user
    _, userinfo = _claims(sociallogin)
    email = str(userinfo.get("email") or "").strip()
    if not email:
        raise SignInRefused(
            Refusal(
                f"Single sign-on through {agency.name}: the provider gave no email address",
                f"{agency.name}'s sign-in service did not tell Safeguard your email address. Ask your IT service desk.",
            )
        )
    if not parse_bool_safely(userinfo.get("email_verified")):
        raise SignInRefused(
            Refusal(
                f"Single sign-on through {agency.name} for {email}: the provider has not verified the email",
                f"{agency.name}'s sign-in service has not confirmed that {email} is yours. Ask your IT service desk.",
            )
        )
    candidates = list(partnership_selectors.users_with_email(email))
    active = [u for u in candidates if u.is_active]
    if len(active) > 1:
        raise SignInRefused(
            Refusal(
                f"Single sign-on through {agency.name} for {email}: {len(active)} accounts have this email",
                "More than one Safeguard account has your email address. " + _ASK_ADMIN,
            )
        )
    if not active:
        if candidates:
            raise SignInRefused(_agency_refusal(candidates[0], agency) or Refusal("", _ASK_ADMIN))
        raise SignInRefused(
            Refusal(
                f"Single sign-on through {agency.name} for {email}: no Safeguard account has this email",
                f"There is no Safeguard account for {email}. Safeguard accounts are not created by signing in. "
                + _ASK_ADMIN,
            )
        )
    refusal = _agency_refusal(active[0], agency)
    if refusal:
        raise SignInRefused(refusal)
    return active[0]


def sso_refusal_record(*, request: HttpRequest, sociallogin: SocialLogin, refusal: Refusal) -> None:
    _, userinfo = _claims(sociallogin)
    who = str(userinfo.get("email") or sociallogin.account.uid)[:150]
    with transaction.atomic():
        audit_record(
            actor=None, action=Action.SIGN_IN_FAILED, actor_username=who, summary=refusal.summary, request=request
        )


def sso_link(*, request: HttpRequest, user: User, sign_on: AgencySignOn, sociallogin: SocialLogin) -> None:
    """Link the provider's subject to the account on its first single sign-on, so later ones match by subject."""
    with transaction.atomic():
        sociallogin.connect(request, user)
        audit_record(
            actor=user,
            action=Action.UPDATE,
            target=user,
            summary=f"Linked {user.username} to {sign_on.agency.name} single sign-on by verified email",
            request=request,
        )


def sso_signed_in(*, request: HttpRequest, user: User, sign_on: AgencySignOn, id_token: dict[str, Any]) -> bool:
    """Record a single sign-on that has just logged the user in; True when the provider's MFA stands for ours."""
    mfa = mfa_claimed(id_token)
    with transaction.atomic():
        if mfa:
            # One mark per person is enough; take any, so two sign-ins at once cannot trip over a duplicate.
            device = IdentityProviderMFA.objects.filter(user=user).first() or IdentityProviderMFA.objects.create(
                user=user, name=f"{sign_on.agency.name} multi-factor sign-in", confirmed=True
            )
            otp_login(request, device)
        second = (
            "the identity provider confirmed multi-factor authentication"
            if mfa
            else "no multi-factor claim, so Safeguard's second factor is asked"
        )
        audit_record(
            actor=user,
            action=Action.SIGN_IN,
            summary=f"Single sign-on through {sign_on.agency.name}; {second}",
            request=request,
        )
    return mfa


def sign_on_save(
    *,
    actor: User,
    agency: Agency,
    issuer: str,
    client_id: str,
    client_secret: str | None,
    is_enabled: bool,
) -> AgencySignOn:
    """Set or change an agency's identity provider; a ``None`` secret keeps the stored one."""
    with transaction.atomic():
        sign_on = AgencySignOn.objects.select_for_update().filter(agency=agency).first()
        created = sign_on is None
        if sign_on is None:
            if not client_secret:
                raise SignOnProblem("A new single sign-on needs its client secret", field="client_secret")
            sign_on = AgencySignOn(agency=agency, provider_id=f"{agency.partnership.slug}-{agency.code}")
        sign_on.issuer, sign_on.client_id, sign_on.is_enabled = issuer.rstrip("/"), client_id, is_enabled
        if client_secret:
            sign_on.client_secret = client_secret
        sign_on.updated_at = timezone.now()
        sign_on.save()
        state = "on" if is_enabled else "off"
        secret = "; new client secret" if client_secret and not created else ""
        audit_record(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            target=sign_on,
            summary=f"Single sign-on for {agency.name} {state}: issuer {sign_on.issuer}, client {client_id}{secret}",
        )
    return sign_on
