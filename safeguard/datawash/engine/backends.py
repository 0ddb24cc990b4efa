"""SQL engines for Splink: DuckDB (default) and Spark, both given limits so big runs spill rather than fail."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from .config import Engine, Resources
from .errors import BadInput


@contextmanager
def duckdb_api(resources: Resources, temp_dir: Path) -> Iterator[Any]:
    from splink.backends.duckdb import DuckDBAPI

    connection = duckdb.connect(":memory:")
    spill = resources.temp_dir or temp_dir
    spill.mkdir(parents=True, exist_ok=True)
    connection.execute(f"SET memory_limit = '{resources.duckdb_memory_limit}'")
    connection.execute(f"SET temp_directory = '{spill.as_posix()}'")
    connection.execute(f"SET threads = {int(resources.duckdb_threads)}")
    # Order is irrelevant to linkage and keeping it costs memory on large joins.
    connection.execute("SET preserve_insertion_order = false")
    try:
        yield DuckDBAPI(connection=connection)
    finally:
        connection.close()


def java_available() -> bool:
    return shutil.which("java") is not None


@contextmanager
def spark_api(resources: Resources, temp_dir: Path) -> Iterator[Any]:
    if not java_available():
        raise BadInput("--engine spark needs Java 17 on the PATH; none was found")
    from splink.backends.spark import SparkAPI

    from .spark import is_local, spark_session

    checkpoints = temp_dir / "spark-checkpoints"
    checkpoints.mkdir(parents=True, exist_ok=True)
    session = spark_session(resources, checkpoints)
    # In local mode, caching in memory breaks query lineage faster than writing parquet checkpoints.
    method = "persist" if is_local(resources) else "parquet"
    yield SparkAPI(spark_session=session, break_lineage_method=method, num_partitions_on_repartition=2)


@contextmanager
def sql_api(engine: Engine, resources: Resources, temp_dir: Path) -> Iterator[Any]:
    if engine == "duckdb":
        with duckdb_api(resources, temp_dir) as api:
            yield api
    elif engine == "spark":
        with spark_api(resources, temp_dir) as api:
            yield api
    else:
        raise BadInput(f"Unknown engine {engine!r}; use duckdb or spark")
