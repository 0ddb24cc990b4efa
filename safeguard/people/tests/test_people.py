from __future__ import annotations

import datetime as dt
from unittest import mock

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.people.models import IdentifierKind, Involvement, Person
from safeguard.people.selectors import people_for_user, person_search
from safeguard.people.services import person_create


class ScopingTestCase(BaseTestCase):
    def test_a_practitioner_sees_people_their_agency_works_with(self) -> None:
        assert self.child in people_for_user(self.charlie)

    def test_another_agency_in_the_partnership_does_not_see_them(self) -> None:
        assert self.child not in people_for_user(self.ivan)
        self.login(self.ivan)
        assert self.client.get(f"/people/{self.child.pk}/").status_code == 404

    def test_another_partnership_gets_404_even_as_administrator(self) -> None:
        self.login(self.heidi)
        assert self.client.get(f"/people/{self.child.pk}/").status_code == 404

    def test_board_members_see_nobody(self) -> None:
        assert people_for_user(self.frank).count() == 0
        self.login(self.frank)
        assert self.client.get("/people/").status_code == 403

    def test_auditors_see_the_whole_partnership_but_cannot_change_it(self) -> None:
        assert self.child in people_for_user(self.grace)
        self.login(self.grace)
        response = self.client.post(f"/people/{self.child.pk}/identifiers/", {"kind": "local", "value": "X1"})
        assert response.status_code == 403

    def test_an_ended_involvement_no_longer_gives_access(self) -> None:
        Involvement.objects.filter(person=self.child, agency=self.charlie.agency).update(
            ends_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        )
        assert self.child not in people_for_user(self.charlie)


class SearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for given, family, dob in [
            ("Elizabeth", "Walker", dt.date(2010, 4, 2)),
            ("Muhammad", "Khan", dt.date(2012, 7, 9)),
            ("Oliver", "Smith", dt.date(2009, 1, 30)),
        ]:
            person_create(
                actor=cls.charlie,
                partnership=cls.world.darlington,
                agency=cls.world.childrens,
                given_name=given,
                family_name=family,
                date_of_birth=dob,
            )

    def names(self, **query: object) -> list[str]:
        return [m.person.full_name for m in person_search(self.charlie, **query)]  # type: ignore[arg-type]

    def test_it_tolerates_a_typo(self) -> None:
        assert self.names(name="Amelia Hartly")[0] == "Amelia Hartley"

    def test_it_finds_a_nickname(self) -> None:
        assert "Elizabeth Walker" in self.names(name="Beth Walker")

    def test_it_finds_other_spellings_of_muhammad(self) -> None:
        assert "Muhammad Khan" in self.names(name="Mohammed Khan")

    def test_it_finds_a_date_of_birth_with_day_and_month_swapped(self) -> None:
        matches = person_search(self.charlie, name="Elizabeth Walker", date_of_birth=dt.date(2010, 2, 4))
        assert matches[0].person.family_name == "Walker"
        assert "date of birth with day and month swapped" in matches[0].reasons

    def test_it_finds_by_nhs_number_with_spaces(self) -> None:
        assert self.names(identifier="943 476 5919") == ["Amelia Hartley"]

    def test_it_never_returns_people_outside_the_users_scope(self) -> None:
        assert [m.person for m in person_search(self.ivan, name="Amelia Hartley")] == []

    def test_searches_are_audited_with_their_terms(self) -> None:
        self.login(self.charlie)
        self.client.post("/people/", {"name": "Walker"})
        event = AuditEvent.objects.filter(action=Action.SEARCH).order_by("-seq").first()
        assert event is not None
        assert "name=Walker" in event.summary


class SearchesKeepNamesOutOfUrlsTestCase(BaseTestCase):
    def test_a_search_is_sent_by_post_and_a_name_in_the_url_searches_for_no_one(self) -> None:
        self.login(self.charlie)
        page = self.client.get("/people/")
        self.assertContains(page, '<form method="post" novalidate>')
        asked_in_url = self.client.get("/people/", {"name": "Amelia Hartley", "date_of_birth_year": "2011"})
        self.assertNotContains(asked_in_url, f"/people/{self.child.pk}/")
        assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()
        found = self.client.post("/people/", {"name": "Amelia Hartley"})
        self.assertContains(found, f"/people/{self.child.pk}/")

    def test_an_auditor_who_reads_but_changes_nothing_can_still_search(self) -> None:
        self.login(self.grace)
        self.assertContains(self.client.post("/people/", {"name": "Amelia Hartley"}), f"/people/{self.child.pk}/")


class FormsTestCase(BaseTestCase):
    def test_an_invalid_nhs_number_is_refused_with_the_reason(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            "/people/new/",
            {"given_name": "Ann", "family_name": "Lee", "sex": "female", "kind": "child", "nhs_number": "9434765918"},
        )
        self.assertContains(response, "fails its check digit", status_code=400)
        assert not Person.objects.filter(given_name="Ann").exists()

    def test_an_impossible_date_of_birth_is_refused(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            "/people/new/",
            {
                "given_name": "Ann",
                "family_name": "Lee",
                "sex": "female",
                "kind": "child",
                "date_of_birth_day": "31",
                "date_of_birth_month": "2",
                "date_of_birth_year": "2015",
            },
        )
        self.assertContains(response, "Date of birth must be a real date", status_code=400)

    def test_a_day_too_long_to_be_a_number_of_days_is_an_error_not_a_crash(self) -> None:
        self.login(self.charlie)
        day = "9" * 20
        response = self.client.post(
            "/people/",
            {"name": "x", "date_of_birth_day": day, "date_of_birth_month": "1", "date_of_birth_year": "2000"},
        )
        self.assertContains(response, "must be a real date")

    def test_a_person_shown_again_with_errors_is_audited_as_a_view(self) -> None:
        self.login(self.charlie)
        response = self.client.post(f"/people/{self.child.pk}/change/", {"given_name": ""})
        assert response.status_code == 400
        event = AuditEvent.objects.filter(action=Action.VIEW).order_by("-seq").first()
        assert event is not None
        assert (event.actor_id, event.person_id) == (self.charlie.pk, self.child.pk)
        assert "Shown again with errors" in event.summary

    def test_a_future_date_of_birth_is_refused(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            "/people/new/",
            {
                "given_name": "Ann",
                "family_name": "Lee",
                "sex": "female",
                "kind": "child",
                "date_of_birth_day": "1",
                "date_of_birth_month": "1",
                "date_of_birth_year": "2999",
            },
        )
        self.assertContains(response, "must be today or in the past", status_code=400)

    def test_hostile_input_is_refused_not_crashed_on(self) -> None:
        self.login(self.charlie)
        hostile = {
            "given_name": "<script>alert(1)</script>\x00",
            "family_name": "x" * 5000,
            "sex": "nonsense",
            "kind": "child",
            "date_of_birth_day": "'; DROP TABLE",
            "upn": "\u202e" * 30,
        }
        response = self.client.post("/people/new/", hostile)
        self.assertContains(response, "There is a problem", status_code=400)
        self.assertNotContains(response, "<script>alert(1)</script>", status_code=400)

    def test_a_practitioner_adds_a_person_and_their_agency_can_see_them(self) -> None:
        self.login(self.ivan)
        response = self.client.post(
            "/people/new/",
            {
                "given_name": "Ann",
                "family_name": "Lee",
                "sex": "female",
                "kind": "child",
                "nhs_number": "401 023 2137",
                "postcode": "dl1 1aa",
                "address_line": "1 High Row",
            },
        )
        person = Person.objects.get(given_name="Ann")
        self.assertRedirects(response, f"/people/{person.pk}/")
        assert person.identifiers.get().value == "4010232137"
        assert person.addresses.get().postcode == "DL1 1AA"
        assert person in people_for_user(self.ivan)


class TraceTestCase(BaseTestCase):
    def test_tracing_by_nhs_number_and_date_of_birth_gives_access_and_is_audited(self) -> None:
        self.login(self.ivan)
        response = self.client.post(
            "/people/trace/",
            {
                "kind": IdentifierKind.NHS_NUMBER,
                "value": "9434765919",
                "date_of_birth_day": "14",
                "date_of_birth_month": "3",
                "date_of_birth_year": "2011",
                "reason": "Health visitor assigned",
            },
        )
        self.assertRedirects(response, f"/people/{self.child.pk}/")
        assert self.child in people_for_user(self.ivan)
        event = AuditEvent.objects.filter(action=Action.SEARCH).order_by("-seq").first()
        assert event is not None
        assert event.reason == "Health visitor assigned"

    def test_a_wrong_date_of_birth_finds_nobody(self) -> None:
        self.login(self.ivan)
        response = self.client.post(
            "/people/trace/",
            {
                "kind": IdentifierKind.NHS_NUMBER,
                "value": "9434765919",
                "date_of_birth_day": "15",
                "date_of_birth_month": "3",
                "date_of_birth_year": "2011",
                "reason": "x",
            },
        )
        self.assertContains(response, "No one in the partnership")
        assert self.child not in people_for_user(self.ivan)

    def test_another_partnership_cannot_trace_our_children(self) -> None:
        self.login(self.heidi)
        response = self.client.post(
            "/people/trace/",
            {
                "kind": IdentifierKind.NHS_NUMBER,
                "value": "9434765919",
                "date_of_birth_day": "14",
                "date_of_birth_month": "3",
                "date_of_birth_year": "2011",
                "reason": "x",
            },
        )
        self.assertContains(response, "No one in the partnership")


class TraceRateLimitTests(BaseTestCase):
    def test_the_web_trace_is_rate_limited_so_a_date_of_birth_cannot_be_guessed(self) -> None:
        self.login(self.ivan)
        attempt = {
            "kind": IdentifierKind.NHS_NUMBER,
            "value": "9434765919",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "2011",
            "reason": "x",
        }
        with mock.patch("safeguard.people.views.TRACES_PER_HOUR", 2):
            for _ in range(2):
                self.assertContains(self.client.post("/people/trace/", attempt), "No one in the partnership")
            right = {**attempt, "date_of_birth_day": "14", "date_of_birth_month": "3"}
            response = self.client.post("/people/trace/", right)
        self.assertContains(response, "too many people", status_code=429)
        assert self.child not in people_for_user(self.ivan)
