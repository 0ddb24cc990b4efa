from __future__ import annotations

from django.test import Client
from django.urls import reverse

from safeguard.core.testing import PASSWORD, BaseTestCase
from safeguard.partnership.models import AgencyKind
from safeguard.partnership.roles import Role
from safeguard.partnership.services import agency_update, api_token_create


class DeactivatedAgencyTests(BaseTestCase):
    def deactivate_childrens_services(self) -> None:
        agency = self.world.childrens
        agency_update(actor=self.alice, agency=agency, name=agency.name, kind=AgencyKind(agency.kind), is_active=False)

    def test_staff_of_a_deactivated_agency_cannot_sign_in(self) -> None:
        self.deactivate_childrens_services()
        response = Client().post(reverse("login"), {"username": "charlie", "password": PASSWORD})
        assert response.status_code == 401
        assert "_auth_user_id" not in Client().session

    def test_a_session_begun_before_the_agency_was_deactivated_ends_on_its_next_request(self) -> None:
        self.login(self.charlie)
        assert self.client.get(reverse("dashboard")).status_code == 200
        self.deactivate_childrens_services()
        response = self.client.get(reverse("dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        # Staff of other agencies carry on.
        self.login(self.ivan)
        assert self.client.get(reverse("dashboard")).status_code == 200

    def test_an_api_token_of_a_deactivated_agency_is_refused(self) -> None:
        _, raw = api_token_create(actor=None, agency=self.world.childrens, name="Case system", roles={Role.ANALYST})
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert client.get("/api/whoami").status_code == 200
        self.deactivate_childrens_services()
        assert client.get("/api/whoami").status_code == 401

    def test_reactivating_the_agency_lets_its_staff_back_in(self) -> None:
        self.deactivate_childrens_services()
        agency = self.world.childrens
        agency_update(actor=self.alice, agency=agency, name=agency.name, kind=AgencyKind(agency.kind), is_active=True)
        response = Client().post(reverse("login"), {"username": "charlie", "password": PASSWORD})
        assert response.status_code == 302
