"""Readings of raw record values for comparison: names, birth dates, places.

This module turns what a list wrote into comparable keys, leaning on the Korean
tables of :mod:`refwatch.analysis.linkage.romanization` (and on the names,
dates and places modules as they provide candidate readings):

* a name becomes a canonical (surname, given) key, the sets of plausible
  surname/given/full readings and a romanisation-blind *sound key*;
* a birth date becomes year/month/day, its possible solar dates (a lunar date,
  or one that may be lunar, converts to its solar date too) and a year range;
* a place becomes gazetteer-like ids (a folded key per comma-separated part)
  and a region (the first part).

Everything is pure and cached by input value: lists repeat names and places.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from refwatch.analysis.lists import PartialDate

__all__ = [
    "BirthReading",
    "NameReading",
    "PlaceReading",
    "read_birth",
    "read_name",
    "read_place",
    "sound_key",
]


@dataclass(frozen=True)
class NameReading:
    """Comparable forms of one person's name (see module docstring)."""

    surname: str | None
    given: str | None
    surname_set: tuple[str, ...]
    given_set: tuple[str, ...]
    full_set: tuple[str, ...]
    given_sound: str | None
    full_sound: str | None
    surname_sound: str | None


@dataclass(frozen=True)
class BirthReading:
    """Comparable forms of a birth date; all None/empty when unknown."""

    year: int | None
    month: int | None
    day: int | None
    solar: tuple[str, ...]
    low: int | None
    high: int | None


@dataclass(frozen=True)
class PlaceReading:
    """Folded keys of a place text, most specific last, and its region."""

    ids: tuple[str, ...]
    region: str | None


_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_BRACKETS = re.compile(r"[(\[（【].*?[)\]）】]")

# Ordered rewrite rules for the sound key: every common romanisation of the
# same Hangul syllables should meet (ch/j, k/g, t/d, p/b, r/l; ŏ/eo/u/o ...).
_SOUND_RULES: tuple[tuple[str, str], ...] = (
    ("tch", "c"),
    ("ch", "c"),
    ("j", "c"),
    ("sh", "s"),
    ("kh", "k"),
    ("th", "t"),
    ("ph", "p"),
    ("g", "k"),
    ("q", "k"),
    ("d", "t"),
    ("b", "p"),
    ("f", "p"),
    ("v", "p"),
    ("r", "l"),
    ("z", "c"),
    ("x", "s"),
    ("eo", "o"),
    ("eu", "o"),
    ("oo", "o"),
    ("ou", "o"),
    ("u", "o"),
    ("ee", "i"),
    ("ui", "i"),
    ("ae", "e"),
)


@lru_cache(maxsize=262144)
def sound_key(text: str) -> str:
    """A romanisation-blind key of a Latin or Hangul name part ('' when none).

    Hangul is romanised (Revised Romanization, South initial rule) first.
    Consonant pairs that romanisations split (k/g, t/d, p/b, ch/j, r/l) and
    the vowels ㅓ/ㅗ/ㅜ/ㅡ are merged, repeated letters collapsed:

    >>> sound_key("Ch'ŏl-su") == sound_key("Cheolsu") == sound_key("Chul Soo")
    True
    """
    if _HANGUL.search(text):
        text = "".join(_rr_word(w) for w in _HANGUL.findall(text))
    s = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if "a" <= c <= "z"
    )
    for old, new in _SOUND_RULES:
        s = s.replace(old, new)
    out: list[str] = []
    for c in s:
        if not out or out[-1] != c:
            out.append(c)
    # the South's initial-sound rule, applied to Latin spellings too: ryon/nyo -> yon/yo
    return _INITIAL_RULE_N.sub("n", _INITIAL_RULE_DROP.sub("", "".join(out)))


_INITIAL_RULE_DROP = re.compile(r"^[ln](?=[yi])")
_INITIAL_RULE_N = re.compile(r"^l(?=[aeo])")


def _rr_word(word: str) -> str:
    from refwatch.analysis.linkage import romanization as rom

    return "".join(rom.romanize_word(rom.south_word(word), "rr"))


@cache
def _surname_spellings() -> dict[str, str]:
    """Folded Latin spelling or Hangul form of a surname -> its South Hangul."""
    from refwatch.analysis.linkage import romanization as rom

    table: dict[str, str] = {}
    for row in rom.surname_table():  # most frequent first: it wins a shared spelling
        spellings = [row.rr, row.mr, row.dprk, row.mr_ascii, *row.other]
        spellings += [s for s, _ in row.passport]
        for spelling in spellings:
            key = _fold(spelling)
            if key:
                table.setdefault(key, row.south)
        table.setdefault(row.south, row.south)
        table.setdefault(row.north, row.south)
    return table


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if "a" <= c <= "z")


def _split_hangul(word: str) -> tuple[str, str]:
    table = _surname_spellings()
    if len(word) >= 3 and word[:2] in table:
        return word[:2], word[2:]
    return word[:1], word[1:]


def _latin_tokens(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return [t for t in re.split(r"[\s,;/]+", text) if _fold(t)]


@dataclass(frozen=True)
class _Parsed:
    surname: str
    given: str
    hangul: bool


def _parse_full(text: str) -> list[_Parsed]:
    """Candidate (surname, given) splits of a full-name text, best first."""
    out: list[_Parsed] = []
    hangul = "".join(_HANGUL.findall(text))
    if len(hangul) >= 2:
        s, g = _split_hangul(hangul)
        out.append(_Parsed(s, g, True))
    latin = _BRACKETS.sub(" ", text)
    tokens = _latin_tokens("".join(c for c in latin if not _HANGUL.match(c)))
    if len(tokens) >= 2:
        table = _surname_spellings()
        first, last = _fold(tokens[0]), _fold(tokens[-1])
        surname_first = _Parsed(tokens[0], " ".join(tokens[1:]), False)
        given_first = _Parsed(tokens[-1], " ".join(tokens[:-1]), False)
        if first in table or last not in table:
            out.append(surname_first)
            if last in table and first != last:
                out.append(given_first)
        else:
            out.append(given_first)
            if first in table:
                out.append(surname_first)
    elif len(tokens) == 1 and not out:
        word = _fold(tokens[0])
        table = _surname_spellings()
        # "Kimcholsu": a run-together name starting with a known surname
        for cut in range(min(5, len(word) - 2), 0, -1):
            if word[:cut] in table:
                out.append(_Parsed(word[:cut], word[cut:], False))
                break
    return out


def _surname_key(surname: str, hangul: bool) -> str:
    table = _surname_spellings()
    key = surname if hangul else _fold(surname)
    if key in table:
        return table[key]
    return "~" + sound_key(surname)


@lru_cache(maxsize=262144)
def read_name(
    *,
    name: str | None,
    surname: str | None,
    given: str | None,
    alt: str | None = None,
) -> NameReading:
    """Read a name given whole (``name``) or in parts, plus an alternative form.

    Assumes nothing about script or order: Hangul (North or South initial
    rule), RR, MR with or without marks, DPRK or passport spellings,
    surname-first or given-first, Hangul in brackets. The canonical surname
    is South Hangul when the surname is known, else ``~`` + its sound key;
    the canonical given name is its sound key.
    """
    parsed: list[_Parsed] = []
    if surname or given:
        s, g = (surname or "").strip(), (given or "").strip()
        hangul = bool(_HANGUL.search(s + g))
        if hangul:
            s, g = "".join(_HANGUL.findall(s)), "".join(_HANGUL.findall(g))
        parsed.append(_Parsed(s, g, hangul))
        table = _surname_spellings()
        if s and g and (g if hangul else _fold(g)) in table and (s if hangul else _fold(s)) not in table:
            parsed.insert(0, _Parsed(g, s, hangul))  # surname and given name columns swapped
    for text in (name, alt):
        if text:
            parsed.extend(_parse_full(text))
    readings: list[tuple[str, str]] = []
    for p in parsed:
        if not (p.surname and p.given):
            continue
        pair = (_surname_key(p.surname, p.hangul), sound_key(p.given))
        if pair[1] and pair not in readings:
            readings.append(pair)
    if not readings:
        lone = next((p.given or p.surname for p in parsed if p.given or p.surname), "")
        key = sound_key(lone) if lone else ""
        return NameReading(
            None, key or None, (), (key,) if key else (), (), key or None, key or None, None
        )
    surname_key, given_key = readings[0]
    first = next(p for p in parsed if p.surname and p.given)
    return NameReading(
        surname=surname_key,
        given=given_key,
        surname_set=tuple(dict.fromkeys(s for s, _ in readings)),
        given_set=tuple(dict.fromkeys(g for _, g in readings)),
        full_set=tuple(f"{s} {g}" for s, g in readings),
        given_sound=given_key,
        full_sound=sound_key(surname_key.lstrip("~")) + given_key,
        surname_sound=sound_key(first.surname) or None,
    )


def read_birth(date: PartialDate | None) -> BirthReading:
    """Read a partial birth date; a lunar one gets its solar date as a candidate.

    A range (from an age) gives only ``low``/``high``; an approximate year
    widens the range by a year each way.
    """
    if date is None:
        return BirthReading(None, None, None, (), None, None)
    if date.precision == "range":
        return BirthReading(None, None, None, (), date.year_low, date.year_high)
    year, month, day = date.year, date.month, date.day
    solar: list[str] = []
    if year is not None and month is not None and day is not None:
        if not date.lunar:
            solar.append(f"{year:04d}-{month:02d}-{day:02d}")
        # many older North Koreans give their lunar birthday without saying so:
        # an unmarked date may be lunar too
        converted = _lunar_to_solar(year, month, day)
        if converted is not None:
            solar.append(converted)
    spread = 1 if date.approximate else 0
    return BirthReading(
        year=year,
        month=month,
        day=day,
        solar=tuple(dict.fromkeys(solar)),
        low=None if year is None else year - spread,
        high=None if year is None else year + spread,
    )


@lru_cache(maxsize=65536)
def _lunar_to_solar(year: int, month: int, day: int) -> str | None:
    from korean_lunar_calendar import KoreanLunarCalendar

    calendar = KoreanLunarCalendar()
    if not calendar.setLunarDate(year, month, day, False):
        return None
    iso = str(calendar.SolarIsoFormat())
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return None
    return iso


@lru_cache(maxsize=65536)
def read_place(text: str | None) -> PlaceReading:
    """Fold a place text into keys, one per comma-separated part (broad first)."""
    if not text:
        return PlaceReading((), None)
    parts = [p.strip() for p in re.split(r"[,;/]", text) if p.strip()]
    keys = tuple(dict.fromkeys(k for k in (_place_key(p) for p in parts) if k))
    return PlaceReading(keys, keys[0] if keys else None)


_PLACE_SUFFIX = re.compile(
    r"(-?(do|si|gun|kun|guyok|kuyok|ri|dong|up|eup)|\s+(province|city|county))$"
)


def _place_key(part: str) -> str:
    if _HANGUL.search(part):
        word = "".join(_HANGUL.findall(part))
        word = re.sub(r"(도|시|군|구역|읍|리|동)$", "", word) or word
        return sound_key(word)
    folded = unicodedata.normalize("NFKD", part.casefold())
    folded = "".join(c for c in folded if "a" <= c <= "z" or c in " -")
    folded = _PLACE_SUFFIX.sub("", folded.strip())
    return sound_key(folded)
