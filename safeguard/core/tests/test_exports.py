"""The one way every download, CSV export and Excel cell is written."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from safeguard.core.exports import XLSX, csv_bytes, csv_download, download, excel_row, excel_write


def test_a_download_is_an_attachment_named_as_asked_even_with_an_accent() -> None:
    response = download(b"x", filename="Zoë's notice.docx", content_type=XLSX)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Zo%C3%AB%27s%20notice.docx" in response["Content-Disposition"]
    assert response.getvalue() == b"x"


def test_a_calendar_feed_can_be_opened_inline() -> None:
    response = download(b"BEGIN:VCALENDAR", filename="feed.ics", content_type="text/calendar", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="feed.ics"'


def test_a_csv_starts_with_a_byte_order_mark_so_excel_shows_accents() -> None:
    data = csv_bytes(["Name"], [["Zoë"], ["=HYPERLINK(1)"]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [["Name"], ["Zoë"], ["'=HYPERLINK(1)"]]
    response = csv_download(["Name"], [["Zoë"]], filename="names.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="names.csv"'


def test_formula_like_text_in_excel_is_a_text_cell_shown_as_typed() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    excel_row(sheet, ["=HYPERLINK(1)", "+44 council", "-1 day", "@SUM(A1)", 3, "Plain"])
    excel_write(sheet, 2, 1, "=1+1")
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue())).active
    assert read is not None
    assert [c.value for c in read[1]] == ["=HYPERLINK(1)", "+44 council", "-1 day", "@SUM(A1)", 3, "Plain"]
    assert [c.data_type for c in read[1]] == ["s", "s", "s", "s", "n", "s"]
    assert read["A2"].value == "=1+1" and read["A2"].data_type == "s"
