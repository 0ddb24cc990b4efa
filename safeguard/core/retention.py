"""Which of an app's records are past their retention time: the one filter every app's
``*_past_retention`` selector uses, so "6 years after it closed" means the same thing everywhere.

The schedule itself (periods, triggers, legal hold) is ``safeguard.dataprotection``'s; each app says
only which of its fields the triggers read, and disposes of its own records in its own services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

CREATED = "created"
CLOSED = "closed"
BIRTHDAY_25 = "birthday_25"
LEFT = "left"


def _field(model: type[models.Model], path: str) -> models.Field[Any, Any]:
    """The field a ``__`` path ends at, to compare dates with dates and datetimes with datetimes."""
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model  # type: ignore[assignment]
    return model._meta.get_field(last)  # type: ignore[return-value]


def _before(model: type[models.Model], path: str, day: dt.date) -> dict[str, Any]:
    field = _field(model, path)
    if isinstance(field, models.DateTimeField):
        return {f"{path}__lt": timezone.make_aware(dt.datetime.combine(day, dt.time.min))}
    return {f"{path}__lt": day}


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def past_retention(
    records: QuerySet[Any],
    *,
    trigger: str,
    before: dt.date,
    today: dt.date,
    created: str,
    closed: str | None = None,
    person: str | None = None,
) -> QuerySet[Any]:
    """The records whose trigger happened before ``before`` (the day the schedule's period counts back to).

    ``created`` and ``closed`` name the fields that say when a record was made and when it closed (or its
    person left); a kind that never closes counts from when it was made. ``person`` is the path to the
    person the record is about, for "after the person's 25th birthday": a record of someone still under 25,
    or still open, never goes; a kind not about one person never goes by birthday.
    """
    model = records.model
    if trigger == BIRTHDAY_25:
        if person is None:
            return records.none()
        found = records.filter(**{f"{person}__date_of_birth__lt": years_before(before, 25)})
        if closed is not None:
            found = found.filter(**{f"{closed}__isnull": False}, **_before(model, closed, today))
        return found
    if trigger in (CLOSED, LEFT) and closed is not None:
        return records.filter(**{f"{closed}__isnull": False}, **_before(model, closed, before))
    return records.filter(**_before(model, created, before))


def audit_disposal(*, by: str, record: models.Model, pk: Any, anonymised: bool = False) -> None:
    """The audit event a disposal leaves: which kind of record and its id went, never what it held.

    Called by each app's ``*_retention_delete`` / ``*_retention_anonymise`` inside its transaction.
    """
    from safeguard.audit.models import Action
    from safeguard.audit.services import audit_record

    label = record._meta.label_lower
    audit_record(
        actor=None,
        actor_username=by,
        action=Action.UPDATE if anonymised else Action.DELETE,
        object_type=label,
        object_id=pk,
        summary=f"{'Anonymised' if anonymised else 'Deleted'} {label} {pk}: past its retention period",
    )
