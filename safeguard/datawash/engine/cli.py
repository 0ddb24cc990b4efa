"""``safeguard wash``: the command-line contract schedulers and scripts depend on.

Exit status: 0 success, 2 bad input (files or options), 1 any other failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from safeguard.core import safefiles
from safeguard.core.safefiles import DEFAULT_LIMITS

from .config import DEFAULT_START_MODEL, Decisions, RecordKey, Resources, SourceSpec, Thresholds, WashConfig
from .errors import BadInput, WashCancelled
from .pipeline import run_wash

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
logger = logging.getLogger("safeguard.datawash")


def _named_path(text: str) -> tuple[str, Path]:
    name, sep, path = text.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=PATH, got {text!r}")
    return name.strip(), Path(path.strip())


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date like 2017-06-30, got {text!r}") from error


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safeguard wash",
        description="Match a cohort register against agency extracts and find the children no service has seen.",
    )
    parser.add_argument("--cohort", type=_named_path, required=True, metavar="NAME=PATH")
    parser.add_argument("--source", type=_named_path, action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--mapping", type=_named_path, action="append", default=[], metavar="NAME=FILE")
    parser.add_argument("--as-of", type=_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--unseen-months", type=int, default=18)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--model", type=Path, help="model.json from an earlier run: reuse it instead of training")
    parser.add_argument(
        "--start-model",
        type=Path,
        help="model.json that EM starts from when it estimates the model from this run's data "
        "(default: the model shipped with the project)",
    )
    parser.add_argument(
        "--decisions",
        type=Path,
        help="CSV of labelled pairs from officers' reviews, each row: source, record_id, source, record_id, "
        "same|different (or a header left_source, left_record_id, right_source, right_record_id, decision with "
        "confirm|reject); same always links, different never does",
    )
    parser.add_argument("--link-threshold", type=float, default=Thresholds.link)
    parser.add_argument("--review-threshold", type=float, default=Thresholds.review)
    parser.add_argument(
        "--check-threshold",
        type=float,
        default=Thresholds.check,
        help="a candidate at least this likely sends an otherwise unseen child to a desk check",
    )
    parser.add_argument("--memory-limit", default=Resources.duckdb_memory_limit, help="DuckDB memory limit, e.g. 2GB")
    parser.add_argument("--threads", type=int, default=Resources.duckdb_threads)
    parser.add_argument("--temp-dir", type=Path, help="where DuckDB spills to disk (default: beside --out)")
    parser.add_argument(
        "--max-file-mb",
        type=_positive,
        default=DEFAULT_LIMITS.max_bytes // (1024 * 1024),
        help="largest extract read, in MB (default: the web upload's limit, SAFEGUARD_MAX_UPLOAD_MB or 100)",
    )
    parser.add_argument(
        "--max-rows",
        type=_positive,
        default=DEFAULT_LIMITS.max_rows - 1,
        help=f"most rows of data in one extract (default {DEFAULT_LIMITS.max_rows - 1:,}, Excel's limit)",
    )
    parser.add_argument("--quiet", action="store_true", help="only warnings and errors")
    return parser


SAME = frozenset({"same", "confirm", "confirmed"})
DIFFERENT = frozenset({"different", "reject", "rejected"})
_NAMED = ("left_source", "left_record_id", "right_source", "right_record_id", "decision")


def read_decisions(path: Path) -> Decisions:
    """Labelled pairs: ``source, record_id, source, record_id, same|different`` per row (a header row is
    optional), or the named columns ``left_source, left_record_id, right_source, right_record_id, decision``
    with confirm|reject. Any bad row is refused by number, so no decision is silently lost."""
    try:
        # Bounded like every extract (size, line length, rows): an officer's export, but still a file from outside.
        text = safefiles.csv_text(safefiles.read_bytes(path), encoding="utf-8")
        rows = [[cell.strip() for cell in cells] for _, cells in safefiles.csv_rows(text)]
    except safefiles.FileRefused as error:
        raise BadInput(f"Decisions file {path} cannot be read: {error}") from None
    order = list(range(5))
    start = 1
    if rows and all(name in [c.lower() for c in rows[0]] for name in _NAMED):
        header = [c.lower() for c in rows[0]]
        order = [header.index(name) for name in _NAMED]
        start = 2
    elif rows and len(rows[0]) >= 5 and rows[0][4].lower() not in SAME | DIFFERENT:
        start = 2  # a header row of other names
    confirmed: list[tuple[RecordKey, RecordKey]] = []
    rejected: list[tuple[RecordKey, RecordKey]] = []
    for number, row in enumerate(rows[start - 1 :], start=start):
        if not any(row):
            continue
        if len(row) <= max(order):
            raise BadInput(
                f"Decisions file {path} row {number}: expected source, record_id, source, record_id, same|different"
            )
        left_source, left_id, right_source, right_id, label = (row[i] for i in order)
        if not all((left_source, left_id, right_source, right_id)):
            raise BadInput(f"Decisions file {path} row {number}: a source or record_id is empty")
        pair = ((left_source, left_id), (right_source, right_id))
        label = label.lower()
        if label in SAME:
            confirmed.append(pair)
        elif label in DIFFERENT:
            rejected.append(pair)
        else:
            raise BadInput(f"Decisions file {path} row {number}: the label must be same or different, not {label!r}")
    return Decisions(confirmed=tuple(confirmed), rejected=tuple(rejected))


def config_from_args(args: argparse.Namespace) -> WashConfig:
    cohort_name, cohort_path = args.cohort
    return WashConfig(
        cohort=SourceSpec(cohort_name, cohort_path),
        sources=tuple(SourceSpec(name, path) for name, path in args.source),
        mappings=dict(args.mapping),
        as_of=args.as_of,
        unseen_months=args.unseen_months,
        out_dir=args.out,
        engine=args.engine,
        model_path=args.model,
        start_model_path=args.start_model or DEFAULT_START_MODEL,
        decisions=read_decisions(args.decisions) if args.decisions else Decisions(),
        thresholds=Thresholds(link=args.link_threshold, review=args.review_threshold, check=args.check_threshold),
        resources=Resources(duckdb_memory_limit=args.memory_limit, duckdb_threads=args.threads, temp_dir=args.temp_dir),
        # One row more than the most allowed: the reader stops there and knows the file is over the limit.
        file_limits=replace(DEFAULT_LIMITS, max_bytes=args.max_file_mb * 1024 * 1024, max_rows=args.max_rows + 1),
    )


@contextmanager
def _progress_display(interactive: bool) -> Iterator[Callable[[str, float], None] | None]:
    """Stages with a bar on a terminal; plain log lines (from the engine's logger) otherwise."""
    if not interactive:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=False) as bar:
        task = bar.add_task("starting", total=1.0)

        def update(stage: str, fraction: float) -> None:
            bar.update(task, description=stage, completed=fraction)

        yield update


def _configure_logging(quiet: bool, interactive: bool) -> None:
    level = logging.WARNING if quiet or interactive else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("safeguard").setLevel(level)
    for noisy in ("splink", "py4j", "pyspark"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as stop:  # argparse has already printed the usage message
        return EXIT_OK if stop.code == 0 else EXIT_BAD_INPUT
    interactive = sys.stderr.isatty() and not args.quiet
    _configure_logging(args.quiet, interactive)
    try:
        config = config_from_args(args)
        with _progress_display(interactive) as progress:
            result = run_wash(config, progress=progress)
    except BadInput as error:
        print(f"safeguard wash: bad input: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except WashCancelled as error:
        print(f"safeguard wash: cancelled: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as error:
        logger.exception("wash failed")
        print(f"safeguard wash: failed: {error}", file=sys.stderr)
        return EXIT_FAILURE
    counts = result.counts
    print(
        f"{counts['cohort']} on the register, {counts['cohort_unseen']} not seen for {config.unseen_months} months, "
        f"{counts['cohort_check']} to check, {counts['cohort_seen']} seen. Outputs in {result.out_dir}"
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
