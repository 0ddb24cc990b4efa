from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.services import audit_viewed
from safeguard.core.exports import download
from safeguard.core.pages import act, form_page, form_status, submitted
from safeguard.partnership.access import AuthedRequest, public, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import get_partnership_by_slug
from safeguard.training import selectors, services
from safeguard.training.forms import FeedbackForm, PeriodForm, SessionForm
from safeguard.training.ics import booking_calendar, sessions_feed
from safeguard.training.models import Attendance, BookingStatus

CALENDAR = "text/calendar; charset=utf-8"


@requires(Perm.BOOK_TRAINING)
def index(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    now = timezone.now()
    assert user.agency is not None
    return render(
        request,
        "training/index.html",
        {
            "page_title": "Training and awareness sessions",
            "sessions": selectors.upcoming_sessions_for_user(user, now=now),
            "bookings": selectors.live_bookings_of(user),
            "now": now,
            "can_manage": user.can(Perm.MANAGE_TRAINING),
            "partnership": user.agency.partnership,
        },
    )


@requires(Perm.BOOK_TRAINING)
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    session = selectors.get_session_for_user(user, pk)
    now = timezone.now()
    bookings = selectors.bookings_for_manager(user, session)
    ratings = [b.feedback_rating for b in bookings if b.feedback_rating]
    return render(
        request,
        "training/session.html",
        {
            "page_title": session.title,
            "session": session,
            "booking": selectors.live_booking(user, session),
            "open": session.booking_is_open(now),
            "started": session.starts_at <= now,
            "finished": session.ends_at <= now,
            "bookings": bookings,
            "attendance_choices": Attendance.choices,
            "average_rating": round(sum(ratings) / len(ratings), 1) if ratings else None,
            "comments": [b.feedback_comment for b in bookings if b.feedback_comment],
            "can_manage": user.can(Perm.MANAGE_TRAINING),
        },
    )


@requires(Perm.BOOK_TRAINING, write=True)
def book(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    session = selectors.get_session_for_user(user, pk)
    return act(
        request,
        lambda: services.booking_book(actor=user, session=session),
        done=lambda booking: (
            "Your place is booked"
            if booking.status == BookingStatus.CONFIRMED
            else "The session is full: you are on the waiting list and will be emailed if a place comes free"
        ),
        redirect_to=reverse("training:session", args=[session.pk]),
    )


@requires(Perm.BOOK_TRAINING, write=True)
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    booking = selectors.get_booking_for_user(user, pk)
    return act(
        request,
        lambda: services.booking_cancel(actor=user, booking=booking),
        done="Booking cancelled",
        redirect_to=reverse("training:session", args=[booking.session_id]),
    )


@requires(Perm.BOOK_TRAINING)
def booking_ics(request: AuthedRequest, pk: int) -> HttpResponseBase:
    booking = selectors.get_booking_for_user(user_of(request), pk)
    return download(
        booking_calendar(booking).encode(), filename=f"training-{booking.session_id}.ics", content_type=CALENDAR
    )


@requires(Perm.BOOK_TRAINING)
def feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    booking = selectors.get_booking_for_user(user, pk)
    if booking.user_id != user.pk:
        raise Http404("Not your booking")
    initial: dict[str, Any] = {"rating": booking.feedback_rating, "comment": booking.feedback_comment}
    form = FeedbackForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.feedback_record(
            actor=user, booking=booking, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
        )
        messages.success(request, "Thank you for your feedback")
        return redirect("training:index")

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(
        request,
        "training/feedback.html",
        {"page_title": "Feedback", "form": form, "booking": booking},
        status=form_status(form),
    )


@requires(Perm.MANAGE_TRAINING)
def session_new(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = SessionForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        assert user.agency is not None
        session = services.session_create(
            actor=user,
            partnership=user.agency.partnership,
            title=data["title"],
            audience=data["audience"],
            description=data["description"],
            venue=data["venue"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            **form.times(),
        )
        messages.success(request, "Session created")
        return redirect("training:session", pk=session.pk)

    return form_page(
        request,
        form,
        save=save,
        title="New session",
        submit_label="Create session",
        back_url=reverse("training:index"),
        back_label="Training sessions",
    )


@requires(Perm.MANAGE_TRAINING, write=True)
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record the register: one radio group per confirmed place, named attendance_<booking id>."""
    user = user_of(request)
    session = selectors.get_session_for_user(user, pk)
    valid = {choice.value for choice in Attendance if choice.value}
    marked = 0
    for booking in selectors.confirmed_bookings_for_manager(user, session):
        value = request.POST.get(f"attendance_{booking.pk}", "")
        if value in valid and value != booking.attendance:
            services.attendance_record(actor=user, booking=booking, attendance=Attendance(value))
            marked += 1
    messages.success(request, f"Attendance saved for {marked} place{'s' if marked != 1 else ''}")
    return redirect("training:session", pk=session.pk)


@requires(Perm.MANAGE_TRAINING, write=True)
def session_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    session = selectors.get_session_for_user(user, pk)
    return act(
        request,
        lambda: services.session_cancel(actor=user, session=session),
        done="Session cancelled; everyone booked has been told",
        redirect_to=reverse("training:session", args=[session.pk]),
    )


@requires(Perm.MANAGE_TRAINING)
def report(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    partnership = user.agency.partnership
    today = timezone.localdate()
    # The default period is the financial year so far, as boards report.
    year_start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    form = PeriodForm(request.GET or None, initial={"period_start": year_start, "period_end": today})
    start, end = year_start, today
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
    rows = selectors.training_attendance_by_agency(partnership=partnership, period_start=start, period_end=end)
    total = selectors.figure_training_attendance(partnership=partnership, period_start=start, period_end=end)
    audit_viewed(request, actor=user, object_type="training.report", summary="Viewed training attendance")
    return render(
        request,
        "training/report.html",
        {
            "page_title": "Training attendance by agency",
            "form": form,
            "rows": rows,
            "total": total,
            "start": start,
            "end": end,
        },
        status=400 if request.GET and not form.is_valid() else 200,
    )


@public
def feed(request: HttpRequest, partnership: str) -> HttpResponseBase:
    """Every session as a calendar feed: public, as it names no one, so calendar apps can subscribe."""
    found = get_partnership_by_slug(partnership)
    return download(
        sessions_feed(f"{found.name} training", selectors.public_sessions(found)).encode(),
        filename=f"{found.slug}-training.ics",
        content_type=CALENDAR,
        inline=True,
    )
