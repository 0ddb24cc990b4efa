from __future__ import annotations

import pytest

from safeguard.core.testing import World

from .. import selectors
from ..demo import load_demo
from ..models import AuditProgramme, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_the_demo_tells_a_story_of_late_and_queried_figures_and_an_audit_in_progress(world: World) -> None:
    load_demo(partnership=world.darlington)
    assert Submission.objects.filter(indicator__owner_agency=world.childrens).exists()
    assert Submission.objects.filter(status=SubmissionStatus.QUERIED).exists()
    assert any(o.agency == world.childrens for o in selectors.overdue_submissions(world.darlington))
    programme = AuditProgramme.objects.get()
    assert programme.cases.exclude(grade="").exists()
    assert programme.auditors.values("agency").distinct().count() >= 2
