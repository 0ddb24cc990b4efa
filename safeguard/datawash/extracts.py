"""An agency's extract before any run uses it: guessing its columns, storing it privately, validating it.

The engine reads the files; this module keeps them in private storage and turns the engine's
validation report into what the extract's page shows.
"""

from __future__ import annotations

import errno
import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.utils import timezone

from safeguard.datawash.engine import BadInput
from safeguard.datawash.engine.io import Mapping, ValidationRules, load_extract
from safeguard.datawash.models import CANONICAL_FIELDS, Extract, ExtractStatus, WashRun
from safeguard.datawash.uploads import UploadProblem

logger = logging.getLogger(__name__)


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


def max_upload_bytes() -> int:
    return int(settings.SAFEGUARD_MAX_UPLOAD_MB) * 1024 * 1024


def store_upload(extract: Extract, *, suffix: str, raw: bytes) -> None:
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


def mapping_fits(columns: dict[str, str], headers: list[str]) -> bool:
    present = set(headers)
    return "record_id" in columns.values() and all(header in present for header in columns)


@contextmanager
def local_copy(stored: File[Any], suffix: str) -> Iterator[Path]:
    """A file the engine can open by path, whatever the storage backend."""
    with tempfile.TemporaryDirectory(prefix="sg-datawash-") as folder:
        path = Path(folder) / f"extract{suffix}"
        with default_storage.open(str(stored.name), "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path


def engine_mapping(columns: dict[str, str], date_formats: dict[str, str], encoding: str) -> Mapping:
    return Mapping(columns=dict(columns), date_formats={k: v for k, v in date_formats.items() if v}, encoding=encoding)


REJECTS_KEPT = 1000


def validate(extract: Extract, columns: dict[str, str], date_formats: dict[str, str]) -> None:
    """Run the engine's validation of one source and keep its report on the extract."""
    if "record_id" not in columns.values():
        raise UploadProblem("Choose which column holds the record ID")
    suffix = Path(extract.file.name).suffix
    mapping = engine_mapping(columns, date_formats, extract.encoding)
    try:
        with local_copy(extract.file, suffix) as path:
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


def canonical_rows(run: WashRun, extract: Extract) -> dict[str, dict[str, Any]]:
    """An extract's accepted rows in canonical columns, keyed by record id (invalid identifiers blanked)."""
    with local_copy(extract.file, Path(extract.file.name).suffix) as path:
        checked = load_extract(
            extract.engine_name,
            path,
            engine_mapping(extract.mapping, extract.date_formats, extract.encoding),
            ValidationRules(as_of=run.as_of),
        )
    rows: dict[str, dict[str, Any]] = {}
    for row in checked.records.to_dict("records"):
        rows[str(row["record_id"])] = {str(k): v for k, v in row.items()}
    return rows
