from __future__ import annotations

import datetime as dt
import io

from django.test import Client
from django.urls import reverse
from docx import Document

from safeguard.core.testing import BaseTestCase
from safeguard.reviews import services as review_services
from safeguard.yearly_report import services
from safeguard.yearly_report.models import YearlyReport

START, END = dt.date(2017, 4, 1), dt.date(2018, 3, 31)


class YearlyReportTests(BaseTestCase):
    def _draft(self) -> YearlyReport:
        return services.report_draft(
            actor=self.alice, partnership=self.world.darlington, period_start=START, period_end=END
        )

    def test_the_draft_has_a_section_for_each_thing_the_partners_must_report(self) -> None:
        keys = list(self._draft().sections.values_list("key", flat=True))
        assert keys == [
            "introduction",
            "scorecard",
            "case_audits",
            "unseen_children",
            "missing",
            "training",
            "reviews",
            "workforce",
            "next_year",
        ]

    def test_the_reviews_section_counts_serious_incidents_without_naming_the_child(self) -> None:
        review_services.review_open(
            actor=self.alice,
            partnership=self.world.darlington,
            subject=self.child,
            reference="DSP-2017-02",
            became_aware_on=dt.date(2017, 7, 3),
            incident_summary="Serious injury.",
        )
        section = self._draft().sections.get(key="reviews")
        assert "Serious incidents notified to the Panel: 0" in section.figures[0]
        assert self.child.family_name not in " ".join(section.figures)

    def test_a_report_covers_at_most_12_months(self) -> None:
        with self.assertRaisesMessage(services.ReportError, "at most 12 months"):
            services.report_draft(
                actor=self.alice,
                partnership=self.world.darlington,
                period_start=dt.date(2017, 1, 1),
                period_end=dt.date(2018, 3, 31),
            )

    def test_a_published_report_is_public_and_can_no_longer_be_edited(self) -> None:
        report = self._draft()
        section = report.sections.get(key="introduction")
        services.section_update(actor=self.alice, section=section, heading="Introduction", body="Our year.")
        anonymous = Client()
        url = reverse("yearly_report:public_report", args=[self.world.darlington.slug, report.pk])
        assert anonymous.get(url).status_code == 404
        services.report_publish(actor=self.alice, report=report)
        self.assertContains(anonymous.get(url), "Our year.")
        with self.assertRaisesMessage(services.ReportError, "published"):
            services.section_update(actor=self.alice, section=section, heading="x", body="y")

    def test_the_word_version_carries_every_section(self) -> None:
        report = self._draft()
        services.report_publish(actor=self.alice, report=report)
        response = Client().get(reverse("yearly_report:report_word", args=[self.world.darlington.slug, report.pk]))
        text = "\n".join(p.text for p in Document(io.BytesIO(response.getvalue())).paragraphs)
        for heading in report.sections.values_list("heading", flat=True):
            assert heading in text

    def test_the_business_unit_edits_a_section_through_the_form(self) -> None:
        report = self._draft()
        section = report.sections.get(key="training")
        client = self.login(self.alice)
        page = client.get(reverse("yearly_report:section_edit", args=[section.pk]))
        self.assertContains(page, "What Safeguard found")
        client.post(
            reverse("yearly_report:section_edit", args=[section.pk]),
            {"heading": "Training", "body": "Sessions reached every agency."},
        )
        section.refresh_from_db()
        assert section.body == "Sessions reached every agency."
