"""Reading the partnership model, scoped to the administrator's own partnership."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.partnership.models import Agency, AgencyKind, ApiToken, Group, Partnership, User
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


def partnership_of(user: User) -> Partnership | None:
    return user.agency.partnership if user.agency else None


# Who can be commissioned to offer return home interviews: someone independent
# of the child's care is preferred, so voluntary and health providers qualify.
RHI_PROVIDER_KINDS = (
    AgencyKind.LA_CHILDREN,
    AgencyKind.VOLUNTARY,
    AgencyKind.HEALTH_PROVIDER,
    AgencyKind.YOUTH_JUSTICE,
)


def rhi_providers(partnership_id: int) -> QuerySet[Agency]:
    """The active agencies of a partnership that can offer return home interviews."""
    return Agency.objects.filter(partnership_id=partnership_id, kind__in=RHI_PROVIDER_KINDS, is_active=True).order_by(
        "name"
    )


# A child may prefer a trusted worker to an independent one: often a teacher or a
# children's home's key worker, so for one child more kinds of agency can take it on.
TRUSTED_WORKER_KINDS = (*RHI_PROVIDER_KINDS, AgencyKind.SCHOOL, AgencyKind.LA_EDUCATION, AgencyKind.CHILDRENS_HOME)


def trusted_workers(partnership_id: int) -> QuerySet[Agency]:
    """The active agencies of a partnership that can take on one child's return home interview."""
    return Agency.objects.filter(partnership_id=partnership_id, kind__in=TRUSTED_WORKER_KINDS, is_active=True).order_by(
        "name"
    )


def default_rhi_provider(partnership_id: int) -> Agency | None:
    """The partnership's commissioned provider if it is still active, else its children's services."""
    chosen = (
        Agency.objects.filter(pk__in=Partnership.objects.filter(pk=partnership_id).values("rhi_provider_id"))
        .filter(is_active=True)
        .first()
    )
    if chosen is not None:
        return chosen
    return (
        Agency.objects.filter(partnership_id=partnership_id, kind=AgencyKind.LA_CHILDREN, is_active=True)
        .order_by("pk")
        .first()
    )


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
