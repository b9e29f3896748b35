"""``refwatch estimate``: population size from capture histories or linked clusters."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console

    from refwatch.analysis.estimation import CaptureHistories, ClusterRow, Estimate

METHOD_CHOICES = (
    "auto",
    "loglinear",
    "lcmcr",
    "dga",
    "chapman",
    "mt",
    "mth-chao",
    "mth-darroch",
    "mth-poisson",
    "mth-gamma",
    "bict",
    "all",
)
ALL_METHODS = ("loglinear", "lcmcr", "dga", "bict")


@click.command()
@click.argument(
    "input_path",
    metavar="FILE",
    required=False,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--store",
    "use_store",
    is_flag=True,
    help="Estimate from the store's linked lists instead of FILE, and save each result "
    "(with the fingerprint of its capture histories) as an Estimate row.",
)
@click.option(
    "--method",
    type=click.Choice(METHOD_CHOICES),
    default="auto",
    show_default=True,
    help="Estimation method; 'auto' applies the recommended one and says why; 'all' runs "
    "loglinear, lcmcr, dga and bict (conting's Bayesian log-linear model averaging) side by side.",
)
@click.option(
    "--seed", type=int, default=None, help="Random seed for LCMCR (recorded in the result)."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the estimate JSON contract (a list for 'all')."
)
@click.option(
    "--chains",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="LCMCR: independent chains.",
)
@click.option(
    "--K",
    "k_classes",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="LCMCR: maximum number of latent classes.",
)
@click.option(
    "--burn-in",
    type=click.IntRange(min=0),
    default=10_000,
    show_default=True,
    help="LCMCR: iterations discarded per chain.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=1_000,
    show_default=True,
    help="LCMCR: draws kept per chain.",
)
@click.option(
    "--thinning",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="LCMCR: iterations between kept draws.",
)
@click.option(
    "--bict-samples",
    type=click.IntRange(min=20),
    default=20_000,
    show_default=True,
    help="bict: iterations per chain, the first tenth discarded as burn-in (conting's 20,000 and 2,000).",
)
@click.option(
    "--bict-chains",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="bict: independent chains (more than one adds R-hat).",
)
@click.option(
    "--max-order",
    type=click.IntRange(min=1),
    default=None,
    help="Log-linear: highest interaction order searched [default: lists-1 up to 4 lists, 2 from 5].",
)
@click.option(
    "--heterogeneity",
    type=click.Choice(["none", "chao", "darroch", "poisson", "gamma"]),
    default="none",
    show_default=True,
    help="Log-linear: add Rcapture's heterogeneity term to every model.",
)
@click.option(
    "--delta",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="dga: hyper-Dirichlet parameter [default: 2^-lists].",
)
@click.option(
    "--level",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.95,
    show_default=True,
    help="Interval coverage.",
)
@click.option(
    "--strata",
    "strata_columns",
    multiple=True,
    help="Covariate column(s) of the histories CSV to read as strata (repeatable); a 'stratum' column is read by itself.",
)
@click.option(
    "--stratify/--no-stratify",
    default=False,
    show_default=True,
    help="Estimate each stratum and report their total (with the unstratified figure beside it).",
)
@click.option(
    "--threshold",
    "thresholds",
    type=click.FloatRange(0, 1),
    multiple=True,
    help="Clusters input: match-probability threshold(s); records whose best link is below it count as separate people. Several thresholds: estimate at each and pool.",
)
@click.option(
    "--draws",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Clusters input: also estimate over this many clusterings sampled from the match probabilities, and pool.",
)
@click.option(
    "--sensitivity",
    is_flag=True,
    help="Run every method (Mt, Mth variants, log-linear best and average, dga, lcmcr) and show their spread.",
)
def estimate(
    input_path: Path | None,
    use_store: bool,
    method: str,
    seed: int | None,
    as_json: bool,
    chains: int,
    k_classes: int,
    burn_in: int,
    samples: int,
    thinning: int,
    bict_samples: int,
    bict_chains: int,
    max_order: int | None,
    heterogeneity: str,
    delta: float | None,
    level: float,
    strata_columns: tuple[str, ...],
    stratify: bool,
    thresholds: tuple[float, ...],
    draws: int,
    sensitivity: bool,
) -> None:
    """Estimate how many people there are in total, seen and unseen, from FILE.

    FILE is a capture histories CSV (one 0/1 column per list, 'count', optional
    'stratum') or the clusters CSV written by `refwatch link`
    (list,record_id,entity_id[,match_probability]).
    """
    from rich.console import Console

    from refwatch.analysis.estimation import EstimationRefused, HistoriesError

    err = Console(stderr=True)
    settings: dict[str, Any] = {
        "K": k_classes,
        "burn_in": burn_in,
        "samples": samples,
        "thinning": thinning,
        "chains": chains,
        "bict_samples": bict_samples,
        "bict_chains": bict_chains,
        "level": level,
    }
    if max_order is not None:
        settings["max_order"] = max_order
    if heterogeneity != "none":
        settings["heterogeneity"] = heterogeneity
    if delta is not None:
        settings["delta"] = delta
    if use_store == (input_path is not None):
        raise click.UsageError("give FILE or --store (one of them)")
    try:
        if use_store:
            from refwatch.cli.common import setup_store

            setup_store()
            from refwatch.jobs.estimation import save_estimate, store_histories

            histories = store_histories(stratify="sex" if stratify else None)
            results = [
                _run(histories, m, seed, stratify, settings, err, as_json)
                for m in _methods_for(method, histories)
            ]
            for r in results:
                save_estimate(r, histories, acting_user=None, stratum="sex" if stratify else "")
            input_path = Path("store")
            clusters = None
        else:
            assert input_path is not None
            histories, clusters = _read_input(input_path, strata_columns, thresholds)
        if clusters is not None and (len(thresholds) > 1 or draws > 0):
            _linkage(clusters, method, seed, settings, thresholds, draws, as_json, err)
            return
        if sensitivity:
            _sensitivity(histories, seed, settings, as_json, err)
            return
        if not use_store:
            methods = _methods_for(method, histories)
            results = [_run(histories, m, seed, stratify, settings, err, as_json) for m in methods]
    except (HistoriesError, EstimationRefused, ValueError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        payload: Any = (
            [r.to_json_dict() for r in results] if method == "all" else results[0].to_json_dict()
        )
        click.echo(json.dumps(payload, indent=2, allow_nan=False, ensure_ascii=False))
        return
    _print_estimates(results, histories, title=str(input_path.name))


def _read_input(
    path: Path, strata_columns: Sequence[str], thresholds: Sequence[float]
) -> tuple[CaptureHistories, list[ClusterRow] | None]:
    from refwatch.analysis.estimation import CaptureHistories, read_clusters_csv

    with path.open(encoding="utf-8-sig") as handle:
        header = {h.strip().lower() for h in handle.readline().split(",")}
    if {"list", "record_id", "entity_id"} <= header:
        rows = read_clusters_csv(path)
        threshold = thresholds[0] if len(thresholds) == 1 else None
        return CaptureHistories.from_clusters(rows, threshold=threshold), rows
    columns = list(strata_columns) or _covariate_columns(path)
    return CaptureHistories.from_csv(path, strata=columns or None), None


def _covariate_columns(path: Path) -> list[str]:
    """Columns holding values other than 0/1 (besides count): read them as strata."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        names = [
            n
            for n in (reader.fieldnames or [])
            if n.strip().lower() not in ("count", "freq", "frequency", "stratum")
        ]
        odd: set[str] = set()
        for row in reader:
            for name in names:
                if str(row.get(name, "")).strip().strip('"') not in ("0", "1"):
                    odd.add(name)
    return [n for n in names if n in odd]


def _methods_for(method: str, histories: CaptureHistories) -> list[str]:
    if method != "all":
        return [method]
    k = histories.k_lists
    chosen = ["chapman"] if k == 2 else []
    chosen += [
        m
        for m in ALL_METHODS
        if not (m == "dga" and k > 5) and not (m in ("lcmcr", "bict") and k < 3)
    ]
    return chosen


@contextmanager
def _progress(err: Console, label: str, quiet: bool) -> Iterator[None]:
    """A spinner on stderr while a method runs; stdout stays clean for --json."""
    if not err.is_terminal:
        yield
        return
    start = time.monotonic()
    with err.status(f"[bold]{label}[/bold] …", spinner="dots"):
        yield
    if not quiet:
        err.print(f"{label}: {time.monotonic() - start:.1f} s")


def _run(
    histories: CaptureHistories,
    method: str,
    seed: int | None,
    stratify: bool,
    settings: dict[str, Any],
    err: Console,
    quiet: bool,
) -> Estimate:
    from refwatch.analysis.estimation import estimate_population, recommend_method

    label = method
    if method == "auto":
        label = f"{recommend_method(histories).method} (recommended)"
    with _progress(err, f"estimating with {label}", quiet):
        return estimate_population(
            histories,
            None if method == "auto" else method,
            seed=seed,
            stratify=stratify,
            **settings,
        )


def _fmt(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value:,.0f}"


def _print_estimates(
    results: Sequence[Estimate], histories: CaptureHistories, *, title: str
) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console()
    table = Table(title=f"Population estimate — {title}")
    table.add_column("method")
    table.add_column("estimate", justify="right")
    table.add_column("interval", justify="right")
    table.add_column("observed", justify="right")
    table.add_column("settings")
    for r in results:
        low, high = r.interval
        table.add_row(
            r.method,
            _fmt(r.estimate),
            f"{_fmt(low)} – {_fmt(high)} ({r.level:.0%})",
            f"{r.observed:,}",
            _settings_text(r),
        )
    out.print(table)
    out.print(
        f"{histories.k_lists} lists ({', '.join(histories.lists)}), {histories.n_observed:,} people observed"
    )
    finite = [r.estimate for r in results if math.isfinite(r.estimate)]
    if len(finite) > 1:
        out.print(f"methods range from {_fmt(min(finite))} to {_fmt(max(finite))}")
    for r in results:
        if r.reason:
            out.print(f"[bold]{r.method}[/bold] chosen: {r.reason}")
        if r.method == "loglinear" and "model_average" in r.diagnostics:
            avg = r.diagnostics["model_average"]
            lo, hi = avg["interval"]
            out.print(
                f"log-linear BIC-weighted average: {_fmt(avg['estimate'])} ({_fmt(lo)} – {_fmt(hi)})"
            )
        if r.settings.get("stratified"):
            for name, part in r.diagnostics["strata"].items():
                point = part["estimate"]
                lo, hi = part["interval"]
                out.print(
                    f"  stratum {name}: {part['observed']:,} observed, estimate "
                    f"{_fmt(math.nan if point is None else point)} "
                    f"({_fmt(math.nan if lo is None else lo)} – {_fmt(math.nan if hi is None else hi)})"
                )
            out.print(f"  unstratified estimate: {_fmt(r.diagnostics['unstratified_estimate'])}")
        for w in r.warnings:
            out.print(f"[yellow]warning[/yellow] ({r.method}): {w}")


def _settings_text(r: Estimate) -> str:
    s = r.settings
    if r.method == "loglinear":
        return f"model {s.get('model')}" + (
            f" + {s['heterogeneity']}" if s.get("heterogeneity") else ""
        )
    if r.method == "dga":
        return f"delta {s.get('delta'):g}, prior 1/N, median"
    if r.method == "lcmcr":
        keys = ("K", "burn_in", "samples", "thinning", "chains")
        return ", ".join(f"{k}={s[k]}" for k in keys if k in s) + f", seed {r.seed}"
    if r.method == "bict":
        return (
            f"max order {s.get('max_order')}, SBH prior, {s.get('samples')} iterations, "
            f"mean with HPD, seed {r.seed}"
        )
    return str(s.get("name", ""))


def _sensitivity(
    histories: CaptureHistories,
    seed: int | None,
    settings: dict[str, Any],
    as_json: bool,
    err: Console,
) -> None:
    from refwatch.analysis.estimation import sensitivity_table

    with _progress(err, "sensitivity across methods", as_json):
        table = sensitivity_table(
            histories,
            seed=seed,
            progress=(lambda m: err.log(f"running {m}")) if err.is_terminal else None,
            **settings,
        )
    if as_json:
        click.echo(json.dumps(table.to_json_dict(), indent=2, allow_nan=False, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    out = Console()
    view = Table(title="Sensitivity of the estimate to the method")
    for column in ("method", "estimate", "interval"):
        view.add_column(column, justify="left" if column == "method" else "right")
    for row in table.rows:
        low, high = row.estimate.interval
        view.add_row(row.label, _fmt(row.estimate.estimate), f"{_fmt(low)} – {_fmt(high)}")
    out.print(view)
    out.print(
        f"{table.observed:,} observed; methods range from {_fmt(table.low)} to {_fmt(table.high)} "
        f"(x{table.ratio:.2f}): the choice of assumptions moves the answer this much"
    )


def _linkage(
    rows: list[ClusterRow],
    method: str,
    seed: int | None,
    settings: dict[str, Any],
    thresholds: Sequence[float],
    draws: int,
    as_json: bool,
    err: Console,
) -> None:
    from refwatch.analysis.estimation import linkage_sensitivity

    chosen = None if method == "auto" else method
    if chosen == "all":
        raise click.ClickException("--method all cannot be combined with linkage pooling")
    with _progress(err, "estimating over clusterings", as_json):
        result = linkage_sensitivity(
            rows,
            method=chosen,
            thresholds=thresholds if len(thresholds) > 1 else (thresholds or None),
            draws=draws,
            seed=seed,
            **settings,
        )
    if as_json:
        click.echo(
            json.dumps(result.pooled.to_json_dict(), indent=2, allow_nan=False, ensure_ascii=False)
        )
        return
    from rich.console import Console
    from rich.table import Table

    out = Console()
    view = Table(title="Estimates over linkage clusterings")
    for column in ("clustering", "observed", "estimate", "interval"):
        view.add_column(column, justify="left" if column == "clustering" else "right")
    for label, e in result.runs:
        view.add_row(
            label,
            f"{e.observed:,}",
            _fmt(e.estimate),
            f"{_fmt(e.interval[0])} – {_fmt(e.interval[1])}",
        )
    pooled = result.pooled
    view.add_row(
        "pooled (Rubin)",
        f"{pooled.observed:,}",
        _fmt(pooled.estimate),
        f"{_fmt(pooled.interval[0])} – {_fmt(pooled.interval[1])}",
    )
    out.print(view)
    low, high = result.spread
    share = pooled.diagnostics["linkage_variance_share"]
    out.print(
        f"linkage moves the estimate from {_fmt(low)} to {_fmt(high)}; {share:.0%} of the pooled variance comes from linkage"
    )
    for w in pooled.warnings:
        out.print(f"[yellow]warning[/yellow]: {w}")
