"""Hangul syllables and their romanisations, from the shipped tables.

The tables in ``linkage/data/`` (see ``data/PROVENANCE.md``) give, for every
Hangul syllable that occurs in names, its Revised Romanization (RR), its
McCune–Reischauer (MR) form at the start of a word and between voiced sounds,
the same without diacritics, the DPRK official form, the ad-hoc spellings seen
in passports and lists, the South Korean form of a North Korean initial-ㄹ/ㄴ
syllable (리 -> 이) and a prior weight of the syllable in names.  The surname
table gives the same for surnames, with the shares of passport spellings.

Everything here is pure and cached: tables are read once per process.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

SYSTEMS: tuple[str, ...] = ("rr", "mr", "mr_ascii", "dprk", "passport")
"""Deterministic romanisation systems understood by :func:`romanize_name`."""

_BASE = 0xAC00
_LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_TAILS = (
    "",
    "ㄱ",
    "ㄲ",
    "ㄳ",
    "ㄴ",
    "ㄵ",
    "ㄶ",
    "ㄷ",
    "ㄹ",
    "ㄺ",
    "ㄻ",
    "ㄼ",
    "ㄽ",
    "ㄾ",
    "ㄿ",
    "ㅀ",
    "ㅁ",
    "ㅂ",
    "ㅄ",
    "ㅅ",
    "ㅆ",
    "ㅇ",
    "ㅈ",
    "ㅊ",
    "ㅋ",
    "ㅌ",
    "ㅍ",
    "ㅎ",
)
_VOICED_TAILS = frozenset({"", "ㄴ", "ㄹ", "ㅁ", "ㅇ"})

# Fallback jamo readings (RR) for syllables missing from the table.
_RR_LEAD = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
_RR_VOWEL = (
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
)
_RR_TAIL = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
)


def is_hangul_syllable(char: str) -> bool:
    """True for a precomposed Hangul syllable (가..힣)."""
    return "\uac00" <= char <= "\ud7a3"


def decompose(syllable: str) -> tuple[str, str, str]:
    """Split one precomposed syllable into (lead, vowel, tail) compatibility jamo.

    >>> decompose("철")
    ('ㅊ', 'ㅓ', 'ㄹ')
    """
    code = ord(syllable) - _BASE
    if not 0 <= code < 11172:
        raise ValueError(f"not a Hangul syllable: {syllable!r}")
    return _LEADS[code // 588], _VOWELS[(code % 588) // 28], _TAILS[code % 28]


def compose(lead: str, vowel: str, tail: str = "") -> str:
    """Inverse of :func:`decompose`."""
    return chr(_BASE + _LEADS.index(lead) * 588 + _VOWELS.index(vowel) * 28 + _TAILS.index(tail))


@dataclass(frozen=True)
class SyllableForms:
    """The table row of one syllable: its renderings and its weight in names."""

    syllable: str
    rr: str
    mr_initial: str
    mr_medial: str
    mr_ascii_initial: str
    mr_ascii_medial: str
    dprk_initial: str
    dprk_medial: str
    adhoc: tuple[str, ...]
    south_initial: str
    name_weight: float


@dataclass(frozen=True)
class SurnameForms:
    """One surname (by its South Korean Hangul and hanja) and its spellings."""

    south: str
    north: str
    hanja: str
    rr: str
    mr: str
    dprk: str
    mr_ascii: str
    passport: tuple[tuple[str, float], ...]
    """Passport spellings with their shares (summing to about 1)."""
    other: tuple[str, ...]
    population_k: float


def _data_text(name: str) -> str:
    return resources.files("refwatch.analysis.linkage").joinpath("data", name).read_text("utf-8")


@cache
def syllable_table() -> dict[str, SyllableForms]:
    """All syllables of ``korean_syllable_variants.csv`` keyed by the syllable."""
    table: dict[str, SyllableForms] = {}
    for row in csv.DictReader(_data_text("korean_syllable_variants.csv").splitlines()):
        table[row["syllable"]] = SyllableForms(
            syllable=row["syllable"],
            rr=row["rr"],
            mr_initial=row["mr_initial"],
            mr_medial=row["mr_medial"],
            mr_ascii_initial=row["mr_ascii_initial"],
            mr_ascii_medial=row["mr_ascii_medial"],
            dprk_initial=row["dprk_initial"],
            dprk_medial=row["dprk_medial"],
            adhoc=tuple(row["adhoc_variants"].split()),
            south_initial=row["south_initial_form"],
            name_weight=float(row["name_prior_weight"] or 0),
        )
    return table


def _parse_shares(text: str) -> tuple[tuple[str, float], ...]:
    shares: list[tuple[str, float]] = []
    for part in text.split(";"):
        bits = part.strip().rsplit(" ", 1)
        if len(bits) == 2 and bits[1].endswith("%"):
            shares.append((bits[0].strip(), float(bits[1][:-1]) / 100.0))
    return tuple(shares)


@cache
def surname_table() -> tuple[SurnameForms, ...]:
    """The surnames of ``korean_surnames.csv``, most frequent first."""
    rows: list[SurnameForms] = []
    for row in csv.DictReader(_data_text("korean_surnames.csv").splitlines()):
        rows.append(
            SurnameForms(
                south=row["hangul_south"],
                north=row["hangul_north"],
                hanja=row["hanja_main"],
                rr=row["rr_official"],
                mr=row["mr"],
                dprk=row["dprk_kcna_style"],
                mr_ascii=row["mr_ascii"],
                passport=_parse_shares(row["passport_spellings_share"]),
                other=tuple(
                    s.strip()
                    for s in row["other_spellings_seen"].split(",")
                    if s.strip() and "(" not in s
                ),
                population_k=float(row["approx_pop_2015_thousands"] or 0),
            )
        )
    rows.sort(key=lambda s: -s.population_k)
    return tuple(rows)


@cache
def jamo_spellings() -> dict[tuple[str, str], tuple[str, ...]]:
    """(jamo, 'initial' | 'vowel' | 'final') -> the spellings each jamo is seen with.

    From ``korean_jamo_romanization.csv`` (RR, MR, DPRK and ad-hoc passport
    columns, marks dropped): ㄱ initial -> ('g', 'k'), ㅓ -> ('eo', 'o', 'u'),
    ㄱ final -> ('k', 'g', 'ck') ...  A clerk who spells a name letter by letter
    composes these.
    """
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in csv.DictReader(_data_text("korean_jamo_romanization.csv").splitlines()):
        position = row["position"].split()[0]
        spellings: list[str] = []
        for column in ("rr", "mr_word_initial", "dprk_initial", "adhoc_passport"):
            for value in row[column].split(","):
                value = strip_marks(value.split("(")[0].strip()).replace(" ", "")
                if value not in spellings and (value or row["jamo"] == "ㅇ"):
                    spellings.append(value)
        for jamo in row["jamo"].split():
            out[(jamo, position)] = tuple(spellings)
    return out


def composed_spellings(syllable: str) -> tuple[str, ...]:
    """Every letter-by-letter spelling of a syllable from :func:`jamo_spellings`.

    >>> "sug" in composed_spellings("숙") and "chur" in composed_spellings("철")
    True
    """
    lead, vowel, tail = decompose(syllable)
    table = jamo_spellings()
    heads = table.get((lead, "initial"), ("",)) if lead != "ㅇ" else ("",)
    bodies = table.get((vowel, "vowel"), ("",))
    ends = table.get((tail, "final"), ("",)) if tail else ("",)
    out: list[str] = []
    for head in heads:
        if head == "sh" and vowel not in "ㅣㅟ":  # sh only before i, as the table notes
            continue
        for body in bodies:
            for end in ends:
                spelled = head + body + end
                if spelled and spelled not in out:
                    out.append(spelled)
    return tuple(out)


@cache
def _surname_by_hangul() -> dict[str, SurnameForms]:
    out: dict[str, SurnameForms] = {}
    for row in surname_table():
        for form in (row.south, row.north):
            # 양 (梁) and 양 (楊) share a South form; keep the more frequent row.
            out.setdefault(form, row)
    return out


def surname_forms(hangul: str) -> SurnameForms | None:
    """The surname row for a South or North Hangul form, or None."""
    return _surname_by_hangul().get(hangul)


@lru_cache(maxsize=65536)
def to_south(syllable: str) -> str:
    """South Korean form of a word-initial syllable (두음법칙): 리 -> 이, 로 -> 노, 녀 -> 여.

    Syllables that the rule does not touch come back unchanged.
    """
    if not is_hangul_syllable(syllable):
        return syllable
    forms = syllable_table().get(syllable)
    if forms is not None and forms.south_initial:
        return forms.south_initial
    lead, vowel, tail = decompose(syllable)
    if lead == "ㄹ":
        lead = "ㅇ" if vowel in "ㅑㅕㅖㅛㅠㅣ" else "ㄴ"
    elif lead == "ㄴ" and vowel in "ㅑㅕㅖㅛㅠㅣ":
        lead = "ㅇ"
    return compose(lead, vowel, tail)


@cache
def _north_forms() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for code in range(11172):
        syl = chr(_BASE + code)
        south = to_south(syl)
        if south != syl:
            out.setdefault(south, []).append(syl)
    return {k: tuple(v) for k, v in out.items()}


def to_north(syllable: str) -> tuple[str, ...]:
    """North Korean word-initial forms that the South writes as ``syllable`` (이 -> 리, 니)."""
    return _north_forms().get(syllable, ())


@lru_cache(maxsize=262144)
def south_word(word: str) -> str:
    """Apply the South Korean initial rule to the first syllable of a word."""
    return to_south(word[0]) + word[1:] if word else word


def _fallback_rr(syllable: str) -> str:
    code = ord(syllable) - _BASE
    return _RR_LEAD[code // 588] + _RR_VOWEL[(code % 588) // 28] + _RR_TAIL[code % 28]


def romanize_syllable(syllable: str, system: str, *, medial: bool = False) -> str:
    """Romanise one syllable in ``system`` (one of :data:`SYSTEMS`), lower case.

    ``medial`` says the syllable follows a voiced sound inside a joined word,
    where MR voices k/t/p/ch to g/d/b/j.  Passport style is the common
    syllable-by-syllable spelling (철 chul, 수 soo, 영 young, 희 hee).
    """
    forms = syllable_table().get(syllable)
    if forms is None:
        return _fallback_rr(syllable)
    if system == "rr":
        return forms.rr
    if system == "mr":
        return forms.mr_medial if medial else forms.mr_initial
    if system == "mr_ascii":
        return forms.mr_ascii_medial if medial else forms.mr_ascii_initial
    if system == "dprk":
        return forms.dprk_medial if medial else forms.dprk_initial
    if system == "passport":
        return _passport_syllable(syllable)
    raise ValueError(f"unknown romanisation system: {system!r}")


_PASSPORT_LEAD = (
    "k",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)


@lru_cache(maxsize=16384)
def _passport_syllable(syllable: str) -> str:
    lead, vowel, tail = decompose(syllable)
    head = _PASSPORT_LEAD[_LEADS.index(lead)]
    closed = tail != ""
    if vowel == "ㅓ":
        nucleus = "u" if closed else "eo"
    elif vowel == "ㅕ":
        nucleus = "yu" if closed else "yeo"
        if tail == "ㅇ" and lead == "ㅇ":
            nucleus = "you"
    elif vowel == "ㅜ":
        nucleus = "u" if closed else "oo"
    elif vowel == "ㅡ":
        nucleus = "eu"
    elif vowel == "ㅢ":
        nucleus = "ee" if lead == "ㅎ" else "ui"
    elif vowel == "ㅠ":
        nucleus = "yu"
    else:
        nucleus = _RR_VOWEL[_VOWELS.index(vowel)]
    if lead == "ㅅ" and vowel in "ㅣㅟ":
        head = "sh"
    return head + nucleus + _RR_TAIL[_TAILS.index(tail)]


def romanize_word(word: str, system: str) -> list[str]:
    """Romanise each syllable of a Hangul word, applying MR/DPRK medial voicing."""
    parts: list[str] = []
    prev_tail: str | None = None
    for syl in word:
        if not is_hangul_syllable(syl):
            continue
        medial = prev_tail is not None and prev_tail in _VOICED_TAILS
        parts.append(romanize_syllable(syl, system, medial=medial))
        prev_tail = decompose(syl)[2]
    return parts


def romanize_surname(surname: str, system: str) -> str:
    """The usual spelling of a Hangul surname in ``system``, capitalised.

    Uses the surname table (Lee, Park, Choi for passports; Ri, Pak, Choe for the
    DPRK) and falls back to syllable romanisation for surnames not in it.
    """
    forms = surname_forms(surname)
    if forms is not None:
        north = surname != forms.south
        if system == "rr":
            return forms.rr if not north else "".join(romanize_word(surname, "rr")).capitalize()
        if system == "mr":
            return forms.mr if not north else forms.dprk
        if system == "mr_ascii":
            return forms.mr_ascii if not north else forms.dprk
        if system == "dprk":
            return forms.dprk
        if system == "passport" and forms.passport:
            if north:
                return forms.dprk
            return forms.passport[0][0]
    return "".join(romanize_word(surname, system)).capitalize()


def romanize_given(given: str, system: str) -> str:
    """A given name in the conventional layout of ``system``.

    RR joins syllables (Cheolsu), MR hyphenates them (Ch'ŏl-su), the DPRK
    spaces and capitalises them (Chol Su), passports space them (Chul Soo).
    """
    parts = romanize_word(given, system)
    if not parts:
        return ""
    if system == "rr":
        return "".join(parts).capitalize()
    if system in ("mr", "mr_ascii"):
        return "-".join([parts[0].capitalize(), *parts[1:]])
    return " ".join(p.capitalize() for p in parts)


def romanize_name(surname: str, given: str, system: str) -> tuple[str, str]:
    """(surname, given name) of a Hangul name in ``system``.

    >>> romanize_name("리", "철수", "dprk")
    ('Ri', 'Chol Su')
    """
    return romanize_surname(surname, system), romanize_given(given, system)


def strip_marks(text: str) -> str:
    """Lower-case ASCII letters of a romanised name: breves, accents, apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.lower() if "a" <= c <= "z" or c in " -")
