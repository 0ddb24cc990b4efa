from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguard.core.testing import BaseTestCase, World, signed_in_client
from safeguard.partnership.models import User
from safeguard.training import selectors, services
from safeguard.training.ics import booking_calendar, escape_text, fold, sessions_feed
from safeguard.training.models import Attendance, Booking, BookingStatus, TrainingSession


def make_session(world: World, *, capacity: int = 2, days: int = 10, **extra: Any) -> TrainingSession:
    now = timezone.now()
    values: dict[str, Any] = {
        "title": "Information sharing awareness",
        "audience": "Practitioners who attend MAPPA meetings",
        "starts_at": now + dt.timedelta(days=days),
        "ends_at": now + dt.timedelta(days=days, hours=3),
        "capacity": capacity,
        "booking_opens_at": now - dt.timedelta(days=5),
        "booking_closes_at": now + dt.timedelta(days=days - 1),
        "venue": "Town Hall, Darlington",
    }
    values.update(extra)
    return services.session_create(actor=world.alice, partnership=world.darlington, **values)


def unfold(text: str) -> list[str]:
    """Undo RFC 5545 folding: a CRLF followed by a space or tab continues the line."""
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


def parse(text: str) -> list[dict[str, str]]:
    """The events of a calendar, checking its structure on the way."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for physical in text.split("\r\n"):
        assert len(physical.encode()) <= 75, physical
    lines = unfold(text)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        name, _, value = line.partition(":")
        assert re.fullmatch(r"[A-Z-]+", name), line
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, required
        for stamp in ("DTSTAMP", "DTSTART", "DTEND"):
            assert re.fullmatch(r"\d{8}T\d{6}Z", event[stamp]), event[stamp]
    return events


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


class BookingTests(BaseTestCase):
    def setUp(self) -> None:
        self.session = make_session(self.world, capacity=2)

    def test_a_full_session_puts_the_next_person_on_the_waiting_list(self) -> None:
        first = services.booking_book(actor=self.charlie, session=self.session)
        second = services.booking_book(actor=self.ivan, session=self.session)
        third = services.booking_book(actor=self.erin, session=self.session)
        assert [first.status, second.status, third.status] == [
            BookingStatus.CONFIRMED,
            BookingStatus.CONFIRMED,
            BookingStatus.WAITLISTED,
        ]

    def test_cancelling_a_place_gives_it_to_the_first_person_waiting_and_tells_them(self) -> None:
        first = services.booking_book(actor=self.charlie, session=self.session)
        services.booking_book(actor=self.ivan, session=self.session)
        waiting_first = services.booking_book(actor=self.erin, session=self.session)
        services.booking_book(actor=self.dana, session=self.session)
        with self.captureOnCommitCallbacks(execute=True):
            promoted = services.booking_cancel(actor=self.charlie, booking=first)
        assert promoted == waiting_first
        waiting_first.refresh_from_db()
        assert waiting_first.status == BookingStatus.CONFIRMED
        assert Booking.objects.get(user=self.dana).status == BookingStatus.WAITLISTED
        assert mail.outbox[0].to == ["erin@example.org"]
        assert mail.outbox[0].attachments[0][2] == "text/calendar"

    def test_cancelling_a_waiting_list_place_promotes_nobody(self) -> None:
        services.booking_book(actor=self.charlie, session=self.session)
        services.booking_book(actor=self.ivan, session=self.session)
        waiting = services.booking_book(actor=self.erin, session=self.session)
        assert services.booking_cancel(actor=self.erin, booking=waiting) is None

    def test_cancelling_a_session_tells_everyone_booked_with_a_cancelled_calendar_event(self) -> None:
        services.booking_book(actor=self.charlie, session=self.session)
        services.booking_book(actor=self.ivan, session=self.session)
        services.booking_book(actor=self.erin, session=self.session)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.login(self.alice).post(reverse("training:session_cancel", args=[self.session.pk]))
        assert response.status_code == 302
        assert sorted(m.to[0] for m in mail.outbox) == ["charlie@example.org", "erin@example.org", "ivan@example.org"]
        [event] = parse(mail.outbox[0].attachments[0][1])
        assert event["STATUS"] == "CANCELLED"
        with self.assertRaisesMessage(services.TrainingError, "not open"):
            services.booking_book(actor=self.dana, session=self.session)

    def test_booking_is_refused_outside_its_window_and_twice(self) -> None:
        services.booking_book(actor=self.charlie, session=self.session)
        with self.assertRaisesMessage(services.TrainingError, "already booked"):
            services.booking_book(actor=self.charlie, session=self.session)
        with self.assertRaisesMessage(services.TrainingError, "not open"):
            services.booking_book(actor=self.ivan, session=self.session, now=self.session.booking_closes_at)
        with self.assertRaisesMessage(services.TrainingError, "not open"):
            services.booking_book(
                actor=self.ivan, session=self.session, now=self.session.booking_opens_at - dt.timedelta(seconds=1)
            )

    def test_a_cancelled_booking_can_be_made_again(self) -> None:
        booking = services.booking_book(actor=self.charlie, session=self.session)
        services.booking_cancel(actor=self.charlie, booking=booking)
        again = services.booking_book(actor=self.charlie, session=self.session)
        assert again.status == BookingStatus.CONFIRMED

    def test_practitioners_book_and_cancel_through_the_pages(self) -> None:
        client = self.login(self.ivan)
        response = client.post(reverse("training:book", args=[self.session.pk]), follow=True)
        self.assertContains(response, "Your place is booked")
        booking = Booking.objects.get(user=self.ivan)
        other = signed_in_client(self.charlie)
        assert other.post(reverse("training:cancel", args=[booking.pk])).status_code == 404
        client.post(reverse("training:cancel", args=[booking.pk]))
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        assert self.login(self.heidi).get(reverse("training:session", args=[self.session.pk])).status_code == 404

    def test_attendance_and_feedback_are_recorded_after_the_session(self) -> None:
        past = make_session(
            self.world,
            days=1,
            booking_opens_at=timezone.now() - dt.timedelta(days=5),
            booking_closes_at=timezone.now() + dt.timedelta(hours=1),
        )
        booking = services.booking_book(actor=self.ivan, session=past)
        with self.assertRaisesMessage(services.TrainingError, "Feedback opens"):
            services.feedback_record(actor=self.ivan, booking=booking, rating=5)
        self.login(self.alice).post(
            reverse("training:attendance", args=[past.pk]), {f"attendance_{booking.pk}": "attended"}
        )
        booking.refresh_from_db()
        assert booking.attendance == Attendance.ATTENDED
        later = past.ends_at + dt.timedelta(hours=1)
        services.feedback_record(actor=self.ivan, booking=booking, rating=4, comment="Clear examples", now=later)
        booking.refresh_from_db()
        assert booking.feedback_rating == 4

    def test_a_session_form_with_the_booking_closing_too_late_is_refused_with_a_clear_message(self) -> None:
        day = timezone.localdate() + dt.timedelta(days=20)
        data = {
            "title": "Awareness",
            "audience": "All",
            "day_day": day.day,
            "day_month": day.month,
            "day_year": day.year,
            "start": "10:00",
            "end": "09:00",
            "venue": "",
            "capacity": "20",
            "booking_opens_day": day.day,
            "booking_opens_month": day.month,
            "booking_opens_year": day.year - 1,
            "booking_closes_day": day.day,
            "booking_closes_month": day.month,
            "booking_closes_year": day.year,
        }
        response = self.login(self.alice).post(reverse("training:session_new"), data)
        for message in (
            "End time must be after the start time",
            "Enter a venue or an online joining link",
            "Booking must close before the day of the session",
        ):
            self.assertContains(response, message, status_code=400)


class CalendarTests(BaseTestCase):
    def test_a_booking_calendar_parses_back_with_its_times_in_utc(self) -> None:
        # 17 October 2017 is in British Summer Time: 10:00 in London is 09:00 UTC.
        start = timezone.make_aware(dt.datetime(2017, 10, 17, 10, 0))
        session = make_session(
            self.world,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            booking_opens_at=start - dt.timedelta(days=30),
            booking_closes_at=start - dt.timedelta(days=1),
            title="Sharing; when, and what \\ with whom",
            venue="Room 1, Town Hall",
        )
        booking = services.booking_book(actor=self.ivan, session=session, now=start - dt.timedelta(days=2))
        response = self.login(self.ivan).get(reverse("training:booking_ics", args=[booking.pk]))
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        [event] = parse(response.getvalue().decode())
        assert event["DTSTART"] == "20171017T090000Z"
        assert event["DTEND"] == "20171017T110000Z"
        assert unescape(event["SUMMARY"]) == "Sharing; when, and what \\ with whom"
        assert unescape(event["LOCATION"]) == "Room 1, Town Hall"
        assert str(booking.uid) in event["UID"]

    def test_a_winter_session_is_the_same_hour_in_utc(self) -> None:
        start = timezone.make_aware(dt.datetime(2017, 11, 14, 10, 0))
        session = make_session(
            self.world,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            booking_opens_at=start - dt.timedelta(days=30),
            booking_closes_at=start - dt.timedelta(days=1),
        )
        [event] = parse(sessions_feed("Feed", [session]))
        assert event["DTSTART"] == "20171114T100000Z"

    def test_long_lines_fold_at_75_octets_without_splitting_a_character(self) -> None:
        line = "DESCRIPTION:" + escape_text("Café, naïve — " * 20 + "line one\nline two")
        folded = fold(line)
        for piece in folded.split("\r\n"):
            assert len(piece.encode()) <= 75
            piece.encode().decode()  # each piece is whole UTF-8
        assert unfold(folded)[0] == line
        assert "\\n" in line
        assert "\\," in line

    def test_the_public_feed_lists_sessions_and_names_no_one(self) -> None:
        session = make_session(self.world, description="Bring, your; questions\nand cases")
        services.booking_book(actor=self.ivan, session=session)
        response = Client().get(reverse("training:feed", args=["darlington"]))
        feed = response.getvalue().decode()
        events = parse(feed)
        assert len(events) == 1
        assert "Ivan" not in feed
        assert "Bring, your; questions\nand cases" in unescape(events[0]["DESCRIPTION"])
        assert Client().get(reverse("training:feed", args=["nowhere"])).status_code == 404

    def test_cancelling_a_place_on_a_cancelled_session_promotes_no_one(self) -> None:
        session = make_session(self.world, capacity=1)
        confirmed = services.booking_book(actor=self.ivan, session=session)
        waiting = services.booking_book(actor=self.charlie, session=session)
        services.session_cancel(actor=self.alice, session=session)
        assert services.booking_cancel(actor=self.ivan, booking=confirmed) is None
        waiting.refresh_from_db()
        assert waiting.status != BookingStatus.CONFIRMED

    def test_the_joining_link_goes_only_to_someone_with_a_confirmed_place(self) -> None:
        session = make_session(self.world, capacity=1, online_url="https://teams.example.org/meet/secret-123")
        confirmed = services.booking_book(actor=self.ivan, session=session)
        waiting = services.booking_book(actor=self.charlie, session=session)
        public = Client().get(reverse("training:feed", args=["darlington"])).getvalue().decode()
        assert "secret-123" not in public
        assert "secret-123" in booking_calendar(confirmed)
        assert "secret-123" not in booking_calendar(waiting)


class FigureTests(BaseTestCase):
    def test_attendance_figures_count_recorded_places_by_agency(self) -> None:
        session = make_session(self.world, capacity=5)
        for user, mark in ((self.charlie, "attended"), (self.erin, "did_not_attend"), (self.ivan, "attended")):
            booking = services.booking_book(actor=user, session=session)
            services.attendance_record(actor=self.alice, booking=booking, attendance=Attendance(mark))
        services.booking_book(actor=self.dana, session=session)  # not yet marked: left out
        day = timezone.localtime(session.starts_at).date()
        figure = selectors.figure_training_attendance(
            partnership=self.world.darlington, period_start=day, period_end=day
        )
        assert (figure.numerator, figure.denominator) == (2, 3)
        by_agency = dict(
            selectors.training_attendance_by_agency(partnership=self.world.darlington, period_start=day, period_end=day)
        )
        assert by_agency["Darlington Children's Services"].value == 0.5
        assert by_agency["Darlington Health Trust"].value == 1.0
        empty = selectors.figure_training_attendance(partnership=self.world.durham, period_start=day, period_end=day)
        assert empty.value is None
        period = {
            f"{name}_{part}": getattr(day, part)
            for name in ("period_start", "period_end")
            for part in ("day", "month", "year")
        }
        response = self.login(self.alice).get(reverse("training:report"), period)
        self.assertContains(response, "Darlington Health Trust")


class DemoTests(BaseTestCase):
    def test_the_demo_loads_sessions_with_a_waiting_list(self) -> None:
        from safeguard.training.demo import load_demo

        load_demo(partnership=self.world.darlington)
        assert TrainingSession.objects.filter(partnership=self.world.darlington).exists()
        assert Booking.objects.filter(status=BookingStatus.WAITLISTED).exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_place_at_once_get_one_place_and_one_waiting_list(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite has no row locks (select_for_update) and serialises all writers anyway")
    session = make_session(world, capacity=2)
    services.booking_book(actor=world.charlie, session=session)
    barrier = threading.Barrier(2)
    results: list[str] = []
    errors: list[BaseException] = []

    def book(user: User) -> None:
        try:
            barrier.wait()
            results.append(services.booking_book(actor=user, session=session).status)
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(user,)) for user in (world.ivan, world.erin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
    assert Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count() == 2
