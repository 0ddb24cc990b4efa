"""Pages for Philomena profiles: the list and its download, the profile, its photo and places of risk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.services import audit_viewed
from safeguard.core.exports import download
from safeguard.core.listing import csv_export, filter_form, filters_refused, list_page
from safeguard.core.pages import Shows, form_page
from safeguard.core.paging import paginate
from safeguard.missing import selectors, services
from safeguard.missing.forms import (
    LocationForm,
    PhotoForm,
    ProfileFilterForm,
    ProfileForm,
)
from safeguard.missing.models import LocationRisk, PhilomenaProfile
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.people.selectors import age_in_years


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profiles(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form, missing_now, updated_before = _profile_filters(request)
    found = paginate(request, selectors.profiles_filtered(user, missing_now=missing_now, updated_before=updated_before))
    return list_page(
        request,
        "missing/profiles.html",
        form=form,
        found=found,
        object_type="missing.philomenaprofile",
        summary=(
            f"Viewed the list of Philomena profiles ({len(found.page)} of {found.total}"
            f"{_profile_filters_described(missing_now, updated_before)})"
        ),
        context={
            "page_title": "Philomena profiles",
            "profiles": found,
            "is_police": bool(user.agency and user.agency.is_police),
            "can_edit": user.can(Perm.EDIT_PHILOMENA),
        },
    )


def _profile_filters(request: HttpRequest) -> tuple[ProfileFilterForm, bool, dt.date | None]:
    form = filter_form(request, ProfileFilterForm)
    if form.is_bound and form.is_valid():
        return form, bool(form.cleaned_data["missing_now"]), form.cleaned_data["updated_before"]
    return form, False, None


def _profile_filters_described(missing_now: bool, updated_before: dt.date | None) -> str:
    said = (["missing now"] if missing_now else []) + (
        [f"not updated since {updated_before}"] if updated_before else []
    )
    return f", {' and '.join(said)}" if said else ""


PROFILES_HEADER = ("Child", "Date of birth", "Missing now", "Last updated", "Updated by", "Photo", "Risk locations")


def _profile_row(profile: PhilomenaProfile) -> list[Any]:
    return [
        profile.person.full_name,
        profile.person.date_of_birth.isoformat() if profile.person.date_of_birth else "",
        "Yes" if profile.missing_now else "No",  # type: ignore[attr-defined]
        timezone.localtime(profile.updated_at).strftime("%Y-%m-%d %H:%M"),
        profile.updated_by.display_name() if profile.updated_by else "",
        "Yes" if profile.photo else "No",
        profile.location_count,  # type: ignore[attr-defined]
    ]


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profiles_export(request: AuthedRequest) -> HttpResponseBase:
    """The list of profiles (not their contents) with its filters, as CSV."""
    user = user_of(request)
    form, missing_now, updated_before = _profile_filters(request)
    if (back := filters_refused(request, form, "missing:profiles")) is not None:
        return back
    found = selectors.profiles_to_export(user, missing_now=missing_now, updated_before=updated_before)
    return csv_export(
        request,
        found,
        header=PROFILES_HEADER,
        row=_profile_row,
        filename="philomena-profiles",
        object_type="missing.philomenaprofile",
        summary=(
            f"Exported the list of {len(found)} Philomena profiles as CSV"
            f"{_profile_filters_described(missing_now, updated_before)}"
        ),
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profile(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = selectors.get_profile_person_for_user(user, person_pk)
    found = selectors.profile_of(person)
    open_episode = selectors.open_episode_of(person)
    audit_viewed(
        request,
        actor=user,
        target=found or person,
        person_id=person.pk,
        summary="Viewed Philomena profile" + (" while the child is missing" if open_episode else ""),
    )
    return render(
        request,
        "missing/profile.html",
        {
            "page_title": f"Philomena profile: {person.full_name}",
            "person": person,
            "profile": found,
            "open_episode": open_episode,
            "can_edit": user.can(Perm.EDIT_PHILOMENA),
            "age": age_in_years(person.date_of_birth, today=timezone.localdate()),
            "episodes": selectors.recent_episodes_of_person_for_user(user, person),
        },
    )


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def profile_edit(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = selectors.get_profile_person_for_user(user, person_pk)
    existing = selectors.profile_of(person)
    initial = {name: getattr(existing, name) for name in services.PROFILE_FIELDS} if existing else {}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_save(actor=user, person=person, fields=dict(form.cleaned_data))
        messages.success(request, "Profile saved")
        return redirect("missing:profile", person_pk=person.pk)
    return form_page(
        request,
        form,
        shows=Shows(person, person.pk, "the Philomena profile form"),
        title="Philomena profile: Part 1",
        caption=person.full_name,
        intro="Police see this profile only while the child is missing.",
        back_url=reverse("missing:profile", args=[person.pk]),
        back_label="Back to the profile",
        submit_label="Save profile",
    )


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def profile_photo(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.get_profile_for_user(user, person_pk)
    form = PhotoForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        upload = form.cleaned_data["photo"]
        services.profile_photo_set(actor=user, profile=found, data=upload.read())
        messages.success(request, "Photo saved")
        return redirect("missing:profile", person_pk=person_pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(found, found.person_id, "the Philomena photo form"),
        title="Upload a photo",
        caption=found.person.full_name,
        back_url=reverse("missing:profile", args=[person_pk]),
        back_label="Back to the profile",
        submit_label="Upload photo",
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profile_photo_image(request: AuthedRequest, person_pk: int) -> HttpResponseBase:
    """The photo itself: never a public URL, only this access-checked, audited view."""
    user = user_of(request)
    found = selectors.get_profile_for_user(user, person_pk)
    if not found.photo or not default_storage.exists(found.photo.name):
        raise Http404("No photo")
    audit_viewed(
        request, actor=user, target=found, person_id=found.person_id, summary="Viewed the Philomena profile photo"
    )
    with default_storage.open(found.photo.name, "rb") as photo:
        response = download(photo.read(), filename="philomena-photo.jpg", content_type="image/jpeg", inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def location_add(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.get_profile_for_user(user, person_pk)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.location_add(
            actor=user,
            profile=found,
            name=data["name"],
            address=data["address"],
            risk=LocationRisk(data["risk"]),
            notes=data["notes"],
            assessed_on=data["assessed_on"],
        )
        messages.success(request, "Location added")
        return redirect("missing:profile", person_pk=person_pk)
    return form_page(
        request,
        form,
        shows=Shows(found, found.person_id, "the form to add a risk-assessed location"),
        title="Add a risk-assessed location",
        caption=found.person.full_name,
        back_url=reverse("missing:profile", args=[person_pk]),
        back_label="Back to the profile",
        submit_label="Add location",
    )


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def location_remove(request: AuthedRequest, person_pk: int, pk: int) -> HttpResponse:
    """Ask first (a page, not a script): a place removed by mistake is one police no longer search."""
    user = user_of(request)
    location = selectors.get_location_for_user(user, person_pk, pk)
    if request.method != "POST":
        audit_viewed(
            request,
            actor=user,
            target=location,
            person_id=location.profile.person_id,
            summary="Opened the form to remove a location",
        )
        return render(
            request,
            "missing/location_remove.html",
            {"page_title": f"Remove {location.name}?", "location": location, "person": location.profile.person},
        )
    services.location_remove(actor=user, location=location)
    messages.success(request, "Location removed")
    return redirect("missing:profile", person_pk=person_pk)
