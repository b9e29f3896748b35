"""SQL engines behind the linker: DuckDB (default, in-process) or Spark.

Splink runs the same model on either engine; this module only opens the engine,
hands it the feature table and brings query results back as plain Python rows.
pyspark is optional (``pip install 'refwatch[spark]'``) and imported only when
the Spark engine is asked for.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")

__all__ = ["BACKENDS", "Backend", "Engine", "EngineUnavailable", "open_engine"]


class EngineUnavailable(RuntimeError):
    """The requested engine cannot run here; the message says what to install."""


@dataclass(frozen=True)
class Engine:
    """An open SQL engine: Splink's database API plus its name.

    ``db_api`` is a ``splink.DuckDBAPI`` or ``splink.SparkAPI``; it is typed
    ``Any`` because Splink's classes are not typed for mypy --strict.
    """

    backend: Backend
    db_api: Any

    def register(self, table: pa.Table, name: str) -> Any:
        """Register an Arrow table under ``name`` and return Splink's SplinkDataFrame."""
        return self.db_api.register(table, table_name=name)


@contextmanager
def open_engine(
    backend: str = "duckdb",
    *,
    spark_master: str | None = None,
    threads: int | None = None,
) -> Iterator[Engine]:
    """Open a DuckDB or Spark engine for one linkage run and close it afterwards.

    ``spark_master`` is a Spark master URL (``local[2]``, ``spark://host:7077``);
    it defaults to ``local[2]``. ``threads`` caps DuckDB's worker threads.
    Raises :class:`EngineUnavailable` when the engine's package is missing and
    ``ValueError`` for an unknown backend name.
    """
    if backend == "duckdb":
        with _open_duckdb(threads) as engine:
            yield engine
    elif backend == "spark":
        with _open_spark(spark_master or "local[2]") as engine:
            yield engine
    else:
        raise ValueError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")


DUCKDB_MEMORY = "3GB"
"""DuckDB's memory limit for a run (``REFWATCH_DUCKDB_MEMORY`` overrides); beyond it, it spills."""


@contextmanager
def _open_duckdb(threads: int | None) -> Iterator[Engine]:
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect(":memory:")
    tmp = tempfile.mkdtemp(prefix="refwatch-duckdb-")
    try:
        # spill to disk rather than fail or take most of the machine on national-scale
        # runs (DuckDB's default limit is 80% of RAM: 11 GB at 250k records)
        con.execute("SET temp_directory = ?", [tmp])
        con.execute("SET memory_limit = ?", [os.environ.get("REFWATCH_DUCKDB_MEMORY", DUCKDB_MEMORY)])
        con.execute("SET preserve_insertion_order = false")
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        yield Engine("duckdb", DuckDBAPI(connection=con))
    finally:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _open_spark(master: str) -> Iterator[Engine]:
    try:
        from pyspark.sql import SparkSession
        from splink import SparkAPI
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:
        raise EngineUnavailable(
            "the Spark backend needs pyspark and Java 17: pip install 'refwatch[spark]'"
        ) from exc

    checkpoints = tempfile.mkdtemp(prefix="refwatch-spark-")
    local = master.startswith("local")
    builder = (
        SparkSession.builder.master(master)
        .appName("refwatch-link")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if local:
        # a laptop run: few partitions, or Spark spends its time scheduling
        # (the default 1 GB driver heap runs out scoring ~25k records' candidate pairs,
        # 4 GB runs out at ~100k; the heap is a cap, not an allocation)
        builder = (
            builder.config("spark.sql.shuffle.partitions", "8")
            .config("spark.default.parallelism", "8")
            .config("spark.driver.memory", os.environ.get("REFWATCH_SPARK_MEMORY", "8g"))
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(checkpoints)
    try:
        api: Any = SparkAPI
        # in memory on one machine; through checkpoint files on a cluster
        lineage = "persist" if local else "parquet"
        yield Engine("spark", api(spark_session=spark, break_lineage_method=lineage))
    finally:
        spark.catalog.clearCache()
        spark.stop()
        shutil.rmtree(checkpoints, ignore_errors=True)
