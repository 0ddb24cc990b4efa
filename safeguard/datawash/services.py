"""Every change the data wash makes: receiving extracts, running washes, storing results, decisions.

Each public function is one atomic, audited write. The engine (``safeguard.datawash.engine``)
does the reading, validation and linkage; this module feeds it files from private storage
and turns its outputs into rows, only once it has succeeded.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import SystemActor, api_actor, audit_record
from safeguard.core.errors import Refused
from safeguard.datawash import selectors
from safeguard.datawash.engine import BadInput, WashCancelled, run_wash
from safeguard.datawash.extracts import mapping_fits, max_upload_bytes, store_upload, validate
from safeguard.datawash.models import (
    ColumnMapping,
    Decision,
    Extract,
    LinkDecision,
    ReviewCase,
    RunStatus,
    SourceKind,
    WashRun,
)
from safeguard.datawash.results import store_results
from safeguard.datawash.runs import OUTPUT_FILES, prepare
from safeguard.datawash.uploads import FirstLook, UploadProblem, first_look, suffix_of
from safeguard.ops import selectors as ops_selectors
from safeguard.partnership.models import Agency, ApiToken, User

logger = logging.getLogger(__name__)


# --- extracts -------------------------------------------------------------------------------------------


def extract_receive(
    *,
    actor: User | None,
    agency: Agency,
    source_kind: SourceKind,
    name: str,
    content: File[Any],
    encoding: str = "utf-8",
    api_token: ApiToken | None = None,
) -> Extract:
    """Check the file, keep it privately as the next version, and validate it if its layout is known.

    Raises ``UploadProblem`` (nothing saved) for the wrong type, a file too big, broken CSV,
    the wrong encoding or no header row.
    """
    suffix = suffix_of(name)
    raw, look = _read_upload(content, suffix=suffix, encoding=encoding)
    stored: Extract | None = None
    try:
        with transaction.atomic():
            extract = Extract(
                agency=agency,
                source_kind=source_kind,
                version=_next_version(agency=agency, source_kind=source_kind),
                original_name=Path(name).name[:255],
                size_bytes=len(raw),
                encoding=encoding,
                uploaded_by=actor,
                via_api=api_token is not None,
                headers=look.headers,
                samples=look.samples,
            )
            store_upload(extract, suffix=suffix, raw=raw)
            stored = extract
            extract.save()
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target=extract,
                actor_username=api_actor(api_token) if api_token is not None else "",
                agency=agency,
                summary=f"Received {extract} ({look.rows} rows, {len(raw)} bytes){' via the API' if api_token is not None else ''}",
            )
            _validate_with_saved_mapping(extract)
    except BaseException:
        # Nothing of a failed upload stays: the file written to storage goes with the rolled-back row.
        if stored is not None:
            stored.file.delete(save=False)
        raise
    return extract


def _read_upload(content: File[Any], *, suffix: str, encoding: str) -> tuple[bytes, FirstLook]:
    """The file's bytes and a first look at them; a file too big or unreadable is refused before anything is kept."""
    if (content.size or 0) > max_upload_bytes():
        raise UploadProblem(f"The selected file must be smaller than {settings.SAFEGUARD_MAX_UPLOAD_MB} MB")
    content.seek(0)
    raw = content.read()
    return raw, first_look(raw, suffix=suffix, encoding=encoding)


def _next_version(*, agency: Agency, source_kind: SourceKind) -> int:
    """The agency's next version number for this kind of extract; call inside the upload's transaction."""
    # Versions are numbered per agency: two uploads at once take turns instead of both taking one number.
    # no_key: inserts that point at the agency (episodes, users) need not wait for a long validation.
    Agency.objects.select_for_update(no_key=True).only("pk").get(pk=agency.pk)
    latest = Extract.objects.filter(agency=agency, source_kind=source_kind).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _validate_with_saved_mapping(extract: Extract) -> None:
    """Validate a new extract at once when the agency's saved layout for its kind still fits its headers."""
    saved = ColumnMapping.objects.filter(agency=extract.agency, source_kind=extract.source_kind).first()
    if saved is not None and mapping_fits(saved.columns, extract.headers):
        try:
            validate(extract, saved.columns, saved.date_formats)
        except UploadProblem:
            # The saved layout no longer reads this file; the officer maps it again.
            logger.info("Saved mapping does not read %s", extract)


def extract_map(*, actor: User, extract: Extract, columns: dict[str, str], date_formats: dict[str, str]) -> Extract:
    """Save the agency's mapping for this kind of extract and validate the file with it."""
    with transaction.atomic():
        validate(extract, columns, date_formats)
        ColumnMapping.objects.update_or_create(
            agency=extract.agency,
            source_kind=extract.source_kind,
            defaults={
                "columns": columns,
                "date_formats": date_formats,
                "encoding": extract.encoding,
                "updated_at": timezone.now(),
                "updated_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=extract,
            summary=f"Mapped columns of {extract}: {extract.rows_accepted} rows accepted, "
            f"{extract.rows_rejected} rejected",
        )
    return extract


def extract_withdraw(*, actor: User, extract: Extract, reason: str = "") -> None:
    """Take back an upload no run has used (the wrong file, a test): its row and file go, audited.

    An extract a run has used stays, so every run's results can be traced to the files they came from.
    """
    with transaction.atomic():
        locked = Extract.objects.select_for_update().select_related("agency").get(pk=extract.pk)
        used = (
            WashRun.objects.filter(cohort_extract=locked).exists()
            or WashRun.objects.filter(source_extracts=locked).exists()
        )
        if used:
            raise UploadProblem(f"{locked} has been used by a wash run, so it cannot be withdrawn")
        name, label, pk = locked.file.name, str(locked), locked.pk
        locked.delete()
        audit_record(
            actor=actor,
            action=Action.DELETE,
            object_type="datawash.extract",
            object_id=pk,
            summary=f"Withdrew {label} before any run used it",
            reason=reason,
        )
        if name:
            transaction.on_commit(partial(default_storage.delete, name))


def extracts_purge(*, received_before: dt.datetime) -> int:
    """Delete extracts (file and rows) received before the cut-off, each deletion audited."""
    return extracts_delete(
        extracts=selectors.extracts_received_before(received_before=received_before), by=SystemActor.PURGE_EXTRACTS
    )


def extracts_delete(*, extracts: Iterable[Extract], by: str) -> int:
    """Delete these extracts (file and rows) for a scheduled job named ``by``, each deletion audited."""
    count = 0
    for extract in extracts:
        with transaction.atomic():
            name = extract.file.name
            label = str(extract)
            pk = extract.pk
            extract.delete()
            audit_record(
                actor=None,
                actor_username=by,
                action=Action.DELETE,
                object_type="datawash.extract",
                object_id=pk,
                summary=f"Deleted {label} after the retention period",
            )
            if name:
                # The file goes only once the row's deletion is committed, so a failure keeps both.
                transaction.on_commit(partial(default_storage.delete, name))
        count += 1
    return count


# --- wash runs ------------------------------------------------------------------------------------------


def run_start(
    *,
    actor: User,
    cohort_extract: Extract,
    source_extracts: list[Extract],
    as_of: dt.date,
    unseen_months: int,
    include_visits: bool = True,
    enqueue: bool = True,
) -> WashRun:
    """Queue a run as a background task; the page then follows its progress.

    ``enqueue=False`` leaves the run queued for the caller to execute itself (the demo loader).
    """
    from safeguard.datawash.tasks import wash_run_task

    assert actor.agency is not None
    with transaction.atomic():
        run = WashRun.objects.create(
            partnership=actor.agency.partnership,
            cohort_extract=cohort_extract,
            cohort_kind=cohort_extract.source_kind,
            as_of=as_of,
            unseen_months=unseen_months,
            include_visits=include_visits,
            started_by=actor,
        )
        run.source_extracts.set(source_extracts)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=run,
            summary=f"Started a wash of {cohort_extract} against {len(source_extracts)} extracts as of {as_of}",
        )
    if not enqueue:
        return run
    try:
        wash_run_task.enqueue(run.pk)
    except Exception as error:  # the queue being down must not leave a run "queued" for ever
        logger.exception("Could not queue wash run %s", run.pk)
        WashRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED, error=f"The run could not be queued: {error}", finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def run_cancel(*, actor: User, run: WashRun) -> WashRun:
    """Ask the engine to stop at its next stage; the task marks the run cancelled."""
    with transaction.atomic():
        if run.is_active:
            run.cancel_requested = True
            run.save(update_fields=["cancel_requested"])
            if run.status == RunStatus.QUEUED:
                run.status = RunStatus.CANCELLED
                run.finished_at = timezone.now()
                run.save(update_fields=["status", "finished_at"])
        audit_record(actor=actor, action=Action.UPDATE, target=run, summary="Asked to cancel the wash run")
    return run


def run_execute(*, run_id: int, model_path: Path | None = None) -> WashRun:
    """The background task's body: run the engine, then store everything in one transaction.

    A failure or cancellation leaves earlier runs' results as they were and says why.
    ``model_path`` reuses a trained model instead of training (see ``model_path_of``).
    """
    run = WashRun.objects.select_related("cohort_extract__agency", "partnership").get(pk=run_id)
    if run.status != RunStatus.QUEUED or run.cancel_requested:
        return run
    WashRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="starting", worker=ops_selectors.this_process()
    )

    def progress(stage: str, fraction: float) -> None:
        WashRun.objects.filter(pk=run.pk).update(stage=stage[:200], percent=min(100, int(fraction * 100)))

    def should_cancel() -> bool:
        return WashRun.objects.filter(pk=run.pk, cancel_requested=True).exists()

    with tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{os.getpid()}-") as folder:
        work = Path(folder)
        try:
            inputs = prepare(run, work, model_path=model_path)
            result = run_wash(inputs.config, progress=progress, should_cancel=should_cancel)
            store_results(run, inputs, result)
        except WashCancelled:
            _finish(run, RunStatus.CANCELLED, "Cancelled by an officer before it finished.")
        except (BadInput, UploadProblem) as error:
            _finish(run, RunStatus.FAILED, f"The inputs could not be used: {error}")
        except Exception as error:
            logger.exception("Wash run %s failed", run.pk)
            _finish(run, RunStatus.FAILED, f"The run failed: {type(error).__name__}: {error}")
    run.refresh_from_db()
    return run


ABANDONED = (
    "The worker running this wash stopped before it finished (it was killed or its server restarted). "
    "Nothing from this run was kept and the previous results are unchanged: start the run again."
)


def runs_abandoned_fail(*, now: dt.datetime | None = None) -> int:
    """Mark failed each running wash whose worker has stopped beating; returns how many.

    A worker killed mid-wash (SIGKILL, a lost server) cannot say so itself, and its run would
    show "running" for ever. The results are stored in one transaction at the end, so a dead
    worker has written no rows and the earlier runs' results stand.
    """
    live = ops_selectors.live_processes(role="worker", now=now)
    abandoned = 0
    for run in WashRun.objects.filter(status=RunStatus.RUNNING).exclude(worker="").exclude(worker__in=live):
        # Only a run still "running" is failed: a worker finishing it just now wins.
        with transaction.atomic():
            if WashRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                status=RunStatus.FAILED, error=ABANDONED, finished_at=timezone.now()
            ):
                audit_record(
                    actor=None,
                    actor_username=SystemActor.WASH,
                    action=Action.UPDATE,
                    object_type="datawash.washrun",
                    object_id=run.pk,
                    summary=f"Wash run failed: its worker {run.worker} stopped",
                )
                abandoned += 1
    return abandoned


# A run's working folder is named by its worker's process id, so a worker starting up can tell the folders of
# workers that were killed (SIGKILL leaves no chance to remove one) from those of workers still washing.
WORK_PREFIX = "sg-wash-"


def work_folders_abandoned_remove(*, folder: Path | None = None) -> int:
    """Remove the half-written working folders of wash workers no longer running on this machine."""
    removed = 0
    for path in Path(folder or tempfile.gettempdir()).glob(f"{WORK_PREFIX}*-*"):
        pid = path.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        if not path.is_dir() or not pid.isdigit() or _running(int(pid)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        logger.warning("Removed the working folder %s of a wash worker that had stopped", path.name)
        removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _finish(run: WashRun, status: RunStatus, error: str) -> None:
    with transaction.atomic():
        WashRun.objects.filter(pk=run.pk).update(status=status, error=error, finished_at=timezone.now())
        audit_record(
            actor=None,
            actor_username=SystemActor.WASH,
            action=Action.UPDATE,
            object_type="datawash.washrun",
            object_id=run.pk,
            summary=f"Wash run {status.label.lower()}: {error}"[:500],
        )


class ReviewProblem(Refused):
    """A decision that cannot be recorded, in words for the officer."""


def _link_decision(*, case: ReviewCase, actor: User, decision: Decision, reason: str) -> LinkDecision:
    return LinkDecision.objects.create(
        partnership=case.run.partnership,
        left_source=case.left.get("source", ""),
        left_record_id=case.left.get("record_id", ""),
        right_source=case.right.get("source", ""),
        right_record_id=case.right.get("record_id", ""),
        decision=decision,
        reason=reason,
        decided_by=actor,
    )


def _settle_same_pairs(link: LinkDecision, partnership_id: int) -> None:
    """The same pair may be waiting in other runs' queues: one decision settles them all."""
    ReviewCase.objects.filter(
        run__partnership_id=partnership_id,
        decision__isnull=True,
        left__source=link.left_source,
        left__record_id=link.left_record_id,
        right__source=link.right_source,
        right__record_id=link.right_record_id,
    ).update(decision=link)


def _sides(case: ReviewCase) -> set[tuple[str, str]]:
    return {(side.get("source", ""), side.get("record_id", "")) for side in (case.left, case.right)}


def review_decide(*, actor: User, case: ReviewCase, decision: Decision, reason: str = "") -> LinkDecision:
    """Record an officer's decision on a pair; later runs link (or never link) it accordingly.

    The decision applies at once to the same child's other pairs in the run with the same record
    (the record is, or is not, this child whichever of the child's records it was compared with).
    """
    with transaction.atomic():
        # Locked, so two officers (or a double submit) cannot store two opposite decisions for one pair.
        locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
        if locked.decision_id is not None:
            raise ReviewProblem("This pair has already been decided")
        partnership_id = case.run.partnership_id
        link = _link_decision(case=case, actor=actor, decision=decision, reason=reason)
        _settle_same_pairs(link, partnership_id)
        if case.decision_id is None:
            case.decision = link
            case.save(update_fields=["decision"])
        also = 0
        if case.child_id is not None:
            decided = _sides(case)
            for other in (
                ReviewCase.objects.select_for_update()
                .filter(run_id=case.run_id, child_id=case.child_id, decision__isnull=True)
                .exclude(pk=case.pk)
                .select_related("run")
            ):
                if _sides(other) & decided:
                    other_link = _link_decision(
                        case=other,
                        actor=actor,
                        decision=decision,
                        reason=f"As decided for {link.left_source}:{link.left_record_id} and "
                        f"{link.right_source}:{link.right_record_id}" + (f": {reason}" if reason else ""),
                    )
                    _settle_same_pairs(other_link, partnership_id)
                    other.decision = other_link
                    other.save(update_fields=["decision"])
                    also += 1
        audit_record(
            actor=actor,
            action=Action.DECIDE,
            target=link,
            person_id=case.child.person_id if case.child else None,
            summary=f"{Decision(decision).label}: {link.left_source}:{link.left_record_id} and "
            f"{link.right_source}:{link.right_record_id}"
            + (
                f", and {also} more pair{'s' if also != 1 else ''} of the same child with the same record"
                if also
                else ""
            ),
            reason=reason,
        )
    return link


def run_delete(*, run: WashRun, by: str) -> None:
    """Delete a run, its results and (once committed) its output files, for a scheduled job named ``by``.

    The audit event names the run, not what it found. Raises ``ProtectedError`` while a visit campaign
    still uses the run.
    """
    with transaction.atomic():
        prefix, pk = run.output_prefix, run.pk
        run.delete()
        audit_record(
            actor=None,
            actor_username=by,
            action=Action.DELETE,
            object_type="datawash.washrun",
            object_id=pk,
            summary=f"Deleted datawash.washrun {pk}: past its retention period",
        )
        if prefix:
            for name in OUTPUT_FILES:
                transaction.on_commit(partial(default_storage.delete, f"{prefix}/{name}"))
