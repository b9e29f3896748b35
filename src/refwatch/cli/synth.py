"""``refwatch synth``: write synthetic lists, their spec TOML and the truth file."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--persons",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Number of synthetic persons to draw.",
)
@click.option(
    "--lists",
    "k_lists",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Number of lists (styles cycle: Hangul/North, RR split, MR, ad-hoc English (XLSX), Hangul/South, DPRK English).",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same files)."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write the lists, lists.toml and truth.csv into.",
)
@click.option(
    "--xlsx/--no-xlsx",
    default=True,
    show_default=True,
    help="Write the ad-hoc English list as an Excel workbook (--no-xlsx: all CSV).",
)
def synth(persons: int, k_lists: int, seed: int, out_dir: Path, xlsx: bool) -> None:
    """Write K synthetic lists of N synthetic persons, a list spec and the truth.

    The lists are for demos, tests and benchmarks: every person is composed
    from surname and syllable tables and never a real person.
    """
    from refwatch.analysis.linkage.synth import generate_lists, write_lists

    result = generate_lists(persons=persons, lists=k_lists, seed=seed)
    paths = write_lists(result, out_dir, xlsx=xlsx)
    for lst in result.lists:
        people = len({r.person_id for r in lst.records})
        click.echo(
            f"list {lst.name}: {len(lst.records)} records of {people} persons ({lst.style.key})"
        )
    seen = {r.person_id for lst in result.lists for r in lst.records}
    click.echo(f"{len(seen)} of {persons} persons appear on at least one list")
    click.echo(f"wrote {len(paths)} files to {out_dir} (spec: lists.toml, truth: truth.csv)")
