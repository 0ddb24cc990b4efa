"""Command line for the synthetic extracts: ``safeguard synth extracts|demo-extracts``.

The ``safeguard`` entry point passes everything after the word ``synth`` to ``main``; this
module also runs on its own: ``python -m safeguard.synth.cli extracts --children 20000 ...``.
Loading the demo into the database (``safeguard synth demo``) belongs to the Django side.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from safeguard.synth.extracts import SOURCES, ExtractSet, write_extracts


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date like 2017-06-30, got {text!r}") from exc


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="safeguard synth", description="Synthetic agency extracts with ground truth.")
    commands = parser.add_subparsers(dest="command", required=True)

    extracts = commands.add_parser("extracts", help="a seeded population and agency extracts of any size")
    extracts.add_argument("--children", type=_positive, required=True, help="children in the population")
    extracts.add_argument("--seed", type=int, required=True)
    extracts.add_argument("--as-of", type=_iso_date, required=True, help="the data wash date, YYYY-MM-DD")
    extracts.add_argument("--out", type=Path, required=True, help="directory to write (created if missing)")
    extracts.add_argument("--cohort-size", type=_positive, help="children on the EHE register (default 0.5%%)")
    extracts.add_argument("--unseen", type=int, help="of those, how many no agency has seen (default 55%%)")
    extracts.add_argument("--unseen-months", type=_positive, default=18)
    extracts.add_argument(
        "--sources", default=",".join(SOURCES), help=f"comma-separated, from {','.join(SOURCES)} (default all)"
    )
    extracts.add_argument("--xlsx", action="store_true", help="also write XLSX copies (small sets only)")

    demo = commands.add_parser("demo-extracts", help="the bulletin's 101 home-educated children, 57 unseen")
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--xlsx", action="store_true")
    return parser


def _report(result: ExtractSet, seconds: float) -> None:
    print(f"Wrote {result.out_dir} in {seconds:.1f}s (seed {result.seed}, as of {result.as_of.isoformat()})")
    for source, count in result.record_counts.items():
        print(f"  {source:<15} {count:>10,} records")
    print(
        f"  cohort: {result.cohort_size} on the register, {result.unseen_count} not seen since "
        f"{result.cutoff_date.isoformat()} ({result.unseen_months} months)"
    )
    print(f"  truth: {result.truth_file.name}, {result.cohort_truth_file.name}; manifest: {result.manifest_file.name}")


def main(argv: list[str] | None = None) -> int:
    """Run ``extracts`` or ``demo-extracts``; returns a process exit code."""
    parser = _parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    try:
        if args.command == "demo-extracts":
            # Imported here so the plain ``extracts`` command does not pay for the demo's setup.
            from safeguard.synth.demo_data import write_demo_extracts

            result = write_demo_extracts(args.out, xlsx=args.xlsx)
        else:
            sources = tuple(s.strip() for s in args.sources.split(",") if s.strip())
            result = write_extracts(
                args.out,
                children=args.children,
                seed=args.seed,
                as_of=args.as_of,
                cohort_size=args.cohort_size,
                unseen_count=args.unseen,
                unseen_months=args.unseen_months,
                sources=sources,
                xlsx=args.xlsx,
            )
    except ValueError as exc:
        print(f"safeguard synth: {exc}", file=sys.stderr)
        return 2
    _report(result, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
