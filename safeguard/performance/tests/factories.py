"""Small builders for the performance tests and URL samples."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from safeguard.core.figures import Figure
from safeguard.core.testing import World
from safeguard.partnership.models import Agency, Partnership

from ..models import AuditProgramme, Indicator, Polarity, Source, Theme, Unit
from ..periods import Frequency
from ..services import IndicatorSpec, audit_action_add, audit_programme_create, indicator_create


def figure_fixed(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """A stand-in computed figure: 7 of 10 in every period, none before 2026."""
    if period_start.year < 2026:
        return Figure(numerator=0, denominator=0)
    return Figure(numerator=7, denominator=10)


def figure_broken(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    raise RuntimeError("a bug in another app")


def spec(agency: Agency, **overrides: object) -> IndicatorSpec:
    values: dict[str, object] = {
        "code": "re-referrals",
        "name": "Re-referrals within 12 months",
        "definition": "Referrals about a child referred in the last 12 months",
        "numerator_label": "Re-referrals",
        "denominator_label": "Referrals",
        "unit": Unit.PERCENT,
        "polarity": Polarity.LOWER_IS_BETTER,
        "target": Decimal(20),
        "green_threshold": Decimal(20),
        "red_threshold": Decimal(25),
        "owner_agency": agency,
        "frequency": Frequency.MONTHLY,
        "theme": Theme.EARLY_HELP,
        "source": Source.SUBMITTED,
    }
    values.update(overrides)
    return IndicatorSpec(**values)  # type: ignore[arg-type]


def submitted_indicator(world: World, agency: Agency | None = None, **overrides: object) -> Indicator:
    return indicator_create(actor=None, partnership=world.darlington, spec=spec(agency or world.health, **overrides))


def computed_indicator(world: World, path: str = "safeguard.performance.tests.factories.figure_fixed") -> Indicator:
    return indicator_create(
        actor=None,
        partnership=world.darlington,
        spec=spec(
            world.childrens,
            code="computed",
            name="Computed share",
            polarity=Polarity.HIGHER_IS_BETTER,
            green_threshold=Decimal(80),
            red_threshold=Decimal(60),
            source=Source.COMPUTED,
            figure_path=path,
            theme=Theme.MISSING,
        ),
    )


def programme(world: World) -> AuditProgramme:
    created = audit_programme_create(
        actor=world.alice,
        title="Missing children audit",
        theme=Theme.MISSING,
        scope="",
        auditors=[world.charlie, world.ivan],
        sample_size=3,
    )
    audit_action_add(
        actor=world.alice,
        programme=created,
        description="Share return interview notes with police",
        owner_agency=world.childrens,
        owner_name="Head of service",
        due_on=dt.date(2030, 1, 1),
    )
    return created
