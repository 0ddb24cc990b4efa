"""Faults in production, as separate processes on PostgreSQL: the database drops its connections under the
running web server; the worker is killed with SIGKILL in the middle of a wash."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from safeguard.datawash.services import ABANDONED
from safeguard.datawash.tests.helpers import MODEL
from safeguard.ops.tests.processes import PG_HOST, PG_PORT, PG_USER, drop_postgres, environment, fresh_postgres
from safeguard.ops.tests.processes import python as run_python
from safeguard.ops.tests.processes import safeguard as run_safeguard
from safeguard.ops.tests.test_proof import SEED, Browser, _free_port, _start, _wait_for


def _terminate_connections(database: str) -> int:
    """What a PostgreSQL restart does to the web server: every connection to ``database`` is cut."""
    import psycopg

    with psycopg.connect(dbname="postgres", host=PG_HOST, port=PG_PORT, user=PG_USER, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return len(rows)


@pytest.mark.slow
def test_requests_after_postgresql_drops_every_connection_succeed(tmp_path: Path) -> None:
    database = "ops_faults_restart"
    env = environment(
        database_url=fresh_postgres(database),
        var_dir=tmp_path / "var",
        SAFEGUARD_DEBUG="0",
        SAFEGUARD_DEMO="1",  # no authenticator app in a test
        SAFEGUARD_SSL_REDIRECT="0",
        SAFEGUARD_SECURE_COOKIES="0",
        SAFEGUARD_BEHIND_PROXY="0",
        SAFEGUARD_WEB_WORKERS="1",
        # Connections are kept between requests: the case a restart breaks without health checks.
        SAFEGUARD_DB_CONN_MAX_AGE="600",
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    web: subprocess.Popen[bytes] | None = None
    try:
        run_safeguard("migrate", "--no-input", "-v", "0", env=env)
        run_safeguard("collectstatic", "--no-input", "-v", "0", env=env)
        run_python(SEED, env=env)
        web = _start(["web", f"127.0.0.1:{port}", "--allow-unsafe"], env, tmp_path / "web.log")
        _wait_for(f"{base}/healthz", status=200, seconds=120)
        erin = Browser(base, "erin")
        assert erin.get("/dashboard/").status_code == 200

        assert _terminate_connections(database) >= 1, "the web server kept no connection to cut"

        for _ in range(3):  # every request after the cut, not only the first, is served
            response = erin.get("/dashboard/")
            assert response.status_code == 200, (tmp_path / "web.log").read_text()[-3000:]
    finally:
        if web is not None:
            web.terminate()
            web.wait(timeout=30)
        drop_postgres(database)


# Two runs of the same wash: the first washed in the script (the results that must stand), the second queued
# for the worker that will be killed. Prints the two run ids.
TWO_RUNS = """
from pathlib import Path
from safeguard.core.testing import World
from safeguard.datawash import services
from safeguard.datawash.tests.helpers import AS_OF, MODEL, register_and_health
world = World()
register, health = register_and_health(world, Path({folder!r}))
first = services.run_start(
    actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18, enqueue=False
)
services.run_execute(run_id=first.pk, model_path=MODEL)
second = services.run_start(
    actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
)
print(first.pk, second.pk)
"""


def _run_state(database: str, run: int) -> tuple[str, str, str, int, int]:
    """(status, stage, error, children, review cases) of a wash run, read straight from the database."""
    import psycopg

    with psycopg.connect(dbname=database, host=PG_HOST, port=PG_PORT, user=PG_USER, autocommit=True) as db:
        status, stage, error = db.execute(
            "SELECT status, stage, error FROM datawash_washrun WHERE id = %s", [run]
        ).fetchone() or ("", "", "")
        (children,) = db.execute("SELECT count(*) FROM datawash_cohortchild WHERE run_id = %s", [run]).fetchone() or (
            0,
        )
        (reviews,) = db.execute("SELECT count(*) FROM datawash_reviewcase WHERE run_id = %s", [run]).fetchone() or (0,)
    return str(status), str(stage), str(error), int(children), int(reviews)


def _stored(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


@pytest.mark.slow
def test_a_worker_killed_mid_wash_leaves_the_run_failed_the_earlier_results_standing_and_nothing_half_written(
    tmp_path: Path,
) -> None:
    database = "ops_faults_sigkill"
    scratch = tmp_path / "tmp"  # the workers' temporary folder, where a wash writes as it goes
    scratch.mkdir()
    env = environment(
        database_url=fresh_postgres(database),
        var_dir=tmp_path / "var",
        SAFEGUARD_HEARTBEAT_SECONDS="1",
        SAFEGUARD_HEARTBEAT_STALE_SECONDS="5",
        SAFEGUARD_WASH_MODEL_PATH=str(MODEL),
        TMPDIR=str(scratch),
    )
    workers: list[subprocess.Popen[bytes]] = []
    try:
        run_safeguard("migrate", "--no-input", "-v", "0", env=env)
        first, second = map(int, run_python(TWO_RUNS.format(folder=str(tmp_path / "extracts")), env=env).split())
        before = _run_state(database, first)
        assert before[0] == "succeeded" and before[3] > 0
        stored_before = _stored(tmp_path / "var" / "private")
        assert any(name.startswith("datawash/runs/") for name in stored_before)

        workers.append(_start(["worker"], env, tmp_path / "worker.log"))
        deadline = time.monotonic() + 300
        # Killed once it is washing (past "starting"): reading, scoring or clustering, mid-run.
        while (state := _run_state(database, second))[0] != "running" or state[1] in ("", "starting"):
            assert state[0] in ("queued", "running"), f"the run ended before it could be killed: {state}"
            assert time.monotonic() < deadline, f"the worker never started the run: {state}"
            time.sleep(0.1)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=30)
        assert list(scratch.glob("sg-wash-*")), "the killed worker left its working folder (the case to clean up)"

        time.sleep(6)  # longer than the heartbeat is trusted: the killed worker is known to be gone
        workers.append(_start(["worker"], env, tmp_path / "worker2.log"))
        deadline = time.monotonic() + 120
        while (state := _run_state(database, second))[0] == "running":
            assert time.monotonic() < deadline, (tmp_path / "worker2.log").read_text()[-3000:]
            time.sleep(0.5)

        status, _, error, children, reviews = state
        assert status == "failed" and error == ABANDONED
        assert (children, reviews) == (0, 0), "the killed run wrote rows"
        assert _run_state(database, first) == before, "the earlier run's results changed"
        assert _stored(tmp_path / "var" / "private") == stored_before, "the killed run stored files"
        deadline = time.monotonic() + 30
        while list(scratch.glob("sg-wash-*")):
            assert time.monotonic() < deadline, f"half-written files left: {list(scratch.rglob('*'))[:10]}"
            time.sleep(0.5)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
        drop_postgres(database)


# Two of each at the same moment, each in its own thread with its own database connection, released together.
AT_ONCE = """
import json, threading
from pathlib import Path
from django.core.files import File
from django.db import connection
from safeguard.core.testing import World
from safeguard.datawash import services
from safeguard.datawash.models import Decision, Extract, LinkDecision, ReviewCase, SourceKind
from safeguard.datawash.tests.factories import sample_run
from safeguard.datawash.tests.helpers import small_extracts

world = World()
small_extracts(Path({folder!r}))
_, _, case = sample_run(world)  # a run with a pair waiting for an officer
outcomes = []

def together(*calls):
    gate = threading.Barrier(len(calls))
    def one(call):
        try:
            gate.wait()
            outcomes.append(("ok", call()))
        except Exception as error:
            outcomes.append((type(error).__name__, str(error)))
        finally:
            connection.close()
    threads = [threading.Thread(target=one, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

def upload():
    with (Path({folder!r}) / "health.csv").open("rb") as handle:
        extract = services.extract_receive(
            actor=world.dana, agency=world.health, source_kind=SourceKind.HEALTH, name="health.csv", content=File(handle)
        )
    return extract.version

together(upload, upload)
uploads, outcomes[:] = list(outcomes), []
health_files = sorted(e.file.name for e in Extract.objects.filter(agency=world.health))

def decide(who, decision):
    return lambda: services.review_decide(
        actor=who, case=ReviewCase.objects.get(pk=case.pk), decision=decision, reason="checked"
    ).decision

together(decide(world.erin, Decision.CONFIRM), decide(world.alice, Decision.REJECT))
case.refresh_from_db()
print(json.dumps({{
    "uploads": uploads,
    "versions": sorted(Extract.objects.filter(agency=world.health).values_list("version", flat=True)),
    "files": health_files,
    "decisions": outcomes,
    "stored": case.decision.decision if case.decision else None,
    "for_the_pair": LinkDecision.objects.filter(
        left_source=case.decision.left_source, left_record_id=case.decision.left_record_id,
        right_source=case.decision.right_source, right_record_id=case.decision.right_record_id,
    ).count() if case.decision else 0,
}}))
"""


@pytest.mark.slow
def test_two_uploads_of_one_extract_and_two_officers_deciding_one_pair_at_once_each_have_one_outcome(
    tmp_path: Path,
) -> None:
    database = "ops_faults_at_once"
    env = environment(database_url=fresh_postgres(database), var_dir=tmp_path / "var")
    try:
        run_safeguard("migrate", "--no-input", "-v", "0", env=env)
        found = json.loads(run_python(AT_ONCE.format(folder=str(tmp_path / "extracts")), env=env).splitlines()[-1])
    finally:
        drop_postgres(database)
    # Both uploads are kept, as the next two versions (one after the other), each its own file: no clash, no error.
    assert [outcome for outcome, _ in found["uploads"]] == ["ok", "ok"], found["uploads"]
    assert found["versions"] == [1, 2, 3] and sorted(v for _, v in found["uploads"]) == [2, 3]
    assert len(set(found["files"])) == 3
    # One officer's decision stands; the other is told the pair is already decided.
    outcomes = sorted(outcome for outcome, _ in found["decisions"])
    assert outcomes == ["ReviewProblem", "ok"], found["decisions"]
    decided = next(value for outcome, value in found["decisions"] if outcome == "ok")
    assert found["stored"] == decided and found["for_the_pair"] == 1
    assert "already been decided" in next(value for outcome, value in found["decisions"] if outcome != "ok")
