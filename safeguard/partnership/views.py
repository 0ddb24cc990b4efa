from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safeguard.core.pages import form_page, submitted
from safeguard.missing.selectors import rhi_providers
from safeguard.partnership import selectors, services
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.forms import AgencyForm, ApiTokenForm, MembershipForm, SettingsForm, UserForm
from safeguard.partnership.models import AgencyKind, GroupRole
from safeguard.partnership.roles import ROLE_PERMISSIONS, Perm, Role

MANAGE = Perm.MANAGE_PARTNERSHIP


@requires(MANAGE)
def overview(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "partnership/overview.html",
        {
            "page_title": "Partnership",
            "partnership": selectors.partnership_of(user),
            "agencies": selectors.agencies_for_user(user),
            "groups": selectors.groups_for_user(user),
            "roles": [(role, sorted(p.label for p in ROLE_PERMISSIONS[role])) for role in Role],
        },
    )


@requires(MANAGE)
def settings_edit(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    partnership = selectors.partnership_of(user)
    assert partnership is not None
    initial = {
        "rhi_provider": partnership.rhi_provider_id,
        "notify_police_of_placements": partnership.notify_police_of_placements,
    }
    form = SettingsForm(request.POST or None, initial=initial, providers=rhi_providers(partnership.pk))
    if request.method == "POST" and form.is_valid():
        services.partnership_settings_update(
            actor=user,
            partnership=partnership,
            notify_police_of_placements=form.cleaned_data["notify_police_of_placements"],
            rhi_provider=form.cleaned_data["rhi_provider"],
        )
        messages.success(request, "Settings saved")
        return redirect("partnership:overview")
    return form_page(
        request,
        form,
        title="Partnership settings",
        submit_label="Save settings",
        back_url=reverse("partnership:overview"),
        back_label="Back to the partnership",
    )


@requires(MANAGE)
def agency_new(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partnership = selectors.partnership_of(user)
        assert partnership is not None
        try:
            services.agency_create(
                actor=user,
                partnership=partnership,
                name=form.cleaned_data["name"],
                kind=AgencyKind(form.cleaned_data["kind"]),
                code=form.cleaned_data["code"],
            )
        except IntegrityError:
            form.add_error("code", "An agency with that name or code already exists in this partnership")
        else:
            messages.success(request, f"Added {form.cleaned_data['name']}")
            return redirect("partnership:overview")
    return render(request, "partnership/agency_form.html", {"form": form, "page_title": "Add an agency"})


@requires(MANAGE)
def agency_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    agency = selectors.get_agency_for_user(user, pk)
    initial = {"name": agency.name, "kind": agency.kind, "code": agency.code, "is_active": agency.is_active}
    form = AgencyForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        services.agency_update(
            actor=user,
            agency=agency,
            name=form.cleaned_data["name"],
            kind=AgencyKind(form.cleaned_data["kind"]),
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, f"Saved {agency.name}")
        return redirect("partnership:overview")
    return render(
        request, "partnership/agency_form.html", {"form": form, "agency": agency, "page_title": f"Change {agency.name}"}
    )


@requires(MANAGE)
def user_list(request: AuthedRequest) -> HttpResponse:
    users = selectors.users_for_admin(user_of(request))
    return render(request, "partnership/user_list.html", {"users": users, "page_title": "Users"})


@requires(MANAGE)
def user_new(request: AuthedRequest) -> HttpResponse:
    admin = user_of(request)
    form = UserForm(request.POST or None, agencies=selectors.agencies_for_user(admin))

    def save(data: dict[str, Any]) -> HttpResponse:
        created = services.user_create(
            actor=admin,
            agency=data["agency"],
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            job_title=data["job_title"],
            roles={Role(r) for r in data["roles"]},
        )
        services.password_link_send(actor=admin, user=created, domain=request.get_host(), use_https=request.is_secure())
        messages.success(request, f"Added {created.display_name()} and emailed them a link to set their password.")
        return redirect("partnership:users")

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(request, "partnership/user_form.html", {"form": form, "page_title": "Add a user"})


@requires(MANAGE)
def user_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    admin = user_of(request)
    target = selectors.get_user_for_admin(admin, pk)
    initial = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "job_title": target.job_title,
        "agency": target.agency_id,
        "roles": [str(r) for r in target.roles],
        "is_active": target.is_active,
    }
    form = UserForm(request.POST or None, initial=initial, agencies=selectors.agencies_for_user(admin), editing=target)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        roles = {Role(r) for r in data["roles"]}
        if target == admin and Role.PARTNERSHIP_ADMIN not in roles:
            form.add_error("roles", "You cannot remove your own administrator role")
        else:
            services.user_update(
                actor=admin,
                user=target,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                job_title=data["job_title"],
                roles=roles,
                is_active=data["is_active"],
            )
            messages.success(request, f"Saved {target.display_name()}")
            return redirect("partnership:users")
    return render(
        request,
        "partnership/user_form.html",
        {"form": form, "target": target, "page_title": f"Change {target.display_name()}"},
    )


@requires(MANAGE, write=True)
def user_password_link(request: AuthedRequest, pk: int) -> HttpResponse:
    admin = user_of(request)
    target = selectors.get_user_for_admin(admin, pk)
    services.password_link_send(actor=admin, user=target, domain=request.get_host(), use_https=request.is_secure())
    messages.success(request, f"Emailed {target.display_name()} a link to set their password.")
    return redirect("partnership:user_edit", pk=target.pk)


@requires(MANAGE, write=True)
def user_second_factor_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    admin = user_of(request)
    target = selectors.get_user_for_admin(admin, pk)
    services.second_factor_reset(actor=admin, user=target)
    messages.success(
        request,
        f"Reset {target.display_name()}'s second factor: they set up an authenticator app at their next sign-in.",
    )
    return redirect("partnership:user_edit", pk=target.pk)


@requires(MANAGE)
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    admin = user_of(request)
    group = selectors.get_group_for_user(admin, pk)
    form = MembershipForm(request.POST or None, users=selectors.active_users_for_admin(admin))
    if request.method == "POST" and form.is_valid():
        services.membership_add(
            actor=admin, group=group, user=form.cleaned_data["user"], role=GroupRole(form.cleaned_data["role"])
        )
        messages.success(request, f"Added {form.cleaned_data['user'].display_name()} to {group.name}")
        return redirect("partnership:group", pk=group.pk)
    memberships = selectors.group_members(group)
    return render(
        request,
        "partnership/group_detail.html",
        {"group": group, "memberships": memberships, "form": form, "page_title": group.name},
    )


@requires(MANAGE, write=True)
def membership_remove(request: AuthedRequest, pk: int, membership_pk: int) -> HttpResponse:
    admin = user_of(request)
    group = selectors.get_group_for_user(admin, pk)
    membership = selectors.get_membership_of_group(group, membership_pk)
    services.membership_remove(actor=admin, membership=membership)
    messages.success(request, f"Removed {membership.user.display_name()} from {group.name}")
    return redirect("partnership:group", pk=group.pk)


@requires(MANAGE)
def api_tokens(request: AuthedRequest) -> HttpResponse:
    admin = user_of(request)
    form = ApiTokenForm(request.POST or None, agencies=selectors.agencies_for_user(admin))
    raw = None
    if request.method == "POST" and form.is_valid():
        _, raw = services.api_token_create(
            actor=admin,
            agency=form.cleaned_data["agency"],
            name=form.cleaned_data["name"],
            roles={Role(r) for r in form.cleaned_data["roles"]},
        )
        form = ApiTokenForm(agencies=selectors.agencies_for_user(admin))
    return render(
        request,
        "partnership/api_tokens.html",
        {"form": form, "tokens": selectors.api_tokens_for_admin(admin), "raw": raw, "page_title": "API tokens"},
    )


@requires(MANAGE, write=True)
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    admin = user_of(request)
    token = get_object_or_404(selectors.api_tokens_for_admin(admin), pk=pk)
    services.api_token_revoke(actor=admin, token=token)
    messages.success(request, f"Revoked {token.name}")
    return redirect("partnership:api_tokens")
