from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.auth_forms import BackupCodeForm, SignInForm, TokenForm
from safeguard.core.lockout import account_locked_out
from safeguard.core.registry import dashboard_panels_for
from safeguard.partnership.access import AuthedRequest, public, signed_in, user_of
from safeguard.partnership.selectors import agency_of_username, backup_codes_left, confirmed_app_device, memberships_of
from safeguard.partnership.services import (
    app_code_check,
    app_device_for_enrolment,
    backup_code_check,
    backup_codes_issue,
)
from safeguard.signon.csp import allow_provider_redirects
from safeguard.signon.selectors import sign_on_buttons


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
    response = render(
        request,
        "registration/sign_in.html",
        {"form": form, "failed": failed, "next": _safe_next(request, ""), "sso_buttons": sign_on_buttons()},
        status=401 if failed else 200,
    )
    return allow_provider_redirects(response)  # type: ignore[return-value]


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=user_of(request), action=Action.SIGN_OUT, request=request)
    logout(request)
    return redirect("login")


@signed_in
def two_factor(request: AuthedRequest) -> HttpResponse:
    """Enrol an authenticator app on first sign-in, then ask for its code (or a backup code) every time."""
    user = user_of(request)
    if request.user.is_verified():  # type: ignore[attr-defined]  # django-otp adds it
        return redirect("dashboard")
    device = confirmed_app_device(user)
    enrolling = device is None
    if device is None:
        device = app_device_for_enrolment(user=user)
    # Two forms on one page: the security code, and (once enrolled) a backup code instead.
    using_backup = request.method == "POST" and "backup_code" in request.POST and not enrolling
    form = TokenForm(request.POST if request.method == "POST" and not using_backup else None)
    backup_form = BackupCodeForm(request.POST if using_backup else None)
    if using_backup and backup_form.is_valid():
        spent = backup_code_check(user=user, code=backup_form.cleaned_data["backup_code"], request=request)
        if spent is not None:
            backup, left = spent
            otp_login(request, backup)
            if left <= 2:
                messages.warning(request, f"You have {left} backup codes left: get new ones on your account page.")
            return redirect(_safe_next(request))
        backup_form.add_error("backup_code", "That backup code is not right or has already been used")
    if form.is_bound and form.is_valid():
        accepted = app_code_check(user=user, device=device, code=form.cleaned_data["token"], request=request)
        if accepted is not None:
            otp_login(request, accepted)
            if enrolling:
                # Shown this once only: the codes are not kept anywhere they could be shown again.
                codes = backup_codes_issue(actor=user, user=user)
                return _backup_codes_page(request, codes, _safe_next(request))
            return redirect(_safe_next(request))
        form.add_error("token", "The security code is not right or has expired: enter the latest code from your app")
    context = {"form": form, "backup_form": backup_form, "enrolling": enrolling}
    if enrolling:
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        buffer = io.BytesIO()
        image.save(buffer)
        context["qr_data_uri"] = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor.html", context)


def _backup_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    shown = [f"{code[:4]} {code[4:]}" for code in codes]
    return render(
        request,
        "registration/backup_codes.html",
        {"codes": shown, "next_url": next_url, "page_title": "Your backup codes"},
    )


@signed_in
@require_POST
def account_backup_codes(request: AuthedRequest) -> HttpResponse:
    """Replace the user's backup codes with new ones, shown once."""
    user = user_of(request)
    return _backup_codes_page(request, backup_codes_issue(actor=user, user=user), reverse("account"))


@signed_in
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(request, "core/dashboard.html", {"panels": dashboard_panels_for(user), "page_title": "Home"})


@signed_in
def account(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    memberships = memberships_of(user)
    return render(
        request,
        "core/account.html",
        {
            "memberships": memberships,
            "page_title": "Your account",
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
            "backup_codes_left": backup_codes_left(user),
        },
    )


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"page_title": "Privacy notice"})


@public
def cookies(request: HttpRequest) -> HttpResponse:
    """Which cookies Safeguard sets: only strictly necessary ones, named as the settings name them."""
    return render(
        request,
        "core/cookies.html",
        {
            "page_title": "Cookies",
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
        },
    )


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
