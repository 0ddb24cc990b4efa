"""The proof: web, worker and scheduler as separate processes on PostgreSQL carry a data wash over HTTP.

Production settings (debug off, hashed static files, JSON logs) except HTTPS, which a test
on one machine cannot have: the web server is started with --allow-unsafe for that.
"""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from safeguard.datawash.models import CANONICAL_FIELDS
from safeguard.datawash.tests.helpers import AS_OF, MODEL, small_extracts
from safeguard.ops.tests.processes import PYTHON, drop_postgres, environment, fresh_postgres, python, safeguard

SEED = """
from safeguard.core.testing import World
from safeguard.partnership.roles import Role
world = World()
world._user("eddie", world.education, Role.DATA_OFFICER)
"""
PASSWORD = "correct horse battery staple"
# The scheduled runs finished cleanly so far, one line per (job, slot).
RUNS = """
from safeguard.ops.models import JobRun
for run in JobRun.objects.filter(finished_at__isnull=False, ok=True).order_by("job"):
    print(f"{run.job}@{run.slot}")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, *, status: int, seconds: float) -> requests.Response:
    deadline = time.monotonic() + seconds
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = response = requests.get(url, timeout=10)
            if response.status_code == status:
                return response
        except requests.ConnectionError as error:
            last = error
        time.sleep(2)
    raise AssertionError(f"{url} did not answer {status} within {seconds}s; last: {last!r}")


class Browser:
    """A person at a browser: a session, and forms posted with the CSRF token."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.get("/sign-in/")
        response = self.post("/sign-in/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"{username} could not sign in: {response.status_code}"

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base + path, timeout=60, allow_redirects=False)

    def post(self, path: str, data: dict[str, object], files: dict[str, Any] | None = None) -> requests.Response:
        data = {**data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.session.post(self.base + path, data=data, files=files, timeout=120, allow_redirects=False)

    def upload(self, path: Path, kind: str) -> int:
        """Upload an extract, map its columns if asked, and return its id."""
        with path.open("rb") as handle:
            response = self.post(
                "/data-wash/extracts/upload/",
                {"source_kind": kind, "encoding": "utf-8"},
                files={"file": (path.name, handle, "text/csv")},
            )
        assert response.status_code == 302, response.text[:2000]
        location = response.headers["Location"]
        extract_id = int(location.rstrip("/").split("/")[-1 if not location.endswith("columns/") else -2])
        if location.endswith("columns/"):
            with path.open(newline="", encoding="utf-8") as handle:
                headers = [h for h in next(csv.reader(handle)) if h]
            columns = {f"col_{i}": (h if h in CANONICAL_FIELDS else "") for i, h in enumerate(headers)}
            mapped = self.post(location, {**columns, "date_of_birth_format": "", "last_seen_date_format": ""})
            assert mapped.status_code == 302, mapped.text[:2000]
        return extract_id


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([PYTHON, "-m", "safeguard.cli", *args], env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.mark.slow
def test_web_worker_and_scheduler_as_separate_processes_carry_a_data_wash_over_http(tmp_path: Path) -> None:
    database = "ops_proof"
    env = environment(
        database_url=fresh_postgres(database),
        var_dir=tmp_path / "var",
        SAFEGUARD_DEBUG="0",
        SAFEGUARD_DEMO="1",  # no authenticator app in a test: the second factor is the one thing skipped
        SAFEGUARD_SSL_REDIRECT="0",
        SAFEGUARD_SECURE_COOKIES="0",
        SAFEGUARD_BEHIND_PROXY="0",
        SAFEGUARD_WEB_WORKERS="2",
        SAFEGUARD_HEARTBEAT_SECONDS="2",
        SAFEGUARD_WASH_MODEL_PATH=str(MODEL),
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        safeguard("migrate", "--no-input", "-v", "0", env=env)
        safeguard("collectstatic", "--no-input", "-v", "0", env=env)
        python(SEED, env=env)
        small_extracts(tmp_path / "extracts")

        processes.append(_start(["web", f"127.0.0.1:{port}", "--allow-unsafe"], env, tmp_path / "web.log"))
        processes.append(_start(["worker"], env, tmp_path / "worker.log"))
        # Two schedulers, as on two servers: each job's run is claimed by one of them.
        processes.append(_start(["scheduler", "--tick", "5"], env, tmp_path / "scheduler.log"))
        processes.append(_start(["scheduler", "--tick", "5"], env, tmp_path / "scheduler2.log"))
        # Ready means the database, migrations, a worker's and a scheduler's heartbeats and disk space.
        ready = _wait_for(f"{base}/readyz", status=200, seconds=240).json()
        assert ready["failing"] == []
        assert requests.get(f"{base}/static/govuk/govuk-frontend.min.css", timeout=10).status_code == 200

        register = Browser(base, "eddie").upload(tmp_path / "extracts" / "ehe_register.csv", "ehe_register")
        health = Browser(base, "dana").upload(tmp_path / "extracts" / "health.csv", "health")

        erin = Browser(base, "erin")
        started = erin.post(
            "/data-wash/runs/new/",
            {
                "cohort_extract": register,
                "source_extracts": [health],
                "as_of_day": AS_OF.day,
                "as_of_month": AS_OF.month,
                "as_of_year": AS_OF.year,
                "unseen_months": 18,
                "include_visits": "on",
            },
        )
        assert started.status_code == 302, started.text[:2000]
        run = int(started.headers["Location"].rstrip("/").split("/")[-1])
        # The run page refreshes itself while the worker has the run; then it shows the results.
        deadline = time.monotonic() + 600
        while 'http-equiv="refresh"' in (page := erin.get(f"/data-wash/runs/{run}/")).text:
            assert time.monotonic() < deadline, f"the worker did not finish run {run}"
            time.sleep(3)
        assert page.status_code == 200
        assert "Children by status" in page.text, (tmp_path / "worker.log").read_text()[-3000:]
        assert "Not seen" in page.text

        runs = python(RUNS, env=env).split()
        assert len(runs) == len(set(runs)), runs
        assert {"purge_extracts", "rhi_reminders"} <= {run.split("@")[0] for run in runs}, runs
        for log in ("scheduler.log", "scheduler2.log"):
            assert "Traceback" not in (tmp_path / log).read_text(), (tmp_path / log).read_text()[-3000:]

        # The web server logs JSON lines, each tied to its request.
        lines = [json.loads(line) for line in (tmp_path / "web.log").read_text().splitlines() if line.startswith("{")]
        assert any(line.get("path") == f"/data-wash/runs/{run}/" and line.get("request_id") for line in lines)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        drop_postgres(database)
