"""Claims: one source asserting one event, assembled from the families' mentions.

A claim is one event predication (event type + affected group) in one sentence by
one source, with the fields of the annotation guidelines
(``shared/data/news-dev/ANNOTATION_GUIDELINES.md``) plus ``doc_id`` and the
character offsets ``start``/``end`` of its sentence in the document text.

How a sentence becomes claims:

1. triggers (``triggers.py``) name events and say how the sentence uses them;
2. counts are given to triggers (each count to one event; a superset such as
   "2,600여 명 중" or "most of the 2,000" to the detention it describes; a list
   "80 on 29 Aug, 40 on 18 Sep" to one claim per count-and-date pair);
3. triggers of one type without a count of their own merge into one event, and
   relative-clause or background triggers ("detained North Koreans", "after 180
   were sent back") become claims only with a count of their own;
4. each event takes the nearest date, the places of its part of the sentence, an
   agent, the hedge that governs it and the sentence's attribution (or the
   paragraph's, or the author);
5. what is not a claim is dropped: conditional, purpose and generic statements,
   anaphoric mentions, and events with nothing that places or counts them.

Article-level corroboration and denial are added by ``stance.py``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from itertools import pairwise
from typing import Any

from refwatch.analysis.extraction.attribution import Attribution
from refwatch.analysis.extraction.context import ArticleContext, AttributionMemo, resolve_source
from refwatch.analysis.extraction.dates import DateMention, PubDate, find_dates, parse_published
from refwatch.analysis.extraction.hedging import PRIORITY, HedgeCue, find_hedges
from refwatch.analysis.extraction.language import detect_language, has_hangul
from refwatch.analysis.extraction.numbers import Count, find_counts
from refwatch.analysis.extraction.perpetrators import PerpetratorMention, find_perpetrators
from refwatch.analysis.extraction.places import PlaceMention, find_places
from refwatch.analysis.extraction.sentences import Sentence, split_sentences
from refwatch.analysis.extraction.triggers import Trigger, find_triggers

__all__ = ["Claim", "extract_claims"]


@dataclass(frozen=True)
class Claim:
    """One claim, with the fields of the claims JSONL contract (see DESIGN.md).

    ``start``/``end`` are the offsets of ``sentence`` in the document text;
    ``place_ids`` the gazetteer ids behind ``place`` (``refwatch.reference.places``);
    ``trigger`` the words that name the event.
    """

    doc_id: str
    claim_id: str
    lang: str
    event_type: str
    count_low: int | None
    count_high: int | None
    count_text: str | None
    qualifier: str | None
    date_start: str | None
    date_end: str | None
    date_text: str | None
    place_text: str | None
    place: str | None
    perpetrator_text: str | None
    perpetrator: str | None
    attributed_to_text: str | None
    attributed_to: str | None
    hedging: str
    hedge_cue: str | None
    corroborated_by: str | None
    denied_by: str | None
    sentence: str
    start: int
    end: int
    trigger: str
    place_ids: tuple[str, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The claim as a JSON-ready dict (``place_ids`` as a list)."""
        data = asdict(self)
        data["place_ids"] = list(self.place_ids)
        return data


@dataclass
class _Event:
    trigger: Trigger
    count: Count | None = None
    date: DateMention | None = None
    enumerated: bool = False
    absorbed: list[Trigger] = field(default_factory=list)
    origin: PlaceMention | None = None

    @property
    def anchor(self) -> tuple[int, int]:
        start, end = self.trigger.start, self.trigger.end
        if self.count is not None:
            start, end = min(start, self.count.start), max(end, self.count.end)
        return start, end


_PRIORITY_TYPE = {
    "forced_repatriation": 0,
    "transfer": 1,
    "voluntary_return": 1,
    "release": 2,
    "arrival_third_country": 2,
    "detention": 3,
    "arrest": 4,
}
_DROP_ROLES = ("conditional", "infinitive", "possessive")
_WEAK_ROLES = ("normative", "reference", "habitual")
_CHAIN = re.compile(
    r"^[^.;]{0,90}?\b(?:before\s+being|and\s+then|then|before|and\s+later|later)\s+"
    r"(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(r",\s*(?:where|which|who|while|but|whereas)\b|;|[—–]")


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def _count_cost(
    sentence: str, lang: str, count: Count, trigger: Trigger, counts: list[Count]
) -> float:
    span_c, span_t = (count.start, count.end), (trigger.start, trigger.end)
    cost = float(_gap(span_c, span_t))
    low, high = min(count.end, trigger.end), max(count.start, trigger.start)
    if any(low <= other.start < high for other in counts if other is not count):
        cost += 1000
    if trigger.role in ("adnominal", "subordinate"):
        cost += 80
    if trigger.role in _DROP_ROLES:
        cost += 2000
    between = sentence[min(count.end, trigger.end) : max(count.start, trigger.start)]
    if _BOUNDARY.search(between):
        cost += 120
    if count.end <= trigger.start:
        if lang == "ko" or re.search(
            r"\b(?:were|was|have\s+been|had\s+been|are|remain|remained|"
            r"being|be)\b",
            between,
            re.IGNORECASE,
        ):
            cost -= 20
    elif lang == "en" and len(between) <= 25 and not trigger.passive:
        cost -= 20
    return cost


def _assign_counts(
    sentence: str, lang: str, events: list[_Event], counts: list[Count]
) -> list[Count]:
    """Give counts to events; return the counts left over."""
    pairs: list[tuple[float, int, int]] = []
    for ci, count in enumerate(counts):
        for ei, event in enumerate(events):
            trigger = event.trigger
            if count.superset and trigger.event_type not in ("detention", "arrest"):
                continue
            pairs.append((_count_cost(sentence, lang, count, trigger, counts), ci, ei))
    used_c: set[int] = set()
    used_e: set[int] = set()
    for cost, ci, ei in sorted(pairs):
        if cost >= 1000 or ci in used_c or ei in used_e:
            continue
        events[ei].count = counts[ci]
        used_c.add(ci)
        used_e.add(ei)
    return [c for i, c in enumerate(counts) if i not in used_c]


def _date_groups(sentence: str, dates: list[DateMention]) -> list[list[DateMention]]:
    groups: list[list[DateMention]] = []
    for mention in sorted(dates, key=lambda d: d.start):
        if groups:
            gap = sentence[groups[-1][-1].end : mention.start]
            if len(gap) <= 8 and re.fullmatch(r"[\s,|(인은]*(?:the\s+)?", gap):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _best(group: list[DateMention]) -> DateMention:
    valued = [d for d in group if d.start_value]
    if not valued:
        return group[0]
    explicit = [d for d in valued if d.rank >= 2]
    anchored = [d for d in valued if d.rank < 2]

    def precision(d: DateMention) -> tuple[int, int, int]:
        return (len(d.start_value or ""), int(d.start_value == d.end_value), d.rank)

    if explicit and anchored:
        best_explicit = max(explicit, key=precision)
        consistent = [
            a
            for a in anchored
            if (a.start_value or "").startswith(best_explicit.start_value or "-")
            and precision(a) > precision(best_explicit)
        ]
        return max(consistent, key=precision) if consistent else best_explicit
    return max(valued, key=precision)


def _inside_parenthetical(sentence: str, position: int) -> bool:
    before = sentence[:position]
    return before.count("—") % 2 == 1 or before.count("(") > before.count(")")


_SUBORDINATOR = re.compile(r"\b(?:after|before|since|when|while|until|once)\b", re.IGNORECASE)


def _assign_dates(sentence: str, events: list[_Event], dates: list[DateMention], lang: str) -> None:
    event_dates = [d for d in dates if d.role == "event"]
    groups = _date_groups(sentence, event_dates)
    taken: set[int] = set()
    # Enumerated events own the date next to their count.
    for event in events:
        if not event.enumerated or event.count is None:
            continue
        best_index, best_gap = -1, 40
        for gi, group in enumerate(groups):
            span = (group[0].start, group[-1].end)
            gap = _gap(span, (event.count.start, event.count.end))
            if gi not in taken and gap < best_gap:
                best_index, best_gap = gi, gap
        if best_index >= 0:
            event.date = _best(groups[best_index])
            taken.add(best_index)
    taken_by_type: dict[str, set[int]] = {}
    for event in events:
        if event.enumerated:
            continue
        own_taken = taken_by_type.setdefault(event.trigger.event_type, set())
        candidates = [
            (gi, g)
            for gi, g in enumerate(groups)
            if gi not in taken and (lang != "ko" or gi not in own_taken)
        ]
        if lang == "ko":
            # Korean puts the time before the verb: take the nearest date before the trigger.
            before = [(gi, g) for gi, g in candidates if g[0].start < event.trigger.start]
            candidates = before
        elif event.trigger.role == "subordinate":
            # "a week after dozens were arrested": the main clause's date is not this event's.
            openers = list(_SUBORDINATOR.finditer(sentence, 0, event.trigger.start))
            if openers:
                candidates = [(gi, g) for gi, g in candidates if g[0].start >= openers[-1].start()]
        if not candidates:
            continue
        outside = [
            (gi, g) for gi, g in candidates if not _inside_parenthetical(sentence, g[0].start)
        ]
        if outside and any(_best(g).start_value for _, g in outside):
            candidates = outside
        valued = [(gi, g) for gi, g in candidates if _best(g).start_value]
        # Korean: the time word right before the verb governs it, even "조만간" (soon).
        pool = candidates if lang == "ko" else (valued or candidates)
        anchor = event.anchor
        gi, group = min(pool, key=lambda item: _gap((item[1][0].start, item[1][-1].end), anchor))
        event.date = _best(group)
        own_taken.add(gi)


def _origins(sentence: str, counts: list[Count], places: list[PlaceMention]) -> dict[int, PlaceMention]:
    """Counts broken down by place of origin ("함경북도 출신 240명", "North Hamgyong (240)")."""
    found: dict[int, PlaceMention] = {}
    for index, count in enumerate(counts):
        for place in places:
            if place.scope != "named" or not 0 <= count.start - place.end <= 12:
                continue
            between = sentence[place.end:count.start]
            if re.fullmatch(r"\s*(?:출신|지역|주민|에서)?(?:이|은|는|만|도)?\s*\(?\s*|\s*(?:province\s*)?\(\s*", between,
                            re.IGNORECASE):
                found[index] = place
    return found if len(found) >= 2 else {}


_EN_AND = re.compile(r"^\s*(?:,\s*)?and\s+(?:then\s+|later\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
_KO_LINK = re.compile(r"^(?:해|돼|되어|하여|시켜|고|된\s?뒤|한\s?뒤)?\s?(?:\S+\s)?$")


def _share_chained_counts(sentence: str, lang: str, events: list[_Event]) -> None:
    """Chained events ("caught and detained", "체포해 구금했다") share one group's count."""
    ordered = sorted(events, key=lambda e: e.trigger.start)
    for first, second in pairwise(ordered):
        if first.trigger.event_type == second.trigger.event_type:
            continue
        if "main" not in (first.trigger.role, second.trigger.role) or \
                {first.trigger.role, second.trigger.role} - {"main"}:
            continue
        gap = sentence[first.trigger.end:second.trigger.start]
        linked = _KO_LINK.match(gap) if lang == "ko" else _EN_AND.match(gap)
        if not linked:
            continue
        if first.count is None and second.count is not None:
            first.count = second.count
        elif second.count is None and first.count is not None:
            second.count = first.count


def _host(events: list[_Event], count: Count) -> _Event:
    return min(events, key=lambda e: (e.trigger.role != "main",
                                      _gap((e.trigger.start, e.trigger.end), (count.start, count.end))))


def _origin_events(events: list[_Event], origins: list[tuple[Count, PlaceMention]]) -> list[_Event]:
    """One claim per place of origin of a breakdown, on the event the figures describe."""
    if not events:
        return []
    return [_Event(_host(events, count).trigger, count, origin=place) for count, place in origins]


def _enumerate(
    sentence: str, events: list[_Event], leftovers: list[Count], dates: list[DateMention]
) -> list[_Event]:
    """Counts left over that sit next to their own date become claims of the same event."""
    event_dates = [d for d in dates if d.role == "event" and d.start_value]
    extra: list[_Event] = []
    for count in leftovers:
        if count.superset or (count.low is None and count.high is None):
            continue
        near = [d for d in event_dates if _gap((d.start, d.end), (count.start, count.end)) <= 25]
        if not near or not events:
            continue
        host = _host(events, count)
        extra.append(_Event(host.trigger, count, enumerated=True))
        if host.count is not None:
            host.enumerated = True
    return extra


def _merge(sentence: str, events: list[_Event]) -> list[_Event]:
    """Merge same-type triggers, absorb chained modifiers and background mentions."""
    # "detained in Kunming before being repatriated": the detention describes the returnees.
    for index, event in enumerate(events):
        for later in events[index + 1 :]:
            if (
                _PRIORITY_TYPE[later.trigger.event_type] < _PRIORITY_TYPE[event.trigger.event_type]
                and _CHAIN.match(sentence[event.trigger.end : later.trigger.start])
                and event.trigger.role != "main"
            ):
                if later.count is None and event.count is not None and not event.count.superset:
                    later.count = event.count
                event.count = None
                event.trigger = replace(event.trigger, role="absorbed")
                break
    mains = [e for e in events if e.trigger.role == "main"]
    result: list[_Event] = []
    for event in events:
        role = event.trigger.role
        if role == "absorbed" or role in _DROP_ROLES:
            continue
        same_type = [e for e in result if e.trigger.event_type == event.trigger.event_type]
        if role in ("adnominal", "subordinate"):
            if event.count is None:
                if mains:
                    continue
            elif event.count.superset is False and any(
                m.trigger.event_type != event.trigger.event_type and m.count is None for m in mains
            ):
                # A relative clause's count belongs to the main event of the sentence.
                pass
        if (
            same_type
            and event.count is None
            and not (event.enumerated or event.origin is not None)
            and (
                event.date is None
                or same_type[0].date is None
                or event.date.start_value == same_type[0].date.start_value
                or event.trigger.role != "main"
            )
        ):
            same_type[0].absorbed.append(event.trigger)
            if same_type[0].date is None:
                same_type[0].date = event.date
            continue
        if (
            same_type
            and event.count is not None
            and event.count.low is None
            and event.count.high is None
            and any(e.count is not None and e.count.superset for e in same_type)
        ):
            same_type[0].absorbed.append(event.trigger)
            continue
        if (
            same_type
            and not (same_type[0].enumerated or same_type[0].origin is not None)
            and same_type[0].count is None
            and event.count is not None
            and not (event.enumerated or event.origin is not None)
        ):
            same_type[0].count = event.count
            same_type[0].absorbed.append(event.trigger)
            continue
        if (
            same_type
            and event.count is not None
            and any(
                e.count is not None
                and (e.count.low, e.count.high, e.count.qualifier, e.count.text)
                == (event.count.low, event.count.high, event.count.qualifier, event.count.text)
                for e in same_type
            )
        ):
            continue
        result.append(event)
    return result


def _segment(events: list[_Event], index: int, length: int) -> tuple[int, int]:
    if len(events) == 1:
        return 0, length
    anchors = sorted(((e.anchor[0] + e.anchor[1]) // 2, i) for i, e in enumerate(events))
    position = [i for _, i in anchors].index(index)
    lo = 0 if position == 0 else (anchors[position - 1][0] + anchors[position][0]) // 2
    hi = (
        length
        if position == len(anchors) - 1
        else (anchors[position][0] + anchors[position + 1][0]) // 2
    )
    return lo, hi


def _perpetrator(
    event: _Event, perps: list[PerpetratorMention], attribution: Attribution | None, lang: str
) -> PerpetratorMention | None:
    trigger = event.trigger
    usable = [
        p
        for p in perps
        if attribution is None or not (attribution.start <= p.start < attribution.end)
    ]
    if lang == "en":
        by_agents = [p for p in usable if p.role == "by" and 0 <= p.start - trigger.end <= 60]
        if by_agents:
            return by_agents[0]
        if trigger.passive:
            return None
        subjects = [p for p in usable if p.role == "subject" and p.end <= trigger.start]
        return subjects[-1] if subjects else None
    subjects = [p for p in usable if p.end <= trigger.start]
    return subjects[-1] if subjects else None


def _hedge(
    event: _Event, claim_events: list[_Event], cues: tuple[HedgeCue, ...], sentence: str
) -> HedgeCue | None:
    governing: list[HedgeCue] = [c for c in cues if c.scope == "global"]
    for cue in cues:
        if cue.scope != "local":
            continue

        def distance(e: _Event, cue: HedgeCue = cue) -> int:
            span = (e.trigger.start, e.trigger.end)
            between = sentence[min(span[1], cue.end) : max(span[0], cue.start)]
            return _gap(span, (cue.start, cue.end)) + (500 if _BOUNDARY.search(between) else 0)

        pool = [
            e for e in claim_events if e is event or e.trigger.role == "main" or e.count is not None
        ]
        nearest = min(pool, key=distance)
        if nearest.trigger is event.trigger and distance(event) <= 80:
            governing.append(cue)
    if not governing:
        return None
    return max(governing, key=lambda c: (PRIORITY[c.label], -c.start))


def _has_content(
    event: _Event,
    places: list[PlaceMention],
    perp: PerpetratorMention | None,
    attribution: Attribution | None,
    hedge: HedgeCue | None,
) -> tuple[bool, bool]:
    """(strong, weak): count/date/place, or only agent/source/hedge."""
    count = event.count is not None
    dated = event.date is not None and event.date.start_value is not None
    strong = count or dated or bool(places)
    weak = (
        perp is not None
        or (attribution is not None and bool(attribution.names))
        or (hedge is not None and hedge.label not in ("reported", "asserted"))
    )
    return strong, weak


def _sentence_events(sentence: Sentence, lang: str) -> list[Trigger]:
    return find_triggers(sentence.text, lang) if sentence.body else []


def _sentence_claims(
    sentence: Sentence,
    lang: str,
    published: PubDate | str | date | None,
    context: ArticleContext,
    triggers: list[Trigger],
    memo: AttributionMemo,
) -> list[dict[str, Any]]:
    text = sentence.text
    if not triggers or all(t.role in _DROP_ROLES for t in triggers):
        return []
    counts = find_counts(text, lang)
    dates = find_dates(text, lang, published)
    events = [_Event(t) for t in triggers]
    places = find_places(text, lang)
    origin_of = _origins(text, counts, places)
    regular = [c for i, c in enumerate(counts) if i not in origin_of and not c.subset]
    leftovers = _assign_counts(text, lang, events, regular)
    events.extend(_enumerate(text, events, leftovers, dates))
    events.extend(_origin_events(events, [(counts[i], p) for i, p in origin_of.items()]))
    _share_chained_counts(text, lang, events)
    events.sort(key=lambda e: (e.trigger.start, e.count.start if e.count else -1))
    _assign_dates(text, events, dates, lang)
    events = _merge(text, events)
    if not events:
        return []
    perps = find_perpetrators(text, lang)
    cues = find_hedges(text, lang)
    attribution = memo.get(sentence, lang)
    has_main = any(e.trigger.role == "main" for e in events)
    claims: list[dict[str, Any]] = []
    for event in events:
        same = [e for e in events if e.trigger.event_type == event.trigger.event_type and e.origin is None]
        if event.origin is not None:
            same = [event]
        lo, hi = _segment(same, same.index(event), len(text))
        if event.origin is not None:
            own_places = [replace(event.origin, name=f"{event.origin.name} (returnees' origin)")]
        else:
            origin_spans = {(e.origin.start, e.origin.end) for e in events if e.origin is not None}
            own_places = [p for p in places if lo <= p.start < hi and (p.start, p.end) not in origin_spans]
        perp = _perpetrator(event, perps, attribution, lang)
        hedge = _hedge(event, events, cues, text)
        strong, weak = _has_content(event, own_places, perp, attribution, hedge)
        role = event.trigger.role
        if role in _WEAK_ROLES and not (
            (event.count is not None and event.count.low is not None)
            or (event.date is not None and event.date.start_value)
        ):
            continue
        if (
            role in ("adnominal", "subordinate")
            and event.count is None
            and (has_main or not (event.date is not None and event.date.start_value))
        ):
            continue
        if (
            role == "main"
            and not strong
            and lang == "en"
            and re.match(r"^\s+(?:them|it|him|her|this|that)\b", text[event.trigger.end :])
        ):
            continue
        if not strong and not (weak and role == "main"):
            continue
        claims.append(_claim_fields(event, own_places, perp, hedge, attribution, sentence, context))
    return claims


def _claim_fields(
    event: _Event,
    places: list[PlaceMention],
    perp: PerpetratorMention | None,
    hedge: HedgeCue | None,
    attribution: Attribution | None,
    sentence: Sentence,
    context: ArticleContext,
) -> dict[str, Any]:
    count = event.count
    label = hedge.label if hedge is not None else "asserted"
    if attribution is not None:
        attributed_text: str | None = attribution.text
        attributed = resolve_source(attribution, sentence, context)
    else:
        attributed_text = None
        inherited = context.paragraph_source(sentence.paragraph)
        if label in ("alleged", "feared", "estimated"):
            attributed = "unspecified"
        elif inherited is not None:
            attributed = inherited[1]
        else:
            attributed = "author"
    place_names: list[str] = []
    place_ids: list[str] = []
    for place in places:
        if place.name not in place_names:
            place_names.append(place.name)
        place_ids.extend(i for i in place.place_ids if i not in place_ids)
    date_mention = event.date
    return {
        "event_type": event.trigger.event_type,
        "count_low": count.low if count else None,
        "count_high": count.high if count else None,
        "count_text": count.text if count else None,
        "qualifier": count.qualifier if count else None,
        "date_start": date_mention.start_value if date_mention else None,
        "date_end": date_mention.end_value if date_mention else None,
        "date_text": date_mention.text if date_mention else None,
        "place_text": " | ".join(p.text for p in places) or None,
        "place": "; ".join(place_names) or None,
        "place_ids": tuple(place_ids),
        "perpetrator_text": perp.text if perp else None,
        "perpetrator": perp.name if perp else None,
        "attributed_to_text": attributed_text,
        "attributed_to": attributed,
        "hedging": label,
        "hedge_cue": hedge.text if hedge else None,
        "trigger": event.trigger.text,
    }


def extract_claims(
    text: str,
    *,
    published: str | date | None,
    lang: str | None = None,
    doc_id: str = "doc",
    url: str | None = None,
) -> list[Claim]:
    """Claims of one document, in text order.

    ``published`` ("YYYY", "YYYY-MM" or "YYYY-MM-DD") resolves relative dates;
    ``lang`` ("ko"/"en") is detected per sentence when None (a sentence with Hangul
    is Korean); ``url`` lets the outlet's own voice ("The Korea Herald has learned")
    be recognised as the author. Pure and deterministic: the same input gives the
    same claims.

    >>> [c.count_low for c in extract_claims("Police detained 12 people in Tumen on May 2, 2024.",
    ...                                        published="2024-05-10", doc_id="x")]
    [12]
    """
    sentences = split_sentences(text)
    langs = [
        lang if lang and not _mixed(s.text, lang) else detect_language(s.text) for s in sentences
    ]
    triggers = [
        _sentence_events(s, sentence_lang)
        for s, sentence_lang in zip(sentences, langs, strict=True)
    ]
    if not any(triggers):
        return []
    pub = parse_published(published)
    memo = AttributionMemo()
    context = ArticleContext(text, url, sentences, langs, memo)
    claims: list[Claim] = []
    for sentence, sentence_lang, found in zip(sentences, langs, triggers, strict=True):
        if not found:
            continue
        for fields in _sentence_claims(sentence, sentence_lang, pub, context, found, memo):
            claims.append(
                Claim(
                    doc_id=doc_id,
                    claim_id=f"{doc_id}-{len(claims) + 1:02d}",
                    lang=sentence_lang,
                    corroborated_by=None,
                    denied_by=None,
                    sentence=sentence.text,
                    start=sentence.start,
                    end=sentence.end,
                    **fields,
                )
            )
    from refwatch.analysis.extraction.stance import apply_stance

    return apply_stance(_drop_restatements(claims), sentences, langs, memo, published)


def _drop_restatements(claims: list[Claim]) -> list[Claim]:
    """Drop claims that restate an earlier one and add nothing: no count, no time
    expression, no place, and the same event type, source and hedge as a claim before."""
    kept: list[Claim] = []
    seen: set[tuple[str, str | None, str]] = set()
    for claim in claims:
        key = (claim.event_type, claim.attributed_to, claim.hedging)
        bare = claim.count_text is None and claim.date_text is None and claim.place is None
        if bare and key in seen:
            continue
        seen.add(key)
        kept.append(claim)
    # Claim ids stay dense.
    return [replace(c, claim_id=f"{c.doc_id}-{i + 1:02d}") for i, c in enumerate(kept)]


def _mixed(sentence: str, lang: str) -> bool:
    """True when a sentence's script contradicts the document language."""
    if lang == "en" and not has_hangul(sentence):
        return False
    return (lang == "en") == (detect_language(sentence) == "ko")
