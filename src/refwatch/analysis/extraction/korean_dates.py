"""Korean date expressions ("지난 9일 밤", "지난달 18일", "지난해 말부터 최근까지",
"항저우 아시안게임 폐막 직후", "코로나 봉쇄 3년간"), resolved against the publication date.

The conventions are those of ``dates.py``; this module holds the Korean grammar only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from refwatch.analysis.extraction.dates import (
    DateMention,
    PubDate,
    _anchor_mentions,
    _infer_year,
    _last_day,
    _monday,
    _month_before,
    _part,
    _safe_date,
    _ym,
    _ymd,
)

__all__ = ["korean_dates"]

_KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
_PART_KO = {"초": "early", "초순": "early", "중순": "mid", "중": "mid", "말": "end", "하순": "late"}

_KO_FULL = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)년\s?|(?P<lastyear>지난해|작년|올해|올)\s?)?"
    r"(?P<last>지난\s?)?(?P<month>\d{1,2})월\s?(?:(?P<day>\d{1,2})일(?:\s?[·,~-]\s?(?P<day2>\d{1,2})일)?"
    r"|(?P<part>초순|중순|하순|초|말))?"
)
_KO_DAY = re.compile(
    r"(?P<last>지난달\s?|지난\s?달\s?|이달\s?|지난\s?)?(?P<md>\d{3,4}|\d{1,2})일(?![가-힣]*간)"
)
_KO_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)년(?:\s?(?P<part>초|말|중반|상반기|하반기))?")
_KO_RELATIVE = re.compile(
    r"(?P<rel>지난해|작년|올해|지난달|지난\s달|이달|이번\s?달|지난주|지난\s주말|이번\s?주|현재|최근|"
    r"어제|오늘|그제|앞서|곧|조만간)(?:\s?(?P<part>초|말|중순|초순))?"
)
_KO_WEEKDAY = re.compile(
    r"(?:지난\s?)?(?P<wd>[월화수목금토일])요일(?P<tod>\s?(?:밤|저녁|새벽|오전|오후|아침))?"
)

_KO_REPORT_CUE = re.compile(r"밝혔|말했|전했|따르면|의하면|주장|보도|설명|인용|강조|통화|회견|브리핑|발표|알렸")


_KO_SPEAKER_BEFORE = re.compile(
    r"(?:소식통|단체|관계자|당국자|대변인|장관|차관|부|처|청|위원회|위원장|회장|대표|이사장|통신|방송|신문|"
    r"매체|측|연합|연대|선교회|협회|센터|그룹|모임|기자|특파원|[A-Z]{2,}|\))(?:은|는|이|가|도)\s?$"
)


def _korean_speech_day(sentence: str, start: int, end: int) -> bool:
    """A bare "N일" is the reporting day when it follows a speaker (or opens the sentence)
    in a sentence that reports speech, and no time of day ("밤", "새벽") follows it."""
    if re.match(r"\s?(?:밤|저녁|새벽|오전|오후|아침|낮|자정|께|경|부터)", sentence[end : end + 4]):
        return False
    if not _KO_REPORT_CUE.search(sentence):
        return False
    before = sentence[max(0, start - 20) : start]
    # Opening the sentence ("11일 단체에 따르면") or right after a speaker ("통일부는 13일").
    return not before.strip() or bool(_KO_SPEAKER_BEFORE.search(before))


def korean_dates(sentence: str, pub: PubDate | None) -> list[DateMention]:
    """Korean date mentions of ``sentence`` (unsorted, overlaps not yet resolved)."""
    found: list[DateMention] = []
    start_value: str | None
    end_value: str | None
    years = [int(y) for y in re.findall(r"((?:19|20)\d\d)년", sentence)]
    year_hint = years[0] if len(set(years)) == 1 else None
    for match in _KO_FULL.finditer(sentence) if "월" in sentence else ():
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            continue
        day_s = match.group("day")
        if match.group("year"):
            year: int | None = int(match.group("year"))
        elif match.group("lastyear") in ("지난해", "작년") and pub is not None:
            year = pub.day.year - 1
        elif match.group("lastyear") in ("올해", "올") and pub is not None:
            year = pub.day.year
        else:
            year = _infer_year(month, int(day_s) if day_s else None, pub, year_hint)
        if year is None:
            continue
        if day_s:
            day = int(day_s)
            if _safe_date(year, month, day) is None:
                continue
            start_value = f"{_ym(year, month)}-{day:02d}"
            end_value = start_value
            if match.group("day2") and _safe_date(year, month, int(match.group("day2"))):
                end_value = f"{_ym(year, month)}-{int(match.group('day2')):02d}"
            rank = 3
        elif match.group("part"):
            start_value, end_value = _part(year, month, _PART_KO[match.group("part")])
            rank = 2
        else:
            start_value = end_value = _ym(year, month)
            rank = 2
        found.append(
            DateMention(
                match.start(),
                match.end(),
                match.group(0).rstrip(),
                start_value,
                end_value,
                rank=rank,
            )
        )
    taken = [(m.start, m.end) for m in found]
    for match in _KO_DAY.finditer(sentence) if "일" in sentence else ():
        if any(s <= match.start("md") < e for s, e in taken):
            continue
        md = match.group("md")
        last = (match.group("last") or "").replace(" ", "")
        month_of_day: int | None = None
        if len(md) >= 3:
            # A lost separator: "829일" is "8월 29일".
            month_of_day, day = int(md[:-2]), int(md[-2:])
            if not (1 <= month_of_day <= 12 and 1 <= day <= 31):
                continue
        else:
            day = int(md)
        if not last and month_of_day is None and _korean_speech_day(sentence, match.start(), match.end()):
            # "통일부는 13일 밝혔다": a bare day after a speaker is the day something was said.
            found.append(
                DateMention(match.start(), match.end(), match.group(0), None, None, "speech")
            )
            continue
        if pub is None or pub.precision == "Y":
            continue
        y, m = pub.day.year, pub.day.month
        if last in ("지난달",):
            y, m = _month_before(y, m)
        elif month_of_day is not None:
            m = month_of_day
            if _safe_date(y, m, 1) and date(y, m, 1) > pub.day:
                y -= 1
        elif day > pub.day.day:
            y, m = _month_before(y, m)
        value_day = _safe_date(y, m, day)
        if value_day is None:
            continue
        found.append(
            DateMention(
                match.start(), match.end(), match.group(0), _ymd(value_day), _ymd(value_day), rank=3
            )
        )
    taken = [(m.start, m.end) for m in found]
    for match in _KO_YEAR.finditer(sentence) if "년" in sentence else ():
        if any(s <= match.start() < e for s, e in taken):
            continue
        year = int(match.group("year"))
        part = match.group("part")
        if part in ("초", "말"):
            start_value, end_value = _part(year, None, "early" if part == "초" else "end")
        elif part in ("상반기", "하반기"):
            first = part == "상반기"
            start_value, end_value = _ym(year, 1 if first else 7), _ym(year, 6 if first else 12)
        else:
            start_value = end_value = f"{year:04d}"
        found.append(
            DateMention(match.start(), match.end(), match.group(0), start_value, end_value, rank=1)
        )
    taken = [(m.start, m.end) for m in found]
    for match in _KO_RELATIVE.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken):
            continue
        rel = match.group("rel").replace(" ", "")
        part = match.group("part")
        start_value = end_value = None
        if pub is not None:
            y, m = pub.day.year, pub.day.month
            if rel in ("지난해", "작년"):
                if part:
                    start_value, end_value = _part(
                        y - 1, None, _PART_KO[part] if part != "초순" else "early"
                    )
                else:
                    start_value = end_value = f"{y - 1:04d}"
            elif rel == "올해":
                if part:
                    start_value, end_value = _part(y, None, "early" if part in ("초", "초순") else
                                                   "end" if part == "말" else "mid")
                else:
                    start_value = end_value = f"{y:04d}"
            elif rel in ("지난달",) and pub.precision != "Y":
                py, pm = _month_before(y, m)
                if part:
                    start_value, end_value = _part(py, pm, _PART_KO[part])
                else:
                    start_value = end_value = _ym(py, pm)
            elif rel in ("이달", "이번달") and pub.precision != "Y":
                if part:
                    start_value, end_value = _part(y, m, _PART_KO[part])
                else:
                    start_value = end_value = _ym(y, m)
            elif rel == "지난주" and pub.precision == "D":
                monday = _monday(pub.day) - timedelta(days=7)
                start_value, end_value = _ymd(monday), _ymd(monday + timedelta(days=6))
            elif rel == "지난주말" and pub.precision == "D":
                saturday = _monday(pub.day) - timedelta(days=2)
                start_value, end_value = _ymd(saturday), _ymd(saturday + timedelta(days=1))
            elif rel == "이번주" and pub.precision == "D":
                start_value, end_value = _ymd(_monday(pub.day)), pub.text
            elif rel == "현재":
                start_value = end_value = pub.text
            elif rel == "어제" and pub.precision == "D":
                start_value = end_value = _ymd(pub.day - timedelta(days=1))
        found.append(
            DateMention(
                match.start(),
                match.end(),
                match.group(0),
                start_value,
                end_value,
                rank=1 if start_value else 0,
            )
        )
    for match in _KO_WEEKDAY.finditer(sentence) if "요일" in sentence else ():
        value = None
        if pub is not None and pub.precision == "D":
            wd = _KO_WEEKDAYS[match.group("wd")]
            value = _ymd(pub.day - timedelta(days=(pub.day.weekday() - wd) % 7))
        found.append(
            DateMention(
                match.start(),
                match.end(),
                match.group(0),
                value,
                value,
                "event" if match.group("tod") else "speech",
                rank=3,
            )
        )
    found.extend(_anchor_mentions(sentence, "ko", pub, year_hint))
    return _korean_ranges(sentence, found, pub)


def _korean_ranges(
    sentence: str, found: list[DateMention], pub: PubDate | None
) -> list[DateMention]:
    """Join "X부터 Y까지" into one range and "Y까지" after "최근" into X..publication."""
    ordered = sorted(found, key=lambda m: m.start)
    result: list[DateMention] = []
    skip: set[int] = set()
    for i, first in enumerate(ordered):
        if i in skip:
            continue
        after = sentence[first.end : first.end + 4]
        if re.match(r"^\s?부터", after) or re.match(r"^\s?에서", after):
            for j in range(i + 1, len(ordered)):
                second = ordered[j]
                between = sentence[first.end : second.start]
                if len(between) > 8:
                    break
                if re.match(r"^\s?까지", sentence[second.end : second.end + 3]):
                    end_value = second.end_value
                    if second.text.startswith("최근"):
                        end_value = pub.text if pub else None
                    start_value = first.start_value
                    if start_value and end_value and len(start_value) == 10 and len(end_value) == 7:
                        y, m = int(end_value[:4]), int(end_value[5:7])
                        end_value = f"{end_value}-{_last_day(y, m):02d}"
                    end = second.end + len(re.match(r"^\s?까지", sentence[second.end :]).group(0))  # type: ignore[union-attr]
                    result.append(
                        DateMention(
                            first.start,
                            end,
                            sentence[first.start : end],
                            start_value,
                            end_value,
                            rank=4,
                        )
                    )
                    skip.add(j)
                    break
            else:
                result.append(first)
            if not result or result[-1].start != first.start:
                result.append(first)
            continue
        result.append(first)
    return [_korean_since(sentence, mention, pub) for mention in result]


def _korean_since(sentence: str, mention: DateMention, pub: PubDate | None) -> DateMention:
    """"지난 8월 말 국경이 열린 이후": from the date to publication."""
    if pub is None or not mention.start_value or mention.rank >= 4:
        return mention
    tail = sentence[mention.end : mention.end + 25]
    since = re.match(r"^[^,.\"“”]{0,20}?(?:이후|이래|부터)(?!\s?\S*까지)", tail)
    if not since or (re.match(r"^\s?부터", tail) and "까지" in sentence[mention.end : mention.end + 40]):
        return mention
    end = mention.end + since.end()
    return DateMention(mention.start, end, sentence[mention.start : end], mention.start_value,
                       pub.text, mention.role, mention.rank)
