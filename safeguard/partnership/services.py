"""Every change to the partnership model: one function each, atomic and audited."""

from __future__ import annotations

import secrets

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.errors import Refused
from safeguard.core.notify import send_email
from safeguard.partnership.models import (
    Agency,
    AgencyKind,
    ApiToken,
    Group,
    GroupMembership,
    GroupRole,
    Partnership,
    RoleAssignment,
    User,
)
from safeguard.partnership.roles import Role


class PartnershipError(Refused):
    """A change to the partnership's settings, agencies or users the rules refuse, with a message for the admin."""


def agency_create(*, actor: User | None, partnership: Partnership, name: str, kind: AgencyKind, code: str) -> Agency:
    with transaction.atomic():
        agency = Agency.objects.create(partnership=partnership, name=name, kind=kind, code=code)
        audit_record(actor=actor, action=Action.CREATE, target=agency, summary=f"Added agency {name}")
    return agency


def agency_update(*, actor: User, agency: Agency, name: str, kind: AgencyKind, is_active: bool) -> Agency:
    with transaction.atomic():
        was_active = agency.is_active
        agency.name, agency.kind, agency.is_active = name, kind, is_active
        agency.save(update_fields=["name", "kind", "is_active"])
        # Deactivating stops the agency's staff signing in and its API tokens: say so in the trail.
        summary = f"Changed agency {name}"
        if was_active != is_active:
            summary += ": reactivated" if is_active else ": deactivated, its staff and API tokens refused"
        audit_record(actor=actor, action=Action.UPDATE, target=agency, summary=summary)
    return agency


def partnership_settings_update(
    *, actor: User, partnership: Partnership, notify_police_of_placements: bool, rhi_provider: Agency | None
) -> Partnership:
    if rhi_provider is not None and rhi_provider.partnership_id != partnership.pk:
        raise PartnershipError(
            "The return home interview provider must be an agency in this partnership", field="rhi_provider"
        )
    with transaction.atomic():
        partnership.notify_police_of_placements = notify_police_of_placements
        partnership.rhi_provider = rhi_provider
        partnership.save(update_fields=["notify_police_of_placements", "rhi_provider"])
        provider = rhi_provider.name if rhi_provider else "children's services"
        police = "told" if notify_police_of_placements else "not told"
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=partnership,
            summary=f"Changed settings: return home interviews by {provider}; police {police} of placements",
        )
    return partnership


class UsernameTaken(PartnershipError):
    """Someone else has that username, whatever its case: found by the database when two forms raced."""

    field = "username"


def user_create(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: set[Role],
    password: str | None = None,
    job_title: str = "",
) -> User:
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            agency=agency,
            job_title=job_title,
        )
        if password:
            user.set_password(password)
        else:
            # No usable password until the user sets one through a reset link.
            user.set_unusable_password()
        try:
            user.save()
        except IntegrityError:
            # The form checked first; a double submit, or "Alice" added as "alice" just now, got there between.
            # Raising leaves the atomic block, which rolls everything back.
            raise UsernameTaken("That username is already in use") from None
        for role in sorted(roles):
            RoleAssignment.objects.create(user=user, role=role, granted_by=actor)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=user,
            summary=f"Added user {username} at {agency.name} with roles {', '.join(sorted(r.label for r in roles)) or 'none'}",
        )
    return user


def user_update(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    job_title: str,
    roles: set[Role],
    is_active: bool,
) -> User:
    with transaction.atomic():
        before = User.objects.values("first_name", "last_name", "email", "job_title", "is_active").get(pk=user.pk)
        user.first_name, user.last_name, user.email, user.job_title, user.is_active = (
            first_name,
            last_name,
            email,
            job_title,
            is_active,
        )
        user.save(update_fields=["first_name", "last_name", "email", "job_title", "is_active"])
        current = set(user.roles)
        for role in current - roles:
            RoleAssignment.objects.filter(user=user, role=role).delete()
        for role in roles - current:
            RoleAssignment.objects.create(user=user, role=role, granted_by=actor)
        if hasattr(user, "_roles_cache"):
            del user._roles_cache
        changes = []
        # Each change is named: a new email address receives the password-reset link, so changing
        # it can hand over the account, and the trail must show from what to what.
        if before["email"] != email:
            changes.append(f"email changed from {before['email'] or 'none'} to {email or 'none'}")
        if (before["first_name"], before["last_name"]) != (first_name, last_name):
            changes.append(
                f"name changed from {before['first_name']} {before['last_name']} to {first_name} {last_name}"
            )
        if before["job_title"] != job_title:
            changes.append(f"job title changed from {before['job_title'] or 'none'} to {job_title or 'none'}")
        if before["is_active"] != is_active:
            changes.append("reactivated" if is_active else "deactivated")
        if roles - current:
            changes.append("granted " + ", ".join(sorted(r.label for r in roles - current)))
        if current - roles:
            changes.append("removed " + ", ".join(sorted(r.label for r in current - roles)))
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=user,
            summary=f"Changed user {user.username}" + (f": {'; '.join(changes)}" if changes else ""),
        )
    return user


def membership_add(*, actor: User | None, group: Group, user: User, role: GroupRole) -> GroupMembership:
    with transaction.atomic():
        membership, _ = GroupMembership.objects.update_or_create(group=group, user=user, defaults={"role": role})
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=membership,
            summary=f"{user.username} joined {group.name} as {role.label}",
        )
    return membership


def membership_remove(*, actor: User, membership: GroupMembership) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=Action.DELETE,
            target=membership,
            summary=f"{membership.user.username} left {membership.group.name}",
        )
        membership.delete()


def api_token_create(*, actor: User | None, agency: Agency, name: str, roles: set[Role]) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw secret, which is never stored."""
    raw = "sg_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            agency=agency,
            name=name,
            prefix=raw[:10],
            token_hash=ApiToken.hash_token(raw),
            roles=sorted(str(r) for r in roles),
            created_by=actor,
        )
        audit_record(actor=actor, action=Action.CREATE, target=token, summary=f"API token {name} for {agency.name}")
    return token, raw


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=Action.UPDATE, target=token, summary=f"Revoked API token {token.name}")


def password_link_send(*, actor: User, user: User, domain: str, use_https: bool) -> None:
    """Email the user a single-use link to set their password (new accounts have none)."""
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
        "domain": domain,
    }
    body = render_to_string("registration/password_reset_email.txt", context)
    subject = render_to_string("registration/password_reset_subject.txt", context).strip()
    with transaction.atomic():
        audit_record(
            actor=actor, action=Action.UPDATE, target=user, summary=f"Sent a set-password link to {user.username}"
        )
        transaction.on_commit(lambda: send_email(to=[user.email], subject=subject, body=body))


BACKUP_CODE_COUNT = 10


def backup_codes_issue(*, actor: User, user: User) -> list[str]:
    """New single-use backup codes for the second factor, replacing any left; returned once, stored only here.

    They are the break-glass way in when the authenticator app is lost: each works once, in
    place of a security code.
    """
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=user,
            summary=f"Issued {BACKUP_CODE_COUNT} backup codes for {user.username}'s second factor",
        )
    return codes


def second_factor_reset(*, actor: User, user: User) -> int:
    """Remove every second factor a user has (app, backup codes, provider MFA); returns how many.

    For a lost phone: at their next sign-in they set up an authenticator app again. Any session
    of theirs verified with a removed device is no longer verified, so it is asked again too.
    """
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=user,
            summary=f"Reset {user.username}'s second factor: they set up an authenticator app at their next sign-in",
        )
    return len(devices)


def app_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator-app device a user is enrolling, made on their first visit.

    Not audited: it cannot be used to sign in until a code from it is accepted, and that is audited.
    """
    with transaction.atomic():
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "Authenticator app"})
    return device


def app_code_check(*, user: User, device: TOTPDevice, code: str, request: HttpRequest) -> TOTPDevice | None:
    """Check a security code from the user's app; the device if accepted (confirmed if it was enrolling), else None."""
    with transaction.atomic():
        # Locked, as django-otp asks: parallel guesses then queue for the throttle one by one,
        # and a code accepted once is marked used before a second request can check it.
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            audit_record(actor=user, action=Action.SIGN_IN_FAILED, summary="Wrong second-factor code", request=request)
            return None
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        audit_record(actor=user, action=Action.SIGN_IN, summary="Second factor accepted", request=request)
    return device


def backup_code_check(*, user: User, code: str, request: HttpRequest) -> tuple[StaticDevice, int] | None:
    """Spend one of the user's backup codes; the device and how many codes are left if accepted, else None."""
    with transaction.atomic():
        # Locked like the app's device: a backup code accepted once is gone before a second request checks it.
        backup = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if backup is None or not backup.verify_token(code):
            audit_record(actor=user, action=Action.SIGN_IN_FAILED, summary="Wrong or used backup code", request=request)
            return None
        left = backup.token_set.count()
        audit_record(actor=user, action=Action.SIGN_IN, summary=f"Backup code accepted ({left} left)", request=request)
    return backup, left
