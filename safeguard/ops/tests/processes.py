"""Running ``safeguard`` as separate processes against a PostgreSQL database of the test's own."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
PYTHON = sys.executable


def fresh_postgres(name: str) -> str:
    """Drop and create database ``name``; skips the test when PostgreSQL is not reachable."""
    if os.environ.get("CI") and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # These tests start their own processes on their own database whatever the suite runs on: CI runs them
        # once, in its PostgreSQL pass, instead of once per pass.
        pytest.skip("CI runs the process tests in its PostgreSQL pass")
    psycopg = pytest.importorskip("psycopg")
    try:
        with psycopg.connect(
            dbname="postgres", host=PG_HOST, port=PG_PORT, user=PG_USER, autocommit=True, connect_timeout=3
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable on 127.0.0.1:5432: {error}")
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", host=PG_HOST, port=PG_PORT, user=PG_USER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(*, database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEGUARD_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="safeguard.settings",
        SAFEGUARD_VAR_DIR=str(var_dir),
        SAFEGUARD_SECRET_KEY="process-test-" + "x" * 40,
        SAFEGUARD_FIELD_KEY=base64.urlsafe_b64encode(b"k" * 32).decode(),
        SAFEGUARD_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def safeguard(*args: str, env: dict[str, str], timeout: float = 600) -> str:
    """Run ``safeguard ARGS`` to the end; its output, or the test fails with it."""
    result = subprocess.run(
        [PYTHON, "-m", "safeguard.cli", *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"safeguard {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def python(code: str, *, env: dict[str, str], timeout: float = 600) -> str:
    """Run ``code`` in a fresh process with Django set up."""
    prelude = "import django; django.setup()\n"
    result = subprocess.run(
        [PYTHON, "-c", prelude + code], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"script failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout
