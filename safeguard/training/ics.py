"""iCalendar (RFC 5545) files, written by hand: the format is small and a dependency would be larger.

What the RFC asks and this module does: CRLF line endings (3.1); lines folded at
75 octets, not characters, with a space starting each continuation, and never
inside a UTF-8 sequence (3.1); TEXT values escaping backslash, semicolon, comma
and newlines (3.3.11); UID and DTSTAMP in every event (3.6.1); times in UTC (3.3.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from safeguard.training.models import Booking, BookingStatus, TrainingSession

CRLF = "\r\n"
LIMIT = 75


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets."""
    pieces: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode())
        # Continuation lines begin with a space, which counts towards their 75 octets.
        limit = LIMIT if not pieces else LIMIT - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _event(session: TrainingSession, *, uid: str, stamp: dt.datetime, status: str, joining_link: bool) -> list[str]:
    """``joining_link``: the online link goes only to someone with a confirmed place, as on the session page."""
    online = (
        (session.online_url if joining_link else "Online (the link comes with a confirmed place)")
        if session.online_url
        else ""
    )
    location = ", ".join(part for part in (session.venue, online) if part)
    description = "\n\n".join(
        part
        for part in (
            session.description,
            f"For: {session.audience}",
            _site(reverse("training:session", kwargs={"pk": session.pk})),
        )
        if part
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(session.starts_at)}",
        f"DTEND:{utc(session.ends_at)}",
        f"SUMMARY:{escape_text(session.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"STATUS:{status}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if session.online_url and joining_link:
        lines.append(f"URL:{session.online_url}")
    lines.append("END:VEVENT")
    return lines


def _calendar(name: str, events: Iterable[list[str]]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Safeguard//Training sessions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF


def _host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "safeguard"


def booking_calendar(booking: Booking, *, now: dt.datetime | None = None) -> str:
    """One event for one booking; after cancelling, the same UID comes back cancelled, so calendars drop it."""
    session = booking.session
    cancelled = session.is_cancelled or booking.status == BookingStatus.CANCELLED
    event = _event(
        session,
        uid=f"booking-{booking.uid}@{_host()}",
        stamp=now or timezone.now(),
        status="CANCELLED"
        if cancelled
        else ("CONFIRMED" if booking.status == BookingStatus.CONFIRMED else "TENTATIVE"),
        joining_link=not cancelled and booking.status == BookingStatus.CONFIRMED,
    )
    # METHOD:CANCEL is for scheduling messages with an organiser; a published file marks the event cancelled.
    return _calendar(session.title, [event])


def sessions_feed(name: str, sessions: Iterable[TrainingSession], *, now: dt.datetime | None = None) -> str:
    stamp = now or timezone.now()
    return _calendar(
        name,
        (
            _event(
                s,
                uid=f"session-{s.uid}@{_host()}",
                stamp=stamp,
                status="CANCELLED" if s.is_cancelled else "CONFIRMED",
                # The feed is public: anyone could join a session whose link it gave out.
                joining_link=False,
            )
            for s in sessions
        ),
    )
