from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.exports import safe_cell
from safeguard.core.testing import BaseTestCase
from safeguard.intelligence import crypto, selectors, services
from safeguard.intelligence.exports import themes_workbook
from safeguard.intelligence.identifiers import (
    display_registration,
    normalise_phone,
    normalise_registration,
    phone_problem,
    registration_problem,
)
from safeguard.intelligence.models import (
    About,
    Category,
    EntityKind,
    Handling,
    HowKnown,
    InformationGrade,
    Outcome,
    PersonRole,
    SourceGrade,
    Status,
    SubjectAware,
    Submission,
)
from safeguard.intelligence.tests.factories import make_submission
from safeguard.partnership.models import Agency, RoleAssignment
from safeguard.partnership.roles import Role
from safeguard.people.selectors import people_for_user

SECRET = "Amelia was seen getting into a silver car outside the shop late at night"


def last_quarter() -> dt.date:
    """The start of the last finished calendar quarter, which the themes pages show first."""
    return selectors.finished_quarters(timezone.localdate(), count=1)[0]


def in_last_quarter() -> dt.datetime:
    """A moment in the middle of the last finished quarter."""
    return timezone.make_aware(dt.datetime.combine(last_quarter() + dt.timedelta(days=45), dt.time(12)))


def grade(submission: Submission, user, summary: str = "Child seen with an unknown adult in a vehicle") -> None:  # type: ignore[no-untyped-def]
    services.assessment_record(
        actor=user,
        submission=submission,
        source_grade=SourceGrade.UNTESTED,
        information_grade=InformationGrade.KNOWN_DIRECTLY,
        handling=Handling.PERMITTED,
        sanitised_summary=summary,
        outcome=Outcome.TASKED,
    )


class IdentifierTests(BaseTestCase):
    def test_it_normalises_registrations_to_upper_case_without_spaces(self) -> None:
        assert normalise_registration(" ab12 cde ") == "AB12CDE"
        assert display_registration("AB12CDE") == "AB12 CDE"
        assert display_registration("A123BCD") == "A123 BCD"
        assert display_registration("ABC123D") == "ABC 123D"

    def test_it_accepts_current_and_older_registration_shapes(self) -> None:
        for reg in ("AB12 CDE", "A123 BCD", "ABC 123D", "ABC 1", "1 ABC", "XYZ 1234"):
            assert registration_problem(reg) is None, reg

    def test_it_explains_what_is_wrong_with_a_registration(self) -> None:
        assert registration_problem("") == "Enter the registration"
        assert registration_problem("AB12 CD!") == "A registration can only contain letters and numbers"
        assert "at most 7" in (registration_problem("AB12CDEFG") or "")
        assert "like AB12 CDE" in (registration_problem("ABCDEFG") or "")

    def test_it_normalises_uk_phone_numbers_to_plus_44(self) -> None:
        for raw in ("07700 900123", "+44 7700 900123", "0044 (0)7700-900123", "447700900123"):
            assert normalise_phone(raw) == "+447700900123", raw
        assert phone_problem("07700 900123") is None
        assert phone_problem("0770") is not None
        assert phone_problem("09700 900123") == "A UK phone number starts with 01, 02, 03, 05, 07 or 08"
        assert phone_problem("+33 6 12 34 56 78") is None


class EncryptionTests(BaseTestCase):
    def test_content_is_encrypted_in_the_database(self) -> None:
        submission = make_submission(self.charlie, registration="AB12 CDE")
        services.entity_add(actor=self.charlie, submission=submission, kind=EntityKind.PHONE, value="07700 900123")
        with connection.cursor() as cursor:
            cursor.execute("SELECT what_happened FROM intelligence_submission WHERE id = %s", [submission.pk])
            (raw,) = cursor.fetchone()
            cursor.execute(
                "SELECT value, postcode, link_key FROM intelligence_entity WHERE submission_id = %s", [submission.pk]
            )
            entity_rows = cursor.fetchall()
        assert "Amelia" not in raw and "silver" not in raw
        assert raw.startswith("gAAAA")  # a Fernet token
        stored = " ".join(str(cell) for row in entity_rows for cell in row)
        for plaintext in ("AB12CDE", "7700900123", "DL3 7AB", "Station Road"):
            assert plaintext not in stored, plaintext
        submission.refresh_from_db()
        assert submission.what_happened == SECRET

    def test_it_refuses_to_search_an_encrypted_field(self) -> None:
        from django.core.exceptions import FieldError

        with pytest.raises(FieldError):
            # Built as a dict so the type checker's Django plugin does not evaluate the lookup itself.
            list(Submission.objects.filter(**{"what_happened__icontains": "Amelia"}))

    def test_it_fails_loudly_without_a_key(self) -> None:
        with override_settings(SAFEGUARD_FIELD_KEY=""), pytest.raises(crypto.FieldKeyMissing):
            make_submission(self.charlie)
        self.login(self.charlie)
        with override_settings(SAFEGUARD_FIELD_KEY=""), pytest.raises(crypto.FieldKeyMissing):
            self.client.get(reverse("intelligence:mine"))

    def test_link_keys_are_equal_for_equal_values_and_not_reversible(self) -> None:
        assert crypto.link_key("vehicle", "AB12CDE") == crypto.link_key("vehicle", "AB12CDE")
        assert crypto.link_key("vehicle", "AB12CDE") != crypto.link_key("phone", "AB12CDE")
        assert "AB12CDE" not in crypto.link_key("vehicle", "AB12CDE")


class SubmissionTests(BaseTestCase):
    def test_a_draft_gets_a_yearly_reference(self) -> None:
        first = make_submission(self.charlie, submit=False)
        second = make_submission(self.ivan, submit=False)
        year = dt.date.today().year
        assert first.reference == f"SI-{year}-000001"
        assert second.reference == f"SI-{year}-000002"
        assert first.status == Status.DRAFT

    def test_a_submitted_submission_cannot_be_changed_only_added_to(self) -> None:
        submission = make_submission(self.charlie, registration="AB12 CDE")
        vehicle = submission.entities.get(kind=EntityKind.VEHICLE)
        with pytest.raises(services.SubmissionLocked):
            services.entity_remove(actor=self.charlie, entity=vehicle)
        with pytest.raises(services.SubmissionLocked):
            services.submission_update(
                actor=self.charlie,
                submission=submission,
                data=services.SubmissionInput(
                    about=About(submission.about),
                    categories=[Category.DRUGS],
                    what_happened="Something else",
                    occurred_on=None,
                    occurred_time=None,
                    place="Park",
                    postcode="",
                    how_known=HowKnown(submission.how_known),
                    subject_aware=SubjectAware(submission.subject_aware),
                ),
            )
        services.addition_add(actor=self.charlie, submission=submission, text="The car was there again on Friday")
        later = services.entity_add(
            actor=self.charlie, submission=submission, kind=EntityKind.PHONE, value="07700900123"
        )
        submission.refresh_from_db()
        assert submission.what_happened == SECRET
        assert later.after_submission
        assert submission.additions.get().text == "The car was there again on Friday"

    def test_the_change_page_of_a_submitted_submission_sends_the_submitter_back(self) -> None:
        submission = make_submission(self.charlie)
        self.login(self.charlie)
        response = self.client.post(reverse("intelligence:edit", args=[submission.pk]), {"what_happened": "changed"})
        assert response.status_code == 302
        submission.refresh_from_db()
        assert submission.what_happened == SECRET

    def test_linking_a_person_gives_police_an_involvement_on_submission(self) -> None:
        submission = make_submission(self.charlie, submit=False)
        services.entity_add(
            actor=self.charlie,
            submission=submission,
            kind=EntityKind.PERSON,
            person=self.child,
            role=PersonRole.AT_RISK,
        )
        assert not people_for_user(self.bob).filter(pk=self.child.pk).exists()
        services.submission_submit(actor=self.charlie, submission=submission)
        assert people_for_user(self.bob).filter(pk=self.child.pk).exists()


class AccessTests(BaseTestCase):
    def test_a_submitter_sees_only_their_own_submissions(self) -> None:
        mine = make_submission(self.charlie)
        theirs = make_submission(self.ivan, what="Something at the hospital")
        self.login(self.charlie)
        assert self.client.get(reverse("intelligence:detail", args=[mine.pk])).status_code == 200
        assert self.client.get(reverse("intelligence:detail", args=[theirs.pk])).status_code == 404
        page = self.client.get(reverse("intelligence:mine")).content.decode()
        assert mine.reference in page and theirs.reference not in page

    def test_a_partner_never_sees_the_grading(self) -> None:
        submission = make_submission(self.charlie)
        grade(submission, self.bob, summary="Sanitised words for partners")
        self.login(self.charlie)
        page = self.client.get(reverse("intelligence:detail", args=[submission.pk])).content.decode()
        assert "Received and assessed by police" in page
        # The random CSRF token can hold "2A" by chance, so the grading is looked for as shown, between tags.
        for secret in (">2A", "2A<", "Untested", "Sanitised words", "Tasked"):
            assert secret not in page
        assert self.client.get(reverse("intelligence:review", args=[submission.pk])).status_code == 403
        assert self.client.get(reverse("intelligence:queue")).status_code == 403

    def test_a_police_intelligence_officer_sees_and_grades_the_queue(self) -> None:
        submission = make_submission(self.charlie, registration="AB12 CDE")
        self.login(self.bob)
        queue = self.client.get(reverse("intelligence:queue")).content.decode()
        assert submission.reference in queue
        page = self.client.get(reverse("intelligence:review", args=[submission.pk])).content.decode()
        assert "silver car" in page and "AB12 CDE" in page
        response = self.client.post(
            reverse("intelligence:review", args=[submission.pk]),
            {
                "source_grade": "2",
                "information_grade": "B",
                "handling": "C",
                "handling_conditions": "",
                "sanitised_summary": "Child seen with adult",
                "outcome": "logged",
            },
        )
        assert response.status_code == 400
        assert "Enter the conditions for sharing" in response.content.decode()
        response = self.client.post(
            reverse("intelligence:review", args=[submission.pk]),
            {
                "source_grade": "2",
                "information_grade": "B",
                "handling": "C",
                "handling_conditions": "Not to be shared outside the strategy meeting",
                "sanitised_summary": "Child seen with adult",
                "outcome": "logged",
            },
        )
        assert response.status_code == 302
        submission.refresh_from_db()
        assert submission.status == Status.ASSESSED
        assert submission.assessments.get().grading == "2BC"

    def test_a_grader_outside_a_police_agency_sees_no_queue(self) -> None:
        RoleAssignment.objects.create(user=self.charlie, role=Role.POLICE_INTELLIGENCE)
        submission = make_submission(self.ivan)
        self.login(self.charlie)
        assert submission.reference not in self.client.get(reverse("intelligence:queue")).content.decode()
        assert self.client.get(reverse("intelligence:review", args=[submission.pk])).status_code == 404

    def test_opening_a_submission_is_audited(self) -> None:
        submission = make_submission(self.charlie)
        self.login(self.bob)
        self.client.get(reverse("intelligence:review", args=[submission.pk]))
        assert AuditEvent.objects.filter(
            actor=self.bob, action=Action.VIEW, object_type="intelligence.submission", object_id=str(submission.pk)
        ).exists()

    def test_opening_a_submission_that_names_a_child_is_in_that_childs_audit_history(self) -> None:
        submission = make_submission(self.charlie, submit=False)
        services.entity_add(actor=self.charlie, submission=submission, kind=EntityKind.PERSON, person=self.child)
        services.submission_submit(actor=self.charlie, submission=submission)
        self.login(self.bob)
        self.client.get(reverse("intelligence:review", args=[submission.pk]))
        assert AuditEvent.objects.filter(
            actor=self.bob, action=Action.VIEW, object_id=str(submission.pk), person_id=self.child.pk
        ).exists()

    def test_a_submission_shown_again_with_errors_is_audited_as_a_view(self) -> None:
        submission = make_submission(self.charlie, submit=False)
        self.login(self.charlie)
        before = AuditEvent.objects.filter(actor=self.charlie, action=Action.VIEW).count()
        response = self.client.post(reverse("intelligence:addition_add", args=[submission.pk]), {"text": ""})
        assert response.status_code == 400
        assert AuditEvent.objects.filter(actor=self.charlie, action=Action.VIEW).count() == before + 1


class FormTests(BaseTestCase):
    def _post(self, **changes: str) -> str:
        data = {
            "about": "child",
            "categories": ["cce"],
            "what_happened": "Seen handing over packages",
            "occurred_on_day": "3",
            "occurred_on_month": "2",
            "occurred_on_year": "2026",
            "occurred_time": "21:30",
            "place": "Bus station",
            "postcode": "DL1 1AA",
            "how_known": "seen",
            "subject_aware": "no",
        }
        data.update(changes)
        self.login(self.charlie)
        response = self.client.post(reverse("intelligence:create"), data)
        assert response.status_code == 200, "the form should be shown again with errors"
        return response.content.decode()

    def test_it_rejects_a_bad_postcode_with_a_clear_message(self) -> None:
        assert "Enter a real postcode, like DL3 7AB" in self._post(postcode="DL1 XXX")

    def test_it_rejects_an_impossible_or_future_date(self) -> None:
        assert "must be a real date" in self._post(occurred_on_day="31", occurred_on_month="2")
        assert "must be today or in the past" in self._post(occurred_on_year=str(dt.date.today().year + 1))

    def test_it_rejects_a_bad_time(self) -> None:
        assert "Enter a real time on the 24-hour clock" in self._post(occurred_time="25:00")

    def test_it_rejects_a_bad_registration_with_a_clear_message(self) -> None:
        submission = make_submission(self.charlie, submit=False)
        self.login(self.charlie)
        response = self.client.post(
            reverse("intelligence:entity_add", args=[submission.pk, "vehicle"]), {"vehicle-value": "AB12 CD!"}
        )
        assert response.status_code == 400
        assert "A registration can only contain letters and numbers" in response.content.decode()
        assert not submission.entities.filter(kind=EntityKind.VEHICLE).exists()

    def test_it_saves_a_draft_then_sends_it(self) -> None:
        self.login(self.charlie)
        data = {
            "about": "child",
            "categories": ["cce", "drugs"],
            "what_happened": "Seen handing over packages",
            "place": "Bus station",
            "postcode": "dl11aa",
            "how_known": "seen",
            "subject_aware": "no",
        }
        response = self.client.post(reverse("intelligence:create"), data)
        submission = Submission.objects.get()
        assert response["Location"] == reverse("intelligence:detail", args=[submission.pk])
        assert submission.district == "DL1"
        self.client.post(
            reverse("intelligence:entity_add", args=[submission.pk, "phone"]), {"phone-value": "07700 900123"}
        )
        self.client.post(reverse("intelligence:submit", args=[submission.pk]))
        submission.refresh_from_db()
        assert submission.status == Status.SUBMITTED
        assert submission.entities.get(kind=EntityKind.PHONE).value == "+447700900123"


class NetworkTests(BaseTestCase):
    def test_submissions_sharing_a_vehicle_are_connected(self) -> None:
        first = make_submission(self.charlie, registration="AB12 CDE", postcode="DL1 1AA")
        second = make_submission(self.ivan, registration="ab12cde", postcode="DL2 2AA", what="Car seen at the hospital")
        make_submission(self.ivan, registration="XY15 ZZZ", postcode="DL3 3AA")
        connections = selectors.connected_submissions(self.bob, first)
        assert [c.submission for c in connections] == [second]
        assert connections[0].shared == ["Vehicle: AB12 CDE"]
        # Erin is an analyst outside the police: she sees the link once the police have graded both for sharing.
        assert selectors.network_for_user(self.erin) == []
        for submission in (first, second):
            grade(submission, self.bob)
        clusters = selectors.network_for_user(self.erin)
        assert len(clusters) == 1 and {s.pk for s in clusters[0].submissions} == {first.pk, second.pk}

    def test_a_persons_network_shows_recurring_places(self) -> None:
        for _ in range(2):
            submission = make_submission(self.charlie, submit=False, postcode="DL3 7AB")
            services.entity_add(actor=self.charlie, submission=submission, kind=EntityKind.PERSON, person=self.child)
            services.submission_submit(actor=self.charlie, submission=submission)
        result = selectors.person_network(self.bob, self.child)
        assert len(result.submissions) == 2
        assert result.recurring_places == [("Outside the Co-op, Station Road, DL3 7AB", 2)]

    def test_practitioners_and_board_members_do_not_see_the_network(self) -> None:
        make_submission(self.charlie, registration="AB12 CDE")
        make_submission(self.charlie, registration="AB12 CDE")
        assert selectors.network_for_user(self.charlie) == []
        self.login(self.frank)
        assert self.client.get(reverse("intelligence:network")).status_code == 403

    def test_a_partnership_administrator_does_not_see_the_network(self) -> None:
        # Administering users is not a reason to read who is linked to whom.
        assert not selectors.can_analyse(self.alice)
        self.login(self.alice)
        assert self.client.get(reverse("intelligence:network")).status_code == 403


class ThemesTests(BaseTestCase):
    def test_small_counts_are_suppressed_with_a_secondary_cell(self) -> None:
        cells = selectors.suppress([("DL1", 2), ("DL2", 5), ("DL3", 9), ("DL4", 0)])
        shown = {c.label: c.shown for c in cells}
        assert shown == {"DL1": "fewer than 3", "DL2": "fewer than 3", "DL3": "9", "DL4": "0"}

    def test_themes_count_without_names_and_suppress_small_numbers(self) -> None:
        for _ in range(3):
            make_submission(self.charlie, categories=(Category.CCE,), postcode="DL1 1AA")
        make_submission(self.ivan, categories=(Category.MODERN_SLAVERY,), postcode="DL3 7AB")
        Submission.objects.update(submitted_at=in_last_quarter())
        start = last_quarter()
        themes = selectors.themes_for_partnership(
            partnership=self.world.darlington, period_start=start, period_end=selectors.quarter_end(start)
        )
        assert themes.total.shown == "4"
        by_category = {c.label: c.shown for c in themes.by_category}
        assert by_category["Child criminal exploitation and county lines"] == "3"
        assert by_category["Modern slavery and trafficking"] == "fewer than 3"
        self.login(self.frank)
        page = self.client.get(reverse("intelligence:themes")).content.decode()
        assert "<strong>4</strong> submissions" in page and "<svg" in page and "Amelia" not in page

    def test_themes_are_given_per_calendar_quarter_so_overlapping_periods_cannot_be_subtracted(self) -> None:
        # January to December less February to December would be January's exact small counts.
        for start, end in ((dt.date(2025, 1, 1), dt.date(2025, 12, 31)), (dt.date(2025, 2, 1), dt.date(2025, 12, 31))):
            with pytest.raises(ValueError, match="calendar quarter"):
                selectors.themes_for_partnership(partnership=self.world.darlington, period_start=start, period_end=end)
        self.login(self.frank)
        asked = {
            "period_start_day": 1,
            "period_start_month": 2,
            "period_start_year": 2025,
            "period_end_day": 31,
            "period_end_month": 12,
            "period_end_year": 2025,
        }
        response = self.client.get(reverse("intelligence:themes"), asked)
        assert response.status_code == 400
        assert "Select a quarter" in response.content.decode()
        this_quarter = selectors.quarter_end(last_quarter()) + dt.timedelta(days=1)
        for refused in ("2025-02", f"{this_quarter:%Y-%m}", "2025-13"):
            response = self.client.get(reverse("intelligence:themes"), {"quarter": refused})
            assert response.status_code == 400, refused
            assert "Select one of the quarters in the list" in response.content.decode()
        # The export follows the same rule: a refused period falls back to the page and its message.
        self.assertRedirects(
            self.client.get(reverse("intelligence:themes_export"), asked), reverse("intelligence:themes")
        )

    def test_a_submission_is_counted_in_its_quarter_and_not_before_the_quarter_ends(self) -> None:
        make_submission(self.charlie)
        Submission.objects.update(submitted_at=in_last_quarter())
        make_submission(self.charlie)  # this quarter: not counted until the quarter is over
        self.login(self.frank)
        start = last_quarter()
        page = self.client.get(reverse("intelligence:themes"), {"quarter": f"{start:%Y-%m}"}).content.decode()
        assert f"1 {start:%B %Y} to {selectors.quarter_end(start):%-d %B %Y}" in page
        assert "<strong>fewer than 3</strong> submission." in page

    def test_the_excel_export_neutralises_formulas_and_keeps_suppression(self) -> None:
        assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
        assert safe_cell("Plain") == "Plain"
        make_submission(self.charlie)
        Submission.objects.update(submitted_at=in_last_quarter())
        self.login(self.frank)
        response = self.client.get(reverse("intelligence:themes_export"))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.getvalue()))
        values = [cell.value for row in book["By agency"].iter_rows() for cell in row]
        assert "fewer than 3" in values and 1 not in values
        assert AuditEvent.objects.filter(actor=self.frank, action=Action.EXPORT).exists()
        Agency.objects.filter(users=self.charlie).update(name="=cmd|' /C calc'!A0")
        when = last_quarter()
        themes = selectors.themes_for_partnership(
            partnership=self.world.darlington, period_start=when, period_end=selectors.quarter_end(when)
        )
        workbook = load_workbook(io.BytesIO(themes_workbook(themes, partnership_name="Darlington")))
        cell = workbook["By agency"]["A2"]
        assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"


class ThemesTimeTests(BaseTestCase):
    def test_the_quarters_offered_are_finished_ones_newest_first(self) -> None:
        assert selectors.finished_quarters(dt.date(2026, 2, 15), count=2) == [dt.date(2025, 10, 1), dt.date(2025, 7, 1)]
        assert selectors.finished_quarters(dt.date(2026, 1, 1), count=1) == [dt.date(2025, 10, 1)]
        assert selectors.finished_quarters(dt.date(2026, 3, 31), count=1) == [dt.date(2025, 10, 1)]
        assert selectors.finished_quarters(dt.date(2026, 4, 1), count=1) == [dt.date(2026, 1, 1)]

    def test_a_submission_just_after_midnight_in_summer_time_counts_in_the_new_month(self) -> None:
        submission = make_submission(self.charlie)
        # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST began on 29 March).
        late = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)
        Submission.objects.filter(pk=submission.pk).update(submitted_at=late)
        march = selectors.themes_for_partnership(
            partnership=self.world.darlington, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31)
        )
        april = selectors.themes_for_partnership(
            partnership=self.world.darlington, period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 6, 30)
        )
        assert march.total.count == 0
        assert april.total.count == 1
        assert [c.label for c in april.by_month if c.count] == ["April 2026"]


class NetworkPageTests(BaseTestCase):
    def test_an_analyst_finds_a_person_and_opens_their_network(self) -> None:
        submission = make_submission(self.charlie, submit=False)
        services.entity_add(actor=self.charlie, submission=submission, kind=EntityKind.PERSON, person=self.child)
        services.submission_submit(actor=self.charlie, submission=submission)
        self.login(self.bob)
        page = self.client.post(reverse("intelligence:network"), {"find-name": "Amelia Hartley"}).content.decode()
        url = reverse("intelligence:person_network", args=[self.child.pk])
        assert url in page
        response = self.client.get(url).content.decode()
        assert submission.reference in response
        assert AuditEvent.objects.filter(actor=self.bob, action=Action.VIEW, person_id=self.child.pk).exists()


class KeyRotationTests(BaseTestCase):
    def test_rotating_the_key_re_encrypts_and_keeps_links(self) -> None:
        from cryptography.fernet import Fernet
        from django.conf import settings

        old = settings.SAFEGUARD_FIELD_KEY
        first = make_submission(self.charlie, registration="AB12 CDE")
        second = make_submission(self.ivan, registration="AB12CDE")
        services.entity_add(
            actor=self.ivan, submission=second, kind=EntityKind.ACCOUNT, value="@Jay_DTN", platform="snapchat"
        )
        account = second.entities.get(kind=EntityKind.ACCOUNT)
        assert account.link_key == services.entity_link_key(account)
        new = Fernet.generate_key().decode()
        with override_settings(SAFEGUARD_FIELD_KEY=f"{new},{old}"):
            assert services.rotate_key() > 0
        with override_settings(SAFEGUARD_FIELD_KEY=new):
            first.refresh_from_db()
            assert first.what_happened == SECRET
            assert [c.submission for c in selectors.connected_submissions(self.bob, first)] == [second]
        with override_settings(SAFEGUARD_FIELD_KEY=old), pytest.raises(crypto.FieldKeyMissing):
            first.refresh_from_db()


class FigureTests(BaseTestCase):
    def test_figures_count_submissions_and_the_share_graded(self) -> None:
        graded = make_submission(self.charlie)
        make_submission(self.ivan)
        make_submission(self.ivan, submit=False)
        grade(graded, self.bob)
        today = dt.date.today()
        kwargs = {"partnership": self.world.darlington, "period_start": today, "period_end": today}
        assert selectors.figure_intelligence_submitted(**kwargs).value == 2  # type: ignore[arg-type]
        assert selectors.figure_intelligence_assessed_share(**kwargs).value == 0.5  # type: ignore[arg-type]
