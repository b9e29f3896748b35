"""``refwatch link``: link the lists named by a list spec into persons."""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any

import click

from refwatch.analysis.linkage.engine import BACKENDS


@click.command()
@click.argument("spec", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Clusters CSV to write: list,record_id,entity_id,match_probability.",
)
@click.option(
    "--store",
    "use_store",
    is_flag=True,
    help="Link the lists imported into the store instead of SPEC: create or update persons "
    "(with provenance), queue pairs in the uncertain band for `refwatch review`, and honour "
    "earlier review decisions.",
)
@click.option(
    "--review-floor",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="With --store: pairs scored between this and --threshold wait for review.",
)
@click.option(
    "--histories",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write capture histories CSV (one 0/1 column per list, count[, stratum]).",
)
@click.option(
    "--stratify",
    metavar="FIELD",
    help="Stratify the histories by a record field (sex, home, event_place or any column).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    default=None,
    help="Match probability at or above which two records are one person (default: chosen "
    "from the run's own match probabilities to maximise the expected F1, at least 0.5; "
    "with --store: 0.9).",
)
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="duckdb",
    show_default=True,
    help="SQL engine: DuckDB in-process, or Spark (pip install 'refwatch[spark]').",
)
@click.option(
    "--spark-master",
    metavar="URL",
    help="Spark master URL (default local[2]); implies --backend spark.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the training sample.")
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to save the trained model JSON (default: beside --out, *.model.json).",
)
@click.option(
    "--compare",
    "compare",
    multiple=True,
    metavar="COLUMN",
    help="A further column compared as a plain string (an ID number, an address); repeatable.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def link(
    spec: Path | None,
    out: Path | None,
    use_store: bool,
    review_floor: float,
    histories: Path | None,
    stratify: str | None,
    threshold: float | None,
    backend: str,
    spark_master: str | None,
    seed: int,
    model_path: Path | None,
    compare: tuple[str, ...],
    quiet: bool,
) -> None:
    """Link the lists named in SPEC (a list spec TOML) into persons.

    Writes the clusters CSV, the trained model beside it and, with
    --histories, the capture histories for `refwatch estimate`. Rows a list
    cannot read are reported on stderr and left out.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from refwatch.analysis.linkage.engine import EngineUnavailable
    from refwatch.analysis.linkage.run import link_records, record_field
    from refwatch.analysis.lists import ListFormatError, read_list, read_spec

    console = Console(stderr=True)
    if spark_master:
        backend = "spark"
    if use_store:
        if spec is not None or out is not None:
            raise click.UsageError("--store links the stored lists: drop SPEC and --out")
        _link_store(seed=seed, threshold=0.9 if threshold is None else threshold, backend=backend, spark_master=spark_master,
                    review_floor=review_floor, quiet=quiet)
        return
    if spec is None or out is None:
        raise click.UsageError("give SPEC and --out (or --store)")
    # Splink reports training details through logging; a CLI user wants the bar.
    logging.getLogger("splink").setLevel(logging.ERROR)
    try:
        list_spec = read_spec(spec)
        records: dict[str, Any] = {}
        for source in list_spec.lists:
            # Lenient: a row with an unreadable date or sex is still a person on
            # the list; losing it would cost recall and bias the estimate.
            read = read_list(source, lenient=True)
            records[source.name] = read.records
            if read.warnings:
                console.print(
                    f"[yellow]{source.name}: {len(read.warnings)} unreadable value(s) "
                    f"left out; the rows are kept[/yellow]"
                )
            if read.errors:
                console.print(
                    f"[yellow]{source.name}: {len(read.errors)} row problem(s); "
                    f"{len(read.records)} of {read.rows_read} rows kept[/yellow]"
                )
            for error in [*read.errors, *read.warnings][:5]:
                console.print(
                    f"  {error.file} row {error.row} {error.column}: {error.reason}"
                )
    except (ListFormatError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    ) as bar:
        task = bar.add_task("linking", total=1.0)

        def progress(stage: str, done: float) -> None:
            bar.update(task, description=stage, completed=done)

        try:
            result = link_records(
                records,
                backend=backend,
                seed=seed,
                threshold=threshold,
                spark_master=spark_master,
                progress=progress,
                compare=compare,
            )
        except (EngineUnavailable, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc

    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["list", "record_id", "entity_id", "match_probability"])
        for row in result.clusters:
            p = "" if row.match_probability is None else f"{row.match_probability:.6f}"
            writer.writerow([row.list, row.record_id, row.entity_id, p])
    model_out = model_path or out.with_name(out.stem + ".model.json")
    model_out.write_text(result.model_json, encoding="utf-8")

    if histories is not None:
        strata = record_field(records, stratify) if stratify else None
        table = result.histories(strata)
        histories.parent.mkdir(parents=True, exist_ok=True)
        with histories.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(table.header())
            writer.writerows(table.csv_rows())

    seconds = sum(result.diagnostics.get("seconds", {}).values())
    console.print(
        f"{len(result.clusters)} records of {len(result.lists)} lists -> "
        f"{result.n_entities} persons ({backend}, threshold {result.threshold}, {seconds:.1f} s); "
        f"clusters in {out}, model in {model_out}"
        + (f", histories in {histories}" if histories else "")
    )


def _link_store(*, seed: int, threshold: float, backend: str, spark_master: str | None,
                review_floor: float, quiet: bool) -> None:
    """``refwatch link --store``: the store's lists into persons (refwatch.jobs.linkage)."""
    from refwatch.cli.common import setup_store

    setup_store()
    from refwatch.jobs.linkage import link_store

    logging.getLogger("splink").setLevel(logging.ERROR)

    def progress(stage: str, fraction: float) -> None:
        if not quiet:
            click.echo(f"  {fraction:4.0%} {stage}", err=True)

    try:
        report = link_store(acting_user=None, seed=seed, threshold=threshold, backend=backend,
                            spark_master=spark_master, review_floor=review_floor, progress=progress)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"{report.records} records of {len(report.lists)} lists -> {report.entities} persons "
        f"({report.persons_created} new); {report.queued_for_review} pairs queued for review "
        f"(refwatch review --as USER); run {report.run_uid}"
    )
