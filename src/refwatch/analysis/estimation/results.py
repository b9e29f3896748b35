"""The result of one population estimation run, shaped like the estimate JSON contract."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Estimate", "to_jsonable"]


@dataclass(frozen=True)
class Estimate:
    """A population size estimate: point, interval and how it was obtained.

    Attributes:
        method: ``"loglinear"``, ``"lcmcr"``, ``"dga"``, ``"chapman"``... (free text).
        observed: n, the number of distinct people observed on at least one list.
        estimate: N-hat, the estimated total including the unobserved; for Bayesian
            methods the posterior median.
        interval: ``(low, high)`` of the interval at ``level``.
        level: interval coverage, e.g. 0.95.
        settings: everything that changes the result (model terms, priors, sampler
            lengths...), JSON-serialisable.
        seed: seed of the random number generator, ``None`` for deterministic methods.
        diagnostics: convergence, fit and warnings; ``diagnostics["warnings"]`` is a list
            of plain-language strings when present.
        reason: why this method was chosen, when it was chosen automatically
            (``refwatch estimate`` without ``--method``); ``None`` otherwise.

    Example:
        >>> e = Estimate("chapman", 60, 80.5, (70.0, 99.0), 0.95, {}, None, {})
        >>> e.to_json_dict()["interval"]
        [70.0, 99.0]
    """

    method: str
    observed: int
    estimate: float
    interval: tuple[float, float]
    level: float = 0.95
    settings: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    diagnostics: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None

    def __post_init__(self) -> None:
        low, high = (float(v) for v in self.interval)
        object.__setattr__(self, "interval", (low, high))
        object.__setattr__(self, "estimate", float(self.estimate))
        object.__setattr__(self, "observed", int(self.observed))
        object.__setattr__(self, "level", float(self.level))
        if not 0.0 < self.level < 1.0:
            raise ValueError(f"level must be between 0 and 1, got {self.level}")
        if not (math.isnan(low) or math.isnan(high)) and low > high:
            raise ValueError(f"interval low {low} is above high {high}")

    @property
    def unobserved(self) -> float:
        """Estimated number of people on no list (N-hat minus n)."""
        return self.estimate - self.observed

    @property
    def warnings(self) -> list[str]:
        """Plain-language warnings recorded in the diagnostics."""
        found = self.diagnostics.get("warnings", [])
        return [str(w) for w in found] if isinstance(found, list | tuple) else [str(found)]

    def to_json_dict(self) -> dict[str, Any]:
        """The estimate JSON contract: ``method, observed, estimate, interval, level,
        settings, seed, diagnostics`` with plain JSON types (NaN and infinity become null),
        plus ``reason`` when the method was chosen automatically."""
        out = {
            "method": self.method,
            "observed": self.observed,
            "estimate": to_jsonable(self.estimate),
            "interval": [to_jsonable(self.interval[0]), to_jsonable(self.interval[1])],
            "level": self.level,
            "settings": to_jsonable(dict(self.settings)),
            "seed": self.seed,
            "diagnostics": to_jsonable(dict(self.diagnostics)),
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_json_dict` as a JSON string (``kwargs`` go to :func:`json.dumps`)."""
        return json.dumps(self.to_json_dict(), allow_nan=False, **kwargs)

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> Estimate:
        """Rebuild an estimate from :meth:`to_json_dict` output (nulls become NaN)."""
        low, high = data["interval"]
        return cls(
            method=str(data["method"]),
            observed=int(data["observed"]),
            estimate=_num(data["estimate"]),
            interval=(_num(low), _num(high)),
            level=float(data.get("level", 0.95)),
            settings=dict(data.get("settings", {})),
            seed=None if data.get("seed") is None else int(data["seed"]),
            diagnostics=dict(data.get("diagnostics", {})),
            reason=None if data.get("reason") is None else str(data["reason"]),
        )


def _num(value: Any) -> float:
    return math.nan if value is None else float(value)


def to_jsonable(value: Any) -> Any:
    """Convert numpy scalars/arrays, tuples and non-finite floats into plain JSON values."""
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    return value
