"""A real OpenID Connect provider for the tests: scripts/oidc-test-provider.mjs on Node.js.

It is the certified `oidc-provider` package (a devDependency, installed by `npm ci` in
`make install`), started on 127.0.0.1 on a port the OS picks, and stopped after the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
import requests
from django.urls import get_resolver

from safeguard.core.testing import World
from safeguard.signon.services import sign_on_save

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "oidc-test-provider.mjs"
CLIENT_ID = "safeguard-test-client"
CLIENT_SECRET = "a-test-client-secret-that-is-long-enough"
# The provider id Safeguard gives Darlington Children's Services in the test world.
PROVIDER_ID = "darlington-dbc-childrens"

# Who the provider knows. Safeguard knows charlie and erin (children's services) and ivan (health).
ACCOUNTS: dict[str, dict[str, Any]] = {
    "charlie-sub": {"email": "Charlie@Example.org", "email_verified": True, "name": "Charlie Tester", "amr": ["pwd"]},
    "erin-sub": {"email": "erin@example.org", "email_verified": True, "name": "Erin Tester", "amr": ["pwd", "mfa"]},
    "stranger-sub": {"email": "stranger@example.org", "email_verified": True, "name": "Sam Stranger"},
    "unverified-sub": {"email": "charlie@example.org", "email_verified": False, "name": "Not Charlie"},
    "ivan-sub": {"email": "ivan@example.org", "email_verified": True, "name": "Ivan Tester", "amr": ["mfa"]},
}


@dataclass(frozen=True)
class OidcTestProvider:
    issuer: str
    client_id: str
    client_secret: str


@pytest.fixture(scope="session")
def oidc_provider(live_server: Any) -> Iterator[OidcTestProvider]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the single sign-on tests need it to run the test OpenID provider")
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("node_modules/oidc-provider is missing: run `make install` (npm ci)")
    env = {
        **os.environ,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": f"{live_server.url}/sign-in/sso/{PROVIDER_ID}/login/callback/",
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
    }
    # Its warnings go to a file, not a pipe nobody reads (a full pipe would stall the provider).
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [node, str(SCRIPT)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True
        )
        try:
            yield _wait_until_ready(process, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen[str], log: IO[str]) -> OidcTestProvider:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("ready "):
        process.kill()
        process.wait()
        log.seek(0)
        pytest.fail(f"The test OpenID provider did not start: {line}{log.read()}")
    issuer = line.split(" ", 1)[1].strip()
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                return OidcTestProvider(issuer=issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            pytest.fail("The test OpenID provider never served its discovery document")
        time.sleep(0.2)


@pytest.fixture
def sso_world(world: World, oidc_provider: OidcTestProvider) -> World:
    """The test world with Darlington Children's Services signing in through the test provider."""
    get_resolver().url_patterns  # noqa: B018 – load every app's URLs before the first request
    sign_on = sign_on_save(
        actor=world.alice,
        agency=world.childrens,
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        is_enabled=True,
    )
    assert sign_on.provider_id == PROVIDER_ID
    return world
