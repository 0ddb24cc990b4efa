from __future__ import annotations

from safeguard.core.testing import BaseTestCase
from safeguard.yearly_report.demo import TEXT, load_demo
from safeguard.yearly_report.models import ReportStatus, YearlyReport


class Demo(BaseTestCase):
    def test_the_demo_drafts_one_yearly_report_with_every_section_written(self) -> None:
        load_demo(partnership=self.world.darlington)
        report = YearlyReport.objects.get()
        assert report.status == ReportStatus.DRAFT
        sections = list(report.sections.all())
        assert {s.key for s in sections} == set(TEXT)
        for section in sections:
            assert section.body == TEXT[section.key]

    def test_loading_the_demo_twice_adds_nothing(self) -> None:
        load_demo(partnership=self.world.darlington)
        load_demo(partnership=self.world.darlington)
        assert YearlyReport.objects.count() == 1
