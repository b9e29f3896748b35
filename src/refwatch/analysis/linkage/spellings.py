"""Reverse indexes from Latin spellings to Hangul syllables and surnames.

Built once per process from the shipped tables: for every syllable, each
rendering a system gives it (RR, MR and MR without marks at the start of a word
and between voiced sounds, DPRK, the passport style of
:mod:`~refwatch.analysis.linkage.romanization`, the ad-hoc variants of
``korean_syllable_variants.csv`` and the candidates of
``korean_romanized_to_hangul.csv``); for every surname, its RR, MR, DPRK,
passport spellings with their shares and other spellings seen.

Weights are P(spelling, syllable) up to a constant: the syllable's prior in
names (given-name use for given names, population for surnames) times the
share of its renderings that the spelling represents.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from refwatch.analysis.linkage.romanization import (
    SYSTEMS,
    composed_spellings,
    is_hangul_syllable,
    romanize_syllable,
    strip_marks,
    surname_table,
    syllable_table,
    to_north,
    to_south,
)

MAX_SPELLING = 8
"""Longest Latin spelling of one syllable (``kkyeong`` has 7 letters)."""

_STANDARD = 1.0  # a rendering a system prescribes
_ADHOC = 0.5  # a spelling seen in passports and lists
_COMPOSED = 0.15  # a letter-by-letter spelling from the jamo variants
_FLOOR = 2.0  # prior for syllables that names rarely use


@cache
def given_prior() -> dict[str, float]:
    """Prior weight of each syllable in given names (surname population removed)."""
    surname_pop: dict[str, float] = {}
    for s in surname_table():
        for form in {s.south, s.north}:
            if len(form) == 1:
                surname_pop[form] = surname_pop.get(form, 0.0) + s.population_k
    prior: dict[str, float] = {}
    for syl, forms in syllable_table().items():
        prior[syl] = max(forms.name_weight - surname_pop.get(syl, 0.0), 0.0) + _FLOOR
    return prior


def _renderings(syl: str) -> dict[str, float]:
    """Each Latin spelling of one syllable with its weight (standard > ad hoc)."""
    forms = syllable_table()[syl]
    out: dict[str, float] = {}
    for system in SYSTEMS:
        for medial in (False, True):
            spelling = strip_marks(romanize_syllable(syl, system, medial=medial)).replace(" ", "")
            if spelling:
                out[spelling] = max(out.get(spelling, 0.0), _STANDARD)
    for spelling in forms.adhoc:
        out.setdefault(spelling, _ADHOC)
    for spelling in composed_spellings(syl):
        out.setdefault(spelling, _COMPOSED)
    return out


def _table_candidates() -> dict[str, list[str]]:
    text = (
        resources.files("refwatch.analysis.linkage")
        .joinpath("data", "korean_romanized_to_hangul.csv")
        .read_text("utf-8")
    )
    out: dict[str, list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        syllables = [part.split("[", 1)[0] for part in row["candidates_by_name_prior"].split()]
        out[row["token_ascii_lower"]] = [s for s in syllables if s and is_hangul_syllable(s)]
    return out


@cache
def syllable_index() -> dict[str, tuple[tuple[str, float], ...]]:
    """Latin spelling -> ((syllable, weight), ...) sorted by weight, for given names.

    >>> [s for s, _ in syllable_index()["chol"]][:2]
    ['철', '촐']
    """
    prior = given_prior()
    index: dict[str, dict[str, float]] = {}
    for syl in syllable_table():
        renderings = _renderings(syl)
        total = sum(renderings.values())
        for spelling, weight in renderings.items():
            slot = index.setdefault(spelling, {})
            slot[syl] = slot.get(syl, 0.0) + prior[syl] * weight / total
    for spelling, syllables in _table_candidates().items():
        slot = index.setdefault(spelling, {})
        for syl in syllables:
            if syl not in slot:
                slot[syl] = prior.get(syl, _FLOOR) * _ADHOC / 8
    # A North form is read wherever its South form is (룡 where 용 is).
    for slot in index.values():
        for syl in list(slot):
            for north in to_north(syl):
                if north in prior:
                    share = prior[north] / (prior[north] + prior.get(syl, _FLOOR))
                    slot.setdefault(north, slot[syl] * max(share, 0.02))
    return {
        spelling: tuple(sorted(slot.items(), key=lambda kv: -kv[1]))
        for spelling, slot in index.items()
    }


@cache
def surname_index() -> dict[str, tuple[tuple[str, float], ...]]:
    """Latin spelling (folded) -> ((Hangul surname, weight), ...), best first.

    The Hangul is the South form; North forms are produced by
    :func:`hangul_surnames`.  Single-syllable readings of any spelling are
    added with a low weight, for rare surnames missing from the table.

    >>> [s for s, _ in surname_index()["lee"]][:1]
    ['이']
    """
    index: dict[str, dict[str, float]] = {}

    def add(spelling: str, hangul: str, weight: float) -> None:
        key = strip_marks(spelling).replace(" ", "").replace("-", "")
        if key:
            slot = index.setdefault(key, {})
            slot[hangul] = slot.get(hangul, 0.0) + weight

    for row in surname_table():
        pop = max(row.population_k, 1.0)
        for share_spelling, share in row.passport:
            add(share_spelling, row.south, pop * max(share, 0.02))
        for spelling in (row.rr, row.mr, row.mr_ascii, row.dprk):
            add(spelling, row.south, pop * 0.05)
        for spelling in row.other:
            add(spelling, row.south, pop * 0.02)
        for system in SYSTEMS:
            for form in {row.south, row.north}:
                spelled = "".join(romanize_syllable(s, system) for s in form)
                add(spelled, row.south, pop * 0.01)
    known = {row.south for row in surname_table()}
    for spelling, syllables in syllable_index().items():
        for syl, weight in syllables[:4]:
            south = to_south(syl)
            if south not in known:
                add(spelling, south, min(weight, 5.0) * 0.01)
    return {k: tuple(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in index.items()}


@cache
def hangul_surnames() -> dict[str, tuple[str, ...]]:
    """South Hangul surname -> its forms (South first, then North forms)."""
    out: dict[str, list[str]] = {}
    for row in surname_table():
        forms = out.setdefault(row.south, [row.south])
        if row.north not in forms:
            forms.append(row.north)
    return {k: tuple(v) for k, v in out.items()}


@cache
def compound_surnames() -> frozenset[str]:
    """Two-syllable surnames (남궁, 황보, 선우, 제갈) in South and North forms."""
    return frozenset(
        form for row in surname_table() for form in (row.south, row.north) if len(form) == 2
    )


@cache
def surname_population() -> dict[str, float]:
    """Hangul surname (South or North form) -> population in thousands (0 if unknown)."""
    out: dict[str, float] = {}
    for row in surname_table():
        for form in {row.south, row.north}:
            out[form] = out.get(form, 0.0) + row.population_k
    return out
