"""Dates of events in English and Korean, resolved against the publication date.

Output follows the annotation guidelines: ISO 8601 of reduced precision (YYYY,
YYYY-MM, YYYY-MM-DD) for ``date_start`` and ``date_end``. Conventions: "Monday night"
is that Monday; "earlier this week" is Monday..publication; "last month" is the month;
"early/mid/late X" are days 1-10/11-20/21-end of a month (January-April, May-August,
September-December of a year); "since X" is X..publication; "shortly/right/immediately
after E" is E..E+7 days capped at publication; "the next day after E" is E+1; events
come from the anchor calendar shipped in ``data/anchor_events.csv``.

Dates that say when something was *said* (a bare weekday, a dateline, Korean "2일"
without 지난 or a month, a date introducing a past-tense reporting verb) get
``role="speech"`` and are not event dates.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from itertools import pairwise

__all__ = [
    "AnchorEvent",
    "DateMention",
    "PubDate",
    "anchor_events",
    "find_dates",
    "parse_published",
]

_MONTH_NAMES = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


@dataclass(frozen=True)
class PubDate:
    """A publication date of reduced precision; ``day`` is the last day it can be."""

    text: str
    day: date
    precision: str  # "Y", "M" or "D"


@dataclass(frozen=True)
class DateMention:
    """A date expression of a sentence (offsets relative to the sentence).

    ``start_value``/``end_value`` are ISO strings of reduced precision or None when
    the expression cannot be resolved ("recently", "soon"). ``role`` is "event" or
    "speech"; ``rank`` orders competing expressions (explicit day beats anchor range).
    """

    start: int
    end: int
    text: str
    start_value: str | None
    end_value: str | None
    role: str = "event"
    rank: int = 0


@dataclass(frozen=True)
class AnchorEvent:
    """A dated event that news uses as a time reference (from ``data/anchor_events.csv``)."""

    id: str
    family: str
    start: str
    end: str
    pattern_en: re.Pattern[str]
    pattern_ko: re.Pattern[str]


@cache
def anchor_events() -> tuple[AnchorEvent, ...]:
    """The shipped calendar of anchor events, in file order."""
    text = resources.files(__package__).joinpath("data/anchor_events.csv").read_text("utf-8")
    return tuple(
        AnchorEvent(
            row["id"],
            row["family"],
            row["start"],
            row["end"],
            re.compile(row["pattern_en"], re.IGNORECASE),
            re.compile(row["pattern_ko"]),
        )
        for row in csv.DictReader(text.splitlines())
    )


def parse_published(value: PubDate | str | date | None) -> PubDate | None:
    """Parse a publication date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (extra text ignored)."""
    if value is None or isinstance(value, PubDate):
        return value
    if isinstance(value, date):
        return PubDate(value.isoformat(), value, "D")
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not match:
        return None
    year = int(match.group(1))
    try:
        if match.group(3):
            day = date(year, int(match.group(2)), int(match.group(3)))
            return PubDate(day.isoformat(), day, "D")
        if match.group(2):
            month = int(match.group(2))
            day = date(year, month, calendar.monthrange(year, month)[1])
            return PubDate(f"{year:04d}-{month:02d}", day, "M")
    except ValueError:
        return None
    return PubDate(f"{year:04d}", date(year, 12, 31), "Y")


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_before(year: int, month: int, months: int = 1) -> tuple[int, int]:
    index = year * 12 + (month - 1) - months
    return index // 12, index % 12 + 1


def _part(year: int, month: int | None, part: str) -> tuple[str, str]:
    """Early/mid/late (and Korean 초/중순/말) of a month or a year."""
    if month is None:
        spans = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (11, 12)}
        a, b = spans[part]
        return _ym(year, a), _ym(year, b)
    spans_d = {
        "early": (1, 10),
        "mid": (11, 20),
        "late": (21, _last_day(year, month)),
        "end": (21, _last_day(year, month)),
    }
    a, b = spans_d[part]
    return f"{_ym(year, month)}-{a:02d}", f"{_ym(year, month)}-{b:02d}"


_PART_EN = {
    "early": "early",
    "beginning": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "end",
}

_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_EN_DMY = re.compile(
    rf"\b(?:(?P<day0>\d{{1,2}})\s*(?:-|–|and|to)\s*)?(?P<day>\d{{1,2}})\s+{_MON}"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_EN_MDY = re.compile(
    rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
    rf"(?:\s*(?:-|–|and|to)\s*(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:]))?"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_EN_MY = re.compile(
    rf"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
    rf"(?P<last>last\s+|this\s+)?{_MON}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_EN_YEAR = re.compile(
    r"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
    r"(?P<year>(?:19|20)\d\d)\b(?![-–]\d|\s*(?:bilateral|protocol|convention|refugee|report))"
)
_EN_RELATIVE = re.compile(
    r"\b(?P<rel>earlier\s+this\s+(?:week|month|year)|later\s+that\s+(?:year|month)|"
    r"(?:this|last|past|previous)\s+(?:week|month|year|weekend)|over\s+the\s+weekend|"
    r"the\s+(?:previous|past)\s+(?:week|month|year)|yesterday|today|tonight|currently|"
    r"at\s+(?:present|this\s+moment)|as\s+of\s+now|recently|soon|previously|now)\b",
    re.IGNORECASE,
)
_EN_WEEKDAY = re.compile(
    r"\b(?:(?:on|last|this)\s+)?(?:the\s+(?:night|evening|morning)\s+of\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:['’]s)?(?P<tod>\s+(?:night|evening|morning|afternoon|dawn))?\b",
    re.IGNORECASE,
)
_EN_SINCE = re.compile(
    r"\b(?:since|from|starting(?:\s+in)?|beginning(?:\s+in)?)\s+$"
    r"|\b(?:since|following)\s+(?:[^\s,.;:]+\s+){1,7}(?:in\s+)?$",
    re.IGNORECASE,
)
_EN_THROUGHOUT = re.compile(r"\b(?:throughout|during|over|all\s+of)\s+$", re.IGNORECASE)
_EN_ANCHOR_RELATION = re.compile(
    r"(?P<rel>the\s+(?:next\s+)?day\s+after|a\s+day\s+after|the\s+night\s+after|"
    r"(?:shortly|right|immediately|just|soon)\s+after|in\s+the\s+(?:immediate\s+)?aftermath\s+of|"
    r"(?:shortly|right|immediately|just)\s+before|on\s+the\s+eve\s+of|ahead\s+of|"
    r"after|following|since|before|during|amid|throughout|until|the\s+(?:end|close)\s+of)"
    r"(?:\s+(?:the|its|their))?\s+$",
    re.IGNORECASE,
)
_END_WORDS = re.compile(
    r"^\s*(?:came\s+to\s+a\s+close|closed|ended|wrapped\s+up|concluded|closing(?:\s+ceremony)?|"
    r"ending)|(?:close|closing|end|conclusion)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_START_WORDS = re.compile(
    r"^\s*(?:opened|began|started|opening)|(?:opening|start)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_SPEECH_VERB = re.compile(
    r"^[^.;:]{0,80}?\b(?:said|told|claimed|reported|announced|stated|asserted|noted|warned|"
    r"added|confirmed|revealed|disclosed)\b",
    re.IGNORECASE,
)

_KO_ANCHOR_RELATION = re.compile(
    r"^\s?(?P<kind>폐막|종료|개막|개최|폐회|개회)?\s?(?P<rel>직후|직전|다음\s?날|이튿날|전날|이후|후|전|"
    r"기간|때|당시|중|앞두고|이전)?"
)


def _ymd(d: date) -> str:
    return d.isoformat()


def _cap(value: date, pub: PubDate | None) -> date:
    return min(value, pub.day) if pub is not None else value


def _infer_year(month: int, day: int | None, pub: PubDate | None, hint: int | None) -> int | None:
    if hint is not None:
        return hint
    if pub is None:
        return None
    year = pub.day.year
    candidate = _safe_date(year, month, day or 1)
    if candidate is not None and candidate > pub.day:
        year -= 1
    return year


def _anchor(
    event_text: str, sentence_year: int | None, pub: PubDate | None, lang: str
) -> AnchorEvent | None:
    """The most recent edition of an anchor event matching ``event_text``."""
    best: AnchorEvent | None = None
    for event in anchor_events():
        pattern = event.pattern_ko if lang == "ko" else event.pattern_en
        if not pattern.search(event_text):
            continue
        start_year = int(event.start[:4])
        if sentence_year is not None and sentence_year not in (start_year, int(event.end[:4])):
            continue
        if pub is not None and event.start > pub.day.isoformat():
            continue
        if best is None or event.start > best.start:
            best = event
    return best


def _point(event: AnchorEvent, which: str) -> date | None:
    value = event.end if which == "end" else event.start
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    return None


def _relation_span(
    relation: str, event: AnchorEvent, which: str, pub: PubDate | None
) -> tuple[str | None, str | None]:
    rel = re.sub(r"\s+", " ", relation.lower()).strip()
    point = _point(event, which)
    if event.family == "covid":
        if rel in ("during", "amid", "throughout", "기간", "때", "당시", "중", ""):
            return event.start, event.end
        if rel not in ("after", "following", "since", "이후", "후"):
            return None, None
    if point is None:
        if rel in ("after", "following", "since", "이후", "후"):
            return event.end, pub.text if pub else None
        return event.start, event.end
    if rel in (
        "the next day after",
        "a day after",
        "the day after",
        "the night after",
        "다음 날",
        "다음날",
        "이튿날",
    ):
        day = point + timedelta(days=1)
        return _ymd(day), _ymd(day)
    if rel in (
        "shortly after",
        "right after",
        "immediately after",
        "just after",
        "soon after",
        "in the aftermath of",
        "in the immediate aftermath of",
        "직후",
    ):
        return _ymd(point), _ymd(_cap(point + timedelta(days=7), pub))
    if rel in ("after", "following", "since", "이후", "후"):
        return _ymd(point), pub.text if pub else None
    if rel in (
        "shortly before",
        "right before",
        "immediately before",
        "just before",
        "직전",
        "on the eve of",
        "ahead of",
        "앞두고",
        "전날",
    ):
        return _ymd(point - timedelta(days=7 if rel not in ("on the eve of", "전날") else 1)), _ymd(
            point - timedelta(days=1)
        )
    if rel in ("during", "throughout", "amid", "기간", "중", "때", "당시"):
        return event.start, event.end
    return _ymd(point), _ymd(point)


_ANCHOR_SCREEN = re.compile(
    r"game|olymp|covid|corona|pandemic|zhao|kim\s+jong|visit|아시안|올림픽|코로나|"
    r"자오러지|방북|방중",
    re.IGNORECASE,
)


def _anchor_mentions(
    sentence: str, lang: str, pub: PubDate | None, year_hint: int | None
) -> list[DateMention]:
    found: list[DateMention] = []
    if not _ANCHOR_SCREEN.search(sentence):
        return found
    for event in anchor_events():
        pattern = event.pattern_ko if lang == "ko" else event.pattern_en
        for match in pattern.finditer(sentence):
            chosen = _anchor(match.group(0), year_hint, pub, lang)
            if chosen is None or chosen.id != event.id:
                continue
            start, end = match.start(), match.end()
            if lang == "ko":
                tail = _KO_ANCHOR_RELATION.match(sentence[end:])
                kind = tail.group("kind") if tail else None
                rel = (tail.group("rel") or "") if tail else ""
                which = "start" if kind in ("개막", "개최", "개회") else "end"
                if tail:
                    end += len(tail.group(0).rstrip())
                relation = rel.replace(" ", " ")
                if kind is None and not rel and event.family != "covid":
                    relation = "during"
            else:
                before = sentence[:start]
                after = sentence[end:]
                which = (
                    "start" if _START_WORDS.search(before[-40:]) or _START_WORDS.match(after) else "end"
                )
                end_words = _END_WORDS.match(after)
                if end_words:
                    end += len(end_words.group(0))
                lead = re.search(
                    r"(?:the\s+)?(?:close|closing|end|conclusion|opening|start)\s+of\s+"
                    r"(?:the\s+)?$",
                    before,
                    re.IGNORECASE,
                )
                if lead:
                    start = lead.start()
                    before = sentence[:start]
                window = max(0, len(before) - 60)
                rel_match = _EN_ANCHOR_RELATION.search(before, window)
                relation = ""
                if rel_match:
                    relation = rel_match.group("rel")
                    start = rel_match.start()
                    if relation.lower().startswith("the end of") or relation.lower().startswith(
                        "the close of"
                    ):
                        relation = ""
                elif not end_words and not lead and event.family != "covid":
                    relation = "during"
                # "in Hangzhou, China, in October" style trailing place/month stays with the event.
                trail = re.match(
                    r"(?:\s+in\s+[A-Z][a-z]+(?:,\s*[A-Z][a-z]+)?)?(?:,?\s+in\s+"
                    r"(?:January|February|March|April|May|June|July|August|September|"
                    r"October|November|December))?",
                    sentence[end:],
                )
                if trail:
                    end += len(trail.group(0))
            value = _relation_span(relation, chosen, which, pub)
            found.append(DateMention(start, end, sentence[start:end], value[0], value[1], rank=1))
    return found


_MONTH_TOKENS = frozenset(_MONTH_NAMES)
_RELATIVE_TOKENS = frozenset({"this", "last", "past", "previous", "earlier", "later", "yesterday", "today", "ago",
                              "weekend",
                              "tonight", "currently", "present", "moment", "now", "recently", "soon",
                              "previously", "being"})


def _english(sentence: str, pub: PubDate | None) -> list[DateMention]:
    found: list[DateMention] = []
    tokens = set(re.findall(r"[a-z]+", sentence.lower()))
    has_month = bool(tokens & _MONTH_TOKENS)
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", sentence)]
    year_hint = years[0] if len(set(years)) == 1 else None

    def since_prefix(start: int) -> re.Match[str] | None:
        return _EN_SINCE.search(sentence, max(0, start - 90), start)

    for pattern in (_EN_DMY, _EN_MDY) if has_month else ():
        for match in pattern.finditer(sentence):
            month = _MONTH_NAMES[match.group("mon").lower().rstrip(".")]
            day = int(match.group("day"))
            year = (
                int(match.group("year"))
                if match.group("year")
                else _infer_year(month, day, pub, year_hint)
            )
            if year is None or _safe_date(year, month, day) is None:
                continue
            value = f"{_ym(year, month)}-{day:02d}"
            start = match.start()
            end_value: str | None = value
            # "Oct. 9 and 10", "9-10 October": one range.
            groups = match.groupdict()
            other_day = groups.get("day2") or groups.get("day0")
            if other_day and _safe_date(year, month, int(other_day)):
                first, last = sorted((day, int(other_day)))
                value = f"{_ym(year, month)}-{first:02d}"
                end_value = f"{_ym(year, month)}-{last:02d}"
            prefix = since_prefix(start)
            if prefix:
                start, end_value = prefix.start(), pub.text if pub else None
            role = "event"
            # Datelines: "SEOUL, Oct. 19 —"
            if re.match(r"^\s*(?:\([^)]{1,30}\)\s*)?(?:[-–—]|--)", sentence[match.end() :]) and re.search(
                r"(?:^|\]\s*)[A-Z][A-Za-z .]+,\s*$", sentence[: match.start()]
            ):
                role = "speech"
            found.append(
                DateMention(
                    start,
                    match.end(),
                    sentence[start : match.end()],
                    value,
                    end_value,
                    role,
                    rank=3,
                )
            )
    taken = [(m.start, m.end) for m in found]
    for match in _EN_MY.finditer(sentence) if has_month else ():
        if any(s <= match.start() < e or s < match.end() <= e for s, e in taken):
            continue
        mon = match.group("mon")
        if mon.lower() == "may" and not (match.group("year") or match.group("last") or match.group("part")
                                         or re.search(r"\b(?:in|since|from|during|until|till|to|and|or|by|of|through|"
                                                      r"throughout|early|late|mid)[\s-]+$",
                                                      sentence[max(0, match.start() - 12):match.start()],
                                                      re.IGNORECASE)):
            continue  # the modal verb "may"
        if mon[0].islower():
            continue
        month = _MONTH_NAMES[mon.lower().rstrip(".")]
        if match.group("last") and match.group("last").strip().lower() == "last" and pub:
            year = (
                pub.day.year if month < pub.day.month and pub.precision != "Y" else pub.day.year - 1
            )
        elif match.group("year"):
            year = int(match.group("year"))
        else:
            inferred = _infer_year(month, None, pub, year_hint)
            if inferred is None:
                continue
            year = inferred
        part = match.group("part")
        if part:
            key = _PART_EN[re.sub(r"^the\s+|\s+of$", "", part.lower()).strip()]
            start_value, end_value_m = _part(year, month, key)
        else:
            start_value = end_value_m = _ym(year, month)
        start = match.start()
        month_end: str | None = end_value_m
        prefix = since_prefix(start)
        if prefix:
            start, month_end = prefix.start(), pub.text if pub else None
        found.append(
            DateMention(
                start, match.end(), sentence[start : match.end()], start_value, month_end, rank=2
            )
        )
    taken = [(m.start, m.end) for m in found]
    for match in _EN_YEAR.finditer(sentence) if years else ():
        if any(s <= match.start() < e for s, e in taken):
            continue
        year = int(match.group("year"))
        if pub is not None and year > pub.day.year:
            continue
        before = sentence[: match.start()]
        if not re.search(
            r"\b(?:in|since|from|throughout|during|of|early|mid|late|by|until)[\s-]+"
            r"(?:the\s+(?:end|beginning|middle)\s+of\s+)?$",
            before,
            re.IGNORECASE,
        ) and not match.group("part"):
            continue
        part = match.group("part")
        if part:
            key = _PART_EN[re.sub(r"^the\s+|\s+of$", "", part.lower()).strip()]
            start_value, end_value_y = _part(year, None, key)
        else:
            start_value = end_value_y = f"{year:04d}"
        start = match.start()
        end_value2: str | None = end_value_y
        prefix = since_prefix(start)
        if prefix:
            start, end_value2 = prefix.start(), pub.text if pub else None
            start_value = _ym(year, 1) if not part else start_value
        found.append(
            DateMention(
                start, match.end(), sentence[start : match.end()], start_value, end_value2, rank=1
            )
        )
    if tokens & (_RELATIVE_TOKENS | frozenset(_WEEKDAYS)):
        found.extend(_english_relative(sentence, pub, year_hint))
    found.extend(_anchor_mentions(sentence, "en", pub, year_hint))
    for match in _EN_HALF.finditer(sentence):
        year = int(match.group("year"))
        first = match.group("half").lower() == "first"
        found.append(DateMention(match.start(), match.end(), match.group(0),
                                 _ym(year, 1 if first else 7), _ym(year, 6 if first else 12), rank=2))
    return _english_ranges(sentence, found)


_EN_HALF = re.compile(r"\b(?:in\s+)?the\s+(?P<half>first|second)\s+half\s+of\s+(?P<year>(?:19|20)\d\d)\b",
                      re.IGNORECASE)
_EN_RANGE_LINK = re.compile(r"^\s*(?:and|to|through|until|till|-|–)\s*$", re.IGNORECASE)


def _english_ranges(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """"between July and September", "from March to May 2024": one range."""
    ordered = sorted((m for m in found if m.start_value), key=lambda m: m.start)
    merged: list[DateMention] = []
    used: set[int] = set()
    for first, second in pairwise(ordered):
        if id(first) in used or not _EN_RANGE_LINK.match(sentence[first.end:second.start]):
            continue
        opener = re.search(r"\b(?:between|from)\s+$", sentence[max(0, first.start - 10):first.start],
                           re.IGNORECASE)
        if opener:
            start = first.start - (len(sentence[max(0, first.start - 10):first.start]) - opener.start())
        elif re.match(r"(?:from|between)\s", first.text, re.IGNORECASE):
            start = first.start
        else:
            continue
        start_value = first.start_value or ""
        end_value = second.end_value or second.start_value
        # "between July and September 2023": the year written once belongs to both.
        if end_value and len(start_value) >= 7 and start_value[:4] != end_value[:4] and \
                not re.search(r"(?:19|20)\d\d", first.text):
            start_value = end_value[:4] + start_value[4:]
        merged.append(DateMention(start, second.end, sentence[start:second.end], start_value,
                                  end_value, first.role, max(first.rank, second.rank) + 1))
        used.update((id(first), id(second)))
    return [m for m in found if id(m) not in used] + merged


_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|announced|reported|reports|confirmed|confirms|claimed|claims|"
    r"stated|released|published|issued|briefing|conference|sounded|expressed|warned|added|noted|"
    r"asked|speaks|spoke|urged|called|statement|interview|declined|responded)\b",
    re.IGNORECASE,
)


def _near_reporting(sentence: str, start: int, end: int) -> bool:
    """True when a bare weekday dates the reporting ("said on Friday", "China on Thursday said")."""
    before = " ".join(re.split(r"[,;:]", sentence[max(0, start - 60) : start])[-1].split()[-3:])
    after = " ".join(re.split(r"[,;:]", sentence[end : end + 60])[0].split()[:3])
    return bool(_REPORTING.search(before) or _REPORTING.search(after))


_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                  "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_EN_AGO = re.compile(r"\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                     r"(?P<unit>days?|weeks?|months?)\s+ago\b", re.IGNORECASE)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _english_relative(
    sentence: str, pub: PubDate | None, year_hint: int | None
) -> list[DateMention]:
    found: list[DateMention] = []
    reference = pub.day if pub is not None and pub.precision == "D" else None
    # A weekday given for the reporting ("China on Thursday said") moves "this week".
    for match in _EN_WEEKDAY.finditer(sentence):
        wd = _WEEKDAYS[match.group("wd").lower()]
        day = None
        if reference is not None:
            day = reference - timedelta(days=(reference.weekday() - wd) % 7)
        has_tod = bool(match.group("tod")) or "of " in match.group(0).lower() or bool(
            re.search(r"\b(?:late|early)\s+$", sentence[max(0, match.start() - 8) : match.start()],
                      re.IGNORECASE))
        role = (
            "event"
            if has_tod or not _near_reporting(sentence, match.start(), match.end())
            else "speech"
        )
        value = _ymd(day) if day else None
        found.append(
            DateMention(match.start(), match.end(), match.group(0), value, value, role, rank=3)
        )
    speech_days = [m for m in found if m.role == "speech" and m.start_value]
    ref = reference
    if speech_days and reference is not None:
        ref = date.fromisoformat(speech_days[0].start_value or reference.isoformat())
    for match in _EN_RELATIVE.finditer(sentence):
        rel = re.sub(r"\s+", " ", match.group("rel").lower())
        start_value: str | None = None
        end_value: str | None = None
        if pub is not None:
            year, month = pub.day.year, pub.day.month
            if rel in ("this week", "earlier this week") and ref is not None:
                start_value, end_value = _ymd(_monday(ref)), _ymd(ref)
            elif rel in ("last week", "the previous week", "the past week") and ref is not None:
                monday = _monday(ref) - timedelta(days=7)
                start_value, end_value = _ymd(monday), _ymd(monday + timedelta(days=6))
            elif rel in ("last weekend", "over the weekend") and ref is not None:
                saturday = _monday(ref) - timedelta(days=2)
                start_value, end_value = _ymd(saturday), _ymd(saturday + timedelta(days=1))
            elif rel in ("this month", "earlier this month") and pub.precision != "Y":
                start_value = end_value = _ym(year, month)
            elif (
                rel in ("last month", "the previous month", "the past month")
                and pub.precision != "Y"
            ):
                y, m = _month_before(year, month)
                start_value = end_value = _ym(y, m)
            elif rel in ("this year", "earlier this year"):
                start_value = end_value = f"{year:04d}"
            elif rel in ("last year", "the previous year", "the past year"):
                start_value = end_value = f"{year - 1:04d}"
            elif rel in ("later that year", "later that month") and year_hint is not None:
                start_value = end_value = f"{year_hint:04d}"
            elif rel in ("yesterday",) and reference is not None:
                start_value = end_value = _ymd(reference - timedelta(days=1))
            elif rel in (
                "today",
                "tonight",
                "currently",
                "at present",
                "at this moment",
                "as of now",
            ):
                start_value = end_value = pub.text
        start = match.start()
        # "late last year", "early this month": a part of the period.
        part = re.search(r"\b(early|mid|late|the\s+end\s+of|the\s+beginning\s+of)[\s-]+$",
                         sentence[max(0, start - 20) : start], re.IGNORECASE)
        if part and start_value is not None and rel in ("last year", "this year", "last month",
                                                       "this month", "earlier this year"):
            key = _PART_EN[re.sub(r"^the\s+|\s+of$", "", part.group(1).lower()).strip()]
            year_part = int(start_value[:4])
            month_part = int(start_value[5:7]) if len(start_value) >= 7 else None
            start_value, end_value = _part(year_part, month_part, key)
            start = max(0, start - 20) + part.start()
        prefix = _EN_SINCE.search(sentence, max(0, start - 90), start)
        if prefix and start_value is not None:
            start = prefix.start()
            if rel in ("last year", "this year") and len(start_value) == 4:
                start_value = f"{start_value}-01"
            end_value = pub.text if pub else None
        found.append(
            DateMention(
                start,
                match.end(),
                sentence[start : match.end()],
                start_value,
                end_value,
                rank=1 if start_value else 0,
            )
        )
    # "three days ago", "two weeks ago", "a month ago"
    for match in _EN_AGO.finditer(sentence):
        amount_text = match.group("n").lower()
        amount = int(amount_text) if amount_text.isdigit() else _SMALL_NUMBERS.get(amount_text, 0)
        unit = match.group("unit").lower().rstrip("s")
        value = None
        if pub is not None and amount and (pub.precision == "D" or unit == "month"):
            if unit == "day":
                value = _ymd(pub.day - timedelta(days=amount))
            elif unit == "week":
                value = _ymd(pub.day - timedelta(days=7 * amount))
            else:
                y, m = _month_before(pub.day.year, pub.day.month, amount)
                value = _ym(y, m)
        found.append(DateMention(match.start(), match.end(), match.group(0), value, value,
                                 rank=1 if value else 0))
    # Present progressive detention: "are being detained/held" is true at publication.
    for match in re.finditer(
        r"\b(?:are|is)\s+(?:currently\s+)?being\s+(?:detained|held)\b", sentence, re.IGNORECASE
    ):
        value = pub.text if pub else None
        found.append(DateMention(match.start(), match.end(), match.group(0), value, value, rank=0))
    return found


def find_dates(sentence: str, lang: str, published: PubDate | str | date | None) -> list[DateMention]:
    """Date expressions of ``sentence`` resolved against ``published``, in text order.

    ``published`` may be "YYYY", "YYYY-MM" or "YYYY-MM-DD"; relative expressions that
    need more precision than it has stay unresolved (values None). Overlapping matches
    are reduced to the longest.

    >>> [(d.start_value, d.end_value) for d in find_dates("sent back on Oct. 9", "en", "2023-10-13")]
    [('2023-10-09', '2023-10-09')]
    """
    pub = parse_published(published)
    if lang == "ko":
        from refwatch.analysis.extraction.korean_dates import korean_dates

        mentions = korean_dates(sentence, pub)
    else:
        mentions = _english(sentence, pub)
    mentions = _mark_speech(sentence, mentions, lang)
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            previous = kept[-1]
            if (mention.end - mention.start) > (previous.end - previous.start):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _mark_speech(sentence: str, mentions: list[DateMention], lang: str) -> list[DateMention]:
    """Mark dates that introduce a past-tense report ("Earlier this week, X claimed ...")."""
    if lang == "ko":
        return mentions
    result: list[DateMention] = []
    for mention in mentions:
        role = mention.role
        if role == "event" and mention.start <= 2:
            after = sentence[mention.end :]
            if (
                re.match(r"^\s*,", after)
                and _SPEECH_VERB.match(after)
                and not re.match(
                    r"^[^.;]{0,80}?\b(?:estimate|say|says|believe|believes|think)\b",
                    after,
                    re.IGNORECASE,
                )
            ):
                role = "speech"
        if role == "event" and re.search(
            r"\b(?:said|told|announced|reported|stated|released|"
            r"published|issued)\s+(?:on\s+)?$",
            sentence[max(0, mention.start - 40) : mention.start],
            re.IGNORECASE,
        ):
            role = "speech"
        if role != mention.role:
            mention = DateMention(
                mention.start,
                mention.end,
                mention.text,
                mention.start_value,
                mention.end_value,
                role,
                mention.rank,
            )
        result.append(mention)
    return result
