"""Every change the data wash makes: receiving extracts, running washes, storing results, decisions.

Each public function is one atomic, audited write. The engine (``safeguard.datawash.engine``)
does the reading, validation and linkage; this module feeds it files from private storage
and turns its outputs into rows, only once it has succeeded.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import logging
import os
import shutil
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.datawash.contacts import contacts_for
from safeguard.datawash.engine import (
    BadInput,
    Decisions,
    SourceSpec,
    WashCancelled,
    WashConfig,
    WashResult,
    run_wash,
)
from safeguard.datawash.engine.io import Mapping, ValidationRules, load_extract
from safeguard.datawash.models import (
    CANONICAL_FIELDS,
    AgencyRecord,
    CohortChild,
    ColumnMapping,
    Decision,
    Extract,
    ExtractStatus,
    LinkDecision,
    ReviewCase,
    RunStatus,
    SourceKind,
    WashRun,
)
from safeguard.datawash.uploads import UploadProblem, first_look, suffix_of
from safeguard.ops import selectors as ops_selectors
from safeguard.partnership.models import Agency, User
from safeguard.people.models import IdentifierKind, InvolvementReason, Person, Sex
from safeguard.people.names import fold, names_equivalent
from safeguard.people.selectors import person_by_identifier
from safeguard.people.services import InvalidIdentifier, involvement_add, normalise_identifier, person_create

logger = logging.getLogger(__name__)

REJECTS_KEPT = 1000
VISITS_SOURCE = "joint_visits"
OUTPUT_FILES = ("cohort.csv", "links.csv", "review.csv", "rejects.csv", "report.html", "run.json")

# Headers agencies commonly use, so the mapping page starts with a sensible guess.
_HEADER_GUESSES = {
    "id": "record_id",
    "ref": "record_id",
    "reference": "record_id",
    "forename": "given_name",
    "first name": "given_name",
    "firstname": "given_name",
    "given name": "given_name",
    "surname": "family_name",
    "last name": "family_name",
    "lastname": "family_name",
    "family name": "family_name",
    "dob": "date_of_birth",
    "date of birth": "date_of_birth",
    "gender": "sex",
    "post code": "postcode",
    "address": "address_line",
    "nhs no": "nhs_number",
    "nhs number": "nhs_number",
    "nhs": "nhs_number",
    "upn": "upn",
    "pupil number": "upn",
    "other id": "other_id",
    "other identifier": "other_id",
    "last seen": "last_seen_date",
    "last contact": "last_seen_date",
    "last seen date": "last_seen_date",
    "date registered": "registered_on",
    "registration date": "registered_on",
}


def guess_column(header: str) -> str:
    key = header.strip().lower().replace("_", " ")
    if key.replace(" ", "_") in CANONICAL_FIELDS:
        return key.replace(" ", "_")
    return _HEADER_GUESSES.get(key, "")


# --- extracts -------------------------------------------------------------------------------------------


def max_upload_bytes() -> int:
    return int(settings.SAFEGUARD_MAX_UPLOAD_MB) * 1024 * 1024


def extract_receive(
    *,
    actor: User | None,
    agency: Agency,
    source_kind: SourceKind,
    name: str,
    content: File[Any],
    encoding: str = "utf-8",
    via_api: bool = False,
) -> Extract:
    """Check the file, keep it privately as the next version, and validate it if its layout is known.

    Raises ``UploadProblem`` (nothing saved) for the wrong type, a file too big, broken CSV,
    the wrong encoding or no header row.
    """
    suffix = suffix_of(name)
    size = content.size or 0
    if size > max_upload_bytes():
        raise UploadProblem(f"The selected file must be smaller than {settings.SAFEGUARD_MAX_UPLOAD_MB} MB")
    content.seek(0)
    raw = content.read()
    look = first_look(raw, suffix=suffix, encoding=encoding)
    stored: Extract | None = None
    try:
        with transaction.atomic():
            # Versions are numbered per agency: two uploads at once take turns instead of both taking one number.
            # no_key: inserts that point at the agency (episodes, users) need not wait for a long validation.
            Agency.objects.select_for_update(no_key=True).only("pk").get(pk=agency.pk)
            latest = Extract.objects.filter(agency=agency, source_kind=source_kind).aggregate(v=Max("version"))["v"]
            extract = Extract(
                agency=agency,
                source_kind=source_kind,
                version=(latest or 0) + 1,
                original_name=Path(name).name[:255],
                size_bytes=len(raw),
                encoding=encoding,
                uploaded_by=actor,
                via_api=via_api,
                headers=look.headers,
                samples=look.samples,
            )
            _store_file(extract, suffix=suffix, raw=raw)
            stored = extract
            extract.save()
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target=extract,
                actor_username=f"api:{agency.code}" if actor is None else "",
                agency=agency,
                summary=f"Received {extract} ({look.rows} rows, {len(raw)} bytes){' via the API' if via_api else ''}",
            )
            saved = ColumnMapping.objects.filter(agency=agency, source_kind=source_kind).first()
            if saved is not None and _mapping_fits(saved.columns, look.headers):
                try:
                    _validate(extract, saved.columns, saved.date_formats)
                except UploadProblem:
                    # The saved layout no longer reads this file; the officer maps it again.
                    logger.info("Saved mapping does not read %s", extract)
    except BaseException:
        # Nothing of a failed upload stays: the file written to storage goes with the rolled-back row.
        if stored is not None:
            stored.file.delete(save=False)
        raise
    return extract


def _store_file(extract: Extract, *, suffix: str, raw: bytes) -> None:
    """Write the upload to storage under a name chosen first, so a failed write can be cleared away.

    A full disk fails the write part-way and the storage leaves the part it wrote: that part is
    removed and the officer told plainly; the caller's transaction rolls the row back.
    """
    storage = extract.file.storage
    max_length = extract.file.field.max_length
    # A name no file has yet, so whatever is at it after a failed write is this upload's part, never another's.
    name = storage.get_available_name(extract.file.field.generate_filename(extract, f"upload{suffix}"), max_length)
    try:
        extract.file.name = storage.save(name, ContentFile(raw), max_length=max_length)
    except OSError as error:
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            logger.exception("Could not remove the part-written upload %s", name)
        logger.error("Could not store an upload of %s bytes: %s", len(raw), error)
        if error.errno == errno.ENOSPC:
            raise UploadProblem(
                "The file could not be stored because the server's disk is full. Nothing was saved: "
                "tell your system administrator, then upload the file again"
            ) from error
        raise UploadProblem(
            "The file could not be stored on the server. Nothing was saved: try again, "
            "and tell your system administrator if it happens again"
        ) from error


def _mapping_fits(columns: dict[str, str], headers: list[str]) -> bool:
    present = set(headers)
    return "record_id" in columns.values() and all(header in present for header in columns)


def extract_map(*, actor: User, extract: Extract, columns: dict[str, str], date_formats: dict[str, str]) -> Extract:
    """Save the agency's mapping for this kind of extract and validate the file with it."""
    with transaction.atomic():
        _validate(extract, columns, date_formats)
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


@contextmanager
def _local_copy(stored: File[Any], suffix: str) -> Iterator[Path]:
    """A file the engine can open by path, whatever the storage backend."""
    with tempfile.TemporaryDirectory(prefix="sg-datawash-") as folder:
        path = Path(folder) / f"extract{suffix}"
        with default_storage.open(str(stored.name), "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path


def _engine_mapping(columns: dict[str, str], date_formats: dict[str, str], encoding: str) -> Mapping:
    return Mapping(columns=dict(columns), date_formats={k: v for k, v in date_formats.items() if v}, encoding=encoding)


def _validate(extract: Extract, columns: dict[str, str], date_formats: dict[str, str]) -> None:
    """Run the engine's validation of one source and keep its report on the extract."""
    if "record_id" not in columns.values():
        raise UploadProblem("Choose which column holds the record ID")
    suffix = Path(extract.file.name).suffix
    mapping = _engine_mapping(columns, date_formats, extract.encoding)
    try:
        with _local_copy(extract.file, suffix) as path:
            checked = load_extract(extract.engine_name, path, mapping, ValidationRules(as_of=timezone.localdate()))
    except BadInput as error:
        raise UploadProblem(str(error).replace(str(path), extract.original_name)) from None
    rejects = [
        {
            "row": int(str(r["row_number"])),
            "record_id": str(r["record_id"]),
            "field": str(r["field"]),
            "value": str(r["value"] if r["value"] is not None else "")[:100],
            "reason": str(r["reason"]),
            "row_not_used": r["outcome"] == "row not used",
        }
        for r in checked.rejects
    ]
    rejects.sort(key=lambda r: (r["row"], r["field"]))
    extract.mapping = columns
    extract.date_formats = date_formats
    extract.rows_read = checked.rows_read
    extract.rows_accepted = len(checked.records)
    extract.rows_rejected = len({r["row"] for r in rejects if r["row_not_used"]})
    extract.values_not_used = sum(1 for r in rejects if not r["row_not_used"])
    extract.rejects = rejects[:REJECTS_KEPT]
    records = checked.records
    extract.found = {
        column: sum(1 for value in records[column].tolist() if _has_value(value))
        for column in ("nhs_number", "upn", "date_of_birth", "last_seen_date")
        if column in records.columns
    }
    extract.status = ExtractStatus.VALIDATED
    extract.validated_at = timezone.now()
    extract.save(
        update_fields=[
            "mapping",
            "date_formats",
            "rows_read",
            "rows_accepted",
            "rows_rejected",
            "values_not_used",
            "rejects",
            "found",
            "status",
            "validated_at",
        ]
    )


def _has_value(value: Any) -> bool:
    """A cell the engine kept: not missing (None, NaN, NaT, pandas NA) and not blank."""
    try:
        if value is None or bool(value != value):  # NaN and NaT are not equal to themselves
            return False
    except TypeError:  # pandas' NA will not say whether it equals itself
        return False
    text = str(value).strip()
    return bool(text) and text not in ("<NA>", "nan", "NaT", "None")


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
        extracts=Extract.objects.filter(received_at__lt=received_before).select_related("agency"),
        by="purge_extracts",
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


@dataclass
class _Inputs:
    config: WashConfig
    extracts: dict[str, Extract]
    visit_keys: dict[str, Any]


def run_execute(*, run_id: int, model_path: Path | None = None) -> WashRun:
    """The background task's body: run the engine, then store everything in one transaction.

    A failure or cancellation leaves earlier runs' results as they were and says why.
    ``model_path`` reuses a trained model instead of training (see ``_model_path``).
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
            inputs = _prepare(run, work, model_path=model_path)
            result = run_wash(inputs.config, progress=progress, should_cancel=should_cancel)
            _store_results(run, inputs, result)
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
                    actor_username="wash task",
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
            actor_username="wash task",
            action=Action.UPDATE,
            object_type="datawash.washrun",
            object_id=run.pk,
            summary=f"Wash run {status.label.lower()}: {error}"[:500],
        )


def _write_toml_mapping(path: Path, extract: Extract) -> None:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"encoding = {quote(extract.encoding)}", "[columns]"]
    lines += [f"{quote(k)} = {quote(v)}" for k, v in extract.mapping.items()]
    lines.append("[dates]")
    lines += [f"{quote(k)} = {quote(v)}" for k, v in extract.date_formats.items() if v]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _copy_extract(extract: Extract, work: Path) -> Path:
    path = work / f"{extract.engine_name}{Path(extract.file.name).suffix}"
    with default_storage.open(extract.file.name, "rb") as source, path.open("wb") as target:
        shutil.copyfileobj(source, target)
    return path


def _model_path(given: Path | None) -> Path | None:
    """A partnership may fix an approved model so every run scores pairs the same way (and skips training)."""
    if given is not None:
        return given
    configured = getattr(settings, "SAFEGUARD_WASH_MODEL_PATH", "")
    return Path(configured) if configured else None


def _prepare(run: WashRun, work: Path, *, model_path: Path | None = None) -> _Inputs:
    cohort = run.cohort_extract
    if cohort is None or not cohort.is_usable:
        raise UploadProblem("The cohort extract has been deleted or is not validated")
    extracts = {cohort.engine_name: cohort}
    sources: list[SourceSpec] = []
    mappings: dict[str, Path] = {}
    for extract in run.source_extracts.select_related("agency"):
        if not extract.is_usable:
            raise UploadProblem(f"{extract} is not validated")
        if extract.engine_name in extracts:
            raise UploadProblem(f"Choose one version of {extract.agency}'s {extract.get_source_kind_display()}")
        extracts[extract.engine_name] = extract
    for name, extract in extracts.items():
        path = _copy_extract(extract, work)
        mapping = work / f"{name}.toml"
        _write_toml_mapping(mapping, extract)
        mappings[name] = mapping
        if extract.pk != cohort.pk:
            sources.append(SourceSpec(name, path))
    cohort_path = work / f"{cohort.engine_name}{Path(cohort.file.name).suffix}"
    confirmed: list[Any] = []
    rejected: list[Any] = []
    for decision in LinkDecision.objects.filter(partnership=run.partnership):
        pair = (
            (decision.left_source, decision.left_record_id),
            (decision.right_source, decision.right_record_id),
        )
        (confirmed if decision.decision == Decision.CONFIRM else rejected).append(pair)
    visit_keys: dict[str, Any] = {}
    if run.include_visits:
        # Handed over by the apps that record sightings (joint visits): the wash imports none of them.
        contacts = [c for c in contacts_for(partnership=run.partnership) if c.contact_date <= run.as_of]
        if contacts:
            path = work / f"{VISITS_SOURCE}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["record_id", "given_name", "family_name", "date_of_birth", "last_seen_date"])
                for contact in contacts:
                    record_id = contact.record_id
                    writer.writerow(
                        [
                            record_id,
                            contact.given_name,
                            contact.family_name,
                            contact.date_of_birth.isoformat() if contact.date_of_birth else "",
                            contact.contact_date.isoformat(),
                        ]
                    )
                    visit_keys[record_id] = contact
                    # The visit was to this register entry: an officer saw the child, no guessing.
                    confirmed.append(((VISITS_SOURCE, record_id), (contact.cohort_source, contact.cohort_record_id)))
            sources.append(SourceSpec(VISITS_SOURCE, path))
    config = WashConfig(
        model_path=_model_path(model_path),
        cohort=SourceSpec(cohort.engine_name, cohort_path),
        sources=tuple(sources),
        as_of=run.as_of,
        unseen_months=run.unseen_months,
        out_dir=work / "out",
        mappings=mappings,
        decisions=Decisions(confirmed=tuple(confirmed), rejected=tuple(rejected)),
    )
    return _Inputs(config=config, extracts=extracts, visit_keys=visit_keys)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return None if value != value else value  # NaN → None


def _source_label(name: str, extracts: dict[str, Extract]) -> str:
    if name == VISITS_SOURCE:
        return "Joint visit"
    extract = extracts.get(name)
    return f"{extract.agency.name} ({extract.get_source_kind_display().lower()})" if extract else name


def _canonical_rows(run: WashRun, extract: Extract) -> dict[str, dict[str, Any]]:
    """An extract's accepted rows in canonical columns, keyed by record id (invalid identifiers blanked)."""
    with _local_copy(extract.file, Path(extract.file.name).suffix) as path:
        checked = load_extract(
            extract.engine_name,
            path,
            _engine_mapping(extract.mapping, extract.date_formats, extract.encoding),
            ValidationRules(as_of=run.as_of),
        )
    rows: dict[str, dict[str, Any]] = {}
    for row in checked.records.to_dict("records"):
        rows[str(row["record_id"])] = {str(k): v for k, v in row.items()}
    return rows


def _cohort_people(run: WashRun, inputs: _Inputs, cohort: Extract) -> dict[str, dict[str, Any]]:
    """The cohort register's own rows in canonical columns, to name children new to the index."""
    return _canonical_rows(run, cohort)


IDENTIFIER_COLUMNS = ((IdentifierKind.NHS_NUMBER, "nhs_number"), (IdentifierKind.UPN, "upn"))


@dataclass(frozen=True)
class _Holder:
    """An agency row's identifiers and what they must agree with before they find someone in the index."""

    identifiers: list[tuple[IdentifierKind, str]]
    date_of_birth: dt.date | None
    given_name: str
    family_name: str


def _date(value: Any) -> dt.date | None:
    # pandas gives a Timestamp, or NaT (which is not equal to itself) for a missing date.
    return value.date() if value is not None and hasattr(value, "date") and value == value else None


def _holder(row: dict[str, Any]) -> _Holder:
    values = [(kind, str(row.get(column) or "")) for kind, column in IDENTIFIER_COLUMNS]
    return _Holder(
        identifiers=[(kind, value) for kind, value in values if value],
        date_of_birth=_date(row.get("date_of_birth")),
        given_name=str(row.get("given_name") or ""),
        family_name=str(row.get("family_name") or ""),
    )


def _member_identifiers(run: WashRun, inputs: _Inputs, members: set[tuple[str, str]]) -> dict[tuple[str, str], _Holder]:
    """The valid NHS numbers and UPNs on linked agency records, by (source, record id), with their details.

    A register row often has no identifier while the health or school record linked
    to it does; without these the child would get a second entry in the person index.
    """
    found: dict[tuple[str, str], _Holder] = {}
    for source in sorted({source for source, _ in members}):
        extract = inputs.extracts.get(source)
        if extract is None or extract.pk == run.cohort_extract_id:
            continue
        for record_id, row in _canonical_rows(run, extract).items():
            if (source, record_id) in members:
                found[(source, record_id)] = _holder(row)
    return found


def _agrees(person: Person, holder: _Holder) -> bool:
    """An identifier finds a person only if the row carrying it also agrees on date of birth or name.

    A mistyped or borrowed NHS number on a register row must not hand its agency somebody else's child.
    """
    if holder.date_of_birth is not None and person.date_of_birth == holder.date_of_birth:
        return True
    return bool(
        holder.family_name
        and fold(holder.family_name) == fold(person.family_name)
        and names_equivalent(holder.given_name, person.given_name)
    )


def _known_people(run: WashRun) -> dict[tuple[str, str], int]:
    """(engine source, record_id) → person, from links earlier runs made."""
    known: dict[tuple[str, str], int] = {}
    for record in AgencyRecord.objects.filter(extract__agency__partnership=run.partnership).select_related(
        "extract__agency"
    ):
        known[(record.extract.engine_name, record.record_id)] = record.person_id
    return known


def _person_for(
    run: WashRun,
    row: dict[str, Any] | None,
    members: list[tuple[str, str]],
    known: dict[tuple[str, str], int],
    member_identifiers: dict[tuple[str, str], _Holder],
) -> tuple[Person, bool]:
    """The person a register child is, and whether this run added them to the index.

    A person already in the index is found through an earlier run's links, or through an NHS number
    or UPN whose row agrees with them on date of birth or name; either way the agencies get no
    access to that person's record from the wash (only to the wash's result).
    """
    for member in members:
        if member in known:
            person = Person.objects.filter(pk=known[member], partnership=run.partnership).first()
            if person is not None:
                return person, False
    row = row or {}
    own = _holder(row)
    holders = [member_identifiers[m] for m in members if m in member_identifiers]
    linked = {pair for holder in holders for pair in holder.identifiers}
    # The register's own identifiers first; a linked record's only where it is the one
    # value of its kind, since two different NHS numbers mean the records disagree.
    candidates: list[tuple[IdentifierKind, str, _Holder]] = [(kind, value, own) for kind, value in own.identifiers]
    for kind in (IdentifierKind.NHS_NUMBER, IdentifierKind.UPN):
        values = {value for k, value in linked if k == kind}
        if len(values) == 1 and kind not in {k for k, _ in own.identifiers}:
            value = values.pop()
            carrier = next(h for h in holders if (kind, value) in h.identifiers)
            candidates.append((kind, value, carrier))
    held_by_another: set[tuple[IdentifierKind, str]] = set()
    for kind, value, carrier in candidates:
        match = person_by_identifier(partnership_id=run.partnership_id, kind=kind, value=value)
        if match is None:
            continue
        if _agrees(match, carrier) or _agrees(match, own):
            return match, False
        # Somebody else's number, or a mistyped one: it finds no one, and the new entry does not take it.
        held_by_another.add((kind, value))
    date_of_birth = own.date_of_birth
    sex = {"m": Sex.MALE, "f": Sex.FEMALE}.get(str(row.get("sex") or ""), Sex.UNKNOWN)
    cohort = run.cohort_extract
    assert cohort is not None
    details: dict[str, Any] = {
        "actor": run.started_by,
        "partnership": run.partnership,
        "agency": None,
        "given_name": own.given_name or "Unknown",
        "middle_names": str(row.get("middle_name") or ""),
        "family_name": own.family_name or "Unknown",
        "date_of_birth": date_of_birth,
        "sex": sex,
        "address": {"line1": str(row.get("address_line") or ""), "postcode": str(row.get("postcode") or "")},
        "reason": f"On {cohort} (wash run {run.pk})",
    }
    # An identifier the index will not take is left off; the others still go in.
    usable = []
    for kind, value, _ in candidates:
        if (kind, value) in held_by_another:
            continue
        try:
            normalise_identifier(kind, value)
        except InvalidIdentifier:
            continue
        usable.append((kind, value))
    return person_create(identifiers=usable, **details), True


def _store_results(run: WashRun, inputs: _Inputs, result: WashResult) -> None:
    cohort = run.cohort_extract
    assert cohort is not None
    extracts = inputs.extracts
    links = _read_csv(result.outputs["links"])
    members_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for link in links:
        members_of[link["person_id"]].append((link["source"], link["record_id"]))
    cohort_rows = _cohort_people(run, inputs, cohort)
    # Only children not already tied to the index by an earlier run need their linked records read again.
    earlier = _known_people(run)
    unresolved = [members_of.get(row.person_id, []) for row in result.cohort]
    member_identifiers = _member_identifiers(
        run, inputs, {m for members in unresolved if not any(m in earlier for m in members) for m in members}
    )
    review_rows = _read_csv(result.outputs["review"])
    # A prefix of this run's own: a folder left by an earlier database's run with the same number
    # (or a storage that renames on clash) must never make the run's page open another run's report.
    prefix = f"datawash/runs/{run.pk}-{uuid.uuid4().hex[:12]}"
    with transaction.atomic():
        known = _known_people(run)
        children: dict[str, CohortChild] = {}
        involved: set[tuple[int, int]] = set()
        for row in result.cohort:
            members = members_of.get(row.person_id, [(cohort.engine_name, row.cohort_record_id)])
            person, new_to_index = _person_for(
                run, cohort_rows.get(row.cohort_record_id), members, known, member_identifiers
            )
            children[row.cohort_record_id] = CohortChild.objects.create(
                run=run,
                cohort_source=cohort.engine_name,
                cohort_record_id=row.cohort_record_id,
                person=person,
                status=row.status,
                last_seen_date=row.last_seen_date,
                last_seen_by=_source_label(row.last_seen_by, extracts) if row.last_seen_by else "",
                confidence=row.confidence,
                linked_records=[
                    f"{_source_label(s, extracts)}: {r}"
                    for s, r in members
                    if (s, r) != (cohort.engine_name, row.cohort_record_id)
                ],
            )
            for source, record_id in members:
                extract = extracts.get(source)
                if extract is None:
                    continue
                AgencyRecord.objects.update_or_create(
                    extract=extract,
                    record_id=record_id,
                    defaults={"person": person, "run": run},
                )
                # Only a child this run added to the index is the agencies' own from their extracts; a
                # child already there stays out of their reach (the run's result is all they get).
                if new_to_index and (person.pk, extract.agency_id) not in involved:
                    involvement_add(person=person, agency=extract.agency, reason=InvolvementReason.EXTRACT)
                    involved.add((person.pk, extract.agency_id))
        for review in review_rows:
            ReviewCase.objects.create(
                run=run,
                child=children.get(review["cohort_record_id"]),
                decides_status=review["decides_status"] == "yes",
                probability=_float(review["match_probability"]) or 0.0,
                match_weight=_float(review["match_weight"]),
                why=review["why"][:300],
                left=_side(review, "left", extracts),
                right=_side(review, "right", extracts),
            )
        for name in OUTPUT_FILES:
            path = result.out_dir / name
            if path.exists():
                with path.open("rb") as handle:
                    saved = default_storage.save(f"{prefix}/{name}", File(handle))
                if saved != f"{prefix}/{name}":
                    raise OSError(f"The run's {name} could not be stored under its own name")
        run.status = RunStatus.SUCCEEDED
        run.stage = "done"
        run.percent = 100
        run.finished_at = timezone.now()
        run.seconds = result.seconds
        run.counts = result.counts
        run.output_prefix = prefix
        run.source_labels = {name: _source_label(name, extracts) for name in [*extracts, VISITS_SOURCE]}
        run.save(
            update_fields=[
                "status",
                "stage",
                "percent",
                "finished_at",
                "seconds",
                "counts",
                "output_prefix",
                "source_labels",
            ]
        )
        audit_record(
            actor=None,
            actor_username="wash task",
            action=Action.CREATE,
            target=run,
            summary=f"Wash run succeeded: {result.counts.get('cohort', 0)} on the register, "
            f"{result.counts.get('cohort_unseen', 0)} not seen for {run.unseen_months} months, "
            f"{len(review_rows)} pairs to check",
        )


def _side(review: dict[str, str], prefix: str, extracts: dict[str, Extract]) -> dict[str, str]:
    side = {key[len(prefix) + 1 :]: value for key, value in review.items() if key.startswith(f"{prefix}_")}
    side["label"] = _source_label(side.get("source", ""), extracts)
    return side


class ReviewProblem(Exception):
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


def run_output(run: WashRun, name: str) -> bytes:
    """One of the engine's output files for a run, from private storage."""
    if name not in OUTPUT_FILES or not run.output_prefix:
        raise FileNotFoundError(name)
    with default_storage.open(f"{run.output_prefix}/{name}", "rb") as handle:
        data: bytes = handle.read()
    return data


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
