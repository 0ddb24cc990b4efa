"""``python -m bench.independent --children N --seed S --as-of YYYY-MM-DD --unseen-months 18 --out DIR``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from .generate import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.independent", description=__doc__)
    parser.add_argument("--children", type=int, required=True, help="how many children live in the area")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True, help="the wash date, YYYY-MM-DD")
    parser.add_argument("--unseen-months", type=int, default=18)
    parser.add_argument("--cohort", type=int, help="children on the register (default 1%% of children, at least 101)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.children < 200:
        parser.error("--children must be at least 200")
    started = time.monotonic()
    manifest = generate(
        args.out,
        children=args.children,
        seed=args.seed,
        as_of=args.as_of,
        unseen_months=args.unseen_months,
        cohort_size=args.cohort,
    )
    files = manifest["files"]
    assert isinstance(files, dict)
    rows = ", ".join(f"{name} {info['rows']:,}" for name, info in files.items())
    print(f"{args.out}: {rows} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
