"""Backing up and restoring a whole installation: database, private files and the audit chain's head.

A backup is a folder:

- ``database.pgdump`` (``pg_dump`` custom format) or ``database.sqlite3`` (SQLite's own online copy);
- ``private/``: the uploaded files under the var dir (extracts, photos, papers);
- ``manifest.json``: each file's SHA-256, the engine, the version, and the audit chain's
  head as ``safeguard audit verify`` prints it.

Restore checks every checksum before it touches anything, then proves the restored chain
reaches the head noted at backup. Soft intelligence in the dump stays encrypted: it can be
read only with the field key (``SAFEGUARD_FIELD_KEY``), which is escrowed separately
(docs/deploy.md), never written into a backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from safeguard.audit.chain import Anchor
from safeguard.audit.selectors import verify_chain
from safeguard.ops.config import version

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    files: int
    audit_head: str
    audit_ok: bool


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # not on the command line, where `ps` would show it
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def backup(*, out: Path) -> BackupSummary:
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: give a new folder for each backup")
    engine = _engine()
    # The head first: events written while the dump runs come after it, so it is always in the dump.
    chain = verify_chain()
    out.mkdir(parents=True, exist_ok=True)
    if engine == "postgresql":
        database_file = out / "database.pgdump"
        args, env = _pg_args()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database_file), *args], env)
    else:
        database_file = out / "database.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]))
        target = sqlite3.connect(str(database_file))
        try:
            source.backup(target)  # consistent even while other processes write (WAL)
        finally:
            target.close()
            source.close()
    private = Path(settings.MEDIA_ROOT)
    if private.exists():
        shutil.copytree(private, out / "private")
    files = sorted(p for p in out.rglob("*") if p.is_file())
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "safeguard_version": version(),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "engine": engine,
        "database_file": database_file.name,
        "audit_head": str(chain.head) if chain.head is not None else "",
        "audit_events": chain.checked,
        "audit_chain_ok_at_backup": chain.ok,
        "files": {p.relative_to(out).as_posix(): _sha256(p) for p in files},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return BackupSummary(folder=out, files=len(files), audit_head=manifest["audit_head"], audit_ok=chain.ok)


def read_verified_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its checksum; otherwise which are not."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a Safeguard backup") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"{folder / MANIFEST} is damaged: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not one this version reads ({FORMAT})")
    problems = []
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif _sha256(path) != expected:
            problems.append(f"{name}: checksum differs (damaged or changed)")
    if problems:
        raise BackupError("The backup does not match its manifest; nothing was restored:\n" + "\n".join(problems))
    return manifest


def restore(*, folder: Path) -> dict[str, Any]:
    """Replace this installation's database and private files with the backup's; returns the manifest."""
    manifest = read_verified_manifest(folder)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"The backup is of {manifest['engine']} and this installation uses {engine}")
    database_file = folder / manifest["database_file"]
    connections.close_all()
    if engine == "postgresql":
        args, env = _pg_args()
        # The schema is emptied first, so tables added since the backup do not survive it.
        psql = ["psql", "--quiet", "--set", "ON_ERROR_STOP=1", *args]
        _run([*psql, "--command", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], env)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", *args, str(database_file)], env)
    else:
        target = Path(str(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]))
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(database_file, target)
    private = Path(settings.MEDIA_ROOT)
    if private.exists():
        # Kept aside rather than deleted, in case the restore was a mistake.
        aside = private.with_name(f"{private.name}.before-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}")
        private.rename(aside)
    if (folder / "private").exists():
        shutil.copytree(folder / "private", private)
    else:
        private.mkdir(parents=True)
    if manifest["audit_head"]:
        result = verify_chain(anchors=(Anchor.parse(manifest["audit_head"]),))
        if not result.ok:
            raise BackupError(
                f"Restored, but the audit chain does not verify against the backup's head "
                f"{manifest['audit_head']}: event {result.first_bad_seq}: {result.problem}"
            )
    return manifest
