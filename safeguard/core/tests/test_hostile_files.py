"""Hostile and broken files on every upload path: each is refused with a message that names the problem.

Before ``safeguard.core.safefiles`` the row-900,000,000 workbook, the whole-sheet dimension and the zip
bomb hung the reader (openpyxl materialised every missing row, padded every row to 16,384 cells, or held
gigabytes of shared strings) and the two-million-column header took quadratic time. These tests assert
the message, not a time: ``bench/hostile_files.py`` measures time and memory.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from safeguard.core import safefiles
from safeguard.core.tests import hostile_files as hostile
from safeguard.datawash.engine.cli import main as wash_main
from safeguard.datawash.engine.errors import BadInput
from safeguard.datawash.engine.io import Mapping, read_table
from safeguard.datawash.uploads import UploadProblem, first_look
from safeguard.workforce.batch import COLUMNS

HEADER: list[object] = ["record_id", "given_name"]
WORKFORCE_HEADER: list[object] = [column.header for column in COLUMNS]
ROW: list[object] = ["H1", "Amelia"]
SMALL = safefiles.Limits(max_unpacked_bytes=8 * 1024 * 1024)

# (name, file bytes, suffix, what the message must say)
CASES: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("row 900,000,000", lambda: hostile.row_900_million(HEADER, ROW), ".xlsx", "row numbered 900,000,000"),
    ("zip bomb", lambda: hostile.zip_bomb(16), ".xlsx", "unpacks to"),
    ("entity bomb", hostile.entity_bomb, ".xlsx", "document type"),
    ("deep XML", hostile.deep_xml, ".xlsx", "nested too deeply"),
    ("a ZIP of something else", hostile.zip_of_something_else, ".xlsx", "not an Excel workbook"),
    ("an empty workbook file", lambda: b"", ".xlsx", "empty"),
    ("two million copies of one heading", hostile.csv_repeated_header, ".csv", "longer than"),
    ("a 20 MB line", lambda: hostile.csv_long_line(20), ".csv", "longer than"),
    ("NUL bytes", hostile.csv_with_nul, ".csv", "NUL"),
    ("UTF-16 without a byte order mark", lambda: hostile.csv_utf16(bom=False), ".csv", "UTF-16"),
    ("an empty CSV file", lambda: b"", ".csv", "empty"),
]
IDS = [case[0] for case in CASES]


def _read_whole(content: bytes, suffix: str, limits: safefiles.Limits = SMALL) -> None:
    if suffix == ".xlsx":
        with safefiles.Workbook(content, limits) as book:
            for _ in book.rows():
                pass
    else:
        for _ in safefiles.csv_rows(safefiles.csv_text(content, limits=limits), limits=limits):
            pass


@pytest.mark.parametrize(("name", "make", "suffix", "message"), CASES, ids=IDS)
def test_the_shared_reader_refuses_each_hostile_file_saying_why(
    name: str, make: Callable[[], bytes], suffix: str, message: str
) -> None:
    with pytest.raises(safefiles.FileRefused, match=message):
        _read_whole(make(), suffix)


def test_the_message_for_a_far_row_names_the_row_and_the_limit() -> None:
    with pytest.raises(safefiles.FileRefused) as refused:
        _read_whole(hostile.row_900_million(HEADER, ROW), ".xlsx")
    assert str(refused.value) == (
        "The Sheet1 sheet has a row numbered 900,000,000; a sheet can have at most 1,048,576 rows"
    )


def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_anything_is_unpacked() -> None:
    bomb = hostile.zip_bomb(16)
    with pytest.raises(safefiles.FileRefused, match="more than 200 times its size"):
        safefiles.Workbook(bomb)
    # A part under the ratio but over the total is refused by the total.
    with pytest.raises(safefiles.FileRefused, match="unpacks to 16 MB; at most 8 MB"):
        safefiles.Workbook(bomb, safefiles.Limits(max_unpacked_bytes=8 * 1024 * 1024, max_ratio=10_000))


def test_a_whole_sheet_dimension_reads_only_the_cells_that_are_there() -> None:
    with safefiles.Workbook(hostile.whole_sheet_dimension(HEADER, ROW)) as book:
        rows = [(row.number, row.values(row.width)) for row in book.rows()]
    assert rows == [(1, HEADER), (2, ROW), (1_048_576, ROW)]


def test_a_value_in_the_last_column_is_kept_as_one_cell_not_a_row_of_16384() -> None:
    with safefiles.Workbook(hostile.far_column(HEADER)) as book:
        rows = list(book.rows())
    assert rows[1].cells == {16_384: 1}
    assert len(rows) == 20_001


def test_a_utf16_file_with_a_byte_order_mark_is_read() -> None:
    text = safefiles.csv_text(hostile.csv_utf16())
    assert [row for _, row in safefiles.csv_rows(text)] == [HEADER, ["1", "Zoë"]]


def test_a_record_spread_over_many_lines_by_quotes_is_bounded() -> None:
    # Many short quoted fields each holding a line break: no line and no field is long, but the row is.
    content = b"record_id,notes\n1" + b',"a\n"' * 600_000 + b"\n"
    with pytest.raises(safefiles.FileRefused, match="makes a row longer than"):
        _read_whole(content, ".csv", safefiles.DEFAULT_LIMITS)


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"record_id\n" + b"1\n" * 600_000)
    with pytest.raises(safefiles.FileRefused, match="at most 1 MB"):
        safefiles.read_bytes(path, safefiles.Limits(max_bytes=1024 * 1024))


def test_the_repeated_heading_check_is_linear_and_names_each_once() -> None:
    assert safefiles.repeated(["a", "b", "a", "a", "c", "b"]) == ["a", "b"]
    assert safefiles.repeated(["x"] * 2_000_000) == ["x"]


def test_openpyxl_reads_through_defusedxml_so_an_entity_bomb_is_refused_there_too() -> None:
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed: openpyxl then parses worksheets with it"
    with pytest.raises(Exception) as raised:
        openpyxl.load_workbook(io.BytesIO(hostile.entity_bomb()))
    causes = []
    error: BaseException | None = raised.value
    while error is not None:
        causes.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert "EntitiesForbidden" in causes


# --- every path: the data wash's first look (web and API), the engine (command line), scorecard, workforce ---


@pytest.mark.parametrize(("name", "make", "suffix", "message"), CASES, ids=IDS)
def test_the_data_wash_upload_refuses_each_with_an_upload_problem(
    name: str, make: Callable[[], bytes], suffix: str, message: str
) -> None:
    with pytest.raises(UploadProblem, match=message):
        first_look(make(), suffix=suffix, encoding="utf-8", limits=SMALL)


def test_the_data_wash_upload_refuses_a_header_with_no_rows() -> None:
    with pytest.raises(UploadProblem, match="a header row but no rows of data"):
        first_look(b"record_id,given_name\n", suffix=".csv", encoding="utf-8")
    with pytest.raises(UploadProblem, match="a header row but no rows of data"):
        first_look(hostile.table_xlsx(HEADER, []), suffix=".xlsx", encoding="utf-8")


def test_the_data_wash_upload_names_a_heading_repeated_in_a_wide_header_once() -> None:
    content = (",".join(["id"] * 10_000) + "\n" + ",".join(["1"] * 10_000) + "\n").encode()
    with pytest.raises(UploadProblem, match=r"names a column more than once: id$"):
        first_look(content, suffix=".csv", encoding="utf-8")


@pytest.mark.parametrize(("name", "make", "suffix", "message"), CASES, ids=IDS)
def test_the_wash_engine_refuses_each_with_bad_input(
    tmp_path: Path, name: str, make: Callable[[], bytes], suffix: str, message: str
) -> None:
    path = tmp_path / f"extract{suffix}"
    path.write_bytes(make())
    with pytest.raises(BadInput, match=message):
        read_table(path, Mapping(), SMALL)


def test_the_wash_engine_keeps_only_the_mapped_columns_of_a_wide_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    header = ["record_id", *[f"c{n}" for n in range(5000)], "given_name"]
    path.write_text(",".join(header) + "\n" + ",".join(["H1", *["x"] * 5000, "Amy"]) + "\n", encoding="utf-8")
    frame = read_table(path, Mapping())
    assert frame.loc[0, "record_id"] == "H1" and frame.loc[0, "given_name"] == "Amy"


def test_safeguard_wash_exits_with_bad_input_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cohort = tmp_path / "cohort.xlsx"
    cohort.write_bytes(hostile.row_900_million(HEADER, ROW))
    code = wash_main(["--cohort", f"ehe={cohort}", "--as-of", "2026-01-31", "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    assert "row numbered 900,000,000" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        lambda: hostile.row_900_million(["Indicator code"], ["X"], name="Figures"),
        lambda: hostile.whole_sheet_dimension(["Indicator code"], [None], name="Figures"),
        lambda: hostile.zip_bomb(16, name="Figures"),
        hostile.entity_bomb,
        hostile.zip_of_something_else,
    ],
    ids=["row 900,000,000", "whole-sheet dimension", "zip bomb", "entity bomb", "ZIP of something else"],
)
def test_the_scorecard_upload_gives_one_clear_problem(make: Callable[[], bytes]) -> None:
    from safeguard.performance.workbook import read_upload

    entries, problems = read_upload(io.BytesIO(make()), {})
    assert entries == []
    assert len(problems) == 1
    assert str(problems[0])[:1].isupper()


def test_the_scorecard_upload_names_the_far_row() -> None:
    from safeguard.performance.workbook import read_upload

    _, problems = read_upload(io.BytesIO(hostile.row_900_million(["Indicator code"], ["X"], name="Figures")), {})
    assert str(problems[0]) == (
        "The Figures sheet has a row numbered 900,000,000; a sheet can have at most 1,048,576 rows"
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (hostile.row_900_million(WORKFORCE_HEADER, ["x"], name="Workforce returns"), "r.xlsx", "row numbered 900"),
        (hostile.zip_bomb(16), "r.xlsx", "unpacks to"),
        (hostile.entity_bomb(), "r.xlsx", "document type"),
        (hostile.zip_of_something_else(), "r.xlsx", "not an Excel workbook"),
        (hostile.csv_repeated_header(), "r.csv", "longer than"),
        (hostile.csv_long_line(5), "r.csv", "longer than"),
        (",".join(map(str, WORKFORCE_HEADER)).encode() + b"\n" + b",\n" * 20_000, "r.csv", "more than 10,000 rows"),
    ],
    ids=["row 900,000,000", "zip bomb", "entity bomb", "ZIP of something else", "wide header", "long line", "rows"],
)
def test_the_workforce_upload_gives_one_clear_problem(content: bytes, name: str, message: str) -> None:
    from safeguard.workforce.workbook import read_upload

    upload = read_upload(io.BytesIO(content), name=name)
    assert upload.items == []
    assert len(upload.problems) == 1
    assert message in upload.problems[0].reason


def test_the_workforce_upload_counts_the_empty_rows_a_workbook_leaves_out() -> None:
    from safeguard.workforce.workbook import read_upload

    content = hostile.xlsx(
        hostile.sheet_xml([(1, WORKFORCE_HEADER), (2, ["2026-04-01", "x"]), (5, ["2026-04-01", "y"])]),
        name="Workforce returns",
    )
    upload = read_upload(io.BytesIO(content), name="r.xlsx")
    assert [number for number, _ in upload.items] == [2, 3, 4, 5]


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.django_db
def test_a_photo_that_claims_ten_billion_pixels_is_refused_before_it_is_decoded() -> None:
    from safeguard.missing.photos import PhotoRejected, clean_photo

    with pytest.raises(PhotoRejected):
        clean_photo(_png(100_000, 100_000))
