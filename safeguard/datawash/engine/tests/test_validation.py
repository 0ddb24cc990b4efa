"""Reading, mapping and validating extracts."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguard.datawash.engine.errors import BadInput
from safeguard.datawash.engine.io import Mapping, ValidationRules, load_extract, load_mapping
from safeguard.people.identifiers import make_nhs_number, make_upn

from .conftest import AS_OF, write_csv

RULES = ValidationRules(as_of=AS_OF)
NHS = make_nhs_number(401023456) or ""
UPN = make_upn(841, 2001, 10, 7)


def _load(path: Path, mapping: Mapping | None = None):
    return load_extract("health", path, mapping or Mapping(), RULES)


def test_it_accepts_iso_and_uk_dates(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        f"1,Amy,,Hall,2010-03-04,F,DL3 7AB,,{NHS},,2017-01-02",
        "2,Ben,,Hall,04/03/2010,M,dl37ab,,,,02/01/2017",
    )
    extract = _load(path)
    dobs = extract.records["date_of_birth"].dt.date.astype(str).tolist()
    assert dobs == ["2010-03-04", "2010-03-04"]
    assert extract.records["postcode"].tolist() == ["DL3 7AB", "DL3 7AB"]
    assert extract.rejects == []


def test_a_failed_nhs_number_is_not_used_but_the_record_is_kept(tmp_path: Path) -> None:
    bad = NHS[:-1] + str((int(NHS[-1]) + 1) % 10)
    path = write_csv(tmp_path / "a.csv", f"1,Amy,,Hall,2010-03-04,F,DL3 7AB,,{bad},,")
    extract = _load(path)
    assert len(extract.records) == 1
    assert extract.records.loc[0, "nhs_number"] == ""
    (reject,) = extract.rejects
    assert reject["field"] == "nhs_number" and reject["row_number"] == 2
    assert "check digit" in str(reject["reason"])


def test_a_upn_with_a_wrong_check_letter_is_not_used(tmp_path: Path) -> None:
    wrong = ("B" if UPN[0] != "B" else "C") + UPN[1:]
    path = write_csv(
        tmp_path / "a.csv", f"1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,{wrong},", f"2,Bo,,Hall,2010-03-04,F,,,,{UPN},"
    )
    extract = _load(path)
    assert extract.records["upn"].tolist() == ["", UPN]
    assert [r["field"] for r in extract.rejects] == ["upn"]


@pytest.mark.parametrize(
    ("dob", "reason"),
    [
        ("2010-02-30", "Date of birth must be a real date, like 2012-03-27 or 27/03/2012"),
        ("2030-01-01", "Date of birth must be on or before"),
        ("1950-01-01", "the child would be older than 25"),
    ],
)
def test_impossible_future_and_implausible_dates_are_reported(tmp_path: Path, dob: str, reason: str) -> None:
    path = write_csv(tmp_path / "a.csv", f"1,Amy,,Hall,{dob},F,DL3 7AB,,,,")
    extract = _load(path)
    assert extract.records["date_of_birth"].isna().all()
    assert reason in str(extract.rejects[0]["reason"])
    # The officer sees the value as it was in the file, not as it was parsed ("1950-01-01 00:00:00").
    assert extract.rejects[0]["value"] == dob


def test_an_over_long_name_is_reported_by_row_and_field_and_not_used(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", f"1,{'A' * 101},,Hall,2010-03-04,F,DL3 7AB,,,,")
    extract = _load(path)
    [reject] = extract.rejects
    assert (reject["row_number"], reject["field"]) == (2, "given_name")
    assert reject["reason"] == "Given name must be 100 characters or fewer"
    assert extract.records.loc[0, "given_name"] == ""


def test_a_bad_postcode_shape_is_not_used(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", "1,Amy,,Hall,2010-03-04,F,NOT A POSTCODE,,,,")
    extract = _load(path)
    assert extract.records.loc[0, "postcode"] == ""
    assert extract.rejects[0]["field"] == "postcode"


def test_every_row_is_either_accepted_or_rejected(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        "1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,",
        ",Nobody,,Here,2010-03-04,F,,,,,",
        "1,Amy,,Again,2010-03-04,F,,,,,",
        "3,,,,2010-03-04,F,DL3 7AB,,,,",
    )
    extract = _load(path)
    rejected_rows = {r["row_number"] for r in extract.rejects if r["outcome"] == "row not used"}
    assert extract.rows_read == 4
    assert len(extract.records) + len(rejected_rows) == 4
    assert rejected_rows == {3, 4, 5}


def test_a_mapping_file_renames_headers_and_gives_date_formats(tmp_path: Path) -> None:
    mapping_path = tmp_path / "health.toml"
    mapping_path.write_text(
        '[columns]\n"Patient Ref" = "record_id"\n"Forename" = "given_name"\n"Surname" = "family_name"\n'
        '"DOB" = "date_of_birth"\n[dates]\ndate_of_birth = "%d.%m.%Y"\n',
        encoding="utf-8",
    )
    path = write_csv(tmp_path / "a.csv", "X1,Amy,Hall,04.03.2010,kept", header="Patient Ref,Forename,Surname,DOB,Extra")
    extract = _load(path, load_mapping(mapping_path))
    assert extract.records.loc[0, "record_id"] == "X1"
    assert str(extract.records.loc[0, "date_of_birth"].date()) == "2010-03-04"


def test_it_reads_an_xlsx_spreadsheet(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["record_id", "given_name", "family_name", "date_of_birth", "nhs_number"])
    sheet.append([17, "Amy", "Hall", dt.datetime(2010, 3, 4), int(NHS)])
    path = tmp_path / "a.xlsx"
    book.save(path)
    extract = _load(path)
    assert extract.records.loc[0, "record_id"] == "17"
    assert extract.records.loc[0, "nhs_number"] == NHS
    assert str(extract.records.loc[0, "date_of_birth"].date()) == "2010-03-04"


def test_it_rejects_a_file_with_no_header(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,\n", encoding="utf-8")
    with pytest.raises(BadInput, match="no header row"):
        _load(path)


def test_a_utf16_file_with_a_byte_order_mark_is_read_as_utf16(tmp_path: Path) -> None:
    # Excel's "Unicode text" export: the mark says the encoding, whatever the mapping says.
    path = tmp_path / "a.csv"
    path.write_bytes("record_id,given_name\n1,Zoë\n".encode("utf-16"))
    assert _load(path).records["given_name"].tolist() == ["Zoë"]


def test_it_rejects_utf16_text_without_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("record_id,given_name\n1,Zoë\n".encode("utf-16-le"))
    with pytest.raises(BadInput, match="UTF-16 text without a byte order mark"):
        _load(path)


def test_it_rejects_latin1_text_declared_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("record_id,given_name\n1,Zoë\n".encode("latin-1"))
    with pytest.raises(BadInput, match="not UTF-8 text"):
        _load(path)


def test_it_rejects_a_spreadsheet_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_text("record_id,given_name\n1,Amy\n", encoding="utf-8")
    with pytest.raises(BadInput, match="not a readable Excel workbook"):
        _load(path)


def damaged_xlsx() -> bytes:
    """A workbook that opens but whose sheet was cut short, as a broken download leaves it."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["record_id", "given_name", "family_name", "date_of_birth"])
    for n in range(50):
        sheet.append([f"H{n}", "Amelia", "Hartley", "2011-03-14"])
    whole, cut = io.BytesIO(), io.BytesIO()
    book.save(whole)
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(cut, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    return cut.getvalue()


def test_it_rejects_a_spreadsheet_damaged_inside(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(damaged_xlsx())
    with pytest.raises(BadInput, match="damaged"):
        _load(path)


def test_it_rejects_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(BadInput, match="empty"):
        _load(path)


def test_it_rejects_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="does not exist"):
        _load(tmp_path / "nope.csv")


def test_the_command_line_sets_the_row_and_size_limits_for_a_regions_extracts(tmp_path: Path) -> None:
    from safeguard.datawash.engine.cli import build_parser, config_from_args

    rows = [f"{n},Amy,,Hall,2010-03-04,F,DL3 7AB,,,," for n in range(1, 6)]
    path = write_csv(tmp_path / "a.csv", *rows)
    base = ["--cohort", f"ehe={path}", "--as-of", "2017-06-30", "--out", str(tmp_path / "out")]
    few = config_from_args(build_parser().parse_args([*base, "--max-rows", "4"]))
    with pytest.raises(BadInput, match="more than 4 rows of data"):
        load_extract("ehe", path, Mapping(), RULES, few.file_limits)
    enough = config_from_args(build_parser().parse_args([*base, "--max-rows", "5", "--max-file-mb", "1"]))
    assert len(load_extract("ehe", path, Mapping(), RULES, enough.file_limits).records) == 5
    assert enough.file_limits.max_bytes == 1024 * 1024


def test_the_command_line_refuses_a_limit_below_one(tmp_path: Path) -> None:
    from safeguard.datawash.engine.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["--cohort", "a=b", "--as-of", "2017-06-30", "--out", "o", "--max-rows", "0"])
