"""Faults during a wash: a worker killed mid-run, a disk that fills while an extract is stored."""

from __future__ import annotations

import datetime as dt
import errno
from typing import Any
from unittest import mock

import pytest
from django.core.files.base import ContentFile

from safeguard.audit.models import AuditEvent
from safeguard.core.testing import World
from safeguard.datawash.models import CohortChild, Extract, RunStatus, SourceKind, WashRun
from safeguard.datawash.services import ABANDONED, extract_receive, runs_abandoned_fail
from safeguard.datawash.tests.factories import sample_run
from safeguard.datawash.uploads import UploadProblem
from safeguard.ops.services import heartbeat_beat

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def _running(world: World, *, worker: str) -> WashRun:
    previous, _, _ = sample_run(world)
    return WashRun.objects.create(
        partnership=world.darlington,
        cohort_extract=previous.cohort_extract,
        cohort_kind=previous.cohort_kind,
        as_of=previous.as_of,
        status=RunStatus.RUNNING,
        started_at=NOW - dt.timedelta(minutes=30),
        worker=worker,
    )


@pytest.mark.django_db
def test_a_run_whose_worker_stopped_beating_is_failed_and_the_previous_results_stand(world: World) -> None:
    run = _running(world, worker="host-a:4242")
    heartbeat_beat(role="worker", instance="host-a:4242", now=NOW - dt.timedelta(minutes=20))  # then SIGKILL
    heartbeat_beat(role="worker", instance="host-a:5151", now=NOW)  # the restarted worker

    assert runs_abandoned_fail(now=NOW) == 1

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == ABANDONED
    assert "start the run again" in run.error
    # The earlier run's results are untouched and the dead run wrote none.
    previous = WashRun.objects.get(status=RunStatus.SUCCEEDED)
    assert CohortChild.objects.filter(run=previous).count() == 1
    assert not CohortChild.objects.filter(run=run).exists()
    assert runs_abandoned_fail(now=NOW) == 0  # failed once, audited once


@pytest.mark.django_db
def test_a_run_whose_worker_is_still_beating_is_left_running(world: World) -> None:
    run = _running(world, worker="host-a:4242")
    heartbeat_beat(role="worker", instance="host-a:4242", now=NOW - dt.timedelta(seconds=10))

    assert runs_abandoned_fail(now=NOW) == 0
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


class _DiskFills:
    """Wraps a storage: writes the first bytes of a file, then fails as a full disk does."""

    def __init__(self, storage: Any) -> None:
        self.save = storage.save  # the real one, taken before it is patched

    def __call__(self, name: str, content: Any, max_length: int | None = None) -> str:
        self.save(name, ContentFile(content.read()[:10]))  # the part a real write got down
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.django_db
def test_a_disk_that_fills_while_an_extract_is_stored_gives_a_clear_error_and_keeps_nothing(world: World) -> None:
    storage = Extract._meta.get_field("file").storage
    before = _stored_files(storage)
    with mock.patch.object(storage, "save", _DiskFills(storage)), pytest.raises(UploadProblem) as problem:
        extract_receive(
            actor=world.dana,
            agency=world.health,
            source_kind=SourceKind.HEALTH,
            name="health.csv",
            content=ContentFile(b"record_id,given_name,family_name\nH1,Amelia,Hartley\n"),
        )
    assert "disk is full" in str(problem.value) and "Nothing was saved" in str(problem.value)
    assert not Extract.objects.exists()
    assert not AuditEvent.objects.filter(object_type="datawash.extract").exists()
    assert _stored_files(storage) == before  # the part-written file is gone


def _stored_files(storage: Any, folder: str = "datawash") -> set[str]:
    if not storage.exists(folder):
        return set()
    folders, files = storage.listdir(folder)
    found = {f"{folder}/{name}" for name in files}
    for sub in folders:
        found |= _stored_files(storage, f"{folder}/{sub}")
    return found


@pytest.fixture
def tiny_disk(tmp_path: Any) -> Any:
    """A real 64 KB file system (tmpfs), so the write fails in the kernel with ENOSPC, not in a mock.

    Mounting needs root (CI and this project's machines run as root); elsewhere the test is skipped and
    the mocked test above still covers the code path.
    """
    import os
    import subprocess

    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mountpoint)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"could not mount a small file system: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", str(mountpoint)], check=False)


@pytest.mark.django_db
def test_a_real_disk_that_fills_while_an_extract_is_stored_gives_a_clear_error_and_keeps_nothing(
    world: World, tiny_disk: Any
) -> None:
    storage = Extract._meta.get_field("file").storage
    rows = "".join(f"H{n},Amelia,Hartley{n}\n" for n in range(20_000))  # about 400 KB: more than the disk holds
    # The storage's folder is cached on the instance (behind default_storage's lazy wrapper); point that one
    # instance at the small disk for the test.
    storage.exists("")  # the lazy wrapper makes its storage on first use
    real = getattr(storage, "_wrapped", storage)
    with mock.patch.dict(real.__dict__, {"base_location": str(tiny_disk), "location": str(tiny_disk)}):
        with pytest.raises(UploadProblem) as problem:
            extract_receive(
                actor=world.dana,
                agency=world.health,
                source_kind=SourceKind.HEALTH,
                name="health.csv",
                content=ContentFile(("record_id,given_name,family_name\n" + rows).encode()),
            )
        left = _stored_files(storage)
    assert "disk is full" in str(problem.value) and "Nothing was saved" in str(problem.value)
    assert not Extract.objects.exists()
    assert not AuditEvent.objects.filter(object_type="datawash.extract").exists()
    assert left == set()  # the part the kernel wrote before the disk filled is gone
