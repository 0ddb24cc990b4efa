"""Shared fixtures: a small synthetic partnership generated once per test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safeguard.datawash.engine import SourceSpec, WashConfig, run_wash
from safeguard.datawash.engine.config import Decisions

AS_OF = dt.date(2017, 6, 30)
MODEL = Path(__file__).resolve().parents[2] / "data" / "synthetic_model.json"
"""The saved model, so a wash of a handful of records need not train one."""
CANONICAL_HEADER = (
    "record_id,given_name,middle_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,upn,last_seen_date"
)


@pytest.fixture(scope="session")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1,500 children and a register of 101, written by the synthetic data generator."""
    from safeguard.synth.extracts import write_extracts

    directory = tmp_path_factory.mktemp("synth")
    write_extracts(directory, children=1500, seed=3, as_of=AS_OF, cohort_size=101, unseen_count=57)
    return directory


def config_for(directory: Path, out: Path, **changes: object) -> WashConfig:
    sources = tuple(
        SourceSpec(name, directory / f"{name}.csv") for name in ("school_census", "health", "police", "social_care")
    )
    base = WashConfig(
        cohort=SourceSpec("ehe_register", directory / "ehe_register.csv"),
        sources=sources,
        as_of=AS_OF,
        out_dir=out,
    )
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


def write_csv(path: Path, *rows: str, header: str = CANONICAL_HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def statuses_of_a_small_wash(
    tmp_path: Path,
    register: tuple[str, ...],
    sources: dict[str, tuple[str, ...]],
    *,
    header: str = CANONICAL_HEADER,
    decisions: Decisions | None = None,
) -> dict[str, str]:
    """Each register child's status from a wash of a few rows per source, with the saved model; outputs in
    ``tmp_path / "out"``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    result = run_wash(
        WashConfig(
            cohort=SourceSpec("ehe_register", write_csv(tmp_path / "register.csv", *register, header=header)),
            sources=tuple(
                SourceSpec(name, write_csv(tmp_path / f"{name}.csv", *rows, header=header))
                for name, rows in sources.items()
            ),
            as_of=AS_OF,
            out_dir=tmp_path / "out",
            model_path=MODEL,
            decisions=decisions or Decisions(),
        )
    )
    return {row.cohort_record_id: row.status for row in result.cohort}
