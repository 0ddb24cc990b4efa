"""Wash runs: results written only on success, cancellation, decisions and visits fed to later runs, API."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.datawash import runs, services
from safeguard.datawash.engine import WashCancelled
from safeguard.datawash.engine.io import load_mapping
from safeguard.datawash.models import (
    AgencyRecord,
    CohortChild,
    Decision,
    Extract,
    LinkDecision,
    ReviewCase,
    RunStatus,
    SourceKind,
    WashRun,
)
from safeguard.datawash.tests.factories import sample_run
from safeguard.datawash.tests.helpers import AS_OF, register_and_health, small_extracts, upload
from safeguard.partnership.models import ApiToken
from safeguard.partnership.roles import Role
from safeguard.people.identifiers import nhs_number_problem
from safeguard.people.models import IdentifierKind, Involvement, InvolvementReason, Person
from safeguard.people.services import person_create

pytestmark = pytest.mark.django_db


def test_a_run_links_register_children_to_the_person_index_and_keeps_the_report(world: World, tmp_path: Path) -> None:
    register, health = register_and_health(world, tmp_path)

    run = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
    )

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.counts["cohort"] == 12
    children = CohortChild.objects.filter(run=run)
    assert children.count() == 12
    assert all(c.person_id for c in children)
    assert {c.status for c in children} <= {"seen", "unseen", "check"}
    seen = children.filter(status="seen").first()
    assert seen is not None and seen.last_seen_date is not None and "Health" in seen.last_seen_by
    assert AgencyRecord.objects.filter(run=run, extract=health).exists()
    assert Involvement.objects.filter(agency=world.health, reason=InvolvementReason.EXTRACT).exists()

    client = signed_in_client(world.erin)
    page = client.get(reverse("datawash:run", args=[run.pk])).content.decode()
    assert f"12 on the register, {run.counts['cohort_unseen']} not seen for 18 months" in page
    assert 'role="img"' in page and "<title" in page  # the SVG charts, with the figures as tables too
    wrapper = client.get(reverse("datawash:run_report_page", args=[run.pk])).content.decode()
    assert reverse("datawash:run_report", args=[run.pk]) in wrapper and "Bayes factor" in wrapper
    report = client.get(reverse("datawash:run_report", args=[run.pk]))
    assert report.status_code == 200 and b"Data wash" in report.content
    assert "sandbox" in report["Content-Security-Policy"]
    assert AuditEvent.objects.filter(action=Action.VIEW, summary="Viewed the engine's run report").exists()

    # A second run over the same extracts reuses the people it found, and compares with the first.
    again = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
    )
    again.refresh_from_db()
    assert again.status == RunStatus.SUCCEEDED
    assert set(again.children.values_list("person_id", flat=True)) == set(children.values_list("person_id", flat=True))
    page = client.get(reverse("datawash:run", args=[again.pk])).content.decode()
    assert "The previous run found 12 on the register" in page
    # Each run keeps its report under a folder of its own, so a link never opens another run's.
    assert again.output_prefix != run.output_prefix
    assert again.output_prefix.startswith(f"datawash/runs/{again.pk}-")


def test_a_failed_run_leaves_earlier_results_untouched_and_says_why(world: World) -> None:
    earlier, child, _ = sample_run(world)
    cohort = earlier.cohort_extract
    assert cohort is not None
    cohort.status = "awaiting_mapping"
    cohort.save(update_fields=["status"])

    run = services.run_start(actor=world.erin, cohort_extract=cohort, source_extracts=[], as_of=AS_OF, unseen_months=18)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "not validated" in run.error
    assert not run.children.exists()
    assert CohortChild.objects.filter(pk=child.pk, run=earlier).exists()
    page = signed_in_client(world.erin).get(reverse("datawash:run", args=[run.pk])).content.decode()
    assert "The run did not finish" in page and "Results of earlier runs are unchanged" in page


def test_cancelling_stops_the_engine_at_its_next_stage(world: World, monkeypatch: Any) -> None:
    earlier, _, _ = sample_run(world)
    assert earlier.cohort_extract is not None
    run = services.run_start(
        actor=world.erin,
        cohort_extract=earlier.cohort_extract,
        source_extracts=[],
        as_of=AS_OF,
        unseen_months=18,
        enqueue=False,
    )
    run.cohort_extract.source_kind = "ehe_register"  # type: ignore[union-attr]

    def engine(config: Any, *, progress: Any, should_cancel: Any) -> Any:
        progress("reading", 0.1)
        WashRun.objects.filter(pk=run.pk).update(cancel_requested=True)  # the officer presses Cancel
        if should_cancel():
            raise WashCancelled("Cancelled before: linking")
        raise AssertionError("should have been cancelled")

    monkeypatch.setattr(services, "run_wash", engine)
    run = services.run_execute(run_id=run.pk)

    assert run.status == RunStatus.CANCELLED
    assert run.percent == 10


def test_a_queued_run_can_be_cancelled_from_its_page(world: World) -> None:
    earlier, _, _ = sample_run(world)
    assert earlier.cohort_extract is not None
    run = services.run_start(
        actor=world.erin,
        cohort_extract=earlier.cohort_extract,
        source_extracts=[],
        as_of=AS_OF,
        unseen_months=18,
        enqueue=False,
    )
    client = signed_in_client(world.erin)
    page = client.get(reverse("datawash:run", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    client.post(reverse("datawash:run_cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED


def test_a_pair_decided_by_another_officer_meanwhile_keeps_that_decision(world: World) -> None:
    _, _, case = sample_run(world)
    opened_earlier = ReviewCase.objects.get(pk=case.pk)  # a second officer's page, loaded before the first decided
    services.review_decide(actor=world.erin, case=case, decision=Decision.REJECT, reason="different fathers")
    with pytest.raises(services.ReviewProblem, match="already been decided"):
        services.review_decide(actor=world.erin, case=opened_earlier, decision=Decision.CONFIRM)
    assert list(LinkDecision.objects.values_list("decision", flat=True)) == [Decision.REJECT]


def test_decisions_and_recorded_visits_are_passed_to_every_later_run(world: World, tmp_path: Path) -> None:
    from safeguard.visits.models import Outcome
    from safeguard.visits.services import visit_record, visits_plan

    earlier, child, case = sample_run(world)
    services.review_decide(actor=world.erin, case=case, decision=Decision.REJECT, reason="different fathers")
    visit = visits_plan(
        actor=world.erin,
        children=[child],
        lead_officer=world.charlie,
        second_officer=world.ivan,
        due_date=dt.date(2017, 6, 1),
    )[0]
    visit_record(actor=world.charlie, visit=visit, outcome=Outcome.SEEN_SAFE, outcome_date=dt.date(2017, 6, 2))
    assert earlier.cohort_extract is not None
    later = services.run_start(
        actor=world.erin,
        cohort_extract=earlier.cohort_extract,
        source_extracts=[],
        as_of=AS_OF,
        unseen_months=18,
        enqueue=False,
    )

    inputs = runs.prepare(later, tmp_path)

    rejected = inputs.config.decisions.rejected
    assert rejected == ((("ehe_register_dbc_education", "E1"), ("health_cddft", "H1")),)
    assert ((runs.VISITS_SOURCE, f"V{visit.pk}"), ("ehe_register_dbc_education", "E1")) in (
        inputs.config.decisions.confirmed
    )
    visits_csv = (tmp_path / "joint_visits.csv").read_text()
    assert "Amelia,Hartley,2011-03-14,2017-06-02" in visits_csv
    assert AuditEvent.objects.filter(action=Action.DECIDE, person_id=world.child.pk).exists()


def test_an_officer_confirms_or_rejects_a_check_side_by_side(world: World) -> None:
    _, _, case = sample_run(world)
    client = signed_in_client(world.erin)
    page = client.get(reverse("datawash:review_case", args=[case.pk])).content.decode()
    assert "uncertain match" in page and "Agree" in page
    response = client.post(reverse("datawash:review_case", args=[case.pk]), {})
    assert response.status_code == 400 and "Select whether these are the same child" in response.content.decode()
    client.post(reverse("datawash:review_case", args=[case.pk]), {"decision": "confirm"})
    case = ReviewCase.objects.select_related("decision").get(pk=case.pk)
    assert case.decision is not None and case.decision.decision == Decision.CONFIRM
    assert client.post(reverse("datawash:review_case", args=[case.pk]), {"decision": "reject"}).status_code == 403


def _api(world: World, *roles: Role) -> Client:
    raw = "sg_test_" + "x" * 30
    ApiToken.objects.create(
        agency=world.health,
        name="system",
        prefix=raw[:8],
        token_hash=ApiToken.hash_token(raw),
        roles=[r.value for r in roles],
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_api_takes_an_extract_and_answers_bad_requests_with_json(world: World) -> None:
    client = _api(world, Role.DATA_OFFICER)
    ok = client.post(
        "/api/datawash/extracts",
        {"source_kind": "health", "file": ContentFile(b"record_id,given_name\nH1,Amelia\n", name="h.csv")},
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["status"] == "awaiting_mapping"
    bad_kind = client.post(
        "/api/datawash/extracts", {"source_kind": "nonsense", "file": ContentFile(b"a\n1\n", name="h.csv")}
    )
    assert bad_kind.status_code == 400 and "source_kind" in bad_kind.json()["error"]
    bad_file = client.post(
        "/api/datawash/extracts", {"source_kind": "health", "file": ContentFile(b"%PDF", name="h.pdf")}
    )
    assert bad_file.status_code == 400 and "CSV or an Excel" in bad_file.json()["error"]
    missing = client.post("/api/datawash/extracts", {"source_kind": "health"})
    assert 400 <= missing.status_code < 500
    report = client.get(f"/api/datawash/extracts/{ok.json()['id']}")
    assert report.status_code == 200 and report.json()["columns_to_map"] == ["record_id", "given_name"]
    assert client.get("/api/datawash/runs/1").status_code == 403
    assert AuditEvent.objects.filter(action=Action.API, summary__startswith="Uploaded").exists()


def test_the_api_reports_a_runs_status_within_the_partnership_only(world: World) -> None:
    run, _, _ = sample_run(world)
    client = _api(world, Role.ANALYST)
    body = client.get(f"/api/datawash/runs/{run.pk}").json()
    assert body["status"] == "succeeded" and body["summary"]["unseen"] == 1
    WashRun.objects.filter(pk=run.pk).update(partnership=world.durham)
    assert client.get(f"/api/datawash/runs/{run.pk}").status_code == 404


def test_the_run_form_says_what_is_missing(world: World) -> None:
    earlier, _, _ = sample_run(world)
    assert earlier.cohort_extract is not None
    earlier.cohort_extract.source_kind = "ehe_register"
    earlier.cohort_extract.save(update_fields=["source_kind"])
    client = signed_in_client(world.erin)
    response = client.post(
        reverse("datawash:run_new"),
        {
            "cohort_extract": earlier.cohort_extract.pk,
            "source_extracts": [earlier.cohort_extract.pk],
            "as_of_day": "31",
            "as_of_month": "2",
            "as_of_year": "2017",
            "unseen_months": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select at least one agency extract other than the register" in page
    assert "As of date must be a real date" in page
    assert "Months must be 1 or more" in page
    assert WashRun.objects.count() == 1


def _without_identifiers(path: Path) -> None:
    """Blank the register's NHS numbers and UPNs, as many home-education registers are."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "nhs_number": "", "upn": ""} for row in rows)


def _health_nhs_numbers(path: Path) -> dict[str, str]:
    """The valid NHS numbers in the health extract (synth also writes mistyped ones)."""
    with path.open(newline="", encoding="utf-8") as handle:
        numbers = {row["record_id"]: row["nhs_number"].replace(" ", "") for row in csv.DictReader(handle)}
    return {record_id: nhs for record_id, nhs in numbers.items() if nhs and not nhs_number_problem(nhs)}


def test_a_register_child_without_identifiers_is_found_in_the_index_through_the_linked_health_record(
    world: World, tmp_path: Path
) -> None:
    small_extracts(tmp_path)
    _without_identifiers(tmp_path / "ehe_register.csv")
    # Health already put every child it holds into the index, under their NHS numbers and names.
    with (tmp_path / "health.csv").open(newline="", encoding="utf-8") as handle:
        health_rows = {row["record_id"]: row for row in csv.DictReader(handle)}
    indexed = {}
    for record_id, nhs in _health_nhs_numbers(tmp_path / "health.csv").items():
        if nhs not in indexed:
            indexed[nhs] = person_create(
                actor=None,
                partnership=world.darlington,
                agency=world.health,
                given_name=health_rows[record_id]["given_name"],
                family_name=health_rows[record_id]["family_name"],
                identifiers=[(IdentifierKind.NHS_NUMBER, nhs)],
                reason="Test",
            ).pk
    register = upload(world, tmp_path / "ehe_register.csv", "education", SourceKind.EHE_REGISTER)
    health = upload(world, tmp_path / "health.csv", "health", SourceKind.HEALTH)
    people_before = Person.objects.count()

    run = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
    )

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    linked = [c for c in run.children.all() if AgencyRecord.objects.filter(run=run, extract=health, person=c.person)]
    assert linked, "the small set has register children seen by health"
    assert all(child.person_id in indexed.values() for child in linked)
    # Only the children no agency record links to are new to the index.
    assert Person.objects.count() - people_before == run.children.count() - len(linked)


def test_a_child_new_to_the_index_takes_the_nhs_number_of_the_linked_health_record(
    world: World, tmp_path: Path
) -> None:
    small_extracts(tmp_path)
    _without_identifiers(tmp_path / "ehe_register.csv")
    numbers = _health_nhs_numbers(tmp_path / "health.csv")
    register = upload(world, tmp_path / "ehe_register.csv", "education", SourceKind.EHE_REGISTER)
    health = upload(world, tmp_path / "health.csv", "health", SourceKind.HEALTH)

    run = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
    )

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    checked = 0
    for record in AgencyRecord.objects.filter(run=run, extract=health).select_related("person"):
        if numbers.get(record.record_id) and run.children.filter(person=record.person).exists():
            held = set(record.person.identifiers.filter(kind=IdentifierKind.NHS_NUMBER).values_list("value", flat=True))
            assert held == {numbers[record.record_id]}
            checked += 1
    assert checked


def _register_with(world: World, tmp_path: Path, row: str) -> WashRun:
    """A one-child register and an unrelated health extract, washed."""
    (tmp_path / "register.csv").write_text(
        "record_id,given_name,family_name,date_of_birth,nhs_number\n" + row + "\n", encoding="utf-8"
    )
    (tmp_path / "health.csv").write_text(
        "record_id,given_name,family_name,date_of_birth\nH9,Zara,Quinn,2012-02-02\n", encoding="utf-8"
    )
    register = upload(world, tmp_path / "register.csv", "education", SourceKind.EHE_REGISTER)
    health = upload(world, tmp_path / "health.csv", "health", SourceKind.HEALTH)
    run = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
    )
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def test_a_register_row_carrying_a_childs_nhs_number_with_another_name_and_birth_date_finds_no_one(
    world: World, tmp_path: Path
) -> None:
    run = _register_with(world, tmp_path, "E1,Zed,Nobody,2015-01-01,9434765919")

    child = run.children.get()
    assert child.person_id != world.child.pk
    assert not Involvement.objects.filter(person=world.child, agency=world.education).exists()
    # The new entry does not take a number the index gives to somebody else.
    assert child.person is not None and not child.person.identifiers.exists()


def test_a_register_row_matching_a_child_by_nhs_number_and_birth_date_gives_only_the_wash_result(
    world: World, tmp_path: Path
) -> None:
    run = _register_with(world, tmp_path, "E1,Amy,Hartley,2011-03-14,9434765919")

    assert run.children.get().person_id == world.child.pk
    # The register's agency learns the child's wash result, not the child's whole record.
    assert not Involvement.objects.filter(person=world.child, agency=world.education).exists()
    assert not Involvement.objects.filter(person=world.child, reason=InvolvementReason.EXTRACT).exists()


def test_the_data_wash_imports_nothing_of_the_visits_app_which_hands_it_visit_contacts() -> None:
    package = Path(services.__file__).parent
    importers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts and "safeguard.visits" in path.read_text(encoding="utf-8")
    ]
    assert importers == []


def test_a_mapping_with_a_line_break_a_quote_and_a_backslash_in_a_header_reaches_the_engine_as_it_was(
    tmp_path: Path,
) -> None:
    header = 'Date\nRegistered "as at" C:\\register'
    extract = Extract(
        encoding="cp1252",
        mapping={header: "date_of_birth", "Pupil Ref": "record_id"},
        date_formats={"date_of_birth": "%d.%m.%Y", "last_seen_date": ""},
    )
    path = tmp_path / "register.toml"
    runs._write_toml_mapping(path, extract)
    mapping = load_mapping(path)
    assert mapping.columns == {header: "date_of_birth", "Pupil Ref": "record_id"}
    assert mapping.date_formats == {"date_of_birth": "%d.%m.%Y"}
    assert mapping.encoding == "cp1252"
