"""What officers are told and may do: what an upload holds, withdrawing it, the run picker, the
uploading agency's own results, what "confidence" means, and review decisions that reach every pair."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.datawash import services
from safeguard.datawash.forms import extract_label
from safeguard.datawash.models import CohortChild, Decision, Extract, ReviewCase, SourceKind
from safeguard.datawash.tests.factories import sample_run
from safeguard.datawash.uploads import UploadProblem

pytestmark = pytest.mark.django_db

FIVE_CHILDREN = (
    "record_id,given_name,family_name,date_of_birth,postcode\n"
    "E1,Amelia,Hartley,2011-03-14,DL3 7AB\n"
    "E2,Ben,Stokes,2012-02-02,DL1 1AA\n"
    "E3,Cara,Jones,2013-03-03,DL2 2BB\n"
    "E4,Dev,Patel,2010-04-04,DL3 3CC\n"
    "E5,Ella,Brown,2014-05-05,DL1 4DD\n"
)


def _receive(world: World, content: str, name: str = "register.csv") -> Extract:
    extract = services.extract_receive(
        actor=world.dana,
        agency=world.health,
        source_kind=SourceKind.HEALTH,
        name=name,
        content=ContentFile(content.encode()),
    )
    return services.extract_map(
        actor=world.dana, extract=extract, columns={h: h for h in extract.headers}, date_formats={}
    )


@pytest.mark.parametrize("content", ["record_id,given_name,family_name\n", "record_id,given_name\n\n,\n"])
def test_a_file_with_a_header_and_no_rows_is_refused(world: World, content: str) -> None:
    with pytest.raises(UploadProblem, match="a header row but no rows of data"):
        _receive(world, content)
    assert not Extract.objects.exists()


def test_after_an_upload_the_officer_is_told_what_was_found_and_what_comes_next(world: World) -> None:
    extract = _receive(world, FIVE_CHILDREN)
    assert extract.found_text.startswith(
        "5 children, none with an NHS number or UPN: matching will rely on names, dates of birth and addresses."
    )
    page = signed_in_client(world.dana).get(reverse("datawash:extract", args=[extract.pk])).content.decode()
    assert "none with an NHS number or UPN" in page
    assert "Every NHS number and UPN passed its check" not in page

    # A second upload of the same layout is checked with the saved mapping at once, and says so.
    response = signed_in_client(world.dana).post(
        reverse("datawash:upload"),
        {"source_kind": "health", "encoding": "utf-8", "file": ContentFile(FIVE_CHILDREN.encode(), name="again.csv")},
        follow=True,
    )
    assert "5 children, none with an NHS number or UPN" in response.content.decode()
    assert "Next, an analyst includes it in a wash run" in response.content.decode()


def test_an_upload_no_run_has_used_can_be_withdrawn_and_the_withdrawal_is_audited(world: World) -> None:
    extract = _receive(world, FIVE_CHILDREN)
    client = signed_in_client(world.dana)
    assert "Withdraw this upload" in client.get(reverse("datawash:extract", args=[extract.pk])).content.decode()

    response = client.post(reverse("datawash:extract_withdraw", args=[extract.pk]))

    assert response.status_code == 302
    assert not Extract.objects.filter(pk=extract.pk).exists()
    assert AuditEvent.objects.filter(
        action=Action.DELETE, object_id=str(extract.pk), summary__startswith="Withdrew"
    ).exists()


def test_an_upload_a_run_has_used_cannot_be_withdrawn(world: World) -> None:
    run, _, _ = sample_run(world)
    assert run.cohort_extract is not None
    used = run.cohort_extract
    page = signed_in_client(world.dana).get(reverse("datawash:extract", args=[used.pk])).content.decode()
    assert "Withdraw this upload" not in page
    with pytest.raises(UploadProblem, match="used by a wash run"):
        services.extract_withdraw(actor=world.dana, extract=used)
    assert Extract.objects.filter(pk=used.pk).exists()


def test_each_version_in_the_run_picker_says_when_who_and_how_many_rows(world: World) -> None:
    extract = _receive(world, FIVE_CHILDREN)
    label = extract_label(Extract.objects.select_related("agency", "uploaded_by").get(pk=extract.pk))
    assert "received" in label and " at " in label and "from Dana Tester" in label and "(5 rows)" in label
    page = signed_in_client(world.erin).get(reverse("datawash:run_new")).content.decode()
    assert "from Dana Tester (5 rows)" in page


def test_the_uploading_officer_sees_her_registers_results_within_her_agency(world: World) -> None:
    run, _, _ = sample_run(world)  # the sample register is the health trust's upload
    assert run.cohort_extract is not None
    url = reverse("datawash:extract_results", args=[run.cohort_extract.pk])
    page = signed_in_client(world.dana).get(url).content.decode()
    assert "Amelia Hartley" in page and "Not seen" in page
    assert AuditEvent.objects.filter(action=Action.VIEW, summary__startswith="Viewed the wash results").exists()
    # Another agency's register is not hers to see.
    run.cohort_extract.agency = world.police
    run.cohort_extract.save(update_fields=["agency"])
    assert signed_in_client(world.dana).get(url).status_code == 404


def test_confidence_says_what_the_wash_is_sure_of(world: World) -> None:
    run, child, _ = sample_run(world)
    child.confidence = 1.0
    child.save(update_fields=["confidence"])
    assert child.confidence_text == "100% sure no record showing a recent sighting is this child's"
    page = signed_in_client(world.erin).get(reverse("datawash:run", args=[run.pk])).content.decode()
    assert "100% sure no record showing a recent sighting" in page and "1.000" not in page


def test_record_ids_are_not_listed_as_a_difference(world: World) -> None:
    _, _, case = sample_run(world)  # E1 and H1: different ids, the same first name
    page = signed_in_client(world.erin).get(reverse("datawash:review_case", args=[case.pk])).content.decode()
    assert "Differ" not in page and "each agency numbers its own records" in page


def test_a_decision_applies_at_once_to_the_same_childs_other_pairs_with_that_record(world: World) -> None:
    run, child, case = sample_run(world)
    other = ReviewCase.objects.create(
        run=run,
        child=child,
        probability=0.5,
        why="uncertain match",
        left={"source": "school_census_dbc_education", "record_id": "S1", "label": "School"},
        right={"source": "health_cddft", "record_id": "H1", "label": "Health"},
    )
    unrelated = ReviewCase.objects.create(
        run=run,
        child=child,
        probability=0.5,
        why="uncertain match",
        left={"source": "ehe_register_dbc_education", "record_id": "E1", "label": "Register"},
        right={"source": "police_durham_police", "record_id": "P7", "label": "Police"},
    )

    services.review_decide(actor=world.erin, case=case, decision=Decision.REJECT, reason="different fathers")

    other.refresh_from_db()
    unrelated.refresh_from_db()
    assert other.decision is not None and other.decision.decision == Decision.REJECT
    assert (other.decision.left_record_id, other.decision.right_record_id) == ("S1", "H1")
    assert unrelated.decision is None or unrelated.decision.right_record_id == "P7"
    assert not CohortChild.objects.filter(pk=child.pk, status="seen").exists()
