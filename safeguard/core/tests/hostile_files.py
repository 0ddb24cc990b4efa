"""Small hostile and broken files, built byte by byte, for the upload tests and ``bench/hostile_files.py``.

Each is the shape of an attack or an accident seen in review; none needs more than a few KB on
disk except where the point is size (the zip bomb is small on disk and huge unpacked).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="xl/workbook.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _workbook(sheet: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f'<sheets><sheet name="{escape(sheet, {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _book_rels(shared: bool) -> str:
    strings = f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>' if shared else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{strings}'
        "</Relationships>"
    )


def _cell(reference: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_xml(rows: Iterable[tuple[int, list[object]]], *, dimension: str = "", before: str = "") -> str:
    body = "".join(
        f'<row r="{number}">'
        + "".join(_cell(f"{_letters(i)}{number}", v) for i, v in enumerate(values, start=1) if v is not None)
        + "</row>"
        for number, values in rows
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{before}<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'


def xlsx(sheet: str, *, name: str = "Sheet1", extra: dict[str, str | bytes] | None = None) -> bytes:
    """A minimal workbook of one sheet whose XML is ``sheet`` (plus ``extra`` parts, e.g. shared strings)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(name))
        archive.writestr("xl/_rels/workbook.xml.rels", _book_rels(shared="xl/sharedStrings.xml" in (extra or {})))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for part, content in (extra or {}).items():
            archive.writestr(part, content)
    return out.getvalue()


def table_xlsx(header: list[object], rows: list[list[object]], *, name: str = "Sheet1") -> bytes:
    numbered = [(1, header)] + [(n, r) for n, r in enumerate(rows, start=2)]
    return xlsx(sheet_xml(numbered), name=name)


def row_900_million(header: list[object], row: list[object], *, name: str = "Sheet1") -> bytes:
    """1.6 KB: a header, then one row numbered 900,000,000 (openpyxl yields 899,999,998 empty rows first)."""
    return xlsx(sheet_xml([(1, header), (900_000_000, row)]), name=name)


def whole_sheet_dimension(header: list[object], row: list[object], *, name: str = "Sheet1") -> bytes:
    """Claims every cell of the sheet is used: openpyxl pads each row to 16,384 columns and reads 1,048,576 rows."""
    return xlsx(sheet_xml([(1, header), (2, row), (1_048_576, row)], dimension="A1:XFD1048576"), name=name)


def far_column(header: list[object], *, name: str = "Sheet1") -> bytes:
    """A value in column XFD of every one of many rows: padded rows would be 16,384 cells wide each."""
    rows = [(1, header)] + [(n, []) for n in range(2, 3)]
    body = sheet_xml(rows).replace(
        "</sheetData>",
        "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(3, 20_003)) + "</sheetData>",
    )
    return xlsx(body, name=name)


def zip_bomb(unpacked_mb: int = 2048, *, name: str = "Sheet1") -> bytes:
    """A workbook whose shared strings unpack to ``unpacked_mb`` MB of one repeated text (~2 MB on disk per GB)."""
    out = io.BytesIO()
    header = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    chunk = b"<si><t>aaaaaaaaaaaaaaaa</t></si>" * 32768  # 1 MB
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(name))
        archive.writestr("xl/_rels/workbook.xml.rels", _book_rels(shared=True))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml([(1, ["record_id"]), (2, ["1"])]))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(header)
            for _ in range(unpacked_mb):
                part.write(chunk)
            part.write(b"</sst>")
    return out.getvalue()


def entity_bomb(*, name: str = "Sheet1") -> bytes:
    """The "billion laughs": ten levels of entities each ten times the last, inside the sheet."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    sheet = sheet_xml([(1, ["record_id"]), (2, ["&a9;"])]).replace("&amp;a9;", "&a9;")
    sheet = sheet.replace("?>", f"?><!DOCTYPE worksheet [{entities}]>", 1)
    return xlsx(sheet, name=name)


def deep_xml(depth: int = 100_000, *, name: str = "Sheet1") -> bytes:
    sheet = sheet_xml([(1, ["record_id"])]).replace("<sheetData>", "<sheetData>" + "<x>" * depth + "</x>" * depth)
    return xlsx(sheet, name=name)


def zip_of_something_else() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "not a workbook")
        archive.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    return out.getvalue()


def csv_repeated_header(copies: int = 2_000_000, name: str = "a") -> bytes:
    """One line naming the same column two million times (a duplicate check by list.count is quadratic)."""
    return (",".join([name] * copies) + "\n" + ",".join(["1"] * copies) + "\n").encode()


def csv_long_line(megabytes: int = 1024, header: str = "record_id,given_name") -> bytes:
    """A header, then one line of ``megabytes`` MB with no line break."""
    return (header + "\n").encode() + b"x" * (megabytes * 1024 * 1024)


def csv_with_nul(header: str = "record_id,given_name") -> bytes:
    return f"{header}\n1,Amy\n2,B\x00b\n".encode()


def csv_utf16(header: str = "record_id,given_name", *, bom: bool = True) -> bytes:
    text = f"{header}\r\n1,Zoë\r\n"
    return text.encode("utf-16" if bom else "utf-16-le")
