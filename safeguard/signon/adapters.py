"""Where allauth asks Safeguard: which providers exist, who may sign in, what happens after.

allauth runs the OpenID Connect protocol (discovery, state, PKCE, token and ID token checks);
every decision about people is made here and in ``services``, and none creates an account.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.partnership.models import User
from safeguard.signon import selectors, services


def _refused_page(request: HttpRequest, *, agency_name: str, advice: str) -> HttpResponse:
    return render(
        request,
        "signon/refused.html",
        {"page_title": "You cannot sign in with this account", "agency_name": agency_name, "advice": advice},
        status=403,
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        return selectors.social_apps(provider=provider, client_id=client_id)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # Accounts are made by the partnership administrator, never by signing in.
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        sign_on = selectors.sign_on_by_provider_id(sociallogin.account.provider)
        if sign_on is None:  # the configuration was removed during the round trip
            raise ImmediateHttpResponse(_refused_page(request, agency_name="", advice=services._ASK_ADMIN))
        try:
            user = services.sso_user_for(sign_on=sign_on, sociallogin=sociallogin)
        except services.SignInRefused as refused:
            services.sso_refusal_record(request=request, sociallogin=sociallogin, refusal=refused.refusal)
            raise ImmediateHttpResponse(
                _refused_page(request, agency_name=sign_on.agency.name, advice=refused.refusal.advice)
            ) from None
        if not sociallogin.is_existing:
            services.sso_link(request=request, user=user, sign_on=sign_on, sociallogin=sociallogin)

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        name = getattr(getattr(provider, "app", None), "name", "") or "your organisation"
        audit_record(
            actor=None,
            action=Action.SIGN_IN_FAILED,
            summary=f"Single sign-on through {name} failed: {error or type(exception).__name__}"[:500],
            request=request,
        )
        raise ImmediateHttpResponse(
            render(
                request,
                "signon/provider_error.html",
                {"page_title": "Single sign-on did not work", "agency_name": name, "cancelled": error == "cancelled"},
                status=400,
            )
        )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        # Name the backend that reloads the user on later requests (and refuses inactive users and the staff of a
        # deactivated agency);
        # allauth would otherwise take the first, the lockout backend, which loads no one.
        user.backend = "safeguard.partnership.backends.ActiveAgencyBackend"  # type: ignore[attr-defined]
        super().login(request, user)

    def post_login(self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> HttpResponse:
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if sociallogin is not None and isinstance(user, User):
            sign_on = selectors.sign_on_by_provider_id(sociallogin.account.provider)
            assert sign_on is not None  # checked in pre_social_login, a moment ago
            id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
            services.sso_signed_in(request=request, user=user, sign_on=sign_on, id_token=id_token)
        return super().post_login(request, user, **kwargs)  # type: ignore[no-any-return]

    def add_message(self, *args: Any, **kwargs: Any) -> None:
        # allauth's own flash messages ("Successfully signed in as …") are not in Safeguard's voice.
        return None
