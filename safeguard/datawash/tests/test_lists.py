"""The children of a wash run and the review queue page, filter, export and say how many; the progress page polls."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.datawash.models import CohortChild, ReviewCase, RunStatus, WashRun
from safeguard.datawash.tests.factories import sample_run

pytestmark = pytest.mark.django_db


def _more_children(run, *, unseen: int, seen: int) -> None:  # type: ignore[no-untyped-def]
    CohortChild.objects.bulk_create(
        [CohortChild(run=run, cohort_source="ehe", cohort_record_id=f"U{i:03}", status="unseen") for i in range(unseen)]
        + [CohortChild(run=run, cohort_source="ehe", cohort_record_id=f"S{i:03}", status="seen") for i in range(seen)]
    )


def test_a_runs_children_are_paged_and_the_status_filter_survives_the_page_links(world: World) -> None:
    run, _, _ = sample_run(world)
    _more_children(run, unseen=60, seen=5)
    client = signed_in_client(world.erin)

    page = client.get(reverse("datawash:run", args=[run.pk]), {"status": "unseen"}).content.decode()

    assert "Showing 1 to 50 of 61 children" in page
    assert "?status=unseen&amp;page=2" in page
    assert "S000" not in page
    second = client.get(reverse("datawash:run", args=[run.pk]), {"status": "unseen", "page": "2"}).content.decode()
    assert "Showing 51 to 61 of 61 children" in second
    every = client.get(reverse("datawash:run", args=[run.pk])).content.decode()
    assert "of 66 children" in every


def test_an_unknown_status_shows_every_child_rather_than_none(world: World) -> None:
    run, _, _ = sample_run(world)
    page = signed_in_client(world.erin).get(reverse("datawash:run", args=[run.pk]), {"status": "<b>"}).content.decode()
    assert "Showing 1 to 1 of 1 children" in page


def test_the_children_export_is_csv_of_the_filtered_children_and_is_audited(world: World) -> None:
    run, _, _ = sample_run(world)
    _more_children(run, unseen=2, seen=3)
    CohortChild.objects.filter(cohort_record_id="S000").update(last_seen_by="=HYPERLINK(1)")

    response = signed_in_client(world.erin).get(
        reverse("datawash:run_children_export", args=[run.pk]), {"status": "seen"}
    )

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][0] == "Cohort record" and len(rows) == 4
    assert {r[0] for r in rows[1:]} == {"S000", "S001", "S002"}
    assert "'=HYPERLINK(1)" in {r[5] for r in rows}  # a spreadsheet will not run it
    event = AuditEvent.objects.get(action=Action.EXPORT, object_id=str(run.pk))
    assert event.summary == f"Exported 3 children of wash run {run.pk} with status seen as CSV"


def test_the_children_filter_by_the_source_that_last_saw_them_and_the_export_follows(world: World) -> None:
    run, _, _ = sample_run(world)
    _more_children(run, unseen=2, seen=3)
    CohortChild.objects.filter(cohort_record_id__in=["S000", "S001"]).update(last_seen_by="Health visiting")
    CohortChild.objects.filter(cohort_record_id="S002").update(last_seen_by="School census")
    client = signed_in_client(world.erin)

    page = client.get(reverse("datawash:run", args=[run.pk]), {"source": "Health visiting"}).content.decode()
    never = client.get(reverse("datawash:run", args=[run.pk]), {"source": "none"}).content.decode()
    export = client.get(
        reverse("datawash:run_children_export", args=[run.pk]), {"source": "Health visiting", "status": "seen"}
    )

    assert "Showing 1 to 2 of 2 children" in page and "S002" not in page
    assert '<option value="School census">School census</option>' in page
    assert "source=Health+visiting" in page  # the download link keeps the filter
    assert "Showing 1 to 3 of 3 children" in never  # the register child and the two unseen: no source saw them
    rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {"S000", "S001"}
    event = AuditEvent.objects.get(action=Action.EXPORT, object_id=str(run.pk))
    assert (
        event.summary
        == f"Exported 2 children of wash run {run.pk} with status seen and last seen by Health visiting as CSV"
    )


def test_a_source_no_child_was_seen_by_is_ignored_rather_than_showing_no_one(world: World) -> None:
    run, _, _ = sample_run(world)
    page = (
        signed_in_client(world.erin)
        .get(reverse("datawash:run", args=[run.pk]), {"source": "Jo Bloggs"})
        .content.decode()
    )
    assert "Showing 1 to 1 of 1 children" in page


def test_a_run_without_results_has_no_export(world: World) -> None:
    run, _, _ = sample_run(world)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    response = signed_in_client(world.erin).get(reverse("datawash:run_children_export", args=[run.pk]))
    assert response.status_code == 404


def test_the_review_queue_says_how_many_pairs_wait_even_past_the_first_page(world: World) -> None:
    run, child, case = sample_run(world)
    ReviewCase.objects.bulk_create(
        [
            ReviewCase(run=run, child=child, probability=0.4, why=f"uncertain {i}", left=case.left, right=case.right)
            for i in range(230)
        ]
    )

    page = signed_in_client(world.erin).get(reverse("datawash:review")).content.decode()

    assert "231 pairs waiting" in page
    assert "Showing 1 to 50 of 231 pairs" in page and "page=5" in page


def test_the_review_queue_filters_by_kind_and_source_and_keeps_the_filter_across_pages(world: World) -> None:
    run, child, case = sample_run(world)
    school = {**case.right, "source": "school_census", "label": "School"}
    ReviewCase.objects.bulk_create(
        [
            ReviewCase(run=run, child=child, probability=0.4, why=f"school {i}", left=case.left, right=school)
            for i in range(60)
        ]
        + [ReviewCase(run=run, child=None, probability=0.3, why="unlinked pair", left=case.left, right=case.right)]
    )
    client = signed_in_client(world.erin)

    schools = client.get(reverse("datawash:review"), {"source": "School"}).content.decode()
    second = client.get(reverse("datawash:review"), {"source": "School", "page": "2"}).content.decode()
    no_child = client.get(reverse("datawash:review"), {"kind": "other"}).content.decode()
    unknown = client.get(reverse("datawash:review"), {"kind": "nonsense", "source": "Nowhere"}).content.decode()

    assert "Showing 1 to 50 of 60 pairs" in schools and "?source=School&amp;page=2" in schools
    assert "Showing 51 to 60 of 60 pairs" in second
    assert "1 pair waiting" in no_child and "unlinked pair" in no_child and "school 0" not in no_child
    assert "62 pairs waiting" in unknown


def test_the_progress_page_polls_a_status_instead_of_refreshing_itself(world: World) -> None:
    run, _, _ = sample_run(world)
    run.status, run.stage, run.percent = RunStatus.RUNNING, "comparing records", 40
    run.save(update_fields=["status", "stage", "percent"])
    client = signed_in_client(world.erin)

    page = client.get(reverse("datawash:run", args=[run.pk])).content.decode()
    status = client.get(reverse("datawash:run_status", args=[run.pk])).json()

    assert '<noscript><meta http-equiv="refresh"' in page
    assert 'aria-live="polite"' in page and "safeguard/run_progress" in page
    assert reverse("datawash:run_status", args=[run.pk]) in page
    assert status == {"status": "running", "active": True, "percent": 40, "message": "Now comparing records (40%)"}


def test_another_partnership_cannot_read_a_runs_status(world: World) -> None:
    run, _, _ = sample_run(world)
    assert signed_in_client(world.heidi).get(reverse("datawash:run_status", args=[run.pk])).status_code == 404


def test_the_runs_and_extracts_lists_page_rather_than_stop_at_a_hundred(world: World) -> None:
    run, _, _ = sample_run(world)
    WashRun.objects.bulk_create(
        [
            WashRun(partnership=world.darlington, cohort_kind=run.cohort_kind, as_of=run.as_of, started_by=world.erin)
            for _ in range(120)
        ]
    )
    runs = signed_in_client(world.erin).get(reverse("datawash:runs")).content.decode()
    extracts = signed_in_client(world.dana).get(reverse("datawash:extracts")).content.decode()
    assert "Showing 1 to 50 of 121 runs" in runs and "page=3" in runs
    assert "Showing 1 to 1 of 1 extracts" in extracts


def test_the_uploading_agencys_register_results_are_paged_and_the_status_filter_survives_the_page_links(
    world: World,
) -> None:
    run, _, _ = sample_run(world)
    assert run.cohort_extract is not None
    _more_children(run, unseen=60, seen=5)
    url = reverse("datawash:extract_results", args=[run.cohort_extract.pk])
    client = signed_in_client(world.dana)

    unseen = client.get(url, {"status": "unseen"}).content.decode()
    second = client.get(url, {"status": "unseen", "page": "2"}).content.decode()
    every = client.get(url).content.decode()
    unknown = client.get(url, {"status": "<b>"}).content.decode()

    assert "Showing 1 to 50 of 61 children" in unseen and "S000" not in unseen
    assert "?status=unseen&amp;page=2" in unseen
    assert "results.csv?status=unseen" in unseen  # the download link keeps the filter
    assert "Showing 51 to 61 of 61 children" in second
    assert "Showing 1 to 50 of 66 children" in every and "Download every child as CSV" in every
    assert "of 66 children" in unknown
    assert AuditEvent.objects.filter(
        action=Action.VIEW, summary__endswith="(50 of 61 children with status unseen)"
    ).exists()


def test_the_register_results_export_is_csv_of_the_filtered_children_without_who_saw_them_and_is_audited(
    world: World,
) -> None:
    run, _, _ = sample_run(world)
    assert run.cohort_extract is not None
    _more_children(run, unseen=2, seen=3)
    CohortChild.objects.filter(cohort_source="ehe").update(last_seen_by="Health visiting")
    CohortChild.objects.filter(cohort_record_id="S000").update(cohort_record_id="=HYPERLINK(1)")

    response = signed_in_client(world.dana).get(
        reverse("datawash:extract_results_export", args=[run.cohort_extract.pk]), {"status": "seen"}
    )

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Your record", "Child", "Date of birth", "Status", "Last seen"]
    assert {r[0] for r in rows[1:]} == {"'=HYPERLINK(1)", "S001", "S002"}  # a spreadsheet will not run it
    assert "Health visiting" not in response.getvalue().decode("utf-8-sig")  # who saw them stays with the wash
    event = AuditEvent.objects.get(action=Action.EXPORT, object_id=str(run.cohort_extract.pk))
    assert event.summary == (
        f"Exported 3 children of {run.cohort_extract} from wash run {run.pk} with status seen as CSV"
    )


def test_another_agencys_register_results_cannot_be_exported_nor_a_register_no_run_used(world: World) -> None:
    run, _, _ = sample_run(world)
    extract = run.cohort_extract
    assert extract is not None
    url = reverse("datawash:extract_results_export", args=[extract.pk])
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    assert signed_in_client(world.dana).get(url).status_code == 404
    run.status = RunStatus.SUCCEEDED
    run.save(update_fields=["status"])
    extract.agency = world.police
    extract.save(update_fields=["agency"])
    assert signed_in_client(world.dana).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_review_queue_export_is_csv_of_the_filtered_pairs_with_record_ids_and_is_audited(world: World) -> None:
    run, child, case = sample_run(world)
    school = {**case.right, "label": "School", "record_id": "=S9", "family_name": "Hartley"}
    ReviewCase.objects.bulk_create(
        [
            ReviewCase(run=run, child=child, probability=0.4, why=f"school {i}", left=case.left, right=school)
            for i in range(3)
        ]
    )
    client = signed_in_client(world.erin)

    page = client.get(reverse("datawash:review"), {"source": "School"}).content.decode()
    response = client.get(reverse("datawash:review_export"), {"source": "School", "kind": "nonsense"})

    assert "pairs.csv?source=School" in page and "Download these pairs as CSV" in page
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == [
        "Wash run",
        "Register record",
        "Register child",
        "Decides status",
        "Possible match from",
        "Possible match record",
        "Possible match",
        "Why it is in doubt",
        "Probability",
    ]
    assert len(rows) == 4
    assert rows[1] == [
        str(run.pk),
        "E1",
        "Amelia Hartley",
        "No",
        "School",
        "'=S9",
        "Amelia Hartley",
        "school 0",
        "0.400",
    ]
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="datawash.reviewcase")
    assert event.summary == "Exported 3 pairs from the link review queue with possible match from School as CSV"


def test_only_those_who_check_links_can_export_the_review_queue(world: World) -> None:
    sample_run(world)
    assert signed_in_client(world.dana).get(reverse("datawash:review_export")).status_code == 403
