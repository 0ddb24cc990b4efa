"""A Spark session for Splink: local[2] by default, or a cluster given by configuration.

Splink's Spark comparisons need its Scala similarity UDF jar on the classpath and a
checkpoint directory to break long query lineages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .config import Resources


def is_local(resources: Resources) -> bool:
    return os.environ.get("SAFEGUARD_SPARK_MASTER", resources.spark_master).startswith("local")


def spark_session(resources: Resources, checkpoint_dir: Path) -> Any:
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # SAFEGUARD_SPARK_MASTER lets operations point the same command at a cluster.
    master = os.environ.get("SAFEGUARD_SPARK_MASTER", resources.spark_master)
    session = (
        SparkSession.builder.master(master)
        .appName("safeguard-datawash")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", resources.spark_driver_memory)
        .config("spark.sql.shuffle.partitions", "2" if master.startswith("local") else "200")
        .config("spark.default.parallelism", "2" if master.startswith("local") else "200")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.local.dir", str(checkpoint_dir.parent))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(checkpoint_dir))
    return session
