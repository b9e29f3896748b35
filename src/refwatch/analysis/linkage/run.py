"""One linkage run: records of several lists in, entities and their evidence out.

``link_records`` is the single entry point used by ``refwatch link``, by the
store's background job and by the benchmarks::

    result = link_records({"A": records_a, "B": records_b}, seed=7)
    result.clusters[0]       # ClusterRow(list='A', record_id='a1', entity_id='E000001', ...)
    result.histories()       # counts per capture pattern
    result.model_json        # the trained Splink model, to save beside the run
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from refwatch.analysis.linkage import calibrate, model
from refwatch.analysis.linkage.clusters import (
    CaptureHistoryTable,
    capture_histories,
    cluster_pairs,
)
from refwatch.analysis.linkage.engine import Engine, open_engine
from refwatch.analysis.linkage.features import (
    LinkableRecord,
    RecordKey,
    extra_column,
    features_table,
)

__all__ = [
    "ClusterRow",
    "LinkResult",
    "PairDecision",
    "PairPrediction",
    "Progress",
    "link_records",
    "record_field",
]

Progress = Callable[[str, float], None]
"""Progress callback: (stage description, fraction of the run done in 0..1)."""


@dataclass(frozen=True)
class PairDecision:
    """A reviewer's decision on two records: ``same`` person or not."""

    left: RecordKey
    right: RecordKey
    same: bool


@dataclass(frozen=True)
class ClusterRow:
    """One row of the clusters contract: a record, its entity and best link."""

    list: str
    record_id: str
    entity_id: str
    match_probability: float | None


@dataclass(frozen=True)
class PairPrediction:
    """A scored record pair (the left record comes first in run order)."""

    left: RecordKey
    right: RecordKey
    match_probability: float
    match_weight: float


@dataclass(frozen=True)
class LinkResult:
    """What a linkage run produced.

    ``clusters`` has one row per input record, in list then input order;
    ``pairs`` every scored pair with probability at least ``pairs_floor``
    (the uncertain band for review lies between it and ``threshold``);
    ``threshold`` the one the run clustered at (given, or chosen by expected F1);
    ``model_json`` the trained Splink model; ``diagnostics`` counts and
    timings (seconds) of the stages.
    """

    lists: tuple[str, ...]
    clusters: tuple[ClusterRow, ...]
    pairs: tuple[PairPrediction, ...]
    model_json: str
    threshold: float
    pairs_floor: float
    seed: int
    backend: str
    diagnostics: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n_entities(self) -> int:
        """How many entities (persons) the records were grouped into."""
        return len({row.entity_id for row in self.clusters})

    def entity_of(self) -> dict[RecordKey, str]:
        """(list, record_id) -> entity_id for every record."""
        return {(row.list, row.record_id): row.entity_id for row in self.clusters}

    def histories(
        self,
        strata: Mapping[RecordKey, str | None] | None = None,
    ) -> CaptureHistoryTable:
        """Capture histories of the entities over the run's lists.

        ``strata`` maps records to a stratum value (see :func:`record_field`);
        an entity takes its records' most common value.
        """
        stratum_list = None
        if strata is not None:
            stratum_list = [strata.get((row.list, row.record_id)) for row in self.clusters]
        numbers: dict[str, int] = {}
        entity = [numbers.setdefault(row.entity_id, len(numbers)) for row in self.clusters]
        return capture_histories(
            self.lists, [row.list for row in self.clusters], entity, strata=stratum_list
        )


def record_field(
    records_by_list: Mapping[str, Sequence[LinkableRecord]], field_name: str
) -> dict[RecordKey, str | None]:
    """Each record's value of a canonical field or of an extra column, as text.

    Dates give their ISO text; ``home`` and ``event_place`` give the gazetteer
    id of their province (``kp-nh``), whatever the spelling, or their text when
    no place is recognised; missing values give None. Used to stratify capture
    histories (``--stratify sex``, ``--stratify home``, any column).
    """
    from refwatch.analysis.linkage.places import resolve_place

    out: dict[RecordKey, str | None] = {}
    for list_name, records in records_by_list.items():
        for record in records:
            value = getattr(record, field_name, None)
            if value is None:
                extra = getattr(record, "extra", None)
                if isinstance(extra, Mapping):
                    value = extra.get(field_name)
            if value is not None and hasattr(value, "iso"):
                value = value.iso()
            if field_name in ("home", "event_place") and isinstance(value, str):
                value = resolve_place(value).province or value
            out[(list_name, record.record_id)] = str(value) if value not in (None, "") else None
    return out


def link_records(
    records_by_list: Mapping[str, Sequence[LinkableRecord]],
    *,
    backend: str = "duckdb",
    seed: int = 1,
    threshold: float | None = None,
    spark_master: str | None = None,
    decisions: Sequence[PairDecision] = (),
    progress: Progress | None = None,
    pairs_floor: float = 0.05,
    model_settings: Mapping[str, Any] | None = None,
    compare: Sequence[str] = (),
) -> LinkResult:
    """Link the records of several lists (and deduplicate within each) into entities.

    Args:
        records_by_list: list name -> its records (``ListRecordData`` from
            ``refwatch.analysis.lists.read_list``, or store rows with the
            same attributes). Record ids must be unique within a list.
        backend: ``"duckdb"`` (in-process) or ``"spark"`` (``spark_master``,
            default ``local[2]``).
        seed: seeds the random pairs that estimate ``u``: same data and seed
            give the same model and clusters.
        threshold: match probability at or above which two records are the
            same person; None (the default) chooses it from the run's own
            probabilities, maximising the expected pairwise F1, never below
            0.5 (see :mod:`refwatch.analysis.linkage.calibrate`).
        decisions: reviewers' accepted/rejected pairs, honoured over scores.
        progress: called with (stage, fraction done).
        pairs_floor: keep scored pairs at or above this probability in
            ``LinkResult.pairs`` (for review queues).
        model_settings: a trained model (``LinkResult.model_json`` parsed) to
            reuse instead of training (from either engine).
        compare: further columns (a record's ``extra`` keys, e.g. an ID
            number or address) compared as plain strings, for lists that
            carry more than names, dates and places.

    Returns a :class:`LinkResult`. Raises ``ValueError`` on fewer than two
    records in all, a bad threshold or repeated record ids, and
    ``EngineUnavailable`` when Spark is asked for but not installed.
    """
    if threshold is not None and not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be strictly between 0 and 1, got {threshold}")
    say = progress or (lambda _stage, _done: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    say("reading names, dates and places", 0.0)
    table, keys = features_table(records_by_list, extra_fields=compare)
    extra = tuple(extra_column(f) for f in compare)
    selective = tuple(c for c in extra if _pairs_sharing(table.column(c).to_pylist()) <= 20 * len(keys))
    lists = tuple(sorted(records_by_list))
    n = len(keys)
    if n < 2:
        raise ValueError(f"linkage needs at least two records, got {n}")
    timings["features"] = time.perf_counter() - clock

    index = {key: i for i, key in enumerate(keys)}
    accepted: list[tuple[int, int]] = []
    rejected: list[tuple[int, int]] = []
    for d in decisions:
        if d.left in index and d.right in index:
            (accepted if d.same else rejected).append((index[d.left], index[d.right]))

    clock = time.perf_counter()
    if model_settings is None:
        trained = _train(table, n, seed=seed, extra=extra, say=say)
    else:
        trained = dict(model_settings)
    timings["training"] = time.perf_counter() - clock

    clock = time.perf_counter()
    say(f"scoring candidate pairs on {backend}", 0.55)
    with open_engine(backend, spark_master=spark_master) as engine:
        model_json, scored, prior = _score(
            engine,
            table,
            trained,
            seed=seed,
            extra=extra,
            selective=selective,
            floor=pairs_floor if threshold is None else min(pairs_floor, threshold),
        )
    timings["scoring"] = time.perf_counter() - clock
    chosen_by = "given"
    if threshold is None:
        threshold = calibrate.expected_f1_threshold(
            [p for _, _, p, _ in scored], expected_matches=prior * n * (n - 1) / 2
        )
        chosen_by = "expected F1"

    say("clustering", 0.9)
    clock = time.perf_counter()
    assignment = cluster_pairs(
        n,
        ((a, b, p) for a, b, p, _ in scored),
        threshold=threshold,
        accepted=accepted,
        rejected=rejected,
        groups=[key[0] for key in keys],
    )
    width = max(6, len(str(assignment.n_entities)))
    clusters = tuple(
        ClusterRow(
            list=keys[i][0],
            record_id=keys[i][1],
            entity_id=f"E{assignment.entity[i] + 1:0{width}d}",
            match_probability=assignment.probability[i],
        )
        for i in range(n)
    )
    pairs = tuple(
        PairPrediction(keys[a], keys[b], p, w)
        for a, b, p, w in sorted(scored, key=lambda s: (-s[2], s[0], s[1]))
        if p >= pairs_floor
    )
    timings["clustering"] = time.perf_counter() - clock
    say("done", 1.0)
    return LinkResult(
        lists=lists,
        clusters=clusters,
        pairs=pairs,
        model_json=model_json,
        threshold=threshold,
        pairs_floor=pairs_floor,
        seed=seed,
        backend=backend,
        diagnostics={
            "records": n,
            "blocking": "large" if n > model.LARGE_ABOVE else "standard",
            "prior": prior,
            "prior_trained": float(trained["probability_two_random_records_match"]),
            "threshold": threshold,
            "threshold_chosen_by": chosen_by,
            "entities": assignment.n_entities,
            "pairs_scored_above_floor": len(scored),
            "seconds": {k: round(v, 3) for k, v in timings.items()},
        },
    )


def _pairs_sharing(values: Sequence[str | None]) -> int:
    """How many record pairs share a value of a column (the cost of blocking on it)."""
    counts = Counter(v for v in values if v is not None)
    return sum(c * (c - 1) // 2 for c in counts.values())


def _train(
    table: Any, n: int, *, seed: int, extra: Sequence[str], say: Progress
) -> dict[str, Any]:
    """Train the model in-process on DuckDB, whatever engine will score the pairs.

    The feature table is already in this process's memory, training needs
    only samples and blocks of it, and training here makes a DuckDB run and
    a Spark run share one model by construction.
    """
    from splink import Linker

    # one thread: parallel sums add in varying order, and the model must be bit-for-bit
    # the same for a seed
    with open_engine("duckdb", threads=1) as engine:
        say("training: estimating u from random pairs", 0.15)
        sample = table.take(model.u_sample(n, seed=seed))
        u_linker = Linker(
            engine.register(sample, "refwatch_u_sample"), model.settings(seed=seed, extra_columns=extra),
            log_level=None,
        )
        with_u = model.train_u(u_linker)
        linker = Linker(engine.register(table, "refwatch_records"), with_u, log_level=None)
        stages = iter([0.25, 0.3, 0.38, 0.46])

        def stage(text: str) -> None:
            say(f"training: {text}", next(stages, 0.5))

        model.train_m(linker, n_records=n, table=table, progress=stage)
        trained: dict[str, Any] = linker.misc.save_model_to_json()
    return trained


SCORE_CHUNK_RECORDS = 125_000
"""Scoring takes the candidate pairs of at most this many left-hand records at a time."""


def _score(
    engine: Engine,
    table: Any,
    trained: Mapping[str, Any],
    *,
    seed: int,
    extra: Sequence[str],
    selective: Sequence[str],
    floor: float,
) -> tuple[str, list[tuple[int, int, float, float]], float]:
    """Score every pair the blocking rules admit, keeping those at or above ``floor``.

    The trained prior is replaced by :func:`calibrate.fit_prior`, fitted on these very
    pairs (kept down to ``MAX_PRIOR_ODDS_RATIO`` times below the floor, so that none
    the new prior lifts above it is lost). Returns the model JSON (with the fitted
    prior), the pairs (left, right, probability, weight) and the fitted prior.
    """
    from splink import Linker

    settings = model.settings(
        seed=seed,
        trained=trained,
        extra_columns=extra,
        selective_columns=selective,
        large=table.num_rows > model.LARGE_ABOVE,
    )
    linker = Linker(engine.register(table, "refwatch_records"), settings, log_level=None)
    # national lists: score the pairs of one slice of left-hand records at a time, so
    # that the blocked pairs of a slice (not of the whole run) must fit in memory
    chunks = -(-table.num_rows // SCORE_CHUNK_RECORDS)
    trained_prior = float(trained["probability_two_random_records_match"])
    cut = calibrate.probability(calibrate.logit2(floor) - math.log2(calibrate.MAX_PRIOR_ODDS_RATIO))
    if chunks > 1:
        predictions = linker.inference.predict(
            threshold_match_probability=cut, num_chunks_left=chunks, num_chunks_right=1
        )
    else:
        predictions = linker.inference.predict(threshold_match_probability=cut)
    # the weights of all kept pairs, to 0.01 bit (a histogram: cheap at any size, and the
    # same on both engines)
    histogram: Any = predictions.query_sql(
        "SELECT round(match_weight, 2) AS w, count(*) AS k FROM {this} GROUP BY 1 ORDER BY 1"
    )
    histogram = histogram.as_pyarrow_table()
    n = table.num_rows
    prior = calibrate.fit_prior(
        [float(w) for w in histogram.column("w").to_pylist()],
        [int(k) for k in histogram.column("k").to_pylist()],
        n_pairs=n * (n - 1) / 2,
        start=trained_prior,
    )
    shift = calibrate.logit2(prior) - calibrate.logit2(trained_prior)
    cut_weight = float(calibrate.logit2(floor) - shift)  # a float's repr: safe in SQL
    result: Any = predictions.query_sql(
        f"SELECT unique_id_l, unique_id_r, match_weight FROM {{this}} WHERE match_weight >= {cut_weight!r}"  # noqa: S608
    )
    result = result.as_pyarrow_table()
    left = result.column("unique_id_l").to_pylist()
    right = result.column("unique_id_r").to_pylist()
    weight = result.column("match_weight").to_pylist()
    scored = [
        (min(a, b), max(a, b), calibrate.probability(float(w) + shift), float(w) + shift)
        for a, b, w in zip(left, right, weight, strict=True)
    ]
    saved = linker.misc.save_model_to_json()
    saved["probability_two_random_records_match"] = prior
    model_json = json.dumps(saved, indent=2, sort_keys=True)
    return model_json, scored, prior
