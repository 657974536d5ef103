"""A Spark session for one run: the master, memory and shuffle partitions people choose."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gevinst.errors import GevinstError
from gevinst.messages import Lang, msg, register

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

register(
    {
        "spark.missing": {
            "da": "pyspark er ikke installeret; installér det med pip install 'gevinst[spark]'",
            "en": "pyspark is not installed; install it with pip install 'gevinst[spark]'",
        },
        "spark.no_java": {
            "da": "Spark kræver Java 17 eller nyere (java blev ikke fundet); på Debian: "
            "apt-get install openjdk-17-jre-headless",
            "en": "Spark needs Java 17 or later (java was not found); on Debian: "
            "apt-get install openjdk-17-jre-headless",
        },
    }
)


@dataclass(frozen=True)
class SparkOptions:
    """How to run: `master` local[*] on one machine or a cluster URL; `driver_memory` and
    `executor_memory` as Spark writes them (4g); `partitions` for shuffles (None: Spark's
    adaptive execution picks, starting from 2 × the cores of a local master)."""

    master: str = "local[*]"
    driver_memory: str = "4g"
    executor_memory: str | None = None
    partitions: int | None = None


def start(options: SparkOptions, lang: Lang = "da") -> SparkSession:
    """A session with the UI off and recursion limits that a national run needs.

    A recursive CTE in Spark stops at `spark.sql.cteRecursionLevelLimit` iterations and
    `spark.sql.cteRecursionRowLimit` rows; the periods model iterates once per restart of the
    person with the most restarts and holds one row per count period, so both are raised."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise GevinstError(msg("spark.missing", lang)) from exc
    if options.master.startswith("local") and shutil.which("java") is None:
        raise GevinstError(msg("spark.no_java", lang))
    builder = (
        SparkSession.builder.master(options.master)
        .appName("gevinst")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", options.driver_memory)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.cteRecursionLevelLimit", "10000")
        .config("spark.sql.cteRecursionRowLimit", "-1")
        .config("spark.sql.adaptive.enabled", "true")
    )
    if options.executor_memory:
        builder = builder.config("spark.executor.memory", options.executor_memory)
    if options.partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(options.partitions))
    elif options.master.startswith("local"):
        builder = builder.config("spark.sql.shuffle.partitions", str(2 * _local_cores(options)))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _local_cores(options: SparkOptions) -> int:
    import os

    inside = options.master[len("local[") : -1] if options.master.startswith("local[") else "1"
    if inside == "*" or not inside.isdigit():
        return os.cpu_count() or 2
    return int(inside)
