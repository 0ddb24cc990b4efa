from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from safeguard.core.figures import Figure
from safeguard.core.testing import BaseTestCase
from safeguard.core.workdays import add_working_days
from safeguard.partnership.models import Agency, AgencyKind
from safeguard.partnership.roles import Role
from safeguard.partnership.services import user_create
from safeguard.placements import selectors, services
from safeguard.placements.models import Distance, Notice, NoticeKind, Placement, PlacementKind


def test_five_working_days_skip_the_weekend_and_the_late_may_bank_holiday() -> None:
    # Friday 22 May 2026; Monday 25 May is a bank holiday.
    assert add_working_days(dt.date(2026, 5, 22), 5) == dt.date(2026, 6, 1)


def test_ten_working_days_over_christmas_skip_christmas_and_boxing_day_substitutes() -> None:
    # 25 Dec 2026 is a Friday; Boxing Day (Saturday) is observed on Monday 28 December.
    assert add_working_days(dt.date(2026, 12, 23), 10) == dt.date(2027, 1, 11)


def test_a_planned_placement_needs_notice_by_its_start_and_an_emergency_within_five_working_days() -> None:
    assert services.start_notice_due(starts_on=dt.date(2026, 4, 2), emergency=False) == dt.date(2026, 4, 2)
    # Thursday 2 April 2026, then Good Friday and Easter Monday.
    assert services.start_notice_due(starts_on=dt.date(2026, 4, 2), emergency=True) == dt.date(2026, 4, 13)


class PlacementNoticeTests(BaseTestCase):
    def place(self, **changes: object) -> Placement:
        values: dict[str, object] = {
            "actor": self.charlie,
            "person": self.child,
            "placing_agency": self.world.childrens,
            "host_agency": self.world.durham_childrens,
            "provider": "Meadowfield Children's Home",
            "kind": PlacementKind.CHILDRENS_HOME,
            "distance": Distance.ADJOINING,
            "emergency": False,
            "starts_on": timezone.localdate() - dt.timedelta(days=20),
        }
        values.update(changes)
        return services.placement_record(**values)  # type: ignore[arg-type]

    def test_an_out_of_area_placement_owes_the_host_and_its_police_a_notice(self) -> None:
        placement = self.place()
        kinds = {(n.kind, n.to_agency_id) for n in placement.notices.all()}
        self.assertEqual(
            kinds,
            {(NoticeKind.START, self.world.durham_childrens.pk), (NoticeKind.POLICE, self.world.durham_police.pk)},
        )

    def test_police_are_not_told_when_the_partnership_turns_the_setting_off(self) -> None:
        self.world.darlington.notify_police_of_placements = False
        self.world.darlington.save(update_fields=["notify_police_of_placements"])
        placement = self.place()
        self.assertEqual(list(placement.notices.values_list("kind", flat=True)), [NoticeKind.START])

    def test_a_placement_at_a_distance_needs_the_directors_approval(self) -> None:
        with self.assertRaisesMessage(services.PlacementProblem, "Director"):
            self.place(distance=Distance.DISTANT)
        placement = self.place(
            distance=Distance.DISTANT, director_approved_by="J Smith", director_approved_on=dt.date(2026, 1, 2)
        )
        self.assertFalse(placement.director_approval_missing)

    def test_the_host_authority_in_another_partnership_sees_and_acknowledges_the_notice(self) -> None:
        placement = self.place()
        notice = placement.notices.get(kind=NoticeKind.START)
        # Overdue and unsent: both sides see it.
        self.assertEqual([n.pk for n in selectors.inbox_for_user(self.heidi).overdue], [notice.pk])
        self.assertIn(notice.pk, [n.pk for n in selectors.outgoing_overdue_for_user(self.charlie)])
        services.notice_send(actor=self.charlie, notice=notice)
        self.assertEqual([n.pk for n in selectors.inbox_for_user(self.heidi).waiting], [notice.pk])
        self.login(self.heidi)
        self.assertEqual(self.client.get(reverse("placements:detail", args=[placement.pk])).status_code, 200)
        response = self.client.post(reverse("placements:notice_acknowledge", args=[notice.pk]))
        self.assertRedirects(response, reverse("placements:inbox"))
        notice.refresh_from_db()
        self.assertEqual(notice.acknowledged_by, self.heidi)

    def test_an_agency_with_no_part_in_the_placement_cannot_see_it(self) -> None:
        placement = self.place()
        self.login(self.ivan)
        self.assertEqual(self.client.get(reverse("placements:detail", args=[placement.pk])).status_code, 404)

    def test_only_the_receiving_agency_can_acknowledge(self) -> None:
        notice = self.place().notices.get(kind=NoticeKind.START)
        services.notice_send(actor=self.charlie, notice=notice)
        with self.assertRaisesMessage(services.PlacementProblem, "Only the agency"):
            services.notice_acknowledge(actor=self.charlie, notice=notice)

    def test_ending_a_placement_owes_a_regulation_14_notice_within_ten_working_days(self) -> None:
        placement = self.place(starts_on=dt.date(2026, 5, 1))
        services.placement_end(actor=self.charlie, placement=placement, ends_on=dt.date(2026, 5, 22))
        notice = placement.notices.get(kind=NoticeKind.END)
        self.assertEqual(notice.due_on, dt.date(2026, 6, 8))

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
        placement = self.place(actor=manager, home_agency=home, starts_on=dt.date(2026, 4, 2))
        admission = placement.notices.get(kind=NoticeKind.ADMISSION)
        # "Without delay": by the next working day, after Good Friday and Easter Monday.
        self.assertEqual(
            (admission.from_agency, admission.to_agency, admission.due_on),
            (home, self.world.durham_childrens, dt.date(2026, 4, 7)),
        )
        services.placement_end(actor=manager, placement=placement, ends_on=dt.date(2026, 4, 20))
        discharge = placement.notices.get(kind=NoticeKind.DISCHARGE)
        services.notice_send(actor=manager, notice=discharge)
        self.assertIn(discharge.pk, [n.pk for n in selectors.inbox_for_user(self.heidi).waiting])

    def test_recording_through_the_form_explains_a_missing_host(self) -> None:
        self.login(self.charlie)
        response = self.client.post(reverse("placements:record", args=[self.child.pk]), {"provider": "X"})
        self.assertContains(response, "Select the host authority", status_code=400)

    def test_notifications_on_time_counts_notices_due_in_the_period(self) -> None:
        today = dt.date(2026, 7, 1)
        on_time = self.place(starts_on=dt.date(2026, 6, 3), emergency=True)  # due 10 June
        late = self.place(starts_on=dt.date(2026, 6, 10))  # due 10 June, sent 12 June
        self.place(starts_on=dt.date(2026, 6, 15))  # due 15 June, never sent
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
        self.assertEqual(figure, Figure(numerator=1, denominator=3))
