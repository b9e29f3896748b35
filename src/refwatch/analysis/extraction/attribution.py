"""Attribution: who in the source asserts the claim, and its normalised name.

English: "According to X, ...", "X said/told/reported/claimed/estimated ...", inverted
"..., X said." and quotations closed by '" X said'. Korean: "X에 따르면/의하면",
"X는 ... 밝혔다/말했다/전했다", "X로부터 확인됐다", "X를 인용". Names are normalised
with ``data/sources.tsv``; a generic mention ("the organization", "the report", "the
source", "단체") is resolved to the last named source of the same kind earlier in the
article by :func:`resolve_source`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Attribution", "SourceName", "find_attribution", "find_source_names", "normalise_source"]


@dataclass(frozen=True)
class SourceName:
    """A known source named in a text (offsets relative to that text)."""

    start: int
    end: int
    name: str
    kind: str


@dataclass(frozen=True)
class Attribution:
    """The attribution of a sentence (offsets relative to the sentence).

    ``names`` are the normalised sources found in ``text`` (several for "a report by
    A and B"); ``kind`` the kind of the first ("ngo", "gov", "gov_cn", "media", "un",
    "anon", "group", "report", "ministry", or "other" for an unknown name).
    """

    start: int
    end: int
    text: str
    names: tuple[str, ...]
    kind: str
    cue: str


@dataclass(frozen=True)
class _Entry:
    screens: tuple[str, ...]  # lower-case strings of which one must occur for a match
    pattern: re.Pattern[str]
    name: str
    kind: str


@cache
def _entries() -> tuple[_Entry, ...]:
    text = resources.files(__package__).joinpath("data/sources.tsv").read_text("utf-8")
    return tuple(
        _Entry(
            tuple(s for s in row["screen"].split("|") if s),
            re.compile(row["pattern"], re.IGNORECASE),
            row["name"],
            row["kind"],
        )
        for row in csv.DictReader(text.splitlines(), delimiter="\t")
    )


_GENERIC = ("group", "report", "ministry")


@cache
def _all_screens() -> frozenset[str]:
    return frozenset(s for entry in _entries() for s in entry.screens)


def find_source_names(text: str, *, named_only: bool = False) -> list[SourceName]:
    """Known sources named in ``text`` (earlier table rows win over overlapping later ones).

    ``named_only`` skips generic mentions ("the group", "a source", "the report").
    """
    found: list[SourceName] = []
    lowered = text.lower()
    present = {screen for screen in _all_screens() if screen in lowered}
    for entry in _entries():
        if entry.screens and present.isdisjoint(entry.screens):
            continue
        if named_only and (entry.kind in _GENERIC or entry.name == "anonymous source(s)"):
            continue
        for match in entry.pattern.finditer(text):
            if match.end() == match.start() or any(
                match.start() < s.end and s.start < match.end() for s in found
            ):
                continue
            found.append(SourceName(match.start(), match.end(), entry.name, entry.kind))
    return sorted(found, key=lambda s: s.start)


def normalise_source(text: str) -> tuple[tuple[str, ...], str]:
    """Normalised names and kind of an attribution phrase.

    Specific names win over generic ones ("a report by Human Rights Watch" is Human
    Rights Watch); "a Daily NK source" is "Daily NK sources". Unknown phrases give
    ``((), "other")``.
    """
    names = find_source_names(text)
    specific = [n for n in names if n.kind not in _GENERIC]
    if specific:
        ordered: list[SourceName] = []
        for n in specific:
            if n.name not in [o.name for o in ordered]:
                ordered.append(n)
        # A person or a source "of" a named body speaks for that body.
        if len([o for o in ordered if o.kind != "media"]) > 1:
            ordered = [o for o in ordered if o.name != "anonymous source(s)"] or ordered
        if any(o.name == "Ministry of Unification (ROK)" for o in ordered):
            ordered = [o for o in ordered if o.name != "ROK government (Ministry of Unification)"]
        # An outlet quoting a group: the group is the source, the outlet the channel.
        media = [o for o in ordered if o.kind == "media"]
        others = [o for o in ordered if o.kind != "media"]
        if media and others:
            via = ", ".join(m.name for m in media)
            return tuple(f"{o.name} (via {via})" for o in others), others[0].kind
        return tuple(o.name for o in ordered), ordered[0].kind
    if names:
        return (names[0].name,), names[0].kind
    return (), "other"


_EN_VERBS = (
    r"fear|fears|feared|worry|worries|raised\s+concerns?|expressed\s+concerns?|said|says|say|told|tells|reported|reports|claimed|claims|claim|asserted|asserts|"
    r"estimated|estimate|estimates|confirmed|confirms|noted|notes|warned|warns|believes|"
    r"believe|added|stated|announced|verified|revealed|disclosed|insisted|alleged|explained|"
    r"emphasized|stressed|denied|denies|acknowledged|(?:has|have)\s+learned|found"
)
_EN_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_EN_LEADING = re.compile(
    r"^(?:(?:SEOUL|WASHINGTON|BEIJING|TOKYO|GENEVA|NEW\s+YORK)[^—–-]{0,30}[—–-]\s*|"
    r"\[[^\]]*\]\s*|(?:(?!Beijing|Nanning|Kunming|Chongqing|Nanjing|Xining)[A-Z][a-z]+ing\s+[a-z][^,]{0,60}|"
    r"On\s+[^,]{1,30}|Earlier\s+[^,]{1,20}|Last\s+\w+|"
    r"In\s+[^,]{1,40}|\w+ly|However|Meanwhile|Separately|Also)\s*,\s*)+"
)
_EN_SUBJECT_VERB = re.compile(
    rf"^(?P<subj>(?:[^.;:\"“”]|\.(?=\S)|(?<=\b[A-Z])\.\s(?=[a-z])){{2,160}}?)\s+(?:(?:on\s+\w+day|\w+day|today|previously|also|further|"
    rf"separately|officially|earlier|recently|later|had|has|have|in\s+a\s+statement)\s+)*(?P<verb>{_EN_VERBS})\b"
    rf"(?!\s+to\b)"
)
_EN_INVERTED = re.compile(
    r"(?:[,”\"]\s*|\s-\s)(?P<subj>[^,;\"“”]{2,120}?(?:,\s*[^,;\"“”]{2,80},)?)\s+(?P<verb>said|says|say|"
    r"told|tells|added|noted|reported|claimed|warned|estimated|stated|explained)\b[^,;\"“”]*\.?[”\"]?$"
)
_EN_PARENTHETICAL = re.compile(
    r",\s*(?P<subj>(?!(?:it|which|who|that|he|she|they|this)\b)(?:[\w'’.-]+\s){0,6}?[\w'’.-]+)\s+"
    r"(?P<verb>said|say|says|told\s+\w+|reported|claimed|added|estimated|warned)"
    r"(?:\s+(?:on\s+)?\w+day)?\s*,\s",
    re.IGNORECASE,
)
_EN_INVERTED_SAID_X = re.compile(
    r",\s*(?P<verb>said|says)\s+(?P<subj>(?:[A-Z]|the\s|a\s)(?!(?:On|In|At|During|That|It)\b)[^;\"“”]{2,160}?)\.?$"
)
_NOT_SUBJECT = re.compile(
    r"^(?:an?|the|some|many|most|all)$|"
    r"\b(?:there|it|this|that|which|who|they|he|she|we|I|the\s+(?:number|figure|claims?))\b$|"
    r"^(?:it|there|this|that)\b",
    re.IGNORECASE,
)

_KO_ACCORDING = re.compile(
    r"(?P<src>(?:[^\s,\"“”‘’]+\s){0,3}[^\s,\"“”‘’]+?)\s?(?:에\s?따르면|에\s?의하면)"
)
_KO_FROM = re.compile(
    r"(?P<src>(?:[^\s,\"“”‘’]+\s){0,3}[^\s,\"“”‘’]+?)(?:으로부터|로부터)\s?(?:확인|입수|전해)"
)
_KO_QUOTING = re.compile(r"(?P<src>[^\"“”]{2,60}?)\s?(?:을|를)\s?인용")
_KO_REPORT_END = re.compile(
    r"(?:밝혔|말했|전했|주장했|설명했|강조했|덧붙였|보도했|확인했|알렸|증언했|지적했|언급했|"
    r"전했|말했|밝혔|전망했|추산했|추정했|우려했|표했|표명했|촉구했|경고했|비판했|규탄했|"
    r"제기했|내놨|발표했)(?:다|습니다)[.\"”’]?\s*$|"
    r"(?:라고|다고|이라고)\s?(?:밝혔|말했|전했)"
)
_KO_STOP_WORD = re.compile(r"(?:는|을|를|고|며|서|에서|,|있는|하는|벌이고)$")


def _trim_korean_source(src: str) -> str:
    words = src.split()
    kept: list[str] = []
    for word in reversed(words):
        if kept and (_KO_STOP_WORD.search(word) or re.fullmatch(r"\d+일", word)):
            break
        kept.append(word)
    return " ".join(reversed(kept))


def _make(sentence: str, start: int, end: int, cue: str) -> Attribution:
    text = sentence[start:end].strip(" ,")
    offset = sentence.find(text, start)
    names, kind = normalise_source(text)
    return Attribution(offset, offset + len(text), text, names, kind, cue)


def _english(sentence: str) -> Attribution | None:
    according = _EN_ACCORDING.search(sentence)
    if according:
        begin = according.end()
        rest = sentence[begin:]
        if according.start() <= 2:
            stop = re.search(
                r",\s*(?!including\b|a\s+[\w-]+\s+(?:group|nonprofit|organi[sz]ation))", rest
            )
            if stop:
                first = re.match(r"[^,]*,\s*including\s+[^,]+", rest)
                end = begin + (first.end() if first else stop.start())
            else:
                end = len(sentence)
        else:
            end = len(sentence.rstrip('. "”'))
        return _make(sentence, begin, end, according.group(0).strip())
    tail = max(0, len(sentence) - 240)
    inverted = _EN_INVERTED_SAID_X.search(sentence, tail)
    if inverted:
        return _make(sentence, inverted.start("subj"), inverted.end("subj"), inverted.group("verb"))
    inverted2 = _EN_INVERTED.search(sentence, tail)
    if (
        inverted2
        and not _NOT_SUBJECT.search(inverted2.group("subj").strip())
        and len(inverted2.group("subj").split()) <= 14
    ):
        return _make(
            sentence, inverted2.start("subj"), inverted2.end("subj"), inverted2.group("verb")
        )
    parenthetical = _EN_PARENTHETICAL.search(sentence)
    if parenthetical:
        return _make(sentence, parenthetical.start("subj"), parenthetical.end("subj"),
                     parenthetical.group("verb"))
    lead = _EN_LEADING.match(sentence)
    offset = lead.end() if lead else 0
    # Quotation marks inside a relative clause ('which calls them "migrants,"') are blanked
    # so the subject can be found; offsets stay those of the sentence.
    body = re.sub(r"[\"“”]", " ", sentence[offset:])
    relative = re.match(r"^([^,]{2,80}),\s*(?:which|who)\b[^,]*,\s*", body)
    if relative:
        body = (
            relative.group(1)
            + " " * (relative.end() - len(relative.group(1)) - 1)
            + " "
            + body[relative.end() :]
        )
    match = _EN_SUBJECT_VERB.match(body)
    if match:
        subject = match.group("subj")
        sub_start = match.start("subj")
        clause = re.match(
            r"^(?:When|If|After|Before|While|As|Since|Although|Though)\b[^,]*,\s*", subject
        )
        if clause:
            sub_start += clause.end()
            subject = subject[clause.end() :]
        inner = list(re.finditer(r"\b(?:after|before|when|because|while|once)\s+", subject))
        if inner and re.search(r"\b(?:came|went|was|were|is|are)\b", subject[: inner[-1].start()]):
            sub_start += inner[-1].end()
            subject = subject[inner[-1].end() :]
        if re.search(r"\b(?:is|are|was|were)$", subject.strip()):
            return None
        if re.fullmatch(r"(?:he|she|they)", subject.strip(), re.IGNORECASE):
            # Resolved by the claim assembler to the last source the article named.
            start = offset + sub_start
            return Attribution(start, start + len(subject.strip()), subject.strip(), (), "pronoun",
                               match.group("verb"))
        if (
            not _NOT_SUBJECT.search(subject.strip())
            and len(subject.split()) <= 20
            and not re.search(r"\b(?:that|when|if|because|who|which)\b", subject)
            and not re.search(r"\b(?:has|have|had|is|are|was|were)\s+\w+ed\b", subject)
        ):
            return _make(
                sentence, offset + sub_start, offset + match.end("subj"), match.group("verb")
            )
    return None


_KO_INVERTED = re.compile(
    r"(?:다|라|냐)[\"”’]?\s?(?:고|며|면서)\s(?P<src>(?:[^\s\"“”]+\s){0,3}?[^\s\"“”]+?)(?:이|가|은|는|도|측은|측이)"
    r"\s(?:\d+일\s)?(?:\S+에\s|\S+에게\s|\S+와의\s\S+에서\s)?(?:전했|밝혔|말했|주장했|설명했|덧붙였|보도했)"
)


_KO_REPORT_WORDS = re.compile(r"전했|밝혔|말했|주장했|설명했|덧붙였|보도했")


def _korean(sentence: str) -> Attribution | None:
    inverted = _KO_INVERTED.search(sentence) if _KO_REPORT_WORDS.search(sentence) else None
    if inverted:
        return _make(sentence, inverted.start("src"), inverted.end("src"), "subject")
    prefix_end = 0
    according = _KO_ACCORDING.search(sentence) if ("따르면" in sentence or "의하면" in sentence) else None
    quote = re.search(r"[\"“‘']", sentence)
    first_quote = quote.start() if quote else len(sentence)
    if according and according.start() < first_quote:
        prefix_end = according.end()
    quoting = _KO_QUOTING.search(sentence) if "인용" in sentence else None
    if quoting and quoting.start() < first_quote:
        return _make(sentence, quoting.start("src"), quoting.end(), "인용")
    if _KO_REPORT_END.search(sentence):
        head = sentence[prefix_end:first_quote]
        head_offset = prefix_end
        lead = re.match(r"^[\s,]*(?:앵커\s?:\s?)?(?:\d+일\s)?", head)
        if lead:
            head_offset += lead.end()
            head = head[lead.end() :]
        subject = re.match(r"^((?:\S+\s){0,5}?\S+?)(?:은|는|이|가|도)(?=\s)", head)
        if subject and not re.search(r"(?:하는|있는|이번에)$", subject.group(1)):
            return _make(sentence, head_offset, head_offset + subject.end(1), "subject")
    if according and according.start() < first_quote + 1:
        src = _trim_korean_source(according.group("src"))
        start = according.end("src") - len(src)
        return _make(sentence, start, according.end("src"), "에 따르면")
    came_from = _KO_FROM.search(sentence) if "로부터" in sentence else None
    if came_from:
        src = _trim_korean_source(came_from.group("src"))
        start = came_from.end("src") - len(src)
        return _make(sentence, start, came_from.end("src"), "로부터")
    return None


def find_attribution(sentence: str, lang: str) -> Attribution | None:
    """The attribution of ``sentence``, or None when the sentence names no source.

    >>> find_attribution("According to HRW, China returned 60 people.", "en").names
    ('Human Rights Watch',)
    """
    return _korean(sentence) if lang == "ko" else _english(sentence)
