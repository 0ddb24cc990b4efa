"""Faults in production: the database drops its connections under the running web server."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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
