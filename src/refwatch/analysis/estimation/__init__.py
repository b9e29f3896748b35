"""Population estimation from overlapping lists (multiple systems estimation).

``CaptureHistories`` holds the observed capture patterns; each method returns an
``Estimate`` shaped like the estimate JSON contract of DESIGN.md.
"""

from __future__ import annotations

from refwatch.analysis.estimation.bict import bict_estimate
from refwatch.analysis.estimation.guardrails import EstimationRefused
from refwatch.analysis.estimation.histories import (
    CaptureHistories,
    ClusterRow,
    HistoriesError,
    read_clusters_csv,
)
from refwatch.analysis.estimation.population import (
    METHODS,
    Recommendation,
    estimate_by_stratum,
    estimate_population,
    recommend_method,
)
from refwatch.analysis.estimation.results import Estimate
from refwatch.analysis.estimation.sensitivity import (
    LinkageSensitivity,
    SensitivityTable,
    linkage_sensitivity,
    sensitivity_table,
)

__all__ = [
    "METHODS",
    "CaptureHistories",
    "ClusterRow",
    "Estimate",
    "EstimationRefused",
    "HistoriesError",
    "LinkageSensitivity",
    "Recommendation",
    "SensitivityTable",
    "bict_estimate",
    "estimate_by_stratum",
    "estimate_population",
    "linkage_sensitivity",
    "read_clusters_csv",
    "recommend_method",
    "sensitivity_table",
]
