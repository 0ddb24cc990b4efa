"""The shared test world: two partnerships, their agencies, one user per role.

alice  – partnership administrator, business unit (Darlington)
bob    – police intelligence officer and practitioner, Durham Constabulary (Darlington)
charlie – practitioner, children's services (Darlington)
dana   – agency data officer, health trust (Darlington)
erin   – analyst, children's services (Darlington)
frank  – board member, business unit (Darlington)
grace  – auditor (read-only), business unit (Darlington)
ivan   – practitioner, health trust (Darlington): same partnership, different agency from charlie
kate   – data protection officer, children's services (Darlington)
heidi  – practitioner, children's services in Durham: an outsider to Darlington's records

``self.child`` is a Darlington child known to children's services only.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.partnership.models import Agency, AgencyKind, BusinessUnit, Group, GroupKind, Partnership, User
from safeguard.partnership.roles import Role
from safeguard.partnership.services import agency_create, user_create
from safeguard.people.models import IdentifierKind, Person, Sex
from safeguard.people.services import person_create

PASSWORD = "correct horse battery staple"


class World:
    """Builds the world; usable from TestCase.setUpTestData or a pytest fixture."""

    def __init__(self) -> None:
        self.darlington = Partnership.objects.create(
            name="Darlington Safeguarding Partnership", slug="darlington", area_name="Darlington"
        )
        self.durham = Partnership.objects.create(
            name="Durham Safeguarding Children Partnership", slug="durham", area_name="County Durham"
        )
        self.unit = BusinessUnit.objects.create(name="Business Unit")
        self.unit.partnerships.add(self.darlington)
        a = self._agency
        self.business_unit = a(self.darlington, "Business Unit", AgencyKind.BUSINESS_UNIT, "business-unit")
        self.childrens = a(self.darlington, "Darlington Children's Services", AgencyKind.LA_CHILDREN, "dbc-childrens")
        self.education = a(self.darlington, "Darlington Education", AgencyKind.LA_EDUCATION, "dbc-education")
        self.police = a(self.darlington, "Durham Constabulary", AgencyKind.POLICE, "durham-police")
        self.health = a(self.darlington, "Darlington Health Trust", AgencyKind.HEALTH_PROVIDER, "cddft")
        self.durham_childrens = a(self.durham, "Durham Children's Services", AgencyKind.LA_CHILDREN, "dcc-childrens")
        self.durham_police = a(self.durham, "Durham Constabulary", AgencyKind.POLICE, "durham-police")
        u = self._user
        self.alice = u("alice", self.business_unit, Role.PARTNERSHIP_ADMIN)
        self.bob = u("bob", self.police, Role.POLICE_INTELLIGENCE, Role.PRACTITIONER)
        self.charlie = u("charlie", self.childrens, Role.PRACTITIONER)
        self.dana = u("dana", self.health, Role.DATA_OFFICER)
        self.erin = u("erin", self.childrens, Role.ANALYST)
        self.frank = u("frank", self.business_unit, Role.BOARD_MEMBER)
        self.grace = u("grace", self.business_unit, Role.AUDITOR)
        self.ivan = u("ivan", self.health, Role.PRACTITIONER)
        self.kate = u("kate", self.childrens, Role.DATA_PROTECTION_OFFICER)
        self.heidi = u("heidi", self.durham_childrens, Role.PRACTITIONER, Role.ANALYST, Role.PARTNERSHIP_ADMIN)
        self.board = Group.objects.create(
            name="Darlington Safeguarding Children Board", kind=GroupKind.BOARD, business_unit=self.unit
        )
        self.board.partnerships.add(self.darlington)
        self.child = person_create(
            actor=self.charlie,
            partnership=self.darlington,
            agency=self.childrens,
            given_name="Amelia",
            family_name="Hartley",
            date_of_birth=dt.date(2011, 3, 14),
            sex=Sex.FEMALE,
            identifiers=[(IdentifierKind.NHS_NUMBER, "9434765919")],
            address={"line1": "12 Station Road", "postcode": "DL3 7AB"},
        )
        self.durham_child = person_create(
            actor=self.heidi,
            partnership=self.durham,
            agency=self.durham_childrens,
            given_name="Oliver",
            family_name="Brown",
            date_of_birth=dt.date(2012, 5, 1),
            sex=Sex.MALE,
        )

    @staticmethod
    def _agency(partnership: Partnership, name: str, kind: AgencyKind, code: str) -> Agency:
        return agency_create(actor=None, partnership=partnership, name=name, kind=kind, code=code)

    @staticmethod
    def _user(username: str, agency: Agency, *roles: Role) -> User:
        return user_create(
            actor=None,
            agency=agency,
            username=username,
            first_name=username.title(),
            last_name="Tester",
            email=f"{username}@example.org",
            roles=set(roles),
            password=PASSWORD,
        )

    def users(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in ("alice", "bob", "charlie", "dana", "erin", "frank", "grace", "ivan", "kate", "heidi")
        }


class BaseTestCase(TestCase):
    alice: User
    bob: User
    charlie: User
    dana: User
    erin: User
    frank: User
    grace: User
    ivan: User
    kate: User
    heidi: User
    child: Person
    world: World

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = World()
        for name, user in cls.world.users().items():
            setattr(cls, name, user)
        cls.child = cls.world.child

    def login(self, user: User) -> Client:
        """Sign ``self.client`` in as ``user``, second factor included."""
        return signed_in_client(user, self.client)


def signed_in_client(user: User, client: Client | None = None) -> Client:
    """A client signed in as ``user`` with the second factor done, as after a real sign-in."""
    client = client or Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
