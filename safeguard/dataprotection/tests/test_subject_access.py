from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.dataprotection import bundle, selectors, services
from safeguard.dataprotection.models import Correction, Exemption, SubjectAccessRequest
from safeguard.intelligence import services as intelligence_services
from safeguard.intelligence.models import EntityKind, PersonRole, Release, Submission
from safeguard.intelligence.tests.factories import make_submission
from safeguard.missing.tests.url_samples import samples as missing_samples
from safeguard.people.models import Sex
from safeguard.placements.tests.url_samples import samples as placement_samples
from safeguard.sharing.tests.url_samples import samples as sharing_samples
from safeguard.visits.tests.url_samples import samples as visit_samples

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)


def _request(world: World, received_on: dt.date = dt.date(2026, 5, 1)) -> SubjectAccessRequest:
    return services.request_open(
        actor=world.alice,
        partnership=world.darlington,
        person=world.child,
        requested_by="Amelia's mother, with parental responsibility",
        received_on=received_on,
    )


def _intelligence_naming_the_child(world: World, *, release: Release | None, what: str) -> Submission:
    """A submission by children's services naming the child and another person from the index, graded by
    police, with the police's release decision if any."""
    submission = make_submission(world.charlie, what=what, submit=False)
    intelligence_services.entity_add(
        actor=world.charlie, submission=submission, kind=EntityKind.PERSON, person=world.child, role=PersonRole.AT_RISK
    )
    intelligence_services.entity_add(
        actor=world.charlie,
        submission=submission,
        kind=EntityKind.PHONE,
        value="07700 900123",
        detail="The phone of the man driving",
    )
    intelligence_services.submission_submit(actor=world.charlie, submission=submission)
    if release is not None:
        intelligence_services.release_decide(
            actor=world.bob, submission=submission, decision=release, reason="Reviewed with the force DPO"
        )
    return submission


def _unzip(content: bytes) -> tuple[dict[str, Any], Any]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
        doc = Document(io.BytesIO(archive.read(next(n for n in names if n.endswith(".docx")))))
    return data, doc


@time_machine.travel(NOW, tick=False)
def test_a_request_is_due_one_calendar_month_after_it_was_received(world: World) -> None:
    assert _request(world, dt.date(2026, 1, 31)).due_on == dt.date(2026, 2, 28)
    assert _request(world, dt.date(2026, 5, 1)).due_on == dt.date(2026, 6, 1)


@time_machine.travel(NOW, tick=False)
def test_an_extension_adds_two_months_once_and_needs_a_reason(world: World) -> None:
    sar = _request(world)
    with pytest.raises(services.DataProtectionError, match="reason"):
        services.request_extend(actor=world.alice, request=sar, reason=" ")
    services.request_extend(actor=world.alice, request=sar, reason="Records held by six agencies")
    assert sar.extended_to == dt.date(2026, 8, 1)
    assert sar.deadline == dt.date(2026, 8, 1)
    with pytest.raises(services.DataProtectionError, match="already extended"):
        services.request_extend(actor=world.alice, request=sar, reason="Again")


@time_machine.travel(NOW, tick=False)
def test_a_request_cannot_be_received_in_the_future(world: World) -> None:
    with pytest.raises(services.DataProtectionError, match="future"):
        _request(world, dt.date(2026, 6, 1))


@time_machine.travel(NOW, tick=False)
def test_the_bundle_holds_every_kind_of_record_and_who_viewed_them(world: World) -> None:
    missing_samples(world)
    visit_samples(world)
    sharing_samples(world)
    placement_samples(world)
    _intelligence_naming_the_child(world, release=Release.RELEASE, what="Seen getting into a silver car")
    sar = _request(world)
    content = services.bundle_export(actor=world.alice, request=sar)
    data, doc = _unzip(content)
    sections = {record["section"] for record in data["records"]}
    assert sections == {section for section, *_ in bundle.SOURCES}
    kinds = {record["ref"].split(":")[0] for record in data["records"]}
    for kind in (
        "people.person",
        "people.identifier",
        "datawash.cohortchild",
        "visits.jointvisit",
        "missing.episode",
        "missing.returninterview",
        "missing.philomenaprofile",
        "placements.placement",
        "sharing.sharingdecision",
        "intelligence.submission",
        "intelligence.entity",
    ):
        assert kind in kinds, kind
    assert any(view["who"] == "charlie" for view in data["viewed_by"])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "records held about Amelia Hartley" in text
    assert "Who has viewed or changed these records" in text


@time_machine.travel(NOW, tick=False)
def test_staff_named_in_the_records_are_highlighted_for_review(world: World) -> None:
    missing_samples(world)
    sar = _request(world)
    data, doc = _unzip(services.bundle_export(actor=world.alice, request=sar))
    staff = data["third_parties_for_review"]["Staff named in the records"]
    assert "charlie" in staff
    highlighted = [
        run.text
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        for run in cell.paragraphs[0].runs
        if run.font.highlight_color is not None
    ]
    assert any("charlie" in name.lower() or name == world.charlie.get_full_name() for name in highlighted)


@time_machine.travel(NOW, tick=False)
def test_soft_intelligence_is_in_the_bundle_only_where_the_police_released_it(world: World) -> None:
    _intelligence_naming_the_child(world, release=Release.RELEASE, what="Released: seen at the bus station")
    _intelligence_naming_the_child(world, release=Release.WITHHOLD, what="Withheld: seen with an older man")
    _intelligence_naming_the_child(world, release=None, what="Undecided: seen near the takeaway")
    withdrawn = _intelligence_naming_the_child(world, release=Release.RELEASE, what="Withdrawn: seen in a car park")
    intelligence_services.release_decide(
        actor=world.bob, submission=withdrawn, decision=Release.WITHHOLD, reason="An investigation has started"
    )
    data, _ = _unzip(services.bundle_export(actor=world.alice, request=_request(world)))
    told = [
        r["fields"].get("What happened", "") for r in data["records"] if r["ref"].startswith("intelligence.submission")
    ]
    assert told == ["Released: seen at the bus station"]
    assert any("have not released" in line for line in data["not_included"])
    assert not any(r["ref"].startswith("intelligence.assessment") for r in data["records"])


@time_machine.travel(NOW, tick=False)
def test_what_released_intelligence_names_beside_the_person_is_highlighted_as_a_third_party(world: World) -> None:
    _intelligence_naming_the_child(world, release=Release.RELEASE, what="Seen getting into a silver car")
    data, doc = _unzip(services.bundle_export(actor=world.alice, request=_request(world)))
    entities = [r for r in data["records"] if r["ref"].startswith("intelligence.entity")]
    phone = next(r for r in entities if r["fields"].get("Kind") == "Phone")
    child = next(r for r in entities if r["fields"].get("Kind") == "Person")
    assert "Value" in phone["third_party"] and "Detail" in phone["third_party"]
    assert "Value" not in child["third_party"]
    named = data["third_parties_for_review"][bundle.INTELLIGENCE_NAMED]
    assert "+447700900123" in named or any("7700" in n for n in named)
    highlighted = [
        run.text
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        for run in cell.paragraphs[0].runs
        if run.font.highlight_color is not None
    ]
    assert "The phone of the man driving" in highlighted


@time_machine.travel(NOW, tick=False)
def test_an_exemption_is_listed_in_the_bundle_with_its_reason(world: World) -> None:
    sar = _request(world)
    services.exemption_apply(
        actor=world.alice,
        request=sar,
        exemption=Exemption.SOCIAL_WORK,
        applies_to="The foster carers' address",
        reason="Serious harm to the carers",
    )
    with pytest.raises(services.DataProtectionError, match="which exemption"):
        services.exemption_apply(actor=world.alice, request=sar, exemption=Exemption.OTHER, applies_to="x", reason="y")
    data, doc = _unzip(services.bundle_export(actor=world.alice, request=sar))
    assert data["exemptions_applied"] == [
        {
            "exemption": Exemption.SOCIAL_WORK.label,
            "applies_to": "The foster carers' address",
            "reason": "Serious harm to the carers",
        }
    ]
    assert any("Serious harm to the carers" in p.text for p in doc.paragraphs)


@time_machine.travel(NOW, tick=False)
def test_downloading_the_bundle_is_audited_as_an_export(world: World) -> None:
    sar = _request(world)
    response = signed_in_client(world.alice).post(reverse("dataprotection:bundle", args=[sar.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data, _ = _unzip(response.getvalue())
    assert data["person"]["name"] == "Amelia Hartley"
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, object_type="dataprotection.subjectaccessrequest", person_id=world.child.pk
    ).exists()


@time_machine.travel(NOW, tick=False)
def test_another_partnership_never_sees_the_request(world: World) -> None:
    sar = _request(world)
    assert not selectors.requests_for_user(world.heidi).filter(pk=sar.pk).exists()
    assert signed_in_client(world.heidi).get(reverse("dataprotection:detail", args=[sar.pk])).status_code == 404
    assert signed_in_client(world.charlie).get(reverse("dataprotection:detail", args=[sar.pk])).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_shows_an_open_request_with_its_due_date_and_not_the_person(world: World) -> None:
    sar = _request(world)
    page = signed_in_client(world.alice).get(reverse("dashboard")).content.decode()
    assert f"Subject access request {sar.pk}" in page
    assert "due 1 June 2026" in page


@time_machine.travel(NOW, tick=False)
def test_a_correction_keeps_the_old_value_with_who_when_and_why(world: World) -> None:
    changed = services.person_correct(
        actor=world.alice,
        person=world.child,
        given_name="Amelie",
        family_name="Hartley",
        middle_names="",
        known_as="",
        date_of_birth=dt.date(2011, 3, 14),
        sex=Sex.FEMALE,
        reason="Birth certificate seen",
    )
    assert [(c.field, c.old_value, c.new_value) for c in changed] == [("given_name", "Amelia", "Amelie")]
    correction = Correction.objects.get()
    assert (correction.corrected_by, correction.reason, correction.corrected_at) == (
        world.alice,
        "Birth certificate seen",
        NOW,
    )
    world.child.refresh_from_db()
    assert world.child.given_name == "Amelie"
    page = signed_in_client(world.alice).get(reverse("dataprotection:correct", args=[world.child.pk]))
    assert "Birth certificate seen" in page.content.decode()


def test_a_correction_needs_a_reason(world: World) -> None:
    with pytest.raises(services.DataProtectionError, match="reason"):
        services.person_correct(
            actor=world.alice,
            person=world.child,
            given_name="Amelie",
            family_name="Hartley",
            middle_names="",
            known_as="",
            date_of_birth=None,
            sex=Sex.FEMALE,
            reason="",
        )
    assert not Correction.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_persons_page_shows_their_corrections_to_those_who_manage_data_protection(world: World) -> None:
    services.person_correct(
        actor=world.alice,
        person=world.child,
        given_name="Amelie",
        family_name="Hartley",
        middle_names="",
        known_as="",
        date_of_birth=dt.date(2011, 3, 14),
        sex=Sex.FEMALE,
        reason="Birth certificate seen",
    )
    url = reverse("people:detail", args=[world.child.pk])
    assert "Birth certificate seen" in signed_in_client(world.alice).get(url).content.decode()
    assert "Birth certificate seen" not in signed_in_client(world.charlie).get(url).content.decode()
