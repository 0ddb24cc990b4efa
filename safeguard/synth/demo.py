"""Load the synthetic demo partnership into the database.

Shaped on the bulletin: Darlington and Durham partnerships, the agencies that
sit on the board, the Missing, Exploited and Sexual abuse sub-group, the joint
exploitation task-and-finish group and a business unit that also serves the
adults' board. Every person is synthetic.
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from safeguard.audit.models import Action
from safeguard.audit.services import SystemActor, audit_record
from safeguard.partnership.models import (
    Agency,
    AgencyKind,
    Audience,
    BusinessUnit,
    Group,
    GroupKind,
    GroupRole,
    Partnership,
    User,
)
from safeguard.partnership.roles import Role
from safeguard.partnership.services import agency_create, membership_add, user_create
from safeguard.people.models import Identifier, IdentifierKind, Involvement, InvolvementReason, Person, PersonKind, Sex
from safeguard.people.names import search_key

DARLINGTON_AGENCIES = [
    ("Darlington Borough Council Children's Services", AgencyKind.LA_CHILDREN, "dbc-childrens"),
    ("Darlington Borough Council Education", AgencyKind.LA_EDUCATION, "dbc-education"),
    ("Durham Constabulary", AgencyKind.POLICE, "durham-police"),
    ("North East and North Cumbria Integrated Care Board", AgencyKind.ICB, "nencicb"),
    ("County Durham and Darlington NHS Foundation Trust", AgencyKind.HEALTH_PROVIDER, "cddft"),
    ("Darlington Public Health", AgencyKind.PUBLIC_HEALTH, "dbc-public-health"),
    ("Darlington Housing", AgencyKind.HOUSING, "dbc-housing"),
    ("Probation Service North East", AgencyKind.PROBATION, "probation-ne"),
    ("Darlington Youth Justice Service", AgencyKind.YOUTH_JUSTICE, "dbc-yjs"),
    ("Darlington Voluntary Sector Network", AgencyKind.VOLUNTARY, "voluntary"),
    ("Safeguarding Partnership Business Unit", AgencyKind.BUSINESS_UNIT, "business-unit"),
]
DURHAM_AGENCIES = [
    ("Durham County Council Children's Services", AgencyKind.LA_CHILDREN, "dcc-childrens"),
    ("Durham Constabulary", AgencyKind.POLICE, "durham-police"),
    ("North East and North Cumbria Integrated Care Board", AgencyKind.ICB, "nencicb"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    agency_code: str
    partnership: str
    roles: tuple[Role, ...]
    job_title: str


DEMO_LOGINS = [
    DemoLogin(
        "admin", "Alex Morgan", "business-unit", "darlington", (Role.PARTNERSHIP_ADMIN,), "Business unit manager"
    ),
    DemoLogin("analyst", "Priya Shah", "dbc-childrens", "darlington", (Role.ANALYST,), "Performance analyst"),
    DemoLogin(
        "education",
        "Sam Carter",
        "dbc-education",
        "darlington",
        (Role.DATA_OFFICER, Role.PRACTITIONER),
        "Elective home education officer",
    ),
    DemoLogin(
        "health",
        "Jo Lee",
        "cddft",
        "darlington",
        (Role.DATA_OFFICER, Role.PRACTITIONER),
        "Named nurse for safeguarding",
    ),
    DemoLogin("social.worker", "Chris Evans", "dbc-childrens", "darlington", (Role.PRACTITIONER,), "Social worker"),
    DemoLogin(
        "police",
        "Victoria Fuller",
        "durham-police",
        "darlington",
        (Role.POLICE_INTELLIGENCE, Role.PRACTITIONER),
        "Detective Superintendent",
    ),
    DemoLogin("board", "Simon Hart", "business-unit", "darlington", (Role.BOARD_MEMBER,), "Independent chair"),
    DemoLogin("auditor", "Ruth Bell", "business-unit", "darlington", (Role.AUDITOR,), "Quality assurance officer"),
    DemoLogin(
        "dpo",
        "Nadia Rahman",
        "dbc-childrens",
        "darlington",
        (Role.DATA_PROTECTION_OFFICER,),
        "Data protection officer, children's services",
    ),
    DemoLogin("durham.worker", "Dan Kirk", "dcc-childrens", "durham", (Role.PRACTITIONER,), "Social worker (Durham)"),
]

DEMO_PASSWORD_DEFAULT = "demo-safeguard-2017"


def _load_people(*, partnership: Partnership, agencies: dict[str, Agency]) -> int:
    """The demo population from the synthetic generator, with its agencies' involvement."""
    from safeguard.synth.demo_data import demo_population  # pandas and numpy: only when the demo is loaded

    population = demo_population()
    # Children on the home-education register enter the index through the data wash demo,
    # which names them from the register; loading them here as well would make duplicates.
    population = population[~population["on_ehe_register"].astype(bool)]
    people: list[Person] = []
    rows: list[dict[str, Any]] = [{str(k): v for k, v in row.items()} for row in population.to_dict("records")]
    for row in rows:
        dob = row.get("date_of_birth")
        if isinstance(dob, str):
            dob = dt.date.fromisoformat(dob) if dob else None
        elif dob is not None and hasattr(dob, "date"):
            dob = dob.date()
        sex = {"F": Sex.FEMALE, "M": Sex.MALE, "female": Sex.FEMALE, "male": Sex.MALE}.get(
            str(row.get("sex", "")), Sex.UNKNOWN
        )
        people.append(
            Person(
                partnership=partnership,
                kind=PersonKind.ADULT if row.get("kind") == "adult" else PersonKind.CHILD,
                given_name=str(row.get("given_name") or ""),
                middle_names=str(row.get("middle_name") or ""),
                family_name=str(row.get("family_name") or ""),
                date_of_birth=dob,
                sex=sex,
                given_key=search_key(str(row.get("given_name") or "")),
                family_key=search_key(str(row.get("family_name") or "")),
            )
        )
    created = Person.objects.bulk_create(people, batch_size=1000)
    identifiers: list[Identifier] = []
    involvements: list[Involvement] = []
    health, education = agencies["cddft"], agencies["dbc-education"]
    for person, row in zip(created, rows, strict=True):
        if row.get("nhs_number"):
            identifiers.append(
                Identifier(person=person, kind=IdentifierKind.NHS_NUMBER, value=str(row["nhs_number"]), issuer=health)
            )
            involvements.append(Involvement(person=person, agency=health, reason=InvolvementReason.CASE))
        if row.get("upn"):
            identifiers.append(
                Identifier(person=person, kind=IdentifierKind.UPN, value=str(row["upn"]), issuer=education)
            )
            involvements.append(Involvement(person=person, agency=education, reason=InvolvementReason.CASE))
    Identifier.objects.bulk_create(identifiers, batch_size=2000)
    Involvement.objects.bulk_create(involvements, batch_size=2000, ignore_conflicts=True)
    return len(created)


def load_demo(*, password: str, log: Callable[[str], None] = print) -> bool:
    """Create the demo partnership once. Returns False if it was already there."""
    if Partnership.objects.filter(slug="darlington").exists():
        log("Demo partnership already loaded; keeping existing data.")
        return False
    with transaction.atomic():
        darlington, durham, unit = _partnerships()
        agencies = _agencies(darlington=darlington, durham=durham)
        groups = _groups(darlington=darlington, durham=durham, unit=unit)
        users = _logins(agencies=agencies, password=password)
        _memberships(groups=groups, users=users)
        count = _load_people(partnership=darlington, agencies=agencies["darlington"])
        audit_record(
            actor=None,
            action=Action.CREATE,
            object_type="synth.demo",
            actor_username=SystemActor.DEMO_LOADER,
            summary=f"Loaded the synthetic demo partnership ({count} people)",
        )
    log(f"Loaded the demo partnership with {count} synthetic people.")
    _load_capabilities(partnership=darlington, log=log)
    return True


def _partnerships() -> tuple[Partnership, Partnership, BusinessUnit]:
    """Darlington and Durham, and the business unit that serves Darlington's boards."""
    darlington = Partnership.objects.create(
        name="Darlington Safeguarding Partnership", slug="darlington", area_name="Darlington"
    )
    durham = Partnership.objects.create(
        name="Durham Safeguarding Children Partnership", slug="durham", area_name="County Durham"
    )
    unit = BusinessUnit.objects.create(name="Darlington Safeguarding Boards Business Unit", phone="01325 406452")
    unit.partnerships.add(darlington)
    return darlington, durham, unit


def _agencies(*, darlington: Partnership, durham: Partnership) -> dict[str, dict[str, Agency]]:
    """Each partnership's agencies, by partnership slug and agency code."""
    agencies: dict[str, dict[str, Agency]] = {"darlington": {}, "durham": {}}
    for name, kind, code in DARLINGTON_AGENCIES:
        agencies["darlington"][code] = agency_create(
            actor=None, partnership=darlington, name=name, kind=kind, code=code
        )
    for name, kind, code in DURHAM_AGENCIES:
        agencies["durham"][code] = agency_create(actor=None, partnership=durham, name=name, kind=kind, code=code)
    return agencies


def _groups(*, darlington: Partnership, durham: Partnership, unit: BusinessUnit) -> dict[str, Group]:
    """The children's and adults' boards, the MESA sub-group and the joint task-and-finish group."""
    board = Group.objects.create(
        name="Darlington Safeguarding Children Board", short_name="DSCB", kind=GroupKind.BOARD, business_unit=unit
    )
    board.partnerships.add(darlington)
    adults = Group.objects.create(
        name="Darlington Safeguarding Adults Partnership Board",
        short_name="DSAPB",
        kind=GroupKind.BOARD,
        audience=Audience.ADULTS,
        business_unit=unit,
    )
    adults.partnerships.add(darlington)
    mesa = Group.objects.create(
        name="Missing, Exploited and Sexual abuse sub-group",
        short_name="MESA",
        kind=GroupKind.SUB_GROUP,
        parent=board,
        business_unit=unit,
    )
    mesa.partnerships.add(darlington)
    joint = Group.objects.create(
        name="Joint Durham and Darlington Sexual Exploitation task and finish group",
        short_name="Joint SE",
        kind=GroupKind.TASK_AND_FINISH,
        audience=Audience.ALL_AGES,
        parent=board,
        business_unit=unit,
    )
    joint.partnerships.add(darlington, durham)
    return {"board": board, "adults": adults, "mesa": mesa, "joint": joint}


def _logins(*, agencies: dict[str, dict[str, Agency]], password: str) -> dict[str, User]:
    """A user for each demo login, all with the same password."""
    users: dict[str, User] = {}
    for login in DEMO_LOGINS:
        first, last = login.name.split(" ", 1)
        users[login.username] = user_create(
            actor=None,
            agency=agencies[login.partnership][login.agency_code],
            username=login.username,
            first_name=first,
            last_name=last,
            email=f"{login.username}@example.org",
            roles=set(login.roles),
            password=password,
            job_title=login.job_title,
        )
    return users


def _memberships(*, groups: dict[str, Group], users: dict[str, User]) -> None:
    """Who sits on the board, chairs MESA and leads its work, and joins the joint group."""
    board, mesa, joint = groups["board"], groups["mesa"], groups["joint"]
    membership_add(actor=None, group=board, user=users["board"], role=GroupRole.CHAIR)
    membership_add(actor=None, group=board, user=users["admin"], role=GroupRole.ADVISER)
    membership_add(actor=None, group=board, user=users["police"], role=GroupRole.MEMBER)
    membership_add(actor=None, group=mesa, user=users["police"], role=GroupRole.CHAIR)
    for name in ("analyst", "education", "health", "social.worker"):
        membership_add(actor=None, group=mesa, user=users[name], role=GroupRole.LEAD)
    membership_add(actor=None, group=joint, user=users["police"], role=GroupRole.MEMBER)
    membership_add(actor=None, group=joint, user=users["durham.worker"], role=GroupRole.MEMBER)


# Each capability's demo story, in an order where later ones can build on earlier ones.
CAPABILITY_DEMOS = [
    "datawash",
    "visits",
    "missing",
    "placements",
    "intelligence",
    "sharing",
    "governance",
    "reviews",
    "training",
    "workforce",
    "performance",
    # Drafted from the figures the demos above made.
    "yearly_report",
]


def _load_capabilities(*, partnership: Partnership, log: Callable[[str], None]) -> None:
    """Run every app's ``demo.load_demo``; one app's failure is reported, not fatal.

    Each runs in its own transaction, so a failure leaves nothing half-made and the
    rest of the demo still works.
    """
    for app in CAPABILITY_DEMOS:
        module = importlib.import_module(f"safeguard.{app}.demo")
        started = time.monotonic()
        try:
            with transaction.atomic():
                module.load_demo(partnership=partnership)
        except Exception as exc:
            log(f"WARNING: the {app} demo could not be loaded and was skipped: {exc!r}")
            continue
        log(f"Loaded the {app} demo ({time.monotonic() - started:.1f} s).")
