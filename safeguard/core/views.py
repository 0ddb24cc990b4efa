from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.auth_forms import SignInForm, TokenForm
from safeguard.core.lockout import account_locked_out
from safeguard.core.registry import dashboard_panels_for
from safeguard.partnership.access import public, signed_in, user_of
from safeguard.partnership.selectors import agency_of_username


def _safe_next(request: HttpRequest, fallback: str = "/dashboard/") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@public
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return redirect("login")


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    failed = False
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        # A failure is the named account's agency's business: its partnership's auditors see it.
        named_agency = agency_of_username(username)
        # Checked before the password, so a locked account's password cannot be tried at all.
        across_addresses = account_locked_out(username)
        user = None
        if not across_addresses:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if across_addresses or getattr(request, "axes_locked_out", False):
            audit_record(
                actor=None,
                action=Action.SIGN_IN_FAILED,
                actor_username=username,
                agency=named_agency,
                summary="Locked out after repeated failures" + (" from several addresses" if across_addresses else ""),
                request=request,
            )
            return render(request, "registration/locked_out.html", status=429)
        if user is None:
            audit_record(
                actor=None,
                action=Action.SIGN_IN_FAILED,
                actor_username=username,
                agency=named_agency,
                summary="Wrong username or password",
                request=request,
            )
            failed = True
        else:
            login(request, user)
            audit_record(actor=user, action=Action.SIGN_IN, summary="Password accepted", request=request)  # type: ignore[arg-type]
            return redirect(_safe_next(request))
    return render(
        request,
        "registration/sign_in.html",
        {"form": form, "failed": failed, "next": _safe_next(request, "")},
        status=401 if failed else 200,
    )


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=user_of(request), action=Action.SIGN_OUT, request=request)
    logout(request)
    return redirect("login")


@signed_in
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app on first sign-in, then ask for its code every time."""
    user = user_of(request)
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect("dashboard")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "Authenticator app"})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert device is not None
        with transaction.atomic():
            # Locked, as django-otp asks: parallel guesses then queue for the throttle one by one,
            # and a code accepted once is marked used before a second request can check it.
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            accepted = device.verify_token(form.cleaned_data["token"])
        if accepted:
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(actor=user, action=Action.SIGN_IN, summary="Second factor accepted", request=request)
            return redirect(_safe_next(request))
        form.add_error("token", "The security code is not right or has expired: enter the latest code from your app")
        audit_record(actor=user, action=Action.SIGN_IN_FAILED, summary="Wrong second-factor code", request=request)
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        assert device is not None
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        buffer = io.BytesIO()
        image.save(buffer)
        context["qr_data_uri"] = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor.html", context)


@signed_in
def dashboard(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    return render(request, "core/dashboard.html", {"panels": dashboard_panels_for(user), "page_title": "Home"})


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    memberships = user.group_memberships.select_related("group").order_by("group__name")
    return render(
        request,
        "core/account.html",
        {
            "memberships": memberships,
            "page_title": "Your account",
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
        },
    )


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"page_title": "Privacy notice"})


# Setting and resetting passwords uses Django's signed, single-use, time-limited links.
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="registration/password_reset_form.html",
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(template_name="registration/password_reset_confirm.html")
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html")
)
