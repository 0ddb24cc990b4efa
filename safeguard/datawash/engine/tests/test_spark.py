"""The Spark engine gives the same statuses as DuckDB on the same data."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from safeguard.datawash.engine import run_wash

from .conftest import AS_OF, config_for

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17 on the PATH"),
]


def test_spark_gives_the_same_statuses_as_duckdb(tmp_path_factory: pytest.TempPathFactory) -> None:
    pytest.importorskip("pyspark")
    from safeguard.synth.extracts import write_extracts

    data = tmp_path_factory.mktemp("spark-synth")
    write_extracts(data, children=400, seed=5, as_of=AS_OF, cohort_size=40, unseen_count=22)
    out = tmp_path_factory.mktemp("spark-out")
    duck = run_wash(config_for(data, out / "duckdb"))
    spark = run_wash(replace(config_for(data, out / "spark"), engine="spark", model_path=duck.outputs["model"]))
    assert [(r.cohort_record_id, r.status) for r in spark.cohort] == [
        (r.cohort_record_id, r.status) for r in duck.cohort
    ]
    assert Path(spark.outputs["cohort"]).is_file()
