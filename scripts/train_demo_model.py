"""Retrain ``safeguard/datawash/data/synthetic_model.json``, the model the demo wash replays.

Run it whenever the engine's comparisons change (``test_the_shipped_model_fits_the_engine`` fails):

    .venv/bin/python scripts/train_demo_model.py

It trains on synthetic extracts of the demo's size with the generator's default noise and hard cases (the
set ``safeguard.datawash.demo`` falls back to), since the demo's own gentle extracts leave too many levels
unobserved; then it replays the demo's extracts with the new model and refuses to write it unless the
bulletin's numbers come out: 101 on the register, 57 unseen, none to check.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from safeguard.datawash.engine import SourceSpec, WashConfig, run_wash
from safeguard.synth.demo_data import write_demo_extracts
from safeguard.synth.extracts import HardCases, write_extracts

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "safeguard" / "datawash" / "data" / "synthetic_model.json"
AS_OF = dt.date(2017, 6, 30)
SOURCES = ("school_census", "health", "police", "social_care")


def _config(directory: Path, out: Path, model: Path | None = None) -> WashConfig:
    return WashConfig(
        cohort=SourceSpec("ehe_register", directory / "ehe_register.csv"),
        sources=tuple(SourceSpec(name, directory / f"{name}.csv") for name in SOURCES),
        as_of=AS_OF,
        out_dir=out,
        model_path=model,
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        training = work / "training"
        write_extracts(
            training,
            children=3000,
            seed=2017,
            as_of=AS_OF,
            cohort_size=101,
            unseen_count=57,
            unseen_months=18,
            hard_cases=HardCases(dissimilar_twins=True),
        )
        trained = run_wash(_config(training, work / "trained"))
        model = trained.out_dir / "model.json"
        demo = work / "demo"
        write_demo_extracts(demo)
        replay = run_wash(_config(demo, work / "replay", model))
        counts = {key: replay.counts[key] for key in ("cohort", "cohort_unseen", "cohort_check")}
        print(f"The demo with the new model: {counts}")
        if counts != {"cohort": 101, "cohort_unseen": 57, "cohort_check": 0}:
            print("Not written: the demo must give 101 on the register, 57 unseen, 0 to check.", file=sys.stderr)
            return 1
        shutil.copyfile(model, MODEL)
        print(f"Wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
