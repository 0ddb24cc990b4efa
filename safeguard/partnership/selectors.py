"""Reading the partnership model, scoped to the administrator's own partnership."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.partnership.models import Agency, AgencyKind, ApiToken, Group, GroupMembership, Partnership, User
from safeguard.partnership.roles import Perm


def agencies_for_user(user: User) -> QuerySet[Agency]:
    if user.agency is None:
        return Agency.objects.none()
    return Agency.objects.filter(partnership_id=user.agency.partnership_id)


def get_agency_for_user(user: User, pk: int) -> Agency:
    return get_object_or_404(agencies_for_user(user), pk=pk)


def users_for_admin(user: User) -> QuerySet[User]:
    if user.agency is None or not user.can(Perm.MANAGE_PARTNERSHIP):
        return User.objects.none()
    return (
        User.objects.filter(agency__partnership_id=user.agency.partnership_id)
        .select_related("agency")
        .prefetch_related("role_assignments")
        .order_by("agency__name", "last_name", "first_name")
    )


def active_users_for_admin(user: User) -> QuerySet[User]:
    """The accounts the admin manages that can still sign in: the ones they can add to a group."""
    return users_for_admin(user).filter(is_active=True)


def get_user_for_admin(admin: User, pk: int) -> User:
    return get_object_or_404(users_for_admin(admin), pk=pk)


def users_with_email(email: str) -> QuerySet[User]:
    """Every account with this email, whatever its case: single sign-on links accounts by email."""
    return User.objects.filter(email__iexact=email.strip()).select_related("agency")


def groups_for_user(user: User) -> QuerySet[Group]:
    """Groups that include the user's partnership, joint groups included."""
    if user.agency is None:
        return Group.objects.none()
    return (
        Group.objects.filter(partnerships__id=user.agency.partnership_id)
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related("partnerships")
        .distinct()
        .order_by("kind", "name")
    )


def get_group_for_user(user: User, pk: int) -> Group:
    return get_object_or_404(groups_for_user(user), pk=pk)


def get_partnership_by_slug(slug: str) -> Partnership:
    """The partnership a public address names (its bulletins, training feed, privacy notice), or 404."""
    return get_object_or_404(Partnership, slug=slug)


def partnership_of(user: User) -> Partnership | None:
    return user.agency.partnership if user.agency else None


def active_agencies(partnership_id: int, *kinds: AgencyKind) -> QuerySet[Agency]:
    """The partnership's active agencies (of these kinds, when given): the ones new work can go to."""
    agencies = Agency.objects.filter(partnership_id=partnership_id, is_active=True)
    return agencies.filter(kind__in=kinds) if kinds else agencies


def active_users(partnership_id: int) -> QuerySet[User]:
    """The partnership's active accounts, with their agencies: who can be given work (an action, a review)."""
    return User.objects.filter(agency__partnership_id=partnership_id, is_active=True).select_related("agency")


def group_members(group: Group) -> QuerySet[GroupMembership]:
    """A group's memberships, chairs first, then by surname."""
    return group.memberships.select_related("user", "user__agency").order_by("role", "user__last_name")


def get_membership_of_group(group: Group, pk: int) -> GroupMembership:
    return get_object_or_404(group.memberships.select_related("user", "group"), pk=pk)


def api_token_lookup(raw: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("agency")
        .filter(token_hash=ApiToken.hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is not None and token.agency.is_active:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token
    return None


def api_tokens_for_admin(user: User) -> QuerySet[ApiToken]:
    if user.agency is None or not user.can(Perm.MANAGE_PARTNERSHIP):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(agency__partnership_id=user.agency.partnership_id).select_related("agency")


def agency_of_username(username: str) -> Agency | None:
    """The agency of the account a sign-in names, if there is one (usernames are unique in any case)."""
    user = User.objects.filter(username__iexact=username.strip()).select_related("agency").first()
    return user.agency if user is not None else None


def confirmed_app_device(user: User) -> TOTPDevice | None:
    """The user's enrolled authenticator app, or None while they have still to set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def backup_codes_left(user: User) -> int:
    """How many of the user's single-use backup codes are still unused."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def memberships_of(user: User) -> QuerySet[GroupMembership]:
    """The groups the user sits on, by group name, for their account page."""
    return user.group_memberships.select_related("group").order_by("group__name")
