"""Event triggers and their grammatical role, from the lexicon in ``data/triggers.tsv``.

A trigger is a word or phrase that names one of the event types (forced_repatriation,
transfer, arrest, detention, release, arrival_third_country, voluntary_return). Its
``role`` says how the sentence uses it, which decides whether it makes a claim:

- ``main``: the sentence asserts (or reports, fears, predicts) the event;
- ``adnominal``: a participle or relative clause describing the victims ("detained
  North Koreans", "those repatriated", "체포된 인원", "구금 중이던 탈북민");
- ``subordinate``: a background clause ("after 180 were sent back", "북송된 뒤");
- ``conditional`` ("if they are deported"), ``infinitive`` ("ways to send them back"),
  ``normative`` ("should not deport", "bans forced repatriation"), ``reference``
  ("the repatriation claims"), ``habitual`` ("routinely repatriates").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["EVENT_TYPES", "Trigger", "find_triggers", "lexicon"]

EVENT_TYPES = (
    "forced_repatriation",
    "transfer",
    "arrest",
    "detention",
    "release",
    "arrival_third_country",
    "voluntary_return",
)


@dataclass(frozen=True)
class Trigger:
    """An event trigger in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    event_type: str
    kind: str  # "verb" or "noun"
    role: str
    passive: bool = False


@dataclass(frozen=True)
class _Entry:
    lang: str
    event_type: str
    kind: str
    screens: tuple[str, ...]  # lower-case strings of which one must occur for a match
    pattern: re.Pattern[str]


@cache
def lexicon() -> tuple[_Entry, ...]:
    """The trigger lexicon (``data/triggers.tsv``), compiled."""
    text = resources.files(__package__).joinpath("data/triggers.tsv").read_text("utf-8")
    return tuple(
        _Entry(
            row["lang"],
            row["event_type"],
            row["kind"],
            tuple(s for s in row["screen"].split("|") if s),
            re.compile(row["pattern"], re.IGNORECASE if row["lang"] == "en" else 0),
        )
        for row in csv.DictReader(text.splitlines(), delimiter="\t")
    )


_PERSON = (
    r"(?:defectors|North\s+Koreans|Koreans|people|women|men|nationals|refugees|individuals|"
    r"escapees|workers|laborers|labourers|others|detainees|group|children|girls|boys|"
    r"residents|citizens|migrants|returnees|crossers|those|persons|Christians)"
)
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–\"“”]|\s-\s")
_HABITUAL = re.compile(
    r"\b(?:routinely|frequently|often|usually|always|regularly|typically|"
    r"generally|habitually|systematically|repeatedly|consistently|continually|continues\s+to|"
    r"keeps)\b",
    re.IGNORECASE,
)
_NOW = re.compile(r"\b(?:now|currently|these\s+days|at\s+present)\b", re.IGNORECASE)
_NORMATIVE = re.compile(
    r"\b(?:should|must|ought\s+to|urged?|urging|calls?\s+on|called\s+on|asked|not\s+to|halt|"
    r"stop|end|prohibit\w*|bans?|banning|against|violat\w*|oppos\w*|condemn\w*|refrain\w*|"
    r"no\s+\w+\s+should|any)\b[^.]{0,40}$",
    re.IGNORECASE,
)
_INFINITIVE_OK = re.compile(
    r"\b(?:going|about|likely|expected|set|plans?|planned|planning|preparing|prepares|due|continues?|"
    r"continued|began|begun|started|resumed|decided|agreed|vowed|threatened|tried|attempted|"
    r"appears?|appeared|seems?|seemed|feared|is\s+said|are\s+said|was\s+said|were\s+said|"
    r"believed|reported|alleged|thought|known)\s+to\s+(?:have\s+(?:been\s+)?)?(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_REFERENCE_AFTER = re.compile(
    r"^\s+(?:claims?|allegations?|reports?|issue|policy|policies|practice|principle|law|"
    r"protocol|agreement|treaty|norms?|crisis|bus(?:es)?|orders?|process|efforts?|concerns?|"
    r"cases?|campaign|operations?|facilit(?:y|ies)|centers?|centres?|camps?)\b",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:were|was|be|been|being|are|is|get|got)\s+(?:\w+ly\s+|not\s+)*$", re.IGNORECASE
)

_KO_MAIN_NOUNS = ("것", "사실", "바", "소식", "점", "게", "걸", "가능성", "우려", "위험", "방침", "계획",
                  "예정", "전망", "위기")
_KO_SUBORDINATE_NOUNS = (
    "뒤",
    "후",
    "이후",
    "직후",
    "다음",
    "때",
    "당시",
    "무렵",
    "즈음",
    "전",
    "직전",
)
_KO_AUX = re.compile(r"^\s(?:있던|있는|있었던|중이던|중인|중이었던)(?=\s|$|[,.])")
_KO_CONNECTIVE = re.compile(r"(?:돼|되어|되고|해|하여|하고|시켜|고|며|면서|다가|해서|돼서|어|아)$")
_KO_COPULA_AFTER = re.compile(
    r"^(?:\S+\s){0,3}?\S*?(?:이라고|이다|이었|였다|입니다|이라는|이라|로\s알려|로\s파악|"
    r"로\s확인|로\s전해)"
)
_KO_NORMATIVE_AFTER = re.compile(
    r"^\S*\s?(?:\S+\s)?(?:중단|반대|금지|말아야|말라|해서는|하지\s?말|"
    r"안\s?된다|멈춰|중지)"
)


def _has_final(char: str, finals: tuple[int, ...]) -> bool:
    code = ord(char) - 0xAC00
    return 0 <= code < 11172 and code % 28 in finals


def _english_role(sentence: str, start: int, end: int, kind: str, text: str) -> str:
    # Only the words just before a trigger decide its role; a window keeps the
    # end-anchored patterns below from scanning the whole sentence.
    wide = sentence[max(0, start - 160):start]
    before = wide[-70:]
    after = sentence[end:end + 120]
    breaks = list(_CLAUSE_BREAK.finditer(wide))
    clause = wide[breaks[-1].end() :] if breaks else wide
    if re.search(r"\b(?:if|unless|whether)\b", clause, re.IGNORECASE):
        return "conditional"
    if kind == "noun":
        if _REFERENCE_AFTER.match(after):
            return "reference"
        if re.search(
            r"\b(?:prohibit\w*|bans?|banning|against|violat\w*|halt|end|stop|"
            r"oppos\w*|condemn\w*|any|no)\s+(?:all\s+|such\s+|the\s+)?(?:\w+\s+)?$",
            before,
            re.IGNORECASE,
        ):
            return "normative"
        if re.search(
            r"\b(?:the|this|that|these|those|such|its|their)\s+(?:latest\s+|recent\s+|"
            r"same\s+)?$",
            before,
            re.IGNORECASE,
        ) and not re.match(r"^\s+of\b", after):
            return "reference"
        if re.search(
            r"\b(?:this|these|that|those|such|the)\s+(?:\w+\s+){0,2}(?:round|wave|batch|"
            r"series|kind)\s+of\s+$",
            before,
            re.IGNORECASE,
        ):
            return "reference"
        if re.match(
            r"^[^,;.]{0,60}?\b(?:violates?|breach(?:es)?|is\s+(?:prohibited|illegal|"
            r"banned)|goes\s+against|contravenes?)\b",
            after,
            re.IGNORECASE,
        ):
            return "normative"
    if kind == "verb":
        if re.search(r"\b(?:those|the|these)\s+(?:\w+ly\s+)?$", before, re.IGNORECASE):
            return "adnominal"
        # "criticised for repatriating", "accused of deporting": a gerund names the practice.
        if re.match(r"(?:\w+ly\s+)?\w+ing\b", text) and re.search(
                r"\b(?:for|of|against|about|on|in|over|without|from|to|by)\s+(?:\w+ly\s+)?$", before,
                re.IGNORECASE):
            return "reference"
        if re.search(
            r"\b(?:should|must|ought\s+to|urged?|urging|calls?\s+on|called\s+on|not\s+to)\b",
            clause,
            re.IGNORECASE,
        ):
            return "normative"
        if re.search(r"\bto\s+(?:\w+ly\s+)?$", before, re.IGNORECASE) and not _INFINITIVE_OK.search(
            before
        ):
            return "infinitive"
        finite = re.match(r"(?:were|was|been|being|be|are|is|get|got)\b", text, re.IGNORECASE)
        participle = (not finite and (
            bool(
                re.match(
                    r"^[\w\s]*?(?:ed|up|back|held|caught|sent|over|taken)\b", text, re.IGNORECASE
                )
            )
            and text.lower().split()[-1] != "back"
        )) or (not finite and text.lower().endswith("ed"))
        takes_object = bool(
            re.match(
                r"^\s+(?:the|a|an|about|some|more|at|over|nearly|around|up|as|approximately|"
                r"roughly|\d|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|"
                r"them|him|her)\b",
                after,
                re.IGNORECASE,
            )
        )
        if (
            participle
            and not takes_object
            and re.match(rf"^\s+(?:[A-Z][\w-]*\s+){{0,2}}(?:\w+\s+)?{_PERSON}\b", after)
            and not re.search(
                r"\b(?:have|has|had|was|were|been|be|is|are)\s+(?:\w+ly\s+)?$",
                before,
                re.IGNORECASE,
            )
            and not re.search(
                r"(?:authorities|government|police|China|Beijing|officials|"
                r"security)\s+(?:\w+ly\s+)?$",
                before,
                re.IGNORECASE,
            )
        ):
            return "adnominal"
        if re.search(
            r"\b(?:who|which|that)\s+(?:had\s+|have\s+|has\s+)?(?:been\s+|were\s+|was\s+|"
            r"are\s+|is\s+|remain\s+)?(?:\w+ly\s+)?$",
            before,
            re.IGNORECASE,
        ):
            return "adnominal"
        if (
            participle
            and re.search(rf"{_PERSON}\s+(?:\w+ly\s+)?$", before, re.IGNORECASE)
            and not re.search(r"\b(?:not|to)\s+(?:\w+\s+)?$", before)
        ):
            return "adnominal"
        if re.search(
            r"\b(?:before|after|upon|without|while|from)\s+being\s+(?:\w+ly\s+)?$",
            before,
            re.IGNORECASE,
        ):
            return "subordinate"
        if re.search(
            r"\b(?:after|before|since|when|while|until|once|as\s+soon\s+as)\s+"
            r"(?:[\w'’-]+\s+){0,3}?(?:were|was|had\s+been|have\s+been|are|is|had)?\s*"
            r"(?:\w+ly\s+)?$",
            clause,
            re.IGNORECASE,
        ):
            return "subordinate"
        if re.search(rf"{_PERSON}\s*,\s*$", before, re.IGNORECASE) and participle:
            return "adnominal"
        if re.search(r"\b(?:their|his|her|its|upon|on)\s+$", before, re.IGNORECASE):
            return "possessive"
        if re.fullmatch(
            r"(?:\w+ly\s+)?(?:repatriates|deports|sends\s+\w+\s+back|sends\s+back|"
            r"returns|hands\s+\w+\s+over|expels|arrests|detains|catches)",
            text,
            re.IGNORECASE,
        ):
            return "habitual"
    if _NORMATIVE.search(clause) and re.search(
        r"\b(?:should|must|not\s+to|urged?|called\s+on|"
        r"calls\s+on)\b",
        clause,
        re.IGNORECASE,
    ):
        return "normative"
    window = before[-40:]
    habitual = _HABITUAL.search(window)
    if (
        habitual
        and not _CLAUSE_BREAK.search(window[habitual.end() :])
        and not _NOW.search(sentence)
    ):
        return "habitual"
    return "main"


_KO_PARTICLES = (
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "도",
    "에",
    "의",
    "으로",
    "로",
    "과",
    "와",
    "이나",
    "까지",
    "에서",
    "만",
    "이라는",
    "과정",
    "사태",
    "문제",
)
_KO_LIGHT_VERB = re.compile(r"^\s(?:시키|시킨|시켜|시켰|하|한|했|된|됐|돼|되|당하|당한|당했)\S*")
_KO_ADNOMINAL_END = ("힌", "긴", "린", "된", "한", "던", "진", "인", "는")


def _korean_role(sentence: str, start: int, end: int) -> str:
    trigger = sentence[start:end]
    word_end = end
    while (
        word_end < len(sentence)
        and not sentence[word_end].isspace()
        and sentence[word_end] not in ",.\"'“”‘’()"
    ):
        word_end += 1
    suffix = sentence[end:word_end]
    rest = sentence[word_end:]
    if _KO_NORMATIVE_AFTER.match(sentence[end:]):
        return "normative"
    if not suffix:
        light = _KO_LIGHT_VERB.match(rest)
        if light:
            suffix = light.group(0).strip()
            word_end += len(light.group(0))
            rest = sentence[word_end:]
    elif suffix.startswith(_KO_PARTICLES):
        return "main"
    if re.search(r"(?:다면|되면|하면|시키면|될\s?경우|할\s?경우)$", suffix):
        return "conditional"
    aux = _KO_AUX.match(rest)
    if aux and (not suffix or _KO_CONNECTIVE.search(suffix)):
        suffix = suffix + aux.group(0)
        word_end += len(aux.group(0))
        rest = sentence[word_end:]
    if not suffix and not trigger.endswith(_KO_ADNOMINAL_END):
        return "main"
    last = (suffix or trigger).rstrip()[-1:]
    if last and (_has_final(last, (4, 8)) or last == "던"):
        following = rest.lstrip()
        if following.startswith(_KO_MAIN_NOUNS):
            return "main"
        if following.startswith(_KO_SUBORDINATE_NOUNS):
            return "subordinate"
        if not following or not re.match(r"[가-힣A-Za-z0-9]", following):
            return "main"
        # "체포된 인원들로 알려졌다", "있었던 사람들이라고": the relative clause is the predicate.
        if _KO_COPULA_AFTER.match(following):
            return "main"
        return "adnominal"
    if _HABITUAL_KO.search(sentence[max(0, start - 12) : start]):
        return "habitual"
    return "main"


_HABITUAL_KO = re.compile(r"(?:늘|항상|자주|매번|계속|종종|흔히|정기적으로|거의\s?매일)\s?$")


@cache
def _screens(lang: str) -> frozenset[str]:
    return frozenset(s for entry in lexicon() if entry.lang == lang for s in entry.screens)


def find_triggers(sentence: str, lang: str) -> list[Trigger]:
    """Event triggers of ``sentence`` in text order, overlaps resolved to the longest.

    Korean connective forms ("체포돼 구금 중이던 탈북민") take the role of the trigger
    they chain into, so a chain that ends in a relative clause describes the victims.

    >>> [(t.event_type, t.role) for t in find_triggers("China deported 600 people.", "en")]
    [('forced_repatriation', 'main')]
    """
    lowered = sentence.lower()
    present = {screen for screen in _screens(lang) if screen in lowered}
    if not present:
        return []
    matches: list[tuple[int, int, _Entry]] = []
    for entry in lexicon():
        if entry.lang != lang or (entry.screens and present.isdisjoint(entry.screens)):
            continue
        for match in entry.pattern.finditer(sentence):
            if match.end() > match.start():
                matches.append((match.start(), match.end(), entry))
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, _Entry]] = []
    for candidate in matches:
        if kept and candidate[0] < kept[-1][1]:
            if candidate[1] - candidate[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = candidate
            continue
        kept.append(candidate)
    triggers: list[Trigger] = []
    for start, end, entry in kept:
        text = sentence[start:end]
        if lang == "ko":
            role = _korean_role(sentence, start, end)
            passive = False
        else:
            role = _english_role(sentence, start, end, entry.kind, text)
            passive = bool(_PASSIVE_BEFORE.search(sentence, max(0, start - 40), start)) \
                and entry.kind == "verb"
        triggers.append(Trigger(start, end, text, entry.event_type, entry.kind, role, passive))
    if lang == "ko":
        triggers = _chain_korean(sentence, triggers)
    return triggers


def _chain_korean(sentence: str, triggers: list[Trigger]) -> list[Trigger]:
    result = list(triggers)
    for index in range(len(result) - 2, -1, -1):
        current, following = result[index], result[index + 1]
        gap = sentence[current.end : following.start]
        word = re.match(r"\S*", gap)
        tail = sentence[current.start : current.end] + (word.group(0) if word else "")
        if len(gap) <= 12 and _KO_CONNECTIVE.search(tail) and following.role == "adnominal":
            result[index] = Trigger(
                current.start,
                current.end,
                current.text,
                current.event_type,
                current.kind,
                "adnominal",
                current.passive,
            )
    return result
