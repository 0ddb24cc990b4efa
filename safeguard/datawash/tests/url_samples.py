from __future__ import annotations

from typing import Any

from safeguard.core.testing import World
from safeguard.datawash.tests.factories import sample_run


def samples(world: World) -> dict[str, dict[str, Any]]:
    run, child, case = sample_run(world)
    assert run.cohort_extract is not None
    extract = run.cohort_extract.pk
    return {
        "datawash:extract": {"pk": extract},
        "datawash:mapping": {"pk": extract},
        "datawash:extract_withdraw": {"pk": extract},
        "datawash:extract_results": {"pk": extract},
        "datawash:extract_results_export": {"pk": extract},
        "datawash:run": {"pk": run.pk},
        "datawash:run_cancel": {"pk": run.pk},
        "datawash:run_children_export": {"pk": run.pk},
        "datawash:run_status": {"pk": run.pk},
        "datawash:run_report": {"pk": run.pk},
        "datawash:run_report_page": {"pk": run.pk},
        "datawash:child": {"pk": run.pk, "child_pk": child.pk},
        "datawash:review_case": {"pk": case.pk},
    }
