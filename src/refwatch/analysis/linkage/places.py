"""Home towns and detention towns as lists write them -> ids of the shared gazetteer.

Lists name a North Korean home as a province, a county or both, in Hangul
under either orthography (량강도/양강도, 라선/나선), with South Korean
abbreviations (함북, 평남), under old names (신파 for 김정숙군, 성진 for 김책),
with or without 도/시/군/구역, or romanised (Hamgyeongbuk-do, North Hamgyŏng,
N. Hamgyong, Hamkyung-bukdo, Hoeryŏng, Hoeryeong).  Chinese towns of detention
appear in Chinese (图们), in Sino-Korean Hangul (도문), in Chinese-sound
Hangul (투먼) or in English (Tumen City).  :func:`resolve_place` reads all of
these into ids of :func:`refwatch.reference.places.load_places` (``kp-nh``,
``kp-nh-musan``, ``cn-jl-tumen``), and :func:`compare_places` grades two of them.

>>> resolve_place("함북 무산").ids
('kp-nh-musan', 'kp-nh')
>>> resolve_place("Musan, N. Hamgyong").ids
('kp-nh-musan', 'kp-nh')
>>> resolve_place("투먼").ids == resolve_place("도문 구류소").ids == resolve_place("图们市").ids
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from refwatch.analysis.linkage.names import sound_key
from refwatch.analysis.linkage.romanization import (
    is_hangul_syllable,
    romanize_word,
    south_word,
    to_north,
)
from refwatch.reference.places import Place, load_places

__all__ = ["PLACE_LEVELS", "PlaceMatch", "compare_places", "resolve_place"]

PLACE_LEVELS: tuple[str, ...] = ("same", "within", "same_province", "different", "missing")
"""Levels of :func:`compare_places`: the same place; one inside the other (a
county and its province); two places in the same province; different
places; either unknown."""

_HANGUL_SUFFIXES = (
    "특별시",
    "직할시",
    "노동자구",
    "구역",
    "시",
    "군",
    "도",
    "읍",
    "리",
    "동",
    "구",
)
_CHINESE_SUFFIXES = ("市", "县", "省", "镇", "区")
_LATIN_SUFFIXES = re.compile(
    r"[\s-]+(si|shi|gun|kun|guyeok|guyok|kuyok|do|to|city|county|province|district|xian|sheng|town)$"
)
# Words naming a facility rather than a place: the town they follow is the place.
_FACILITY = re.compile(
    r"(구류소|구류장|수용소|변방대|변방부대|공안국|공안|파출소|감옥|구치소|교도소|"
    r"拘留所|看守所|收容所|收容|边防|公安局|派出所|"
    r"\b(detention|centre|center|facility|prison|jail|police|station|border|bureau|psb|camp)\b)",
    re.IGNORECASE,
)
_DIRECTIONS = {"north": "n", "n": "n", "south": "s", "s": "s"}

# Forms lists use that the gazetteer does not carry, mapped to the smallest
# gazetteer unit that contains them (Yanbian, 요녕 and Rajin-Sonbong are in the
# gazetteer itself now).
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "kp-rs": ("Najin-Seonbong",),
}


@dataclass(frozen=True)
class PlaceMatch:
    """The gazetteer places a text names, most specific first.

    ``ids`` lists every place matched (a county before its province);
    ``province`` is the first-level unit of the most specific match (for a
    Chinese town, its province); ``unmatched`` keeps the parts that matched
    nothing, so that nothing is lost silently.
    """

    ids: tuple[str, ...]
    province: str | None
    country: str | None
    unmatched: tuple[str, ...]

    @property
    def best(self) -> str | None:
        """The most specific place id, or None."""
        return self.ids[0] if self.ids else None


_NOTHING = PlaceMatch((), None, None, ())


def _strip_hangul(word: str) -> str:
    for suffix in _HANGUL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def _strip_chinese(word: str) -> str:
    for suffix in _CHINESE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['\u2019\u2018`\u02bc.]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _latin_keys(text: str) -> tuple[str, ...]:
    """Keys of a Latin name, the most literal first: as written, without suffix, by sound."""
    folded = _fold(text)
    bare = _LATIN_SUFFIXES.sub("", folded).strip(" -")
    keys = [folded.replace(" ", "").replace("-", "")]
    if len(bare) >= 3:
        keys.append(bare.replace(" ", "").replace("-", ""))
        keys.append("~" + sound_key(bare))
    return tuple(dict.fromkeys(k for k in keys if k and k != "~"))


def _hangul_keys(word: str) -> set[str]:
    bare = _strip_hangul(word)
    keys = {word, bare, south_word(word), south_word(bare)}
    for north in to_north(bare[0]) if bare else ():
        keys.add(north + bare[1:])
    # Romanisations of the Hangul (RR, MR, DPRK) become Latin keys too.
    latin: set[str] = set()
    for system in ("rr", "mr_ascii", "dprk", "passport"):
        latin.add("".join(romanize_word(bare, system)))
    keys.update(k for spelled in latin for k in _latin_keys(spelled))
    return {k for k in keys if k}


def _is_hangul(text: str) -> bool:
    return any(is_hangul_syllable(c) for c in text)


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _name_keys(name: str) -> set[str]:
    name = unicodedata.normalize("NFKC", name).strip()
    if _is_hangul(name):
        return _hangul_keys(name.replace(" ", ""))
    if _is_chinese(name):
        return {name, _strip_chinese(name)}
    return set(_latin_keys(name))


def _province_of(place: Place) -> str | None:
    places = load_places()
    current: Place | None = place
    while current is not None:
        if current.kind == "province":
            return current.id
        current = places.get(current.parent_id) if current.parent_id else None
    return None


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Every key of every place name -> place ids (several when ambiguous)."""
    index: dict[str, list[str]] = {}

    def add(key: str, place_id: str) -> None:
        ids = index.setdefault(key, [])
        if place_id not in ids:
            ids.append(place_id)

    places = load_places()
    for place in places.values():
        if place.kind == "country":
            continue
        for name in place.names:
            for key in _name_keys(name):
                add(key, place.id)
        for name in _EXTRA_NAMES.get(place.id, ()):
            for key in _name_keys(name):
                add(key, place.id)
        if place.kind == "province" and place.name_en.startswith(("North ", "South ")):
            direction, base = place.name_en.split(" ", 1)
            d = _DIRECTIONS[direction.lower()]
            suffix = "bukdo" if d == "n" else "namdo"
            for form in (
                f"{d}{base}",
                f"{direction}{base}",
                f"{base}{suffix}",
                f"{base}{suffix[:-2]}",
            ):
                for key in _latin_keys(form):
                    add(key, place.id)
    # A name shared by a town and its province (Pyongyang, Nampho) or by a town
    # and a facility in it (丹东) resolves to the town first.
    rank = {p.id: _kind_rank(p.kind) for p in places.values()}
    return {key: tuple(sorted(ids, key=lambda i: (rank[i], i))) for key, ids in index.items()}


def _kind_rank(kind: str) -> int:
    if kind == "province":
        return 2
    if any(word in kind for word in ("city", "county", "district", "town")):
        return 0
    return 1


def _lookup(part: str) -> tuple[str, ...]:
    index = _index()
    part = unicodedata.normalize("NFKC", part).strip()
    if not part:
        return ()
    if _is_hangul(part):
        word = part.replace(" ", "")
        for key in (word, _strip_hangul(word), south_word(_strip_hangul(word))):
            if key in index:
                return index[key]
        return ()
    if _is_chinese(part):
        return index.get(part) or index.get(_strip_chinese(part), ())
    for key in _latin_keys(part):
        if key in index:
            return index[key]
    return ()


def _parts(text: str) -> list[str]:
    text = _FACILITY.sub(" ", unicodedata.normalize("NFKC", text))
    return [p.strip(" .") for p in re.split(r"[,;/()\[\]]+", text) if p.strip(" .")]


def _words_to_ids(part: str) -> tuple[list[str], list[str]]:
    """Match a part whole, else its longest runs of words (Hangul: each word)."""
    whole = _lookup(part)
    if whole:
        return [_pick(whole)], []
    words = part.split()
    found: list[str] = []
    missed: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            ids = _lookup(" ".join(words[i:j]))
            if ids:
                found.append(_pick(ids))
                i = j
                break
        else:
            missed.append(words[i])
            i += 1
    return found, missed


def _pick(ids: tuple[str, ...]) -> str:
    return ids[0]


@lru_cache(maxsize=65536)
def resolve_place(text: str | None) -> PlaceMatch:
    """Read a place text into gazetteer ids, most specific first.

    Parts split at commas, slashes and brackets, then at spaces; facility
    words (구류소, 공안국, detention centre) are dropped so that the town they
    name remains.  When a part is ambiguous, the reading inside a province
    that another part names wins.
    """
    if not text or not text.strip():
        return _NOTHING
    places = load_places()
    found: list[str] = []
    missed: list[str] = []
    for part in _parts(text):
        ids, unmatched = _words_to_ids(part)
        found.extend(i for i in ids if i not in found)
        missed.extend(unmatched)
    if not found:
        return PlaceMatch((), None, None, tuple(missed))
    found = _prefer_consistent(found)
    ordered = sorted(found, key=lambda i: -_depth(i))
    best = places[ordered[0]]
    return PlaceMatch(tuple(ordered), _province_of(best), best.country or None, tuple(missed))


def _depth(place_id: str) -> int:
    places = load_places()
    depth = 0
    current = places.get(place_id)
    while current is not None and current.parent_id:
        depth += 1
        current = places.get(current.parent_id)
    return depth


def _prefer_consistent(found: list[str]) -> list[str]:
    """Swap an ambiguous county for its namesake inside a province also named."""
    places = load_places()
    provinces = {i for i in found if places[i].kind == "province"}
    if not provinces:
        return found
    out: list[str] = []
    for place_id in found:
        province = _province_of(places[place_id])
        if province in provinces or places[place_id].kind == "province":
            out.append(place_id)
            continue
        namesakes = [
            other
            for key in _name_keys(places[place_id].name_en)
            for other in _index().get(key, ())
            if _province_of(places[other]) in provinces
        ]
        out.append(namesakes[0] if namesakes else place_id)
    return out


def _ancestors(place_id: str) -> set[str]:
    places = load_places()
    out: set[str] = set()
    current = places.get(place_id)
    while current is not None and current.parent_id:
        out.add(current.parent_id)
        current = places.get(current.parent_id)
    return out


def compare_places(a: PlaceMatch, b: PlaceMatch) -> str:
    """The strongest level of :data:`PLACE_LEVELS` at which two places agree.

    >>> compare_places(resolve_place("함북 무산군"), resolve_place("Musan-gun"))
    'same'
    >>> compare_places(resolve_place("함북"), resolve_place("Musan"))
    'within'
    """
    if a.best is None or b.best is None:
        return "missing"
    if a.best == b.best:
        return "same"
    if a.best in _ancestors(b.best) or b.best in _ancestors(a.best):
        return "within"
    if a.province is not None and a.province == b.province:
        return "same_province"
    return "different"
