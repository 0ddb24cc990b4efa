"""Reading uploaded CSV and Excel files within fixed bounds of time and memory.

Every upload path (the data wash's web page, API and command line, the scorecard and the
workforce workbooks) reads files through here, so a hostile or broken file is refused in one
way, with one kind of message, wherever it arrives: a sheet with a row numbered 900,000,000,
a zip bomb, a 1 GB line, a header naming one column two million times, NUL bytes, UTF-16,
an XML entity bomb or a ZIP of something else.

Plain Python with no Django import, on purpose: the data wash engine (which must not import
Django, so it runs from the command line and on Spark) and the Django apps both import it, as
they both import ``safeguard.people.identifiers``. It lives in ``core`` rather than in the
engine because the scorecard and workforce apps use it too, and one app does not reach into
another's internals.

Excel workbooks are read here rather than through openpyxl, whose read-only mode yields an empty
row for every missing row number (900 million of them for one hostile cell), pads every row to
the width the file's ``<dimension>`` claims, and holds every shared string in memory however
much the archive inflates. This reader streams each part through expat, refuses a DTD (so no
entity expansion), checks every archive member's size and compression ratio before reading it,
and yields only the rows that hold a value, each with its own row number.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from safeguard.core.errors import Refused

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARS = 32_767


class FileRefused(Refused):
    """The file cannot be read safely or at all; the message says why, in words for the person who sent it."""


class NotAZip(FileRefused):
    """A file given as a workbook is not even a ZIP archive (callers with a message of their own for this use it)."""


def _default_max_bytes() -> int:
    # The same knob as the web upload limit (settings.SAFEGUARD_MAX_UPLOAD_MB), read from the environment
    # because the engine has no Django settings: the command line refuses what the web page refuses.
    try:
        megabytes = int(os.environ.get("SAFEGUARD_MAX_UPLOAD_MB", "100"))
    except ValueError:
        megabytes = 100
    return max(1, megabytes) * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much of a file is read before it is refused. The defaults are Excel's own limits where it has one."""

    max_bytes: int = field(default_factory=_default_max_bytes)
    max_rows: int = EXCEL_MAX_ROWS
    max_columns: int = EXCEL_MAX_COLUMNS
    max_line_chars: int = 1_048_576
    """One line of a CSV file; a longer line is not a row of data."""
    max_field_chars: int = 131_072
    """One value (CSV field or spreadsheet cell); Python's csv module has the same default."""
    max_cells: int = 2_000_000
    """Cells present in a workbook's sheet (empty ones are not written to the file, so not counted). Reading
    takes about 8 µs of processor time a cell, so this keeps the largest workbook well inside 30 s; a bigger
    extract is sent as CSV, which is read many times faster."""
    max_unpacked_bytes: int = 256 * 1024 * 1024
    """All the parts of a workbook once unzipped."""
    max_ratio: int = 200
    """How many times larger than its compressed size a large workbook part may be; real workbooks manage ~20."""
    max_members: int = 2_000
    max_xml_depth: int = 64


DEFAULT_LIMITS = Limits()


def number(value: int) -> str:
    return f"{value:,}"


def column_letters(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- whole files ------------------------------------------------------------------------------------------


def read_bytes(source: Path | IO[bytes] | bytes, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's content, refused unread if it is larger than the limit (so a 10 GB file is never loaded)."""
    if isinstance(source, bytes):
        raw = source
    elif isinstance(source, Path):
        try:
            size = source.stat().st_size
        except OSError as error:
            raise FileRefused(f"The file cannot be opened: {error.strerror or error}") from None
        if size > limits.max_bytes:
            raise FileRefused(_too_big(size, limits))
        with source.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    else:
        if source.seekable():
            source.seek(0)
        raw = source.read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        raise FileRefused(_too_big(len(raw), limits))
    return raw


def _too_big(size: int, limits: Limits) -> str:
    mb = limits.max_bytes // (1024 * 1024)
    return f"The file is {size / (1024 * 1024):,.1f} MB; a file can be at most {mb:,} MB"


def is_zip(raw: bytes) -> bool:
    return raw.startswith((b"PK\x03\x04", b"PK\x05\x06"))


# --- CSV --------------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


def csv_codec(raw: bytes, encoding: str) -> str:
    """The codec a CSV file is decoded with: its byte order mark's if it has one, else ``encoding``."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec
    return "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding


def csv_text(raw: bytes, *, encoding: str = "utf-8", limits: Limits = DEFAULT_LIMITS) -> str:
    """A CSV file's bytes as text, or why they are not CSV text.

    A byte order mark wins over ``encoding``: Excel's "Unicode text" is UTF-16 with one, and a UTF-8 file
    saved by Excel starts with one. Text with NUL characters is binary data (or UTF-16 without a mark).
    """
    if len(raw) > limits.max_bytes:
        raise FileRefused(_too_big(len(raw), limits))
    if not raw.strip():
        raise FileRefused("The file is empty")
    if is_zip(raw):
        raise FileRefused("The file is a ZIP archive or an Excel workbook, not CSV text: upload a workbook as .xlsx")
    chosen = csv_codec(raw, encoding)
    if not any(raw.startswith(bom) for bom, _ in _BOMS) and b"\x00" in raw:
        if _looks_like_utf16(raw):
            raise FileRefused("The file is UTF-16 text without a byte order mark: save it as CSV UTF-8 and upload that")
        raise FileRefused("The file contains binary data (NUL bytes): it is not a CSV text file")
    try:
        text = raw.decode(chosen)
    except LookupError:
        raise FileRefused(f"{encoding!r} is not an encoding this service knows") from None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        name = ENCODING_NAMES.get(chosen, chosen)
        raise FileRefused(
            f"The file is not {name} text: byte {error.start + 1:,} (on line {line:,}) cannot be read; "
            "choose the encoding your system exports"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FileRefused(f"Line {line:,} of the file contains a NUL character: it is not a CSV text file")
    _check_line_lengths(text, limits)
    return text


def _looks_like_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def _check_line_lengths(text: str, limits: Limits) -> None:
    """Refuse a line over twice the limit without splitting the text into lines (which would copy it).

    Each aligned window of ``max_line_chars`` must hold a line break: a line twice that long fills one whole
    window, and a line within the limit never does. It costs one memchr per window.
    """
    step = limits.max_line_chars
    for start in range(0, len(text) - step, step):
        if text.find("\n", start, start + step) == -1 and text.find("\r", start, start + step) == -1:
            line = text.count("\n", 0, start) + 1
            raise FileRefused(
                f"Line {line:,} of the file is longer than {number(step)} characters: it is not a row of data"
            )


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")
"""One line and its line break (CRLF, LF or a lone CR, as ``newline=""`` reads them), or a last line without one."""


class _BoundedLines:
    """Lines for ``csv.reader`` that stop one record (which quoted line breaks can spread over many lines)
    from growing past a bound, so no list of millions of fields is ever built."""

    def __init__(self, text: str, limits: Limits) -> None:
        # Lines cut from the text one by one: io.StringIO would first copy the whole text at four bytes a
        # character (400 MB for a 100 MB file).
        self._lines = (match.group() for match in _LINE.finditer(text))
        self._limit = limits.max_line_chars
        self.used = 0
        self.line = 0

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.line += 1
        self.used += len(line)
        if self.used > self._limit:
            raise FileRefused(
                f"Line {self.line:,} of the file makes a row longer than {number(self._limit)} characters: "
                "it is not a row of data"
            )
        return line


def csv_rows(text: str, *, delimiter: str = ",", limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, list[str]]]:
    """Each record as (line number it starts on, fields), within the limits, or FileRefused saying which line."""
    csv.field_size_limit(limits.max_field_chars)
    lines = _BoundedLines(text, limits)
    try:
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
    except TypeError as error:
        raise FileRefused(f"{delimiter!r} cannot separate the columns of a CSV file: {error}") from None
    count = 0
    while True:
        start = lines.line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileRefused(f"The file is not well-formed CSV (line {reader.line_num:,}): {error}") from None
        lines.used = 0
        if len(row) > limits.max_columns:
            raise FileRefused(
                f"Line {start:,} of the file has {len(row):,} columns; a file can have at most "
                f"{number(limits.max_columns)} columns"
            )
        count += 1
        if count > limits.max_rows:
            raise FileRefused(f"The file has more than {number(limits.max_rows)} rows; that is the most it can have")
        yield start, row


def repeated(names: list[str]) -> list[str]:
    """Names given more than once, in order of first repeat, in linear time (a header can be very wide)."""
    seen: set[str] = set()
    twice: dict[str, None] = {}
    for name in names:
        if name in seen:
            twice[name] = None
        seen.add(name)
    return list(twice)


# --- Excel workbooks ----------------------------------------------------------------------------------------


@dataclass
class SheetRow:
    """One row that holds at least one value. ``cells`` maps a column number (1 = A) to its value."""

    number: int
    cells: dict[int, Any]
    formats: dict[int, str] = field(default_factory=dict)
    """The number format of numeric cells that have one (e.g. ``0.0%``), by column."""

    def values(self, width: int) -> list[Any]:
        """The first ``width`` columns as a list, empty cells as None."""
        return [self.cells.get(column) for column in range(1, width + 1)]

    @property
    def width(self) -> int:
        return max(self.cells)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_DOCUMENT = "/officeDocument"
_WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
_MAC_EPOCH = dt.datetime(1904, 1, 1)


class Workbook:
    """A workbook opened for reading: ``sheet_names`` and ``rows(name)``. Use it as a context manager."""

    def __init__(self, source: Path | IO[bytes] | bytes, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        raw = read_bytes(source, limits)
        if not raw.strip():
            raise FileRefused("The file is empty")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(raw))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            if raw.startswith(b"\xd0\xcf\x11\xe0"):
                raise FileRefused(
                    "The file is an older Excel workbook (.xls) or has a password: "
                    "save it as an Excel Workbook (.xlsx) without a password and upload that"
                ) from None
            raise NotAZip("The file is not a readable Excel workbook (.xlsx): it is not a ZIP archive") from None
        try:
            self._check_archive()
            self._open()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    # The archive ---------------------------------------------------------------------------------------

    def _check_archive(self) -> None:
        limits = self.limits
        members = self._zip.infolist()
        if len(members) > limits.max_members:
            raise FileRefused(f"The file holds {len(members):,} parts; an Excel workbook has far fewer")
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise FileRefused("The workbook has a password: save it without one and upload that")
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise FileRefused("The file is compressed in a way Excel does not use: it is not an Excel workbook")
            total += member.file_size
            big = member.file_size > 1024 * 1024
            if big and member.file_size > limits.max_ratio * max(member.compress_size, 1):
                raise FileRefused(
                    f"Part {member.filename[:60]} of the file unpacks to {member.file_size / 1048576:,.0f} MB from "
                    f"{member.compress_size / 1048576:,.1f} MB, more than {limits.max_ratio} times its size: "
                    "a workbook is never packed that tightly, so it was refused unread"
                )
        if total > limits.max_unpacked_bytes:
            raise FileRefused(
                f"The workbook unpacks to {total / 1048576:,.0f} MB; at most "
                f"{limits.max_unpacked_bytes // 1048576:,} MB can be read. Send the data as CSV instead"
            )
        names = set(self._zip.namelist())
        if "[Content_Types].xml" not in names:
            if "mimetype" in names:
                raise FileRefused(
                    "The file is an OpenDocument file, not an Excel workbook: save it as Excel Workbook (.xlsx)"
                )
            raise FileRefused("The file is a ZIP archive of other files, not an Excel workbook (.xlsx)")
        if any(name.startswith("word/") for name in names):
            raise FileRefused("The file is a Word document, not an Excel workbook (.xlsx)")
        if any(name.startswith("ppt/") for name in names):
            raise FileRefused("The file is a PowerPoint presentation, not an Excel workbook (.xlsx)")

    def _stream(self, name: str) -> IO[bytes]:
        try:
            return self._zip.open(name)
        except KeyError:
            raise FileRefused(f"The workbook is damaged: its part {name[:80]} is missing") from None
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError, OSError, EOFError):
            raise FileRefused("The workbook is damaged: save it again from Excel") from None

    def _parse(self, name: str, handler: _Handler) -> Iterator[None]:
        """Feed one part through expat in 64 KB chunks, yielding after each so rows are handed on as they come."""
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def no_dtd(*_: object) -> None:
            raise FileRefused("The workbook is damaged: its XML declares a document type, which no workbook does")

        parser.StartDoctypeDeclHandler = no_dtd
        parser.EntityDeclHandler = no_dtd
        parser.ExternalEntityRefHandler = no_dtd  # type: ignore[assignment]
        depth = 0
        limit = self.limits.max_xml_depth
        local: dict[str, str] = {}  # "namespace}row" → "row", worked out once per tag name
        handler_start, handler_end = handler.start, handler.end

        def start(tag: str, attributes: dict[str, str]) -> None:
            nonlocal depth
            depth += 1
            if depth > limit:
                raise FileRefused("The workbook is damaged: its XML is nested too deeply to be a workbook")
            name = local.get(tag)
            if name is None:
                name = tag.rpartition("}")[2]
                if len(local) < 256:
                    local[tag] = name
            handler_start(name, attributes)

        def end(tag: str) -> None:
            nonlocal depth
            depth -= 1
            name = local.get(tag)
            handler_end(tag.rpartition("}")[2] if name is None else name)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = handler.text
        read = 0
        with self._stream(name) as stream:
            try:
                while chunk := stream.read(65536):
                    read += len(chunk)
                    if read > self.limits.max_unpacked_bytes:
                        raise FileRefused("The workbook unpacks to more than can be read: send the data as CSV")
                    parser.Parse(chunk, False)
                    yield None
                parser.Parse(b"", True)
            except expat.ExpatError as error:
                raise FileRefused(
                    f"The workbook is damaged ({posixpath.basename(name)}: {expat.errors.messages[error.code]}): "
                    "save it again from Excel"
                ) from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, LookupError) as error:
                if isinstance(error, FileRefused):
                    raise
                raise FileRefused("The workbook is damaged and cannot be unpacked: save it again from Excel") from None
            except RecursionError:
                raise FileRefused("The workbook is damaged: its XML is nested too deeply to be a workbook") from None
        yield None

    def _read_part(self, name: str, handler: _Handler) -> None:
        for _ in self._parse(name, handler):
            pass

    # The workbook's structure -------------------------------------------------------------------------

    def _open(self) -> None:
        names = set(self._zip.namelist())
        rels = _Relationships()
        if "_rels/.rels" in names:
            self._read_part("_rels/.rels", rels)
        book_path = next((t for kind, t in rels.targets.values() if kind.endswith(_OFFICE_DOCUMENT)), "")
        book_path = _resolve("", book_path) if book_path else "xl/workbook.xml"
        if book_path not in names:
            raise FileRefused("The file is a ZIP archive but holds no workbook: it is not an Excel workbook (.xlsx)")
        book = _WorkbookPart()
        self._read_part(book_path, book)
        base = posixpath.dirname(book_path)
        book_rels_path = posixpath.join(base, "_rels", posixpath.basename(book_path) + ".rels")
        book_rels = _Relationships()
        if book_rels_path in names:
            self._read_part(book_rels_path, book_rels)
        self._sheets: dict[str, str] = {}
        for sheet_name, rel_id in book.sheets:
            kind_target = book_rels.targets.get(rel_id)
            if kind_target is not None and kind_target[0].endswith("/worksheet"):
                self._sheets.setdefault(sheet_name, _resolve(base, kind_target[1]))
        if not self._sheets:
            raise FileRefused("The workbook has no sheets")
        self._epoch = _MAC_EPOCH if book.date1904 else _WINDOWS_EPOCH
        targets = dict(book_rels.targets.values())
        strings_path = next((_resolve(base, t) for k, t in targets.items() if k.endswith("/sharedStrings")), None)
        styles_path = next((_resolve(base, t) for k, t in targets.items() if k.endswith("/styles")), None)
        self._strings_path = strings_path if strings_path in names else None
        self._shared: list[str] | None = None
        self._formats: list[str] = []
        if styles_path in names and styles_path is not None:
            styles = _Styles()
            self._read_part(styles_path, styles)
            self._formats = styles.formats()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def _shared_strings(self) -> list[str]:
        if self._shared is None:
            strings = _SharedStrings(self.limits)
            if self._strings_path is not None:
                self._read_part(self._strings_path, strings)
            self._shared = strings.strings
        return self._shared

    def rows(self, sheet: str | None = None) -> Iterator[SheetRow]:
        """The rows of ``sheet`` (the first sheet if None) that hold a value, in order."""
        name = sheet if sheet is not None else self.sheet_names[0]
        path = self._sheets.get(name)
        if path is None:
            raise FileRefused(f"The workbook has no sheet called {name[:60]!r}")
        handler = _SheetRows(
            name, self.limits, self._shared_strings(), self._formats, self._epoch, shown_name=name[:60]
        )
        for _ in self._parse(path, handler):
            yield from handler.ready
            handler.ready.clear()


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


class _Handler:
    def start(self, tag: str, attributes: dict[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def text(self, data: str) -> None: ...


class _Relationships(_Handler):
    def __init__(self) -> None:
        self.targets: dict[str, tuple[str, str]] = {}

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "Relationship" and len(self.targets) < 10_000:
            self.targets[attributes.get("Id", "")] = (attributes.get("Type", ""), attributes.get("Target", ""))


class _WorkbookPart(_Handler):
    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "sheet" and len(self.sheets) < 10_000:
            rel = next((v for k, v in attributes.items() if k.endswith("}id")), "")
            self.sheets.append((attributes.get("name", ""), rel))
        elif tag == "workbookPr":
            self.date1904 = attributes.get("date1904", "0").lower() in {"1", "true"}


class _Styles(_Handler):
    """Each cell style's number format code, so dates read as dates and percentages can be told."""

    def __init__(self) -> None:
        self.custom: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self._in_cell_xfs = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "numFmt" and len(self.custom) < 10_000:
            with contextlib.suppress(ValueError):
                self.custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode", "")[:255]
        elif tag == "cellXfs":
            self._in_cell_xfs = True
        elif tag == "xf" and self._in_cell_xfs and len(self.xf_formats) < 100_000:
            try:
                self.xf_formats.append(int(attributes.get("numFmtId", "0")))
            except ValueError:
                self.xf_formats.append(0)

    def end(self, tag: str) -> None:
        if tag == "cellXfs":
            self._in_cell_xfs = False

    def formats(self) -> list[str]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS

        return [self.custom.get(i, BUILTIN_FORMATS.get(i, "General")) for i in self.xf_formats]


class _SharedStrings(_Handler):
    def __init__(self, limits: Limits) -> None:
        self.strings: list[str] = []
        self._parts: list[str] = []
        self._in_text = False
        self._in_phonetic = False
        self._chars = 0
        self._limits = limits
        self._total = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "si":
            self._parts = []
            self._chars = 0
        elif tag == "rPh":
            self._in_phonetic = True
        elif tag == "t" and not self._in_phonetic:
            self._in_text = True

    def end(self, tag: str) -> None:
        if tag == "si":
            if len(self.strings) >= self._limits.max_cells:
                raise FileRefused(
                    f"The workbook holds more than {number(self._limits.max_cells)} different texts; "
                    "that is more than can be read: send the data as CSV"
                )
            self.strings.append("".join(self._parts).replace("x005F_", ""))
        elif tag == "rPh":
            self._in_phonetic = False
        elif tag == "t":
            self._in_text = False

    def text(self, data: str) -> None:
        if self._in_text:
            self._chars += len(data)
            self._total += len(data)
            if self._chars > self._limits.max_field_chars:
                raise FileRefused(
                    f"A text in the workbook is longer than {number(self._limits.max_field_chars)} characters; "
                    f"a cell holds at most {number(EXCEL_MAX_CELL_CHARS)}"
                )
            self._parts.append(data)


class _SheetRows(_Handler):
    def __init__(
        self,
        sheet: str,
        limits: Limits,
        shared: list[str],
        formats: list[str],
        epoch: dt.datetime,
        *,
        shown_name: str,
    ) -> None:
        from openpyxl.styles.numbers import is_date_format, is_timedelta_format

        self.ready: list[SheetRow] = []
        self._sheet = shown_name
        self._limits = limits
        self._shared = shared
        self._formats = formats
        self._is_date = [is_date_format(code) for code in formats]
        self._is_timedelta = [is_timedelta_format(code) for code in formats]
        self._epoch = epoch
        self._row = 0
        self._column = 0
        self._cells = 0
        self._current: SheetRow | None = None
        self._in_data = False
        self._type = "n"
        self._style = 0
        self._parts: list[str] = []
        self._chars = 0
        self._collect = False
        self._in_inline = False
        self._in_phonetic = False
        self._has_value = False

    def _refuse_row(self, row: int) -> None:
        most = self._limits.max_rows
        raise FileRefused(
            f"The {self._sheet} sheet has a row numbered {row:,}; "
            f"{'a sheet' if most == EXCEL_MAX_ROWS else 'this file'} can have at most {number(most)} rows"
        )

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "c" and self._current is not None:
            self._start_cell(attributes)
        elif tag == "v" and self._current is not None:
            self._collect, self._has_value = True, True
        elif tag == "is":
            self._in_inline, self._has_value = True, True
        elif tag == "t" and self._in_inline and not self._in_phonetic:
            self._collect = True
        elif tag == "rPh":
            self._in_phonetic = True
        elif tag == "row" and self._in_data:
            self._start_row(attributes)
        elif tag == "sheetData":
            self._in_data = True

    def _start_row(self, attributes: dict[str, str]) -> None:
        given = attributes.get("r")
        if given is None:
            row = self._row + 1
        else:
            try:
                row = int(given)
            except ValueError:
                raise FileRefused(f"The {self._sheet} sheet is damaged: a row is numbered {given[:20]!r}") from None
        if row > self._limits.max_rows:
            self._refuse_row(row)
        if row <= self._row or row < 1:
            raise FileRefused(f"The {self._sheet} sheet is damaged: its row {row:,} comes after row {self._row:,}")
        self._row = row
        self._column = 0
        self._current = SheetRow(row, {})

    def _start_cell(self, attributes: dict[str, str]) -> None:
        self._cells += 1
        if self._cells > self._limits.max_cells:
            raise FileRefused(
                f"The {self._sheet} sheet has more than {number(self._limits.max_cells)} cells; "
                "that is more than can be read: send the data as CSV"
            )
        reference = attributes.get("r")
        column = _column_of(reference) if reference else self._column + 1
        if column is None:
            raise FileRefused(f"The {self._sheet} sheet is damaged: a cell is at {str(reference)[:20]!r}")
        if column > self._limits.max_columns:
            raise FileRefused(
                f"The {self._sheet} sheet has a value in column {column_letters(column) or column} "
                f"(column {column:,}); a sheet can have at most {number(self._limits.max_columns)} columns"
            )
        self._column = column
        self._type = attributes.get("t", "n")
        try:
            self._style = int(attributes.get("s", "0"))
        except ValueError:
            self._style = 0
        self._parts = []
        self._chars = 0
        self._has_value = False

    def end(self, tag: str) -> None:
        if tag == "v" or tag == "t":
            self._collect = False
        elif tag == "is":
            self._in_inline = False
        elif tag == "rPh":
            self._in_phonetic = False
        elif tag == "c" and self._current is not None:
            self._end_cell(self._current)
        elif tag == "row" and self._current is not None:
            if self._current.cells:
                self.ready.append(self._current)
            self._current = None
        elif tag == "sheetData":
            self._in_data = False

    def text(self, data: str) -> None:
        if self._collect:
            self._chars += len(data)
            if self._chars > self._limits.max_field_chars:
                raise FileRefused(
                    f"The {self._sheet} sheet's row {self._row:,} holds a value longer than "
                    f"{number(self._limits.max_field_chars)} characters; a cell holds at most "
                    f"{number(EXCEL_MAX_CELL_CHARS)}"
                )
            self._parts.append(data)

    def _end_cell(self, row: SheetRow) -> None:
        if not self._has_value:
            return
        text = "".join(self._parts)
        kind = self._type
        value: Any
        try:
            if kind == "inlineStr":
                value = text
            elif kind == "s":
                if not text:
                    return
                value = self._shared[int(text)]
            elif kind in ("str", "e"):
                value = text
            elif kind == "b":
                if not text:
                    return
                value = bool(int(text))
            elif kind == "d":
                if not text:
                    return
                from openpyxl.utils.datetime import from_ISO8601

                value = from_ISO8601(text)
            else:
                if not text:
                    return
                value = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
                style = self._style
                if 0 <= style < len(self._formats):
                    if self._is_date[style]:
                        value = self._date(value, timedelta=self._is_timedelta[style])
                    elif self._formats[style] != "General":
                        row.formats[self._column] = self._formats[style]
        except (ValueError, IndexError, TypeError):
            where = f"{column_letters(self._column)}{self._row}"
            raise FileRefused(
                f"The {self._sheet} sheet is damaged: cell {where} holds {text[:30]!r}, which is not "
                f"{'a text in the workbook' if kind == 's' else 'a value of its type'}"
            ) from None
        if value is not None:
            row.cells[self._column] = value

    def _date(self, value: float, *, timedelta: bool) -> Any:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value, self._epoch, timedelta=timedelta)
        except (OverflowError, ValueError):
            return "#VALUE!"  # as Excel shows a date serial it cannot draw (and openpyxl reads it)


def _column_of(reference: str) -> int | None:
    """The column number of a cell reference such as ``AB12``, or None if it is not one."""
    column = 0
    for position, char in enumerate(reference):
        if position > 3 and column:
            # Four letters already reach past column XFD: stop before a long run of letters becomes a huge number.
            return EXCEL_MAX_COLUMNS * 1000 if char.isalpha() else (column if reference[position:].isdigit() else None)
        if "A" <= char <= "Z":
            column = column * 26 + (ord(char) - 64)
        elif "a" <= char <= "z":
            column = column * 26 + (ord(char) - 96)
        else:
            return column if column and reference[position:].isdigit() else None
    return None
