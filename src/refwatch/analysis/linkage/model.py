"""The Splink model of a linkage run: comparisons, blocking rules, training.

The model compares the feature columns of :mod:`refwatch.analysis.linkage.features`:

* surname and given name separately (independent enough for Fellegi–Sunter),
  each by canonical key with term-frequency adjustment, then by any shared
  candidate reading, the given name also by Jaro–Winkler on its sound key;
* birth date: exact, the same solar date (lunar/solar equivalent), ±1 day or
  day/month swapped, same year and month, same year, ±1 year, year ranges
  (ages, approximate years) overlapping;
* sex, home place (two shared place keys, one), event (same place and month).

All SQL is written once for DuckDB; Splink translates it for Spark. Every
record pair within or across lists is a candidate (``dedupe_only`` over the
stacked lists), so within-list duplicates are found like cross-list ones.
Training is unsupervised: ``u`` from random pairs (seeded), ``m`` by EM on
two blocks that each leave the other half of the comparisons free.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from splink import SettingsCreator, block_on
from splink import comparison_level_library as cll
from splink import comparison_library as cl

__all__ = [
    "blocking_rules",
    "settings",
    "train",
]

_SQL_DIALECT = "duckdb"


def _custom(sql: str, label: str) -> Any:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=_SQL_DIALECT)


def _null_either(*cols: str) -> str:
    left = " AND ".join(f'"{c}_l" IS NULL' for c in cols)
    right = " AND ".join(f'"{c}_r" IS NULL' for c in cols)
    return f"({left}) OR ({right})"


def comparisons() -> list[Any]:
    """The Splink comparison creators of the model, in a fixed order."""
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_description="surname: canonical key, any shared reading",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            cll.ArrayIntersectLevel("surname_set", 1),
            cll.JaroWinklerLevel("surname_sound", 0.8),
            cll.ElseLevel(),
        ],
    )
    given = cl.CustomComparison(
        output_column_name="given",
        comparison_description="given name: canonical key, any shared reading, sound",
        comparison_levels=[
            cll.NullLevel("given"),
            cll.ExactMatchLevel("given", term_frequency_adjustments=True),
            cll.ArrayIntersectLevel("given_set", 1),
            cll.JaroWinklerLevel("given_sound", 0.92),
            cll.JaroWinklerLevel("given_sound", 0.8),
            cll.ElseLevel(),
        ],
    )
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_description="birth date with precision, lunar/solar and ranges",
        comparison_levels=[
            _custom(_null_either("birth_year", "birth_low"), "birth date missing").configure(
                is_null_level=True
            ),
            _custom(
                '"birth_year_l" = "birth_year_r" AND "birth_month_l" = "birth_month_r"'
                ' AND "birth_day_l" = "birth_day_r"',
                "same day",
            ),
            cll.ArrayIntersectLevel("birth_solar", 1),
            _custom(
                '"birth_year_l" = "birth_year_r" AND ('
                '("birth_month_l" = "birth_month_r" AND abs("birth_day_l" - "birth_day_r") <= 1)'
                ' OR ("birth_month_l" = "birth_day_r" AND "birth_day_l" = "birth_month_r"))',
                "day ±1 or day/month swapped",
            ),
            _custom(
                '"birth_year_l" = "birth_year_r" AND "birth_month_l" = "birth_month_r"',
                "same year and month",
            ),
            _custom('"birth_year_l" = "birth_year_r"', "same year"),
            _custom('abs("birth_year_l" - "birth_year_r") <= 1', "year ±1"),
            _custom(
                'coalesce("birth_low_l", "birth_year_l") <= coalesce("birth_high_r", "birth_year_r")'
                ' AND coalesce("birth_low_r", "birth_year_r") <= coalesce("birth_high_l", "birth_year_l")',
                "year ranges overlap",
            ),
            cll.ElseLevel(),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_description="sex",
        comparison_levels=[cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()],
    )
    home = cl.CustomComparison(
        output_column_name="home",
        comparison_description="home place: shared place keys",
        comparison_levels=[
            cll.NullLevel("home_set"),
            cll.ArrayIntersectLevel("home_set", 2),
            cll.ArrayIntersectLevel("home_set", 1),
            cll.ElseLevel(),
        ],
    )
    event = cl.CustomComparison(
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
    return [surname, given, birth, sex, home, event]


def blocking_rules() -> list[Any]:
    """Blocking rules for prediction: a pair is scored if any rule admits it.

    Chosen so that true pairs survive the usual faults one at a time: a name
    read differently (blocked by birth date), a wrong or partial birth date
    (blocked by name), a name with a typo and an age instead of a date
    (blocked by sound key and surname).
    """
    return [
        block_on("surname", "given"),
        block_on("full_set", arrays_to_explode=["full_set"]),
        block_on("given", "birth_year"),
        block_on("surname", "birth_year", "birth_month"),
        block_on("birth_solar", "sex", arrays_to_explode=["birth_solar"]),
        block_on("given_sound", "sex"),
        block_on("surname", "birth_year", "home_region"),
        block_on("surname", "birth_year", "substr(given_sound, 1, 2)"),
        block_on("surname", "substr(given_sound, 1, 3)", "sex"),
    ]


def settings(*, probability_two_random_records_match: float = 1e-4) -> SettingsCreator:
    """The untrained model: comparisons and blocking rules over the stacked lists."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
        em_convergence=1e-4,
        max_iterations=40,
    )


def train(
    linker: Any,
    *,
    seed: int,
    n_records: int,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Train a Splink linker without labels, deterministically for a given seed.

    ``u`` comes from random record pairs (seeded; all pairs when there are few
    enough), the prior from records agreeing on name and birth date, ``m`` by
    EM on pairs sharing a name (which frees birth, sex, home, event) and on
    pairs sharing a birth date (which frees the names).
    """
    say = progress or (lambda _stage: None)
    say("estimating u from random pairs")
    all_pairs = n_records * (n_records - 1) / 2
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(all_pairs, 1e6) if all_pairs > 0 else 1.0,
        seed=seed,
        min_count_per_level=None,
        num_chunks=1,
    )
    say("estimating the prior")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given", "birth_year")],
        recall=0.7,
    )
    say("EM on pairs sharing a name")
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("surname", "given"),
        estimate_without_term_frequencies=True,
    )
    say("EM on pairs sharing a birth date")
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("birth_year", "birth_month", "birth_day"),
        estimate_without_term_frequencies=True,
    )
