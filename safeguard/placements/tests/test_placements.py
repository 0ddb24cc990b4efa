from __future__ import annotations

import datetime as dt
import io

import docx
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.figures import Figure
from safeguard.core.testing import BaseTestCase
from safeguard.core.workdays import add_working_days
from safeguard.partnership.models import Agency, AgencyKind
from safeguard.partnership.roles import Role
from safeguard.partnership.services import user_create
from safeguard.placements import selectors, services
from safeguard.placements.models import Distance, Notice, NoticeKind, Placement, PlacementKind, Recipient, SentMethod


def test_five_working_days_skip_the_weekend_and_the_late_may_bank_holiday() -> None:
    # Friday 22 May 2026; Monday 25 May is a bank holiday.
    assert add_working_days(dt.date(2026, 5, 22), 5) == dt.date(2026, 6, 1)


def test_ten_working_days_over_christmas_skip_christmas_and_boxing_day_substitutes() -> None:
    # 25 Dec 2026 is a Friday; Boxing Day (Saturday) is observed on Monday 28 December.
    assert add_working_days(dt.date(2026, 12, 23), 10) == dt.date(2027, 1, 11)


def test_a_planned_placement_needs_notice_the_day_before_and_an_emergency_within_five_working_days() -> None:
    assert services.start_notice_due(starts_on=dt.date(2026, 4, 2), emergency=False) == dt.date(2026, 4, 1)
    # Thursday 2 April 2026, then Good Friday and Easter Monday.
    assert services.start_notice_due(starts_on=dt.date(2026, 4, 2), emergency=True) == dt.date(2026, 4, 13)


class PlacementNoticeTests(BaseTestCase):
    def place(self, **changes: object) -> Placement:
        values: dict[str, object] = {
            "placing_agency": self.world.childrens,
            "host_agency": self.world.durham_childrens,
            "provider": "Meadowfield Children's Home",
            "kind": PlacementKind.CHILDRENS_HOME,
            "distance": Distance.ADJOINING,
            "emergency": False,
            "starts_on": timezone.localdate() - dt.timedelta(days=20),
            "suitability_reasons": "Specialist care close to her family",
            "iro_name": "Helen Ward",
            "gp_practice": "Denmark Street Surgery",
            "school": "Hummersknott Academy",
        }
        actor, person = changes.pop("actor", self.charlie), changes.pop("person", self.child)
        values.update(changes)
        data = services.PlacementInput(**values)  # type: ignore[arg-type]
        return services.placement_record(actor=actor, person=person, data=data)  # type: ignore[arg-type]

    def test_regulation_13_names_both_health_bodies_the_gp_school_iro_and_host_and_the_police_by_protocol(
        self,
    ) -> None:
        placement = self.place()
        told = {(n.kind, n.recipient, n.to_agency_id, n.to_name) for n in placement.notices.all()}
        assert told == {
            (NoticeKind.START, Recipient.CHILD, None, "The child"),
            (NoticeKind.START, Recipient.ICB_HOME, None, "Integrated Care Board for Darlington"),
            (NoticeKind.START, Recipient.ICB_PLACEMENT, None, "Integrated Care Board for County Durham"),
            (NoticeKind.START, Recipient.GP, None, "Denmark Street Surgery"),
            (NoticeKind.START, Recipient.SCHOOL, None, "Hummersknott Academy"),
            (NoticeKind.START, Recipient.IRO, None, "Helen Ward"),
            (NoticeKind.START, Recipient.HOST, self.world.durham_childrens.pk, ""),
            (NoticeKind.POLICE, Recipient.POLICE, self.world.durham_police.pk, ""),
        }

    def test_a_placement_recorded_before_every_recipient_was_modelled_still_ends_with_all_of_them_told(self) -> None:
        placement = self.place()
        # As migrated from before regulation 13's full list: only the host had a start notice.
        placement.notices.exclude(recipient__in=[Recipient.HOST, Recipient.POLICE]).delete()
        services.placement_end(actor=self.charlie, placement=placement, ends_on=timezone.localdate(), planned=False)
        assert set(placement.notices.filter(kind=NoticeKind.END).values_list("recipient", flat=True)) == {
            Recipient.CHILD,
            Recipient.PROVIDER,
            Recipient.HOST,
            Recipient.ICB_HOME,
            Recipient.ICB_PLACEMENT,
            Recipient.GP,
            Recipient.SCHOOL,
            Recipient.IRO,
        }

    def test_naming_a_gp_later_adds_the_notice_owed_and_removing_the_school_withdraws_an_unsent_one(self) -> None:
        placement = self.place(gp_practice="")
        self.login(self.charlie)
        response = self.client.post(
            reverse("placements:details", args=[placement.pk]),
            {
                "iro_name": "Mark Dobson",
                "gp_practice": "Whinfield Medical Practice",
                "school": "",
                "has_ehc_plan": "no",
            },
        )
        self.assertRedirects(response, reverse("placements:detail", args=[placement.pk]))
        starts = {n.recipient: n for n in placement.notices.filter(kind=NoticeKind.START)}
        assert starts[Recipient.GP].to_name == "Whinfield Medical Practice"
        assert Recipient.SCHOOL not in starts
        assert starts[Recipient.IRO].to_name == "Mark Dobson"
        placement.refresh_from_db()
        assert placement.has_ehc_plan is False

    def test_a_notice_already_sent_stays_when_its_recipient_is_removed(self) -> None:
        placement = self.place()
        school = placement.notices.get(recipient=Recipient.SCHOOL)
        services.notice_send(actor=self.charlie, notice=school, method=SentMethod.LETTER)
        services.placement_details_update(
            actor=self.charlie,
            placement=placement,
            gp_practice="Denmark Street Surgery",
            school="",
            iro_name="Helen Ward",
            iro_contact="",
            has_ehc_plan=None,
        )
        assert placement.notices.filter(pk=school.pk).exists()

    def test_a_child_with_no_gp_or_school_is_owed_no_notice_for_them_but_the_iro_always_is(self) -> None:
        placement = self.place(gp_practice="", school="", iro_name="")
        recipients = set(placement.notices.values_list("recipient", flat=True))
        assert Recipient.GP not in recipients
        assert Recipient.SCHOOL not in recipients
        iro = placement.notices.get(recipient=Recipient.IRO)
        assert iro.addressee == "Independent Reviewing Officer"

    def test_a_placement_in_the_area_still_owes_regulation_13_notices_but_none_to_a_host_or_police(self) -> None:
        placement = self.place(distance=Distance.IN_AREA, host_agency=self.world.childrens, suitability_reasons="")
        assert set(placement.notices.values_list("recipient", flat=True)) == {
            Recipient.CHILD,
            Recipient.ICB_HOME,
            Recipient.GP,
            Recipient.SCHOOL,
            Recipient.IRO,
        }

    def test_a_health_body_that_uses_safeguard_gets_the_notice_in_its_inbox_and_one_body_is_told_once(self) -> None:
        name = "North East and North Cumbria Integrated Care Board"
        icb = Agency.objects.create(partnership=self.world.darlington, name=name, kind=AgencyKind.ICB, code="icb")
        Agency.objects.create(partnership=self.world.durham, name=name, kind=AgencyKind.ICB, code="icb")
        nurse = user_create(
            actor=None,
            agency=icb,
            username="nurse",
            first_name="Nia",
            last_name="Hall",
            email="nia@example.org",
            roles={Role.PRACTITIONER},
        )
        placement = self.place()
        notice = placement.notices.get(recipient=Recipient.ICB_HOME)
        assert not placement.notices.filter(recipient=Recipient.ICB_PLACEMENT).exists()
        assert notice.to_agency == icb
        services.notice_send(actor=self.charlie, notice=notice)
        assert [n.pk for n in selectors.inbox_for_user(nurse).waiting] == [notice.pk]
        self.login(nurse)
        assert self.client.get(reverse("placements:detail", args=[placement.pk])).status_code == 200

    def test_a_notice_to_someone_outside_safeguard_records_how_it_was_sent(self) -> None:
        placement = self.place()
        gp = placement.notices.get(recipient=Recipient.GP)
        with self.assertRaisesMessage(services.PlacementProblem, "Say how the notice was sent"):
            services.notice_send(actor=self.charlie, notice=gp)
        self.login(self.charlie)
        today = timezone.localdate()
        response = self.client.post(
            reverse("placements:notice_record_sent", args=[gp.pk]),
            {
                "method": "secure_email",
                "sent_on_day": today.day,
                "sent_on_month": today.month,
                "sent_on_year": today.year,
            },
        )
        self.assertRedirects(response, reverse("placements:detail", args=[placement.pk]))
        gp.refresh_from_db()
        assert (gp.sent_method, gp.sent_by) == (SentMethod.SECURE_EMAIL, self.charlie)
        shared = AuditEvent.objects.filter(action=Action.SHARE).latest("pk")
        assert "Denmark Street Surgery (secure email, " in shared.summary

    def test_recording_a_notice_as_sent_needs_the_method(self) -> None:
        gp = self.place().notices.get(recipient=Recipient.GP)
        self.login(self.charlie)
        response = self.client.post(reverse("placements:notice_record_sent", args=[gp.pk]), {})
        self.assertContains(response, "Select how the notice was sent", status_code=400)

    def test_the_letter_is_a_word_document_with_the_reasons_for_the_host_and_the_download_is_audited(self) -> None:
        host = self.place().notices.get(recipient=Recipient.HOST)
        self.login(self.charlie)
        response = self.client.get(reverse("placements:notice_letter", args=[host.pk]))
        assert response.status_code == 200
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.getvalue())).paragraphs)
        assert "regulation 13" in text
        assert "Specialist care close to her family" in text
        assert "Enclosed: the assessment of the child's needs" in text
        event = AuditEvent.objects.latest("pk")
        assert (event.action, event.person_id) == (Action.EXPORT, self.child.pk)

    def test_a_placement_out_of_the_area_needs_the_reasons_it_is_most_suitable(self) -> None:
        with self.assertRaisesMessage(services.PlacementProblem, "most suitable"):
            self.place(suitability_reasons=" ")

    def test_police_are_not_told_when_the_partnership_turns_the_setting_off(self) -> None:
        self.world.darlington.notify_police_of_placements = False
        self.world.darlington.save(update_fields=["notify_police_of_placements"])
        placement = self.place()
        assert set(placement.notices.values_list("kind", flat=True)) == {NoticeKind.START}

    def test_a_placement_at_a_distance_needs_the_directors_approval(self) -> None:
        with self.assertRaisesMessage(services.PlacementProblem, "Director"):
            self.place(distance=Distance.DISTANT)
        placement = self.place(
            distance=Distance.DISTANT, director_approved_by="J Smith", director_approved_on=dt.date(2026, 1, 2)
        )
        assert not placement.director_approval_missing

    def test_the_host_authority_in_another_partnership_sees_and_acknowledges_the_notice(self) -> None:
        placement = self.place()
        notice = placement.notices.get(kind=NoticeKind.START, recipient=Recipient.HOST)
        # Overdue and unsent: both sides see it.
        assert [n.pk for n in selectors.inbox_for_user(self.heidi).overdue] == [notice.pk]
        assert notice.pk in [n.pk for n in selectors.outgoing_overdue_for_user(self.charlie)]
        services.notice_send(actor=self.charlie, notice=notice)
        assert [n.pk for n in selectors.inbox_for_user(self.heidi).waiting] == [notice.pk]
        self.login(self.heidi)
        assert self.client.get(reverse("placements:detail", args=[placement.pk])).status_code == 200
        response = self.client.post(reverse("placements:notice_acknowledge", args=[notice.pk]))
        self.assertRedirects(response, reverse("placements:inbox"))
        notice.refresh_from_db()
        assert notice.acknowledged_by == self.heidi

    def test_sending_a_notice_in_safeguard_emails_the_receiving_agency_without_naming_the_child(self) -> None:
        notice = self.place().notices.get(recipient=Recipient.HOST)
        with self.captureOnCommitCallbacks(execute=True):
            services.notice_send(actor=self.charlie, notice=notice)
        [message] = mail.outbox
        assert message.to == ["heidi@example.org"]
        assert "Placement made (regulation 13)".lower() in message.body
        assert self.child.family_name not in f"{message.subject} {message.body}"

    def test_a_notice_sent_outside_safeguard_emails_no_one(self) -> None:
        gp = self.place().notices.get(recipient=Recipient.GP)
        with self.captureOnCommitCallbacks(execute=True):
            services.notice_send(actor=self.charlie, notice=gp, method=SentMethod.LETTER)
        assert mail.outbox == []

    def test_the_police_told_of_a_placement_see_it_but_not_the_gp_school_or_reasons(self) -> None:
        placement = self.place()
        police = user_create(
            actor=None,
            agency=self.world.durham_police,
            username="pc",
            first_name="Pat",
            last_name="Cole",
            email="pc@example.org",
            roles={Role.PRACTITIONER},
        )
        self.login(police)
        page = self.client.get(reverse("placements:detail", args=[placement.pk]))
        self.assertContains(page, "Meadowfield")
        for private in ("Denmark Street Surgery", "Hummersknott Academy", "Specialist care close to her family"):
            self.assertNotContains(page, private)
        self.login(self.heidi)
        self.assertContains(
            self.client.get(reverse("placements:detail", args=[placement.pk])), "Denmark Street Surgery"
        )
        # Nor through the form that keeps them.
        self.login(police)
        assert self.client.get(reverse("placements:details", args=[placement.pk])).status_code == 404

    def test_the_police_and_health_body_letters_leave_out_the_gp_school_iro_and_ehc_plan(self) -> None:
        icb = Agency.objects.create(
            partnership=self.world.darlington, name="Tees Valley ICB", kind=AgencyKind.ICB, code="icb"
        )
        nurse = user_create(
            actor=None,
            agency=icb,
            username="nurse",
            first_name="Nia",
            last_name="Hall",
            email="nia@example.org",
            roles={Role.PRACTITIONER},
        )
        police = user_create(
            actor=None,
            agency=self.world.durham_police,
            username="pc",
            first_name="Pat",
            last_name="Cole",
            email="pc@example.org",
            roles={Role.PRACTITIONER},
        )
        placement = self.place(has_ehc_plan=True)
        private = ("Denmark Street Surgery", "Hummersknott Academy", "Helen Ward", "Education, health and care plan")

        def letter_text(user: object, recipient: Recipient) -> str:
            self.login(user)  # type: ignore[arg-type]
            notice = placement.notices.get(
                kind=NoticeKind.START if recipient != Recipient.POLICE else NoticeKind.POLICE, recipient=recipient
            )
            response = self.client.get(reverse("placements:notice_letter", args=[notice.pk]))
            assert response.status_code == 200
            document = docx.Document(io.BytesIO(response.getvalue()))
            cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
            return "\n".join([p.text for p in document.paragraphs] + cells)

        for user, recipient in ((police, Recipient.POLICE), (nurse, Recipient.ICB_HOME)):
            text = letter_text(user, recipient)
            assert self.child.full_name in text
            for hidden in private:
                assert hidden not in text, f"{recipient} letter shows {hidden}"
        # The same letter downloaded by the placing authority is what the police or ICB receive: no more.
        assert "Denmark Street Surgery" not in letter_text(self.charlie, Recipient.POLICE)
        # The GP's own letter, downloaded by the placing authority, keeps them.
        text = letter_text(self.charlie, Recipient.GP)
        for kept in private:
            assert kept in text

    def test_a_second_submit_on_a_page_loaded_earlier_sends_and_ends_once(self) -> None:
        placement = self.place()
        notice = placement.notices.get(kind=NoticeKind.START, recipient=Recipient.HOST)
        loaded_earlier = Notice.objects.get(pk=notice.pk)
        services.notice_send(actor=self.charlie, notice=notice)
        with self.assertRaisesMessage(services.PlacementProblem, "already been sent"):
            services.notice_send(actor=self.charlie, notice=loaded_earlier)
        ended_earlier = Placement.objects.get(pk=placement.pk)
        services.placement_end(actor=self.charlie, placement=placement, ends_on=placement.starts_on, planned=True)
        with self.assertRaisesMessage(services.PlacementProblem, "already been recorded"):
            services.placement_end(
                actor=self.charlie, placement=ended_earlier, ends_on=placement.starts_on, planned=True
            )

    def test_an_agency_with_no_part_in_the_placement_cannot_see_it(self) -> None:
        placement = self.place()
        self.login(self.ivan)
        assert self.client.get(reverse("placements:detail", args=[placement.pk])).status_code == 404

    def test_only_the_receiving_agency_can_acknowledge(self) -> None:
        notice = self.place().notices.get(kind=NoticeKind.START, recipient=Recipient.HOST)
        services.notice_send(actor=self.charlie, notice=notice)
        with self.assertRaisesMessage(services.PlacementProblem, "Only the agency"):
            services.notice_acknowledge(actor=self.charlie, notice=notice)

    def test_an_unplanned_end_tells_the_same_people_and_the_provider_within_ten_working_days(self) -> None:
        placement = self.place(starts_on=dt.date(2026, 5, 1))
        services.placement_end(actor=self.charlie, placement=placement, ends_on=dt.date(2026, 5, 22), planned=False)
        ends = placement.notices.filter(kind=NoticeKind.END)
        starts = placement.notices.filter(kind=NoticeKind.START)
        assert set(ends.exclude(recipient=Recipient.PROVIDER).values_list("recipient", "to_agency", "to_name")) == set(
            starts.values_list("recipient", "to_agency", "to_name")
        )
        assert ends.get(recipient=Recipient.PROVIDER).to_name == "Meadowfield Children's Home"
        assert set(ends.values_list("due_on", flat=True)) == {dt.date(2026, 6, 8)}

    def test_a_planned_end_notice_sent_eleven_days_after_the_move_is_late(self) -> None:
        placement = self.place(starts_on=dt.date(2026, 5, 1))
        services.placement_end(actor=self.charlie, placement=placement, ends_on=dt.date(2026, 5, 22), planned=True)
        iro = placement.notices.get(kind=NoticeKind.END, recipient=Recipient.IRO)
        assert iro.due_on == dt.date(2026, 5, 21)
        London = timezone.get_current_timezone()
        Notice.objects.filter(pk=iro.pk).update(sent_at=dt.datetime(2026, 6, 2, 10, 0, tzinfo=London))
        iro.refresh_from_db()
        assert selectors.notice_status(iro, today=dt.date(2026, 6, 3)) == "late"

    def test_a_planned_placement_notice_sent_on_the_start_day_is_late(self) -> None:
        placement = self.place(starts_on=dt.date(2026, 5, 11))
        iro = placement.notices.get(kind=NoticeKind.START, recipient=Recipient.IRO)
        London = timezone.get_current_timezone()
        Notice.objects.filter(pk=iro.pk).update(sent_at=dt.datetime(2026, 5, 11, 8, 0, tzinfo=London))
        iro.refresh_from_db()
        assert selectors.notice_status(iro, today=dt.date(2026, 5, 12)) == "late"

    def test_regulation_13_tells_the_parents_contacts_previous_carer_and_the_new_gp(self) -> None:
        placement = self.place(
            parents="Amy Walker\nDean Walker\n",
            contacts="Joan Walker (grandmother)",
            previous_carer="Sunny Bank foster carers",
            new_gp_practice="Durham Road Surgery",
        )
        told = {n.recipient: n.to_name for n in placement.notices.filter(kind=NoticeKind.START)}
        assert told[Recipient.PARENTS] == "Amy Walker; Dean Walker"
        assert told[Recipient.CONTACT] == "Joan Walker (grandmother)"
        assert told[Recipient.PREVIOUS_CARER] == "Sunny Bank foster carers"
        assert told[Recipient.GP_NEW] == "Durham Road Surgery"

    def test_the_child_is_not_told_only_with_a_reason_about_age_and_understanding(self) -> None:
        placement = self.place(child_not_told_reason="Eight months old")
        assert not placement.notices.filter(recipient=Recipient.CHILD).exists()

    def test_regulation_13_3_withholds_the_family_with_the_reason_and_who_decided_but_never_the_iro(self) -> None:
        placement = self.place(
            parents="Amy Walker",
            previous_carer="Dean Walker",
            withheld_reason="Father has made threats to remove her; address must not be known",
        )
        recipients = set(placement.notices.values_list("recipient", flat=True))
        assert not recipients & {Recipient.PARENTS, Recipient.CONTACT, Recipient.PREVIOUS_CARER}
        assert {Recipient.CHILD, Recipient.IRO, Recipient.HOST} <= recipients
        assert placement.withheld_by == self.charlie.display_name()
        assert placement.withheld_on == timezone.localdate()
        assert AuditEvent.objects.filter(summary__contains="regulation 13(3)").exists()

    def test_a_childrens_home_notifies_admission_and_discharge_into_the_same_inbox(self) -> None:
        home = Agency.objects.create(
            partnership=self.world.durham, name="Oak Lodge", kind=AgencyKind.CHILDRENS_HOME, code="oak-lodge"
        )
        manager = user_create(
            actor=None,
            agency=home,
            username="manager",
            first_name="Mo",
            last_name="Reed",
            email="m@example.org",
            roles={Role.PRACTITIONER},
        )
        # The home does not know the placing authority's reasons, and need not give them.
        placement = self.place(actor=manager, home_agency=home, starts_on=dt.date(2026, 4, 2), suitability_reasons="")
        admission = placement.notices.get(kind=NoticeKind.ADMISSION)
        # "Without delay": by the next working day, after Good Friday and Easter Monday.
        assert (admission.from_agency, admission.to_agency, admission.due_on) == (
            home,
            self.world.durham_childrens,
            dt.date(2026, 4, 7),
        )
        services.placement_end(actor=manager, placement=placement, ends_on=dt.date(2026, 4, 20), planned=True)
        discharge = placement.notices.get(kind=NoticeKind.DISCHARGE)
        services.notice_send(actor=manager, notice=discharge)
        assert discharge.pk in [n.pk for n in selectors.inbox_for_user(self.heidi).waiting]

    def test_a_childrens_home_in_the_placing_authoritys_own_area_owes_no_regulation_41_notice(self) -> None:
        home = Agency.objects.create(
            partnership=self.world.darlington, name="Elm House", kind=AgencyKind.CHILDRENS_HOME, code="elm-house"
        )
        placement = self.place(
            home_agency=home,
            host_agency=self.world.childrens,
            distance=Distance.IN_AREA,
            suitability_reasons="",
            starts_on=dt.date(2026, 4, 2),
        )
        services.placement_end(actor=self.charlie, placement=placement, ends_on=dt.date(2026, 4, 20), planned=True)
        kinds = set(placement.notices.values_list("kind", flat=True))
        assert not kinds & {NoticeKind.ADMISSION, NoticeKind.DISCHARGE}

    def test_recording_through_the_form_explains_a_missing_host(self) -> None:
        self.login(self.charlie)
        response = self.client.post(reverse("placements:record", args=[self.child.pk]), {"provider": "X"})
        self.assertContains(response, "Select the host authority", status_code=400)

    def test_recording_through_the_form_names_everyone_regulation_13_needs(self) -> None:
        self.login(self.charlie)
        start = timezone.localdate()
        fields = {
            "placing_agency": self.world.childrens.pk,
            "host_agency": self.world.durham_childrens.pk,
            "provider": "Hillside Foster Care",
            "kind": "foster",
            "distance": "adjoining",
            "starts_on_day": start.day,
            "starts_on_month": start.month,
            "starts_on_year": start.year,
            "iro_name": "Helen Ward",
            "gp_practice": "Denmark Street Surgery",
            "has_ehc_plan": "yes",
        }
        url = reverse("placements:record", args=[self.child.pk])
        response = self.client.post(url, fields)
        self.assertContains(response, "Enter why this placement is the most suitable for the child", status_code=400)
        response = self.client.post(url, {**fields, "suitability_reasons": "Near her grandmother"})
        placement = Placement.objects.get()
        self.assertRedirects(response, reverse("placements:detail", args=[placement.pk]))
        assert (placement.iro_name, placement.has_ehc_plan) == ("Helen Ward", True)
        page = self.client.get(reverse("placements:detail", args=[placement.pk]))
        self.assertContains(page, "Denmark Street Surgery")
        self.assertContains(page, "Record as sent")
        self.assertContains(page, "Send in Safeguard")

    def test_notifications_on_time_counts_notices_due_in_the_period(self) -> None:
        today = dt.date(2026, 7, 1)
        on_time = self.place(starts_on=dt.date(2026, 6, 3), emergency=True)  # due 10 June
        late = self.place(starts_on=dt.date(2026, 6, 10))  # due 9 June, sent 12 June
        self.place(starts_on=dt.date(2026, 6, 15))  # due 14 June, never sent
        self.place(starts_on=dt.date(2026, 5, 1))  # due in May: outside the period
        London = timezone.get_current_timezone()
        Notice.objects.filter(placement=on_time, kind=NoticeKind.START).update(
            sent_at=dt.datetime(2026, 6, 10, 16, 0, tzinfo=London)
        )
        Notice.objects.filter(placement=late, kind=NoticeKind.START).update(
            sent_at=dt.datetime(2026, 6, 12, 9, 0, tzinfo=London)
        )
        figure = selectors.figure_placement_notifications_on_time(
            partnership=self.world.darlington,
            period_start=dt.date(2026, 6, 1),
            period_end=dt.date(2026, 6, 30),
            today=today,
        )
        # Seven statutory notices per placement (the child, two ICBs, GP, school, IRO, host).
        assert figure == Figure(numerator=7, denominator=21)
