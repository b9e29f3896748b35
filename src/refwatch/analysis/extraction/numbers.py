"""Counts of people in English and Korean: digits, number words, Korean units, qualifiers.

A count is a number (or a vague quantity) that measures a group of people: "about 600
North Korean defectors", "more than 2,000", "hundreds", "500여 명", "2천~3천여 명",
"수십 명". Qualifiers follow the annotation guidelines:

- ``exact``: a bare number, or a sum ("three women, three men and a girl" = 7);
- ``about``: about, around, some, approximately, roughly, nearly, 약, 가량, 정도;
- ``more_than``: more than, over, N+, N여 명, N명 이상 (low = N, high = None);
- ``at_least``: at least, 최소 (low = N, high = None);
- ``up_to``: as many as, up to, 최대 (low = None, high = N);
- ``range``: 500 to 600, 50-60명, 2천~3천여 명;
- ``vague``: hundreds (200-999), dozens/수십 (20-99), thousands, many/다수/대거/일부 (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = ["Count", "find_counts", "parse_number"]


@dataclass(frozen=True)
class Count:
    """A count of people found in a sentence (offsets relative to that sentence).

    ``superset`` marks a count that contains the group an event is about ("2,600여 명
    중 500명", "most of the 2,000"): it belongs to the larger group's event, not to
    the part.
    """

    start: int
    end: int
    text: str
    low: int | None
    high: int | None
    qualifier: str
    superset: bool = False
    subset: bool = False  # "including 10 children", "어린이 10명을 포함한": part of a group counted


_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a dozen": 12,
    "dozen": 12,
    "a hundred": 100,
    "one hundred": 100,
    "a thousand": 1000,
}
_KO_NATIVE = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "스무": 20,
}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_KO_SCALE = {"백": 100, "천": 1000, "만": 10_000}

_WORD = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_EN_NUM = (
    rf"(?:(?:{_DIGITS})(?:\s+(?:hundred|thousand|million))?"
    rf"|(?:{_WORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"(?:\s+(?:hundred|thousand))?)"
)

# Words that may stand between a number and the person noun it counts.
_PERSON_NOUNS = (
    r"people|persons|individuals|(?:North\s+)?Koreans|defectors|refugees|escapees|women|men|"
    r"children|girls|boys|minors|families|detainees|prisoners|nationals|citizens|residents|"
    r"laborers|labourers|workers|migrants|returnees|deportees|asylum[- ]seekers|others|"
    r"victims|members|Christians|missionaries|students|soldiers|crossers|of\s+them|of\s+whom|"
    r"more|who|girl|boy|woman|man|child|person"
)
_EN_PERSON_AFTER = re.compile(
    rf"^(?:\s*(?!(?:percent|per|years?|days?|months?|weeks?|hours?|provinces?|cities|times|"
    rf"pages?|kilometers?|km|miles?)\b)[A-Za-z’'-]+){{0,4}}?\s+(?:{_PERSON_NOUNS})\b",
    re.IGNORECASE,
)
_EN_SUBJECT_AFTER = re.compile(
    r"^\s+(?:were|have\s+been|had\s+been|are|remain|remained|was)\b", re.IGNORECASE
)
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_EN_DATE_AFTER = re.compile(
    rf"^\s+(?:on|in)\s+(?:\d{{1,2}}\s+)?(?:{_MONTHS}|\d{{4}})", re.IGNORECASE
)

_EN_PREFIX = [
    (
        re.compile(
            r"(?:about|around|approximately|roughly|some|nearly|almost|close\s+to|"
            r"an\s+estimated|approx\.)\s+$",
            re.IGNORECASE,
        ),
        "about",
    ),
    (
        re.compile(r"(?:more\s+than|over|upwards\s+of|in\s+excess\s+of|above)\s+$", re.IGNORECASE),
        "more_than",
    ),
    (
        re.compile(
            r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of)\s+$", re.IGNORECASE
        ),
        "at_least",
    ),
    (
        re.compile(
            r"(?:as\s+many\s+as|up\s+to|no\s+more\s+than|at\s+most|a\s+maximum\s+of|"
            r"fewer\s+than|less\s+than)\s+$",
            re.IGNORECASE,
        ),
        "up_to",
    ),
]
_EN_RANGE = re.compile(
    rf"(?:between\s+(?P<a2>{_EN_NUM})\s*(?:and|to|-|–)\s*(?P<b2>{_EN_NUM})"
    rf"|(?P<a>{_EN_NUM})\s*(?:to|-|–|~|or)\s*(?P<b>{_EN_NUM}))\b",
    re.IGNORECASE,
)
_EN_SINGLE = re.compile(rf"(?<![\w.,-])(?P<a>{_EN_NUM})(?P<plus>\+)?(?![\w%])", re.IGNORECASE)
_EN_VAGUE = [
    (re.compile(r"\btens\s+of\s+thousands\b(?:\s+more)?", re.IGNORECASE), 20_000, 99_999),
    (re.compile(r"\bhundreds\s+of\s+thousands\b", re.IGNORECASE), 200_000, 999_999),
    (re.compile(r"\bhundreds\b(?:\s+more)?", re.IGNORECASE), 200, 999),
    (re.compile(r"\bthousands\b(?:\s+more)?", re.IGNORECASE), 2000, 9999),
    (re.compile(r"\bdozens\b(?:\s+more)?", re.IGNORECASE), 20, 99),
    (re.compile(r"\bscores\s+of\b", re.IGNORECASE), 40, 99),
]
_EN_VAGUE_NULL = re.compile(
    r"\b(?:an?\s+)?[\"“]?(?:large|significant|considerable|substantial|small|great|growing|"
    r"unknown|undisclosed)\s+numbers?[\"”]?(?=\s+of\b|\s*$|[\s,.])"
    r"|\b(?:many|numerous|several|a\s+few|a\s+handful|most|all)\s+(?:of\s+(?:them|those|the\b)|"
    r"(?:North\s+)?Koreans|defectors|refugees|escapees|detainees|people)"
    r"|\bmost\s+of\s+them\b|\bsmall-scale\b|\bthe\s+remaining\s+(?:defectors|detainees|"
    r"North\s+Koreans|refugees|people)\b|\bsome\s+(?:North\s+)?(?:Koreans|defectors|refugees|people)",
    re.IGNORECASE,
)
_EN_SUPERSET_BEFORE = re.compile(
    r"\b(?:most|some|many|all|half|part)\s+of\s+(?:the|these|those)?\s*$", re.IGNORECASE
)
_EN_SUM = re.compile(
    rf"(?:the\s+)?(?P<first>{_EN_NUM})\s+(?:women|men|children|girls|boys)"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{_EN_NUM}|an?)\s+(?:[\w-]+\s+)?(?:women|men|children|girls|boys|"
    rf"girl|boy|woman|man|child))+",
    re.IGNORECASE,
)

_EN_BRACKETED = re.compile(r"(?<=[A-Za-z])\s\((?P<a>\d{1,3}(?:,\d{3})*)\)")
_EN_SUM_ITEM = re.compile(
    rf"(?:^(?:the\s+)?|,\s*(?:and\s+)?|\s+and\s+)({_EN_NUM}|an?)\s+(?:[\w-]+\s+)?"
    r"(?:women|men|children|girls|boys|girl|boy|woman|man|child)\b",
    re.IGNORECASE,
)
_KO_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\s?[백천만])?(?:\s?\d+(?:\s?[백천만])?)*"
_KO_RANGE = re.compile(
    rf"(?P<a>{_KO_NUM})\s*(?:~|-|–|에서)\s*(?P<b>{_KO_NUM})\s*(?P<yeo>여)?\s*(?:명|인)"
)
_KO_SINGLE = re.compile(
    rf"(?<![\d,~\-])(?P<a>{_KO_NUM})\s*(?P<yeo>여)?\s*(?:명|인)(?![가-힣]{{0,0}}[가-힣]*권)"
    r"(?P<suffix>\s?(?:이상|가량|정도|쯤|안팎|내외|이하|미만))?"
)
_KO_NATIVE_COUNT = re.compile(
    r"(?<![가-힣])(?P<a>" + "|".join(sorted(_KO_NATIVE, key=len, reverse=True)) + r")\s?명"
)
_KO_VAGUE = [
    (re.compile(r"수만\s?(?:여\s?)?명"), 20_000, 99_999),
    (re.compile(r"수천\s?(?:여\s?)?명"), 2000, 9999),
    (re.compile(r"수백\s?(?:여\s?)?명"), 200, 999),
    (re.compile(r"수십\s?(?:여\s?)?명"), 20, 99),
]
_KO_VAGUE_NULL = re.compile(
    r"(?<![가-힣])(?:대거|일부|대부분|다수|상당수|모두|소수의?\s?인원|소수|수많은|많은\s?(?:탈북민|사람|인원)|"
    r"수\s?명|몇\s?명|몇몇)"
)
_KO_PREFIX = [
    (re.compile(r"(?:약|대략|무려\s?약?)\s?$"), "about"),
    (re.compile(r"(?:최소|적어도|최소한)\s?$"), "at_least"),
    (re.compile(r"(?:최대)\s?$"), "up_to"),
]
_KO_SUFFIX = {
    "이상": "more_than",
    "가량": "about",
    "정도": "about",
    "쯤": "about",
    "안팎": "about",
    "내외": "about",
    "이하": "up_to",
    "미만": "up_to",
}


def parse_number(text: str) -> int | None:
    """Value of an English or Korean numeral: "2,000", "seven", "twenty-one", "2천", "1만 2천".

    Returns None when ``text`` is not a numeral.

    >>> parse_number("2천"), parse_number("twenty-one"), parse_number("1,076")
    (2000, 21, 1076)
    """
    raw = text.strip().lower()
    if not raw:
        return None
    if raw in _UNITS:
        return _UNITS[raw]
    if raw in _KO_NATIVE:
        return _KO_NATIVE[raw]
    words = re.split(r"[\s-]+", raw)
    if all(w in _UNITS or w in _SCALE or re.fullmatch(r"[\d,.]+", w) or w == "a" for w in words):
        total = 0
        current = 0.0
        for w in words:
            if w == "a":
                current = current or 1
            elif w in _SCALE:
                current = (current or 1) * _SCALE[w]
                if _SCALE[w] >= 1000:
                    total += int(current)
                    current = 0
            elif w in _UNITS:
                current += _UNITS[w]
            else:
                try:
                    current += float(w.replace(",", ""))
                except ValueError:
                    return None
        return int(total + current)
    # Korean units: 2천, 3천5백, 1만 2천, 2,600
    compact = raw.replace(" ", "").replace(",", "")
    if not re.fullmatch(r"(?:\d+[백천만]?)+", compact):
        return None
    total = 0
    section = 0
    for number, unit in re.findall(r"(\d+)([백천만]?)", compact):
        value = int(number)
        if unit == "만":
            total += (section + value) * 10_000
            section = 0
        elif unit:
            section += value * _KO_SCALE[unit]
        else:
            section += value
    return total + section


def _bounds(value: int, qualifier: str) -> tuple[int | None, int | None]:
    """(low, high) of a single number under its qualifier."""
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier == "up_to":
        return None, value
    return value, value


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def _is_year(value: int, text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text.strip())) and 1900 <= value <= 2100


_NUMBER_WORDS = frozenset(w for key in _UNITS for w in key.split()) | {
    "hundred",
    "thousand",
    "million",
}
_SUM_WORDS = frozenset({"women", "men", "children", "girls", "boys"})
_VAGUE_WORDS = frozenset({"hundreds", "thousands", "dozens", "scores"})
_VAGUE_NULL_WORDS = frozenset(
    {
        "number",
        "numbers",
        "many",
        "numerous",
        "several",
        "few",
        "handful",
        "most",
        "all",
        "small",
        "remaining",
        "some",
    }
)


_DIGIT_START = re.compile(r"(?<![\d,.])\d")


def _number_starts(sentence: str, words: set[str]) -> list[int]:
    """Offsets where an English numeral (or "between" before one) may begin."""
    starts = [m.start() for m in _DIGIT_START.finditer(sentence)]
    wanted = words & (_NUMBER_WORDS | {"between"})
    if wanted:
        pattern = r"\b(?:" + "|".join(sorted(wanted)) + r")\b"
        starts.extend(m.start() for m in re.finditer(pattern, sentence, re.IGNORECASE))
    return sorted(starts)


def _english_counts(sentence: str) -> list[Count]:
    found: list[Count] = []
    taken: list[tuple[int, int]] = []
    words = set(re.findall(r"[a-z]+", sentence.lower()))
    numeric = bool(re.search(r"\d", sentence)) or bool(words & _NUMBER_WORDS)

    def add(count: Count) -> None:
        found.append(count)
        taken.append((count.start, count.end))

    starts = _number_starts(sentence, words) if numeric else []
    for match in (_EN_SUM.match(sentence, p) for p in starts) if words & _SUM_WORDS else ():
        if match is None or _overlaps(taken, match.start(), match.end()):
            continue
        parts = _EN_SUM_ITEM.findall(match.group(0))
        values = [1 if p.lower() in ("a", "an") else parse_number(p) for p in parts]
        if len(values) >= 2 and all(v is not None for v in values):
            total = sum(v for v in values if v is not None)
            add(Count(match.start(), match.end(), match.group(0), total, total, "exact"))
    for match in (_EN_RANGE.match(sentence, p) for p in starts):
        if match is None or _overlaps(taken, match.start(), match.end()):
            continue
        first = match.group("a") or match.group("a2")
        second = match.group("b") or match.group("b2")
        low, high = parse_number(first), parse_number(second)
        if low is None or high is None or not low < high:
            continue
        if _is_year(low, first) or _is_year(high, second):
            continue
        after = sentence[match.end() :]
        if not (_EN_PERSON_AFTER.match(after) or _EN_SUBJECT_AFTER.match(after)):
            continue
        start = match.start()
        prefix = re.search(
            r"(?:about|around|approximately|roughly|some)\s+$", sentence[:start], re.IGNORECASE
        )
        if prefix:
            start = prefix.start()
        add(Count(start, match.end(), sentence[start : match.end()], low, high, "range"))
    for match in (_EN_SINGLE.match(sentence, p) for p in starts):
        if match is None or _overlaps(taken, match.start(), match.end()):
            continue
        value = parse_number(match.group("a"))
        if value is None or value == 0:
            continue
        after = sentence[match.end() :]
        if re.match(
            r"^\s*(?:-|–)?\s*(?:year|month|week|day|page|percent|per|%|times|km)",
            after,
            re.IGNORECASE,
        ):
            continue
        person = _EN_PERSON_AFTER.match(after) or _EN_SUBJECT_AFTER.match(after)
        head = sentence[: match.start()]
        for pattern, _ in _EN_PREFIX:
            found_prefix = pattern.search(head, max(0, len(head) - 30))
            if found_prefix:
                head = head[: found_prefix.start()]
                break
        enumerated = _EN_DATE_AFTER.match(after) and re.search(r"[,;]\s*(?:and\s+)?$", head)
        if not (person or enumerated):
            continue
        # "these seven people" points back to a group counted earlier.
        if re.search(r"\b(?:these|those)\s+$", head, re.IGNORECASE):
            continue
        if _is_year(value, match.group("a")) and not person:
            continue
        before = sentence[: match.start()]
        if re.search(r"(?:No\.|number|Article|art\.|aged?|page)\s*$", before, re.IGNORECASE):
            continue
        # Day numbers of dates ("on October 9, 2023") are not counts.
        if re.search(rf"(?:{_MONTHS})\s*$", before, re.IGNORECASE):
            continue
        # "2,000-odd" is "N-odd" (more than N), like Korean "N여 명".
        odd = re.match(r"(?:-|\s)odd\b", sentence[match.end():match.end() + 5])
        qualifier = "more_than" if match.group("plus") or odd else "exact"
        start = match.start()
        for pattern, name in _EN_PREFIX:
            prefix = pattern.search(before, max(0, len(before) - 30))
            if prefix:
                qualifier, start = name, prefix.start()
                break
        low, high = _bounds(value, qualifier)
        superset = bool(_EN_SUPERSET_BEFORE.search(sentence, max(0, start - 30), start))
        add(
            Count(start, match.end(), sentence[start : match.end()], low, high, qualifier, superset)
        )
    # A figure in brackets after a name: "North Hamgyong (240), Ryanggang (210)".
    for match in _EN_BRACKETED.finditer(sentence) if numeric else ():
        value = parse_number(match.group("a"))
        if value and not _is_year(value, match.group("a")) and not _overlaps(taken, match.start("a"), match.end("a")):
            add(Count(match.start("a"), match.end("a"), match.group("a"), value, value, "exact"))
    for pattern, low_v, high_v in _EN_VAGUE if words & _VAGUE_WORDS else ():
        for match in pattern.finditer(sentence):
            if not _overlaps(taken, match.start(), match.end()):
                add(Count(match.start(), match.end(), match.group(0), low_v, high_v, "vague"))
    for match in _EN_VAGUE_NULL.finditer(sentence) if words & _VAGUE_NULL_WORDS else ():
        if not _overlaps(taken, match.start(), match.end()):
            text = match.group(0)
            text = re.sub(
                r"\s+(?:of\s+the|(?:North\s+)?Koreans|defectors|refugees|escapees|"
                r"detainees|people)$",
                "",
                text,
                flags=re.IGNORECASE,
            )
            add(Count(match.start(), match.start() + len(text), text, None, None, "vague"))
    return found


def _korean_counts(sentence: str) -> list[Count]:
    found: list[Count] = []
    taken: list[tuple[int, int]] = []

    def add(count: Count) -> None:
        found.append(count)
        taken.append((count.start, count.end))

    def superset_after(end: int) -> bool:
        tail = sentence[end : end + 25]
        return bool(
            re.match(r"^\s*(?:중|가운데)\s", tail)
            or re.match(
                r"^(?:의|이나\s?되는)?\s?[가-힣]{0,6}들?\s(?:중\s)?(?:대부분|일부|상당수|절반)",
                tail,
            )
        )

    for match in _KO_RANGE.finditer(sentence):
        a, b = match.group("a"), match.group("b")
        high = parse_number(b)
        low = parse_number(a)
        if low is None or high is None:
            continue
        # "2-3천여 명": the first number takes the unit of the second.
        unit = re.search(r"[백천만]\s*$", b)
        if unit and not re.search(r"[백천만]", a):
            low = parse_number(a + unit.group(0).strip())
        if low is None or not low < high:
            continue
        add(
            Count(
                match.start(),
                match.end(),
                match.group(0),
                low,
                high,
                "range",
                superset_after(match.end()),
            )
        )
    for match in _KO_SINGLE.finditer(sentence):
        if _overlaps(taken, match.start(), match.end()):
            continue
        value = parse_number(match.group("a"))
        if value is None or value == 0:
            continue
        qualifier = "more_than" if match.group("yeo") else "exact"
        start, end = match.start(), match.end()
        suffix = (match.group("suffix") or "").strip()
        if suffix:
            qualifier = _KO_SUFFIX[suffix]
        else:
            end = match.end("suffix") if match.group("suffix") is not None else end
        for pattern, name in _KO_PREFIX:
            prefix = pattern.search(sentence, max(0, start - 20), start)
            if prefix:
                qualifier, start = name, prefix.start()
                break
        low, high = _bounds(value, qualifier)
        text = sentence[start:end].rstrip()
        add(Count(start, start + len(text), text, low, high, qualifier, superset_after(end)))
    for match in _KO_NATIVE_COUNT.finditer(sentence):
        if not _overlaps(taken, match.start(), match.end()):
            value = _KO_NATIVE[match.group("a")]
            add(Count(match.start(), match.end(), match.group(0), value, value, "exact"))
    for pattern, low_v, high_v in _KO_VAGUE:
        for match in pattern.finditer(sentence):
            if not _overlaps(taken, match.start(), match.end()):
                add(
                    Count(
                        match.start(),
                        match.end(),
                        match.group(0),
                        low_v,
                        high_v,
                        "vague",
                        superset_after(match.end()),
                    )
                )
    for match in _KO_VAGUE_NULL.finditer(sentence):
        if not _overlaps(taken, match.start(), match.end()):
            add(Count(match.start(), match.end(), match.group(0), None, None, "vague"))
    return found


def find_counts(sentence: str, lang: str) -> list[Count]:
    """All counts of people in ``sentence``, in text order, without overlaps.

    ``lang`` is "ko" or "en"; a Korean sentence is also searched with the English
    grammar for digits followed by English nouns, and vice versa nothing is lost
    because each grammar only matches its own forms.

    >>> [(c.low, c.high, c.qualifier) for c in find_counts("about 600 defectors", "en")]
    [(600, 600, 'about')]
    """
    counts = _korean_counts(sentence) if lang == "ko" else _english_counts(sentence)
    return sorted((_mark_subset(sentence, c, lang) for c in counts), key=lambda c: c.start)


_EN_SUBSET_BEFORE = re.compile(r"\b(?:including|among\s+(?:them|whom)|of\s+(?:them|whom))\s+$",
                               re.IGNORECASE)
_KO_SUBSET_AFTER = re.compile(r"^\s?(?:을|를|이|가)?\s?포함(?:한|해|하여|된|돼)|^\s?(?:도\s)?포함")


def _mark_subset(sentence: str, count: Count, lang: str) -> Count:
    if lang == "ko":
        tail = sentence[count.end : count.end + 12]
        subset = bool(_KO_SUBSET_AFTER.search(tail))
    else:
        subset = bool(_EN_SUBSET_BEFORE.search(sentence, max(0, count.start - 20), count.start))
    return replace(count, subset=True) if subset else count
