from __future__ import annotations

from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from requests import RequestException

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.pages import form_status
from safeguard.partnership import selectors as partnership_selectors
from safeguard.partnership.access import AuthedRequest, public, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.signon import selectors, services
from safeguard.signon.csp import allow_provider_redirects
from safeguard.signon.forms import SignOnForm


def _unreachable(request: HttpRequest, provider_id: str, exc: Exception) -> HttpResponse:
    sign_on = selectors.sign_on_by_provider_id(provider_id)
    name = sign_on.agency.name if sign_on else "your organisation"
    audit_record(
        actor=None,
        action=Action.SIGN_IN_FAILED,
        summary=f"Single sign-on through {name}: the identity provider could not be reached ({type(exc).__name__})",
        request=request,
    )
    context = {"page_title": "Single sign-on did not work", "agency_name": name, "unreachable": True}
    return render(request, "signon/provider_error.html", context, status=502)


@public
def oidc_login(request: HttpRequest, provider_id: str) -> HttpResponseBase:
    """allauth's start of the sign-in: GET asks to confirm, POST sends the browser to the provider."""
    try:
        return allow_provider_redirects(oidc_views.login(request, provider_id))
    except RequestException as exc:  # the discovery document could not be fetched
        return _unreachable(request, provider_id, exc)


@public
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponseBase:
    """Where the provider sends the browser back; allauth checks state, code and ID token."""
    try:
        return oidc_views.callback(request, provider_id)  # type: ignore[no-any-return]
    except RequestException as exc:
        return _unreachable(request, provider_id, exc)


@requires(Perm.MANAGE_PARTNERSHIP)
def agency_sign_on(request: AuthedRequest, pk: int) -> HttpResponse:
    admin = user_of(request)
    agency = partnership_selectors.get_agency_for_user(admin, pk)
    sign_on = selectors.sign_on_for_agency(agency)
    initial = (
        {"issuer": sign_on.issuer, "client_id": sign_on.client_id, "is_enabled": sign_on.is_enabled}
        if sign_on
        else {"is_enabled": True}
    )
    form = SignOnForm(request.POST or None, initial=initial, has_secret=sign_on is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.sign_on_save(
            actor=admin,
            agency=agency,
            issuer=data["issuer"],
            client_id=data["client_id"],
            client_secret=data["client_secret"],
            is_enabled=data["is_enabled"],
        )
        messages.success(request, f"Saved single sign-on for {agency.name}")
        return redirect("signon:agency", pk=agency.pk)
    provider_id = sign_on.provider_id if sign_on else f"{agency.partnership.slug}-{agency.code}"
    redirect_uri = settings.SITE_URL.rstrip("/") + reverse(
        "openid_connect_callback", kwargs={"provider_id": provider_id}
    )
    return render(
        request,
        "signon/agency_sign_on.html",
        {
            "form": form,
            "agency": agency,
            "sign_on": sign_on,
            "redirect_uri": redirect_uri,
            "page_title": f"Single sign-on for {agency.name}",
        },
        status=form_status(form),
    )
