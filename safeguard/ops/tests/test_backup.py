"""Backup and restore: the manifest is checked before anything is touched, and the drill on PostgreSQL."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from django.test import SimpleTestCase

from safeguard.ops.backup import MANIFEST, BackupError, read_verified_manifest
from safeguard.ops.tests.processes import drop_postgres, environment, fresh_postgres, python, safeguard


class ManifestTests(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="safeguard-backup-"))
        self.addCleanup(shutil.rmtree, self.folder)
        (self.folder / "database.sqlite3").write_bytes(b"db")
        (self.folder / MANIFEST).write_text(
            json.dumps(
                {
                    "format": 1,
                    "engine": "sqlite",
                    "database_file": "database.sqlite3",
                    "audit_head": "",
                    "files": {
                        "database.sqlite3": "a0b1e7fb8a5d4ab7c3ef0cd4dfc8e9ea3c0d04c5d0a1a6e38e2aee3f0f1ad3e4",
                        "private/photo.jpg": "0" * 64,
                    },
                }
            )
        )

    def test_a_damaged_or_missing_file_is_named_and_nothing_is_restored(self) -> None:
        with pytest.raises(BackupError) as caught:
            read_verified_manifest(self.folder)
        message = str(caught.value)
        assert "nothing was restored" in message
        assert "database.sqlite3: checksum differs" in message
        assert "private/photo.jpg: missing" in message

    def test_a_folder_without_a_manifest_is_not_a_backup(self) -> None:
        (self.folder / MANIFEST).unlink()
        with self.assertRaisesMessage(BackupError, "not a Safeguard backup"):
            read_verified_manifest(self.folder)


SEED = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from safeguard.core.testing import World
world = World()
default_storage.save("papers/minutes.txt", ContentFile(b"synthetic minutes"))
print(world.child.pk)
"""

CHILD_PAGE = """
import re
from django.urls import reverse
from safeguard.core.testing import signed_in_client
from safeguard.partnership.models import User
client = signed_in_client(User.objects.get(username="charlie"))
response = client.get(reverse("people:detail", args=[{pk}]))
assert response.status_code == 200, response.status_code
main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
print(main)
"""


def _comparable(html: str) -> str:
    # Per-request values (CSRF tokens, CSP nonces) differ on every page; the record must not.
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', r'\\1=""', html)


@pytest.mark.slow
def test_the_backup_drill_on_postgresql_restores_the_chain_and_a_childs_page(tmp_path: Path) -> None:
    database = "ops_drill"
    env = environment(database_url=fresh_postgres(database), var_dir=tmp_path / "var", SAFEGUARD_DEBUG="1")
    try:
        safeguard("migrate", "--no-input", "-v", "0", env=env)
        child = python(SEED, env=env).strip()
        page_before = _comparable(python(CHILD_PAGE.replace("{pk}", child), env=env))
        assert "Hartley" in page_before

        safeguard("backup", "--out", str(tmp_path / "backup"), env=env)
        manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
        assert manifest["engine"] == "postgresql" and manifest["audit_head"]
        assert "private/papers/minutes.txt" in manifest["files"]

        # Wipe: a new empty database and no private files.
        fresh_postgres(database)
        shutil.rmtree(tmp_path / "var" / "private")

        safeguard("restore", str(tmp_path / "backup"), env=env)
        verified = safeguard("audit", "verify", "--anchor", manifest["audit_head"], env=env)
        assert "no breaks" in verified
        assert (tmp_path / "var" / "private" / "papers" / "minutes.txt").read_bytes() == b"synthetic minutes"
        assert _comparable(python(CHILD_PAGE.replace("{pk}", child), env=env)) == page_before
    finally:
        drop_postgres(database)
