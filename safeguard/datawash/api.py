"""API for agency systems: push an extract, read its validation report, read a run's status and summary.

Tokens act for their agency: an extract lands in the token's own agency; a run is read only
within the token's partnership. Every request is audited; bad requests get a 4xx JSON error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from safeguard.audit.models import Action
from safeguard.audit.services import api_actor, audit_record
from safeguard.core.api import ErrorOut, caller_of
from safeguard.datawash import services
from safeguard.datawash.models import Extract, SourceKind, WashRun
from safeguard.datawash.uploads import ENCODINGS, UploadProblem
from safeguard.partnership.roles import Perm

router = Router(tags=["data wash"])


def _audit(request: HttpRequest, summary: str, target: Any = None) -> None:
    caller = caller_of(request)
    audit_record(
        actor=None,
        actor_username=api_actor(caller.token),
        agency=caller.agency,
        action=Action.API,
        target=target,
        object_type="" if target is not None else "datawash.api",
        summary=summary,
        request=request,
    )


class RejectOut(Schema):
    row: int = Field(description="The row's number in the file, the heading being row 1")
    field: str
    reason: str
    row_not_used: bool = Field(description="True if the whole row was left out; false if only this value was")


class ExtractOut(Schema):
    """An extract and what checking it found."""

    id: int
    source_kind: str
    version: int
    received_at: dt.datetime
    status: str = Field(description="awaiting_mapping, validated or rejected")
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    values_not_used: int
    rejects: list[RejectOut]
    columns_to_map: list[str] = Field(description="The file's headings, while its columns wait to be mapped")


class RunSummaryOut(Schema):
    cohort: int | None = Field(description="Children on the register")
    unseen: int | None = Field(description="Of them, not seen by any agency in the run's months")
    check: int | None = Field(description="Of them, matched uncertainly: someone should check")
    seen: int | None


class RunOut(Schema):
    """A wash run's progress, and once it has succeeded its counts (no names)."""

    id: int
    status: str
    stage: str
    percent: int
    error: str
    as_of: dt.date
    unseen_months: int
    summary: RunSummaryOut | None = Field(description="Only once the run has succeeded")


def _extract_out(extract: Extract) -> ExtractOut:
    return ExtractOut(
        id=extract.pk,
        source_kind=extract.source_kind,
        version=extract.version,
        received_at=extract.received_at,
        status=extract.status,
        rows_read=extract.rows_read,
        rows_accepted=extract.rows_accepted,
        rows_rejected=extract.rows_rejected,
        values_not_used=extract.values_not_used,
        rejects=[
            RejectOut(row=r["row"], field=r["field"], reason=r["reason"], row_not_used=r["row_not_used"])
            for r in extract.rejects
        ],
        columns_to_map=extract.headers if extract.status == "awaiting_mapping" else [],
    )


@router.post(
    "/extracts",
    response={201: ExtractOut, 400: ErrorOut, 403: ErrorOut},
    summary="Upload an extract for the token's agency",
)
def upload_extract(
    request: HttpRequest,
    source_kind: str = Form(..., description="One of: " + ", ".join(SourceKind.values)),
    encoding: str = Form("utf-8", description="utf-8 or cp1252"),
    file: UploadedFile = File(...),  # noqa: B008 - ninja's way of declaring a multipart file
) -> Status:
    caller = caller_of(request)
    caller.require(Perm.UPLOAD_EXTRACTS)
    if source_kind not in SourceKind.values:
        raise HttpError(400, f"source_kind must be one of: {', '.join(SourceKind.values)}")
    if encoding not in ENCODINGS:
        raise HttpError(400, f"encoding must be one of: {', '.join(ENCODINGS)}")
    try:
        extract = services.extract_receive(
            actor=None,
            agency=caller.agency,
            source_kind=SourceKind(source_kind),
            name=file.name or "upload.csv",
            content=file,
            encoding=encoding,
            api_token=caller.token,
        )
    except UploadProblem as problem:
        _audit(request, f"Extract refused: {problem}")
        raise HttpError(400, str(problem)) from None
    _audit(request, f"Uploaded {extract}", extract)
    return Status(201, _extract_out(extract))


@router.get(
    "/extracts/{extract_id}",
    response={200: ExtractOut, 403: ErrorOut, 404: ErrorOut},
    summary="An extract's validation report",
)
def extract_report(request: HttpRequest, extract_id: int) -> ExtractOut:
    caller = caller_of(request)
    caller.require(Perm.UPLOAD_EXTRACTS)
    extract = Extract.objects.filter(pk=extract_id, agency=caller.agency).first()
    if extract is None:
        raise HttpError(404, "No such extract for this agency")
    _audit(request, f"Read the validation report of {extract}", extract)
    return _extract_out(extract)


@router.get(
    "/runs/{run_id}",
    response={200: RunOut, 403: ErrorOut, 404: ErrorOut},
    summary="A wash run's status and results summary",
)
def run_status(request: HttpRequest, run_id: int) -> RunOut:
    caller = caller_of(request)
    caller.require(Perm.RUN_WASH)
    run = WashRun.objects.filter(pk=run_id, partnership_id=caller.agency.partnership_id).first()
    if run is None:
        raise HttpError(404, "No such run in this partnership")
    _audit(request, f"Read the status of wash run {run.pk}", run)
    counts = run.counts
    summary = None
    if run.status == "succeeded":
        summary = RunSummaryOut(
            cohort=counts.get("cohort"),
            unseen=counts.get("cohort_unseen"),
            check=counts.get("cohort_check"),
            seen=counts.get("cohort_seen"),
        )
    return RunOut(
        id=run.pk,
        status=run.status,
        stage=run.stage,
        percent=run.percent,
        error=run.error,
        as_of=run.as_of,
        unseen_months=run.unseen_months,
        summary=summary,
    )
