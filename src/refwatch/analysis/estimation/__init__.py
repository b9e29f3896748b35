"""Population estimation from overlapping lists (multiple systems estimation).

``CaptureHistories`` holds the observed capture patterns; each method returns an
``Estimate`` shaped like the estimate JSON contract of DESIGN.md.
"""

from __future__ import annotations

from refwatch.analysis.estimation.histories import (
    CaptureHistories,
    ClusterRow,
    HistoriesError,
    read_clusters_csv,
)
from refwatch.analysis.estimation.results import Estimate

__all__ = [
    "CaptureHistories",
    "ClusterRow",
    "Estimate",
    "HistoriesError",
    "read_clusters_csv",
]
