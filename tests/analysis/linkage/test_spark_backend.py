"""The same model on Spark gives the same entities as on DuckDB."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from refwatch.analysis.linkage.run import link_records
from refwatch.analysis.linkage.synth import generate_lists, write_lists

from .conftest import read_records

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    # openpyxl sometimes leaves the synthetic .xlsx handle to the garbage collector
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <_io.FileIO name='.*\.xlsx':pytest.PytestUnraisableExceptionWarning"
    ),
]


def _require_spark() -> None:
    missing = []
    if importlib.util.find_spec("pyspark") is None:
        missing.append("pyspark (pip install 'refwatch[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing.append("Java 17")
    if missing:
        message = "the Spark backend needs " + " and ".join(missing)
        if os.environ.get("REFWATCH_REQUIRE_SPARK") == "1":
            pytest.fail(message + " (REFWATCH_REQUIRE_SPARK=1)")
        pytest.skip(message)


def test_it_gives_the_same_clusters_on_spark_and_duckdb(tmp_path: Path) -> None:
    _require_spark()
    write_lists(generate_lists(persons=1500, lists=4, seed=21), tmp_path)
    records = read_records(tmp_path / "lists.toml")
    assert sum(len(r) for r in records.values()) > 2000

    duck = link_records(records, backend="duckdb", seed=5)
    spark = link_records(records, backend="spark", spark_master="local[2]", seed=5)

    assert spark.backend == "spark"
    assert spark.entity_of() == duck.entity_of()
    assert spark.n_entities == duck.n_entities
    # the prior and threshold fitted on each engine's own scores are the same
    assert spark.threshold == duck.threshold
    assert spark.diagnostics["prior"] == duck.diagnostics["prior"]
