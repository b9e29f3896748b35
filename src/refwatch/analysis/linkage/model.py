"""The Splink model of a linkage run: comparisons, blocking rules, training.

The model compares the feature columns of :mod:`refwatch.analysis.linkage.features`:

* surname and given name separately (independent enough for Fellegi–Sunter),
  each by canonical key with term-frequency adjustment, then by any shared
  candidate reading, then by edit distance on its sound key (Levenshtein, not
  Jaro–Winkler: DuckDB's Jaro–Winkler halves an odd count of transpositions
  with integer division and Splink's Spark UDF does not, so a pair such as
  yongong/yokong scored 0.826 on one engine and 0.799 on the other and
  fell on different sides of a level; edit distances are integers that both
  engines compute alike);
* birth date: exact, the same solar date (lunar/solar equivalent), ±1 day or
  day/month swapped, same year and month, same year with months differing or unknown,
  possible years overlapping (ages, lunar new year, approximate years), years one apart;
* sex where the given names differ (a given name mostly tells the sex), home place
  (same gazetteer place; one within the other or same province),
  event (same place and month, place, month), and any ``--compare`` columns.

All SQL is written once for DuckDB; Splink translates it for Spark. Every
record pair within or across lists is a candidate (``dedupe_only`` over the
stacked lists), so within-list duplicates are found like cross-list ones.
Training is unsupervised: ``u`` from random pairs (seeded), ``m`` by EM on
three blocks that each leave some comparisons free (see :func:`em_blocks`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from splink import SettingsCreator, block_on
from splink import comparison_level_library as cll
from splink import comparison_library as cl
from splink.blocking_rule_library import CustomRule

__all__ = [
    "LARGE_ABOVE",
    "blocking_rules",
    "comparisons",
    "em_blocks",
    "extra_columns_of",
    "settings",
    "train_m",
    "train_u",
    "u_sample",
]

_SQL_DIALECT = "duckdb"


def _custom(sql: str, label: str) -> Any:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=_SQL_DIALECT)


def _comparison(
    trained: Mapping[str, Any] | None,
    *,
    output_column_name: str,
    comparison_description: str,
    comparison_levels: list[Any],
) -> Any:
    if trained is not None:
        saved = {c["output_column_name"]: c for c in trained["comparisons"]}[output_column_name]
        levels = saved["comparison_levels"]
        if len(levels) != len(comparison_levels):
            raise ValueError(f"the saved model's {output_column_name!r} has other levels")
        for level, values in zip(comparison_levels, levels, strict=True):
            # Same count is not same meaning (e.g. Jaro-Winkler levels replaced by edit
            # distance): trained probabilities must not be laid onto other comparisons.
            saved_label = values.get("label_for_charts")
            label = level.get_comparison_level(_SQL_DIALECT).label_for_charts
            if saved_label is not None and saved_label != label:
                raise ValueError(
                    f"the saved model's {output_column_name!r} was trained on other comparisons "
                    f"({saved_label!r}, now {label!r}): train a new model on these lists"
                )
            fitted = {k: values[k] for k in ("m_probability", "u_probability") if k in values}
            if fitted:
                level.configure(**fitted)
    return cl.CustomComparison(
        output_column_name=output_column_name,
        comparison_description=comparison_description,
        comparison_levels=comparison_levels,
    )


def _null_either(*cols: str) -> str:
    left = " AND ".join(f'"{c}_l" IS NULL' for c in cols)
    right = " AND ".join(f'"{c}_r" IS NULL' for c in cols)
    return f"({left}) OR ({right})"


def comparisons(
    trained: Mapping[str, Any] | None = None, extra_columns: Sequence[str] = ()
) -> list[Any]:
    """The Splink comparison creators of the model, in a fixed order.

    With ``trained`` (a saved model, see :func:`trained_parameters`), every
    level carries its trained ``m`` and ``u``: the model is rebuilt for any
    engine's SQL dialect rather than reloaded as DuckDB SQL. ``extra_columns``
    (``x_*`` feature columns) are compared as plain strings.
    """
    surname = _comparison(
        trained,
        output_column_name="surname",
        comparison_description="surname: canonical key, any shared reading",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            cll.ArrayIntersectLevel("surname_set", 1),
            cll.LevenshteinLevel("surname_sound", 1),
            cll.ElseLevel(),
        ],
    )
    given = _comparison(
        trained,
        output_column_name="given",
        comparison_description="given name: canonical key, any shared reading, sound edits",
        comparison_levels=[
            cll.NullLevel("given"),
            cll.ExactMatchLevel("given", term_frequency_adjustments=True),
            cll.ArrayIntersectLevel("given_set", 1),
            cll.LevenshteinLevel("given_sound", 1),
            cll.LevenshteinLevel("given_sound", 2),
            cll.ElseLevel(),
        ],
    )
    birth = _comparison(
        trained,
        output_column_name="birth",
        comparison_description="birth date with precision, lunar/solar and ranges",
        comparison_levels=[
            _custom(_null_either("birth_year", "birth_low"), "birth date missing").configure(
                is_null_level=True
            ),
            _custom(
                '"birth_year_l" = "birth_year_r" AND "birth_month_l" = "birth_month_r"'
                ' AND "birth_day_l" = "birth_day_r"',
                "exact",
            ),
            cll.ArrayIntersectLevel("birth_solar", 1).configure(label_for_charts="lunar/solar"),
            _custom(
                '"birth_year_l" = "birth_year_r" AND ('
                '("birth_month_l" = "birth_month_r" AND abs("birth_day_l" - "birth_day_r") <= 1)'
                ' OR ("birth_month_l" = "birth_day_r" AND "birth_day_l" = "birth_month_r"))',
                "near: day ±1 or day/month swapped",
            ),
            _custom(
                '"birth_year_l" = "birth_year_r" AND "birth_month_l" = "birth_month_r"',
                "same year and month",
            ),
            _custom(
                '"birth_year_l" = "birth_year_r" AND "birth_month_l" IS NOT NULL'
                ' AND "birth_month_r" IS NOT NULL',
                "same year, months differ",
            ),
            _custom('"birth_year_l" = "birth_year_r"', "same year (a month unknown)"),
            cll.ArrayIntersectLevel("birth_years", 1).configure(
                label_for_charts="possible years overlap (age, lunar new year, approximate)"
            ),
            _custom(
                '"birth_low_l" <= "birth_high_r" + 1 AND "birth_low_r" <= "birth_high_l" + 1',
                "years one apart",
            ),
            cll.ElseLevel(),
        ],
    )
    # Korean given names mostly tell the sex: two records with the same given name agree
    # on sex whether or not they are one person, so that agreement is not evidence again
    # (counted, it made namesakes 1.7 times likelier: 0.74 bits at 1M records)
    sex = _comparison(
        trained,
        output_column_name="sex",
        comparison_description="sex, where the given names differ",
        comparison_levels=[
            _custom(
                '"sex_l" IS NULL OR "sex_r" IS NULL OR "given_l" = "given_r"',
                "sex unknown, or given names agree",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("sex"),
            cll.ElseLevel(),
        ],
    )
    home = _comparison(
        trained,
        output_column_name="home",
        comparison_description="home place: gazetteer ids",
        comparison_levels=[
            cll.NullLevel("home_best"),
            cll.ExactMatchLevel("home_best"),
            cll.ArrayIntersectLevel("home_set", 1).configure(
                label_for_charts="one within the other, or same province"
            ),
            cll.ElseLevel(),
        ],
    )
    event = _comparison(
        trained,
        output_column_name="event",
        comparison_description="event: same place and month, place, month",
        comparison_levels=[
            _custom(_null_either("event_place", "event_month"), "event unknown").configure(
                is_null_level=True
            ),
            _custom(
                '"event_place_l" = "event_place_r" AND "event_month_l" = "event_month_r"',
                "same place and month",
            ),
            _custom('"event_place_l" = "event_place_r"', "same place"),
            _custom('"event_month_l" = "event_month_r"', "same month"),
            cll.ElseLevel(),
        ],
    )
    extras = [
        _comparison(
            trained,
            output_column_name=column,
            comparison_description=f"extra column {column}: exact, one edit, two edits",
            comparison_levels=[
                cll.NullLevel(column),
                cll.ExactMatchLevel(column),
                cll.LevenshteinLevel(column, 1),
                cll.LevenshteinLevel(column, 2),
                cll.ElseLevel(),
            ],
        )
        for column in extra_columns
    ]
    return [surname, given, birth, sex, home, event, *extras]


LARGE_ABOVE = 50_000
"""Above this many records, prediction uses :func:`blocking_rules` with ``large=True``."""


def blocking_rules(
    extra_columns: Sequence[str] = (),
    selective_columns: Sequence[str] = (),
    *,
    large: bool = False,
) -> list[Any]:
    """Blocking rules for prediction: a pair is scored if any rule admits it.

    Chosen so that true pairs survive the usual faults one at a time: a name
    read differently (blocked by birth date), a wrong or partial birth date
    (blocked by name), a name with a typo and an age instead of a date
    (blocked by sound key and surname). Extra columns block with a surname
    or a birth year, and alone when they are selective (an ID number).

    Rules without a birth-year condition admit pairs in proportion to the
    square of the list size (everyone called 김영철, every woman whose given
    name sounds like "yongok"). ``large`` (national lists, see
    :data:`LARGE_ABOVE`) bounds every rule by birth year: by the five-year
    bands of ``birth_band`` for names, by a possible year for sound keys;
    records with no birth information at all are still paired by name alone
    (``l.birth_low IS NULL``, one side at a time so that the engine filters
    before it joins). Measured on 248k synthetic records: 10.9M candidate
    pairs instead of 132.6M, blocking recall 0.992 instead of 0.995.
    """
    if large:
        rules = _large_rules()
    else:
        rules = [
            block_on("surname", "given"),
            block_on("full_block", arrays_to_explode=["full_block"]),
            block_on("given", "birth_year"),
            block_on("surname", "birth_year", "birth_month"),
            block_on("birth_solar", "sex", arrays_to_explode=["birth_solar"]),
            block_on("given_sound", "sex"),
            block_on("surname", "birth_year", "home_region"),
            block_on("surname", "birth_year", "substr(given_sound, 1, 2)"),
            block_on("surname", "substr(given_sound, 1, 3)", "sex"),
        ]
    return [
        *rules,
        *(block_on(column, "surname") for column in extra_columns),
        *(block_on(column, "birth_year") for column in extra_columns),
        *(block_on(column) for column in selective_columns),
    ]


def _large_rules() -> list[Any]:
    def one_side(sql: str, condition: str, explode: list[str] | None = None) -> list[Any]:
        return [
            CustomRule(f"{sql} AND {condition.format(side=side)}", _SQL_DIALECT, explode)
            for side in ("l", "r")
        ]

    years = "birth_years"
    no_birth = "{side}.birth_low IS NULL"
    return [
        # a shared reading (the best reading is the canonical surname + given name)
        # with years at most one apart; with an age or a year-only date on one side,
        # within the five-year bands; with no birth date at all, by name alone
        block_on("full_block", "birth_wide", arrays_to_explode=["full_block", "birth_wide"]),
        *one_side(
            "l.full_block = r.full_block AND l.birth_band = r.birth_band",
            "{side}.birth_year IS NULL",
            ["full_block", "birth_band"],
        ),
        *one_side("l.full_block = r.full_block", no_birth, ["full_block"]),
        block_on("given", "birth_year", "sex"),
        block_on("surname", "birth_year", "birth_month", "substr(given_sound, 1, 1)"),
        block_on("birth_solar", "sex", "substr(given_sound, 1, 1)", arrays_to_explode=["birth_solar"]),
        block_on("given_sound", "sex", years, arrays_to_explode=[years]),
        block_on("surname", "birth_year", "home_best", "sex"),
        block_on("surname", "substr(given_sound, 1, 3)", years, arrays_to_explode=[years]),
        *one_side("l.full_sound = r.full_sound", no_birth),
    ]


def extra_columns_of(trained: Mapping[str, Any]) -> tuple[str, ...]:
    """The extra (``x_*``) columns a saved model compares."""
    return tuple(
        c["output_column_name"]
        for c in trained["comparisons"]
        if str(c["output_column_name"]).startswith("x_")
    )


def settings(
    *,
    seed: int = 1,
    trained: Mapping[str, Any] | None = None,
    extra_columns: Sequence[str] = (),
    selective_columns: Sequence[str] = (),
    large: bool = False,
) -> SettingsCreator:
    """The model's settings over the stacked lists, untrained or with ``trained`` parameters.

    ``trained`` is a saved model (``LinkResult.model_json`` parsed); its
    parameters are carried over, its SQL is not, so a model trained on one
    engine runs on any. ``large`` chooses the year-bounded blocking rules.
    """
    prior = 1e-4 if trained is None else float(trained["probability_two_random_records_match"])
    return SettingsCreator(
        linker_uid=f"refwatch-seed-{seed}",
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(trained, extra_columns),
        blocking_rules_to_generate_predictions=blocking_rules(
            extra_columns, selective_columns, large=large
        ),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
        em_convergence=1e-4,
        max_iterations=40,
    )


U_SAMPLE_PAIRS = 300_000
"""Random record pairs behind the ``u`` estimates (all pairs of a seeded record sample)."""


def u_sample(n_records: int, *, seed: int, max_pairs: int = U_SAMPLE_PAIRS) -> list[int]:
    """The records whose all-pairs comparisons estimate ``u``, sorted.

    Drawn here rather than by the engine so that DuckDB and Spark see exactly
    the same pairs for a seed (their SQL samplers differ).
    """
    k = 1
    while k * (k + 1) // 2 <= max_pairs and k < n_records:
        k += 1
    rng = np.random.default_rng(seed)
    return sorted(int(i) for i in rng.choice(n_records, size=min(k, n_records), replace=False))


def train_u(linker: Any) -> dict[str, Any]:
    """Estimate ``u`` on a linker over the :func:`u_sample` records (all their pairs).

    Returns the settings with the trained ``u`` values, to start the main linker from.
    """
    linker.training.estimate_u_using_random_sampling(
        max_pairs=1e15, seed=None, min_count_per_level=None, num_chunks=1
    )
    trained: dict[str, Any] = linker.misc.save_model_to_json()
    return trained


EM_MAX_PAIRS = 5_000_000
"""Above this many blocked pairs, EM trains on a deterministic sample of them.

Training runs on one DuckDB thread (for a bit-identical model), so EM time is
proportional to its pairs: 20M took 210 s of a 1M-record run; 5M pairs still
estimate the few m probabilities of each level closely (248k records stay below
the cap and are unaffected)."""


EM_PAIRS_PER_RECORD = 3.0
"""An EM block may hold at most this many record pairs per record.

A person is on a few lists at most, so a record has a few true partners; a block with
many more pairs than records is mostly pairs of different people (namesakes, people
born on the same day), and EM then fits its "match" class to them. Blocks on a name
or a birth date alone grow with the square of the lists while true pairs grow with
their size: at 993k synthetic records, pairs sharing surname and given name were 45
a record and 1.4% true (EM put 90% of the m of the birth comparison on "all other",
and recall fell to 0.66), against 12 a record and 5.4% true at 248k."""

# Each chain starts from a block that leaves a strong comparison free (names; birth
# date) and is narrowed, one agreeing field at a time, until it is small enough
# (EM_PAIRS_PER_RECORD). Home and event come first, in opposite orders, so that each
# is likely free in one of the two blocks, beside the strong comparison.
_EM_CHAINS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("birth_year", "birth_month", "birth_day"), ("event_place", "home_best", "sex")),
    (("surname", "given"), ("home_best", "event_place", "sex")),
)
# A comparison no chosen block leaves free is trained on this one (name and birth year).
_EM_FALLBACK = ("surname", "given", "birth_year")
_COLUMNS_OF = {
    "home": ("home_best", "home_set"),
    "event": ("event_place", "event_month"),
    "sex": ("sex",),
}


def _pairs_agreeing(table: pa.Table, columns: Sequence[str]) -> int:
    """Record pairs that agree on every column (none of them null)."""
    present = table.select(list(columns))
    for column in columns:
        present = present.filter(pc.is_valid(present.column(column)))
    if present.num_rows == 0:
        return 0
    counts = present.group_by(list(columns)).aggregate([([], "count_all")]).column("count_all")
    return sum(c * (c - 1) // 2 for c in counts.to_pylist())


def em_blocks(
    table: pa.Table, *, pairs_per_record: float = EM_PAIRS_PER_RECORD
) -> list[tuple[str, ...]]:
    """The blocks EM trains ``m`` on, as column tuples (pairs agreeing on all of them).

    One per chain of ``_EM_CHAINS``: its first block narrowed by its further columns,
    in order, until it holds at most ``pairs_per_record`` pairs per record (or nothing
    narrower has any pairs); then, if home, event or sex is in every block so far, the
    name and birth-year block, where they are free. Chosen from the lists alone (no
    labels): small lists train on broad blocks, national ones on narrow blocks.
    """
    limit = pairs_per_record * table.num_rows
    chosen: list[tuple[str, ...]] = []
    for base, further in _EM_CHAINS:
        block = base
        for column in further:
            if _pairs_agreeing(table, block) <= limit:
                break
            narrower = (*block, column)
            if _pairs_agreeing(table, narrower) == 0:
                break
            block = narrower
        chosen.append(block)
    if any(all(set(cols) & set(block) for block in chosen) for cols in _COLUMNS_OF.values()):
        chosen.append(_EM_FALLBACK)
    return chosen


def train_m(
    linker: Any,
    *,
    n_records: int,
    table: pa.Table,
    progress: Callable[[str], None] | None = None,
) -> list[tuple[str, ...]]:
    """Estimate the prior and ``m`` without labels on a linker whose ``u`` is set.

    The prior comes from records agreeing on name and birth year (a starting value:
    each run re-fits it on its scored pairs, see :mod:`calibrate`); ``m`` by EM on the
    blocks of :func:`em_blocks` over ``table`` (the linker's records). Returns them.
    """
    say = progress or (lambda _stage: None)
    say("estimating the prior")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given", "birth_year")],
        recall=0.7,
    )
    cap = EM_MAX_PAIRS if n_records > 100_000 else None
    blocks = em_blocks(table)
    for block in blocks:
        say(f"EM on pairs sharing {', '.join(block)}")
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*block),
            estimate_without_term_frequencies=True,
            max_pairs=cap,
        )
    return blocks
