from __future__ import annotations

import datetime as dt
from typing import Any

from safeguard.core.testing import World
from safeguard.yearly_report import services


def samples(world: World) -> dict[str, dict[str, Any]]:
    published = services.report_draft(
        actor=world.alice,
        partnership=world.darlington,
        period_start=dt.date(2016, 4, 1),
        period_end=dt.date(2017, 3, 31),
    )
    services.report_publish(actor=world.alice, report=published)
    draft = services.report_draft(
        actor=world.alice,
        partnership=world.darlington,
        period_start=dt.date(2017, 4, 1),
        period_end=dt.date(2018, 3, 31),
    )
    section = draft.sections.first()
    assert section is not None
    slug = world.darlington.slug
    return {
        "yearly_report:edit": {"pk": draft.pk},
        "yearly_report:section_edit": {"pk": section.pk},
        "yearly_report:publish": {"pk": draft.pk},
        "yearly_report:archive": {"partnership": slug},
        "yearly_report:public_report": {"partnership": slug, "pk": published.pk},
        "yearly_report:report_word": {"partnership": slug, "pk": published.pk},
    }
