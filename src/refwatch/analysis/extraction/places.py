"""Places named in a sentence, normalised to the shared gazetteer.

Named places (cities, provinces, crossings, North Korean counties) come from
``refwatch.reference.places`` in their English, Korean and Chinese forms and their
aliases; each mention carries the gazetteer id. Generic descriptions that the
gazetteer has no row for ("near the border", "its detention facilities", "three
northeast provinces", "북중 접경지역의 세관") come from ``data/place_terms.tsv`` and get
the normalised names of the annotation guidelines and no id.

A destination that is just the country of return ("to North Korea", "북한으로") is
not a place of the event and is not returned.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from refwatch.reference.places import load_places

__all__ = ["PlaceMention", "find_places"]


@dataclass(frozen=True)
class PlaceMention:
    """A place in a sentence (offsets relative to the sentence).

    ``name`` is the normalised name (several joined by "; " for a region such as the
    three north-eastern provinces); ``place_ids`` the gazetteer ids when known.
    """

    start: int
    end: int
    text: str
    name: str
    place_ids: tuple[str, ...]
    scope: str  # "named", "country", "generic", "region", "facility", "dprk"


@dataclass(frozen=True)
class _Term:
    lang: str
    screens: tuple[str, ...]  # lower-case strings of which one must occur for a match
    pattern: re.Pattern[str]
    name: str
    scope: str


@cache
def _terms() -> tuple[_Term, ...]:
    text = resources.files(__package__).joinpath("data/place_terms.tsv").read_text("utf-8")
    return tuple(
        _Term(
            row["lang"],
            tuple(s for s in row["screen"].split("|") if s),
            re.compile(row["pattern"], re.IGNORECASE if row["lang"] == "en" else 0),
            row["name"],
            row["scope"],
        )
        for row in csv.DictReader(text.splitlines(), delimiter="\t")
    )


_KO_AFTER = (
    r"(?=$|[^가-힣]|시|군|성|현|구|지역|에서|에|의|과|와|으로|로|은|는|이|가|도|등|을|를|쪽|일대|세관|"
    r"구류소|구류장|수용소|구치소|감옥|교도소|변방대|공안|시내|일대|인근|근처|부근|출신)"
)
_SKIP_KINDS = ("country",)
_SHORT_KO = 2  # Korean names this short must be followed by a particle or a boundary


@cache
def _name_index() -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    """Latin names by their first two letters, other names by their first character
    (longest first), and name -> id."""
    by_name: dict[str, str] = {}
    places = load_places()
    # Specific places win over the provinces and facilities that share their name.
    order = sorted(
        places.values(),
        key=lambda p: (p.kind.startswith("province"), "detention" in p.kind or "customs" in p.kind),
    )
    for place in order:
        if place.kind in _SKIP_KINDS:
            continue
        for name in place.names:
            clean = name.strip()
            if len(clean) < 2 or "(" in clean or clean in by_name:
                continue
            by_name[clean] = place.id
    latin: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    for name in sorted(by_name, key=len, reverse=True):
        if re.fullmatch(r"[A-Za-z' .-]+", name):
            if name[:1].isupper():
                latin.setdefault(name[:2], []).append(name)
        else:
            other.setdefault(name[:1], []).append(name)
    return latin, other, by_name


_KO_AFTER_RE = re.compile(_KO_AFTER)
_CAPITAL = re.compile(r"\b[A-Z][a-z]")
_WORD_START = re.compile(r"(?<![가-힣])[가-힣\u4e00-\u9fff]")


def _named_matches(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of gazetteer names in ``sentence``, leftmost-longest."""
    latin, other, _ = _name_index()
    found: list[tuple[int, int, str]] = []
    for match in _CAPITAL.finditer(sentence):
        start = match.start()
        for name in latin.get(sentence[start : start + 2], ()):
            end = start + len(name)
            if sentence.startswith(name, start) and not (
                end < len(sentence) and (sentence[end].isalnum() or sentence[end] == "_")
            ):
                found.append((start, end, name))
                break
    # Names in Hangul or Chinese characters start where a word starts.
    for match in _WORD_START.finditer(sentence):
        position = match.start()
        for name in other.get(sentence[position], ()):
            end = position + len(name)
            if sentence.startswith(name, position) and _KO_AFTER_RE.match(sentence, end):
                found.append((position, end, name))
                break
    return found


_COUNTRY_EN = re.compile(
    r"\b(?:in|inside|from|across|throughout|within)\s+(?:(?:various|several|many|all)\s+parts\s+of\s+)?"
    r"China\b(?!['’])|\b(?:various|several|many)\s+parts\s+of\s+China\b"
)
_COUNTRY_KO = re.compile(r"(?<![가-힣])중국\s?(?:에서|내(?![가-힣])|전역|각지|곳곳)")


_METONYMS = frozenset({"Pyongyang", "Beijing", "평양", "베이징", "북경", "北京", "平壤"})


def _display(place_id: str) -> str:
    place = load_places()[place_id]
    return place.name_en


def find_places(sentence: str, lang: str) -> list[PlaceMention]:
    """Places of ``sentence`` in text order (overlaps resolved to the longest mention).

    >>> [(p.name, p.place_ids) for p in find_places("held in Tumen and Dandong", "en")]
    [('Tumen', ('cn-jl-tumen',)), ('Dandong', ('cn-ln-dandong',))]
    """
    found: list[PlaceMention] = []
    lowered = sentence.lower()
    for term in _terms():
        if term.lang != lang or (term.screens and not any(s in lowered for s in term.screens)):
            continue
        for match in term.pattern.finditer(sentence):
            found.append(
                PlaceMention(match.start(), match.end(), match.group(0), term.name, (), term.scope)
            )
    by_name = _name_index()[2]
    for start, end, name in _named_matches(sentence):
        place_id = by_name.get(name)
        if place_id is None:
            continue
        place = load_places()[place_id]
        # Capitals stand for their governments ("Pyongyang began loosening ...").
        if (
            place.kind in ("city", "province")
            and name in _METONYMS
            and not re.search(
                r"\b(?:in|at|from|near|outside|around)\s+$|(?:에서|에)\s?$", sentence[:start]
            )
            and not re.match(r"^(?:에서|에|시)", sentence[end:])
        ):
            continue
        # Provinces and cities of the DPRK are places only when something happened there,
        # not when the country is the destination ("returned to North Korea").
        before = sentence[max(0, start - 12) : start]
        if place.country == "KP" and place.kind == "province" and re.search(r"\bto\s+$", before):
            continue
        found.append(PlaceMention(start, end, name, _display(place_id), (place_id,), "named"))
    country = _COUNTRY_KO if lang == "ko" else _COUNTRY_EN
    for match in country.finditer(sentence) if ("중국" in sentence or "China" in sentence) else ():
        found.append(
            PlaceMention(match.start(), match.end(), match.group(0), "China", ("cn",), "country")
        )
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[PlaceMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept
