"""10,000 mutated CSV and workbook files through every upload reader: each is read or refused, nothing else.

Mutations of small valid files (byte flips, truncation, inserted junk, and for workbooks tampering with
one part inside an otherwise valid archive, which reaches the XML parser rather than the ZIP checksum).
"Refused" means the project's own error (FileRefused, UploadProblem, BadInput) or, for the scorecard and
workforce readers, a problem returned; any other exception is a crash and fails the test. A hang would show
as the test never finishing (the readers are bounded, so none is expected). Derandomised, so a run is
reproducible; each example uses one reader, drawn in turn, so the 10,000 run in about a minute.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguard.core import safefiles
from safeguard.core.tests import hostile_files as hostile
from safeguard.datawash.engine.errors import BadInput
from safeguard.datawash.engine.io import Mapping, read_table
from safeguard.datawash.uploads import UploadProblem, first_look

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = 5_000  # per test; two tests

CSV_SEEDS = [
    b'record_id,given_name,family_name,date_of_birth\r\nH1,Amelia,Hartley,2011-03-14\r\nH2,"Ben, Jr",Stokes,\r\n',
    'Staff group,Vacancies (FTE)\nSocial workers,4.5\nHealth visitors,"1\n"\n'.encode("utf-8-sig"),
    "record_id;given_name\n1;Zoë\n".encode("utf-16"),
]
XLSX_SEEDS = [
    hostile.table_xlsx(["record_id", "given_name", "date_of_birth"], [["H1", "Amelia", 40_000], [2, None, 3.5]]),
    hostile.table_xlsx(
        ["Indicator code", "Indicator", "Period", "Numerator"], [["A1", "x", "2026-01", 3]], name="Figures"
    ),
]


def _openpyxl_seed() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Workforce returns"
    sheet.append(["Quarter start (YYYY-MM-DD)", "Staff group", "Vacancies (FTE)"])
    sheet.append(["2026-04-01", "Social workers", 0.045])
    sheet["C2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX_SEEDS.append(_openpyxl_seed())


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[position:]
        elif kind == "insert":
            data[position:position] = draw(
                st.one_of(
                    st.binary(max_size=40),
                    st.sampled_from([b"\x00", b'"', b"\r", b"\n", b",,,,", b"<", b"&a;", b"<!DOCTYPE x>", b"\xff\xfe"]),
                )
            )
        elif kind == "delete":
            del data[position : position + draw(st.integers(1, 40))]
    return bytes(data)


@st.composite
def tampered_workbook(draw: st.DrawFn) -> bytes:
    """A valid archive with one part mutated (its checksum then matches, so the XML itself is what breaks)."""
    seed = draw(st.sampled_from(XLSX_SEEDS))
    with zipfile.ZipFile(io.BytesIO(seed)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    victim = draw(st.sampled_from(sorted(parts)))
    parts[victim] = draw(mutated(parts[victim]))
    if draw(st.booleans()):
        # Row and cell numbers are where the hostile values go.
        text = parts[victim].replace(b'r="2"', f'r="{draw(st.integers(-5, 10**12))}"'.encode())
        parts[victim] = text.replace(b'r="A2"', draw(st.sampled_from([b'r="XFD2"', b'r="ZZZZ2"', b'r="2A"', b'r=""'])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _first_look(content: bytes, suffix: str, _: Path) -> None:
    with contextlib.suppress(UploadProblem):
        first_look(content, suffix=suffix, encoding="utf-8")


def _engine(content: bytes, suffix: str, folder: Path) -> None:
    path = folder / f"extract{suffix}"
    path.write_bytes(content)
    with contextlib.suppress(BadInput):
        read_table(path, Mapping())


def _scorecard(content: bytes, suffix: str, _: Path) -> None:
    from safeguard.performance.workbook import read_upload

    entries, problems = read_upload(io.BytesIO(content), {})
    assert entries == [] and all(str(p) for p in problems)


def _workforce(content: bytes, suffix: str, _: Path) -> None:
    from safeguard.workforce.workbook import read_upload

    upload = read_upload(io.BytesIO(content), name=f"r{suffix}")
    assert all(p.reason for p in upload.problems)


def _shared(content: bytes, suffix: str, _: Path) -> None:
    try:
        if suffix == ".xlsx":
            with safefiles.Workbook(content) as book:
                for name in book.sheet_names:
                    for row in book.rows(name):
                        row.values(min(row.width, 50))
        else:
            for _number, _row in safefiles.csv_rows(safefiles.csv_text(content)):
                pass
    except safefiles.FileRefused as refused:
        assert str(refused)


READERS: list[Callable[[bytes, str, Path], None]] = [_shared, _first_look, _engine, _scorecard, _workforce]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(content=st.sampled_from(CSV_SEEDS).flatmap(mutated), reader=st.sampled_from(READERS))
def test_mutated_csv_files_are_read_or_refused_by_every_reader(
    tmp_path: Path, content: bytes, reader: Callable[[bytes, str, Path], None]
) -> None:
    reader(content, ".csv", tmp_path)


@FUZZ
@given(
    content=st.one_of(st.sampled_from(XLSX_SEEDS).flatmap(mutated), tampered_workbook()),
    reader=st.sampled_from(READERS),
)
def test_mutated_workbooks_are_read_or_refused_by_every_reader(
    tmp_path: Path, content: bytes, reader: Callable[[bytes, str, Path], None]
) -> None:
    reader(content, ".xlsx", tmp_path)
