"""Hostile files against every upload reader: each must be read or refused within 30 s and 1 GB.

Each (file, reader) pair runs in its own child process, so its peak memory (``ru_maxrss`` from
the kernel's ``VmHWM``, falling back to ``resource.getrusage``) is that reader's alone; the child is killed after 120 s. The results are
written to the "Hostile files" section of ``docs/benchmarks.md`` (the section is replaced; the rest of
the file is left as it is). Run: ``.venv/bin/python -m bench.hostile_files``.

Readers: the data wash's first look at an upload (web page and API), the wash engine's reader
(``safeguard wash`` and the validation after mapping), the scorecard workbook and the workforce
workbook/CSV. The scorecard and workforce children start Django, whose ~100 MB is in their figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Hostile files (bench/hostile_files.py)"
TIME_LIMIT_S = 30
MEMORY_LIMIT_MB = 1024
KILL_AFTER_S = 120

# name → (python expression building the bytes from hostile_files as h, suffix, sheet name used)
FILES: dict[str, tuple[str, str]] = {
    "1.6 KB workbook with a row numbered 900,000,000": ("h.row_900_million(HEADER, ROW, name=SHEET)", ".xlsx"),
    "workbook whose dimension claims A1:XFD1048576": ("h.whole_sheet_dimension(HEADER, ROW, name=SHEET)", ".xlsx"),
    "workbook with a value in column XFD of 20,000 rows": ("h.far_column(HEADER, name=SHEET)", ".xlsx"),
    "zip bomb: shared strings unpacking to 2 GB": ("h.zip_bomb(2048, name=SHEET)", ".xlsx"),
    "billion-laughs entity bomb in a sheet": ("h.entity_bomb(name=SHEET)", ".xlsx"),
    "sheet XML nested 100,000 deep": ("h.deep_xml(name=SHEET)", ".xlsx"),
    "ZIP of something else named .xlsx": ("h.zip_of_something_else()", ".xlsx"),
    "CSV header naming one column 2,000,000 times": ("h.csv_repeated_header()", ".csv"),
    "CSV with a 99 MB line": ("h.csv_long_line(99, header=HEADER_LINE)", ".csv"),
    "CSV with NUL bytes": ("h.csv_with_nul(HEADER_LINE)", ".csv"),
    "UTF-16 CSV without a byte order mark": ("h.csv_utf16(HEADER_LINE, bom=False)", ".csv"),
    "empty file": ("b''", ".csv"),
    # Not hostile: the largest ordinary files, to show the bounds leave room for real extracts.
    "ordinary CSV: 1,000,000 rows of 12 columns": ("h.csv_large()", ".csv"),
    "ordinary workbook: 150,000 rows of 10 columns": ("h.xlsx_large(name=SHEET)", ".xlsx"),
}

READERS: dict[str, tuple[str, str, str, list[str]]] = {
    # name → (sheet name, imports (not timed), code that reads PATH (timed), header row)
    "data wash upload (web, API)": (
        "Sheet1",
        "from safeguard.datawash.uploads import UploadProblem, first_look\n",
        "try:\n    first_look(PATH.read_bytes(), suffix=PATH.suffix, encoding='utf-8')\n    OUTCOME = 'accepted'\n"
        "except UploadProblem as e:\n    OUTCOME = 'refused: ' + str(e)\n",
        ["record_id", "given_name"],
    ),
    "wash engine (command line)": (
        "Sheet1",
        "from safeguard.datawash.engine.errors import BadInput\n"
        "from safeguard.datawash.engine.io import Mapping, read_table\n",
        "try:\n    read_table(PATH, Mapping())\n    OUTCOME = 'accepted'\n"
        "except BadInput as e:\n    OUTCOME = 'refused: ' + str(e).replace(str(PATH) + ': ', '')\n",
        ["record_id", "given_name"],
    ),
    "scorecard workbook": (
        "Figures",
        "import django\ndjango.setup()\nimport io\nfrom safeguard.performance.workbook import read_upload\n",
        "entries, problems = read_upload(io.BytesIO(PATH.read_bytes()), {})\n"
        "OUTCOME = ('refused: ' + str(problems[0])) if problems else 'accepted'\n",
        ["Indicator code", "Indicator", "Period (YYYY-MM)", "Numerator"],
    ),
    "workforce workbook/CSV": (
        "Workforce returns",
        "import django\ndjango.setup()\nimport io\nfrom safeguard.workforce.workbook import read_upload\n",
        "upload = read_upload(io.BytesIO(PATH.read_bytes()), name=PATH.name)\n"
        "OUTCOME = ('refused: ' + upload.problems[0].reason) if upload.problems else 'accepted'\n",
        ["Quarter start (YYYY-MM-DD)", "Staff group", "Vacancies (FTE)"],
    ),
}

CHILD = """
import json, resource, sys, time
from pathlib import Path
PATH = Path(sys.argv[1])
{imports}
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
def peak_mb():
    # VmHWM is this process's own high-water mark; ru_maxrss on Linux carries the parent's across fork and
    # exec, and the parent has just built a 99 MB file. The kernel's own figure, so no sampling is missed.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started, cpu_started = time.perf_counter(), cpu()
{code}
print(json.dumps({{"outcome": OUTCOME, "seconds": time.perf_counter() - started, "cpu": cpu() - cpu_started,
    "peak_mb": peak_mb()}}))
"""


def build(expression: str, sheet: str, header: list[str], folder: Path, suffix: str) -> Path:
    from safeguard.core.tests import hostile_files as h

    values = {"h": h, "SHEET": sheet, "HEADER": header, "ROW": ["x"] * len(header), "HEADER_LINE": ",".join(header)}
    content = eval(expression, values)  # noqa: S307 - the expressions are the constants above
    path = folder / f"file-{abs(hash((expression, sheet))) % 10**8}{suffix}"
    path.write_bytes(content)
    return path


def run_one(imports: str, code: str, path: Path) -> dict[str, object]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="safeguard.test_settings")
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD.format(imports=imports, code=code), str(path)],
            capture_output=True,
            text=True,
            timeout=KILL_AFTER_S,
            cwd=ROOT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {
            "outcome": f"killed after {KILL_AFTER_S} s",
            "seconds": float(KILL_AFTER_S),
            "cpu": None,
            "peak_mb": None,
        }
    wall = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"crashed: {last[:120]}", "seconds": wall, "cpu": None, "peak_mb": None}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def markdown(results: list[tuple[str, str, int, dict[str, object]]]) -> str:
    load = os.getloadavg()[0]
    lines = [
        SECTION,
        "",
        f"Generated by `.venv/bin/python -m bench.hostile_files` on {dt.datetime.now():%Y-%m-%d %H:%M}; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.1f} at the end "
        "(the machine is shared, so wall times are pessimistic). Each reader runs in its own process; *seconds* is "
        "the reader's own wall time and *CPU s* its processor time (imports and Django start-up not counted), "
        "*peak MB* its process's peak resident memory (the kernel's high-water mark `VmHWM`, as `ru_maxrss` but not inherited from the parent; including the Python "
        "interpreter, pandas and, for the scorecard and workforce, Django). Target: every file read or refused "
        f"within {TIME_LIMIT_S} s and {MEMORY_LIMIT_MB:,} MB. The wash engine's row is its reader (`read_table`); "
        "the checks of each value after mapping (`validate`) are not included.",
        "",
        "| file | size on disk | reader | outcome | seconds | CPU s | peak MB | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for file_name, reader, size, result in results:
        peak = result["peak_mb"]
        seconds = float(str(result["seconds"]))
        met = peak is not None and seconds <= TIME_LIMIT_S and float(str(peak)) <= MEMORY_LIMIT_MB
        outcome = str(result["outcome"]).replace("|", "/")
        outcome = outcome if len(outcome) <= 140 else outcome[:137] + "…"
        shown_peak = "n/a" if peak is None else f"{float(str(peak)):,.0f}"
        cpu = "n/a" if result.get("cpu") is None else f"{float(str(result['cpu'])):.2f}"
        lines.append(
            f"| {file_name} | {_size(size)} | {reader} | {outcome} | {seconds:.2f} | {cpu} | {shown_peak} | "
            f"{'met' if met else '**not met**'} |"
        )
    worst_s = max(float(str(r["seconds"])) for *_, r in results)
    worst_mb = max(float(str(r["peak_mb"] or 0)) for *_, r in results)
    lines += ["", f"Worst: {worst_s:.2f} s, {worst_mb:,.0f} MB.", ""]
    return "\n".join(lines)


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1048576:.1f} MB"


def write_section(text: str, doc: Path = DOC) -> None:
    """Replace this script's section of the document (or append it), leaving every other section alone."""
    current = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if SECTION in current:
        before, _, rest = current.partition(SECTION)
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following != -1 else ""
        current = before.rstrip("\n") + "\n\n" + text + ("\n" + after if after else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    doc.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-write", action="store_true", help="print the table instead of updating the document")
    parser.add_argument("--only", help="run only files whose name contains this text")
    args = parser.parse_args(argv)
    results: list[tuple[str, str, int, dict[str, object]]] = []
    with tempfile.TemporaryDirectory(prefix="sg-hostile-") as folder:
        for file_name, (expression, suffix) in FILES.items():
            if args.only and args.only not in file_name:
                continue
            for reader, (sheet, imports, code, header) in READERS.items():
                path = build(expression, sheet, header, Path(folder), suffix)
                result = run_one(imports, code, path)
                results.append((file_name, reader, path.stat().st_size, result))
                print(f"{file_name} | {reader}: {result}", flush=True)
                path.unlink()
    text = markdown(results)
    if args.no_write:
        print(text)
    else:
        write_section(text)
        print(f"Wrote the '{SECTION}' section of {DOC}")
    failed = [r for r in results if r[3]["peak_mb"] is None or str(r[3]["outcome"]).startswith(("crashed", "killed"))]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
