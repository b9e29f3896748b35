"""Hedging: how firmly a sentence puts a claim, with the cue that says so.

Labels of the annotation guidelines: asserted (no hedge, or a factive verb:
confirmed, verified, has learned, 확인됐다), reported (said, according to, 밝혔다,
~에 따르면), alleged (claimed, reportedly, is said to, ~것으로 알려졌다, hearsay),
apparent (appears, seem to be true, believes, ~것으로 보인다, ~것으로 파악된다),
estimated (estimate, 추산, 추정), feared (are feared to, raised concerns, face a
grave risk, 우려), predicted (would, is likely to, expectations, ~예정, ~것으로
예상), denied (denied, rejected, 부인). An explicit hedge beats an attribution
verb; a *local* cue (a modal next to one event: "is likely to", "것으로 알려진")
governs only the nearest event, a *global* one (reporting verbs, "reportedly")
the whole sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PRIORITY", "HedgeCue", "find_hedges"]

# Higher wins when several cues govern the same event.
PRIORITY = {
    "denied": 8,
    "estimated": 7,
    "feared": 6,
    "predicted": 5,
    "apparent": 4,
    "alleged": 3,
    "asserted": 2,
    "reported": 1,
}


@dataclass(frozen=True)
class HedgeCue:
    """A hedge cue (offsets relative to the sentence); ``scope`` is "local" or "global"."""

    start: int
    end: int
    text: str
    label: str
    scope: str


_EN: list[tuple[str, str, str]] = [
    (
        r"\b(?:has|have|had)?\s*(?:denied|denies|deny|rejected|rejects|dismissed)\b"
        r"(?:\s+(?:allegations|claims|reports)(?:\s+of\s+\w+)?)?",
        "denied",
        "global",
    ),
    (r"\b(?:estimates?|estimated)\b", "estimated", "global"),
    (
        r"\b(?:(?:is|are|were|was)\s+feared\s+to|fear(?:s|ed)?\s+that|(?:raised|raising|expressed)\s+"
        r"concerns?\s+(?:that|over|about)|concerns?\s+(?:that|are\s+mounting)|face[sd]?\s+(?:a\s+)?"
        r"(?:grave|serious|high)\s+risk|at\s+(?:grave|serious|high)\s+risk|facing\s+the\s+same\s+fate|"
        r"(?:are|is)\s+(?:at\s+risk|in\s+danger)\s+of|could\s+(?:soon\s+)?be|"
        r"alarm(?:ed)?\s+(?:by|that|over|at)|could\s+(?:soon\s+)?(?:send|deport|repatriate|return))\b",
        "feared",
        "local",
    ),
    (
        r"\b(?:would|(?<!their\s)(?<!his\s)(?<!her\s)(?<!own\s)(?<!free\s)will(?!\s+of\b)|(?:is|are)\s+(?:likely|expected|set|going|about|due)\s+to|expect(?:s|ed)?\s+"
        r"(?:that|to)|expectations?\s+that|appears?\s+to\s+be\s+preparing(?:\s+for)?|(?:is|are)\s+"
        r"preparing\s+(?:to|for)|(?:were|was)\s+going\s+to(?:\s+be)?|plans?\s+to|planning\s+to|"
        r"might|may\s+soon)\b",
        "predicted",
        "local",
    ),
    (
        r"\b(?:it\s+)?(?:appears?|seems?)\s+to\s+be\s+(?:true|the\s+fact|a\s+fact)(?=\s+that)|"
        r"\bit\s+(?:is|was)\s+believed\s+that",
        "apparent",
        "global",
    ),
    (
        r"\b(?:(?:it\s+)?appears?\s+to\s+be\s+(?:true|the\s+fact|a\s+fact)|(?:it\s+)?appears?|"
        r"appeared(?:\s+to\s+have(?:\s+been)?)?|seems?\s+to\s+be\s+true|seems?|seemed|believes?|"
        r"(?:is|are|were|was)\s+believed\s+to|apparently|credible|acknowledged\s+the\s+possibility|"
        r"(?:is|are)\s+likely|likely\s+(?=\w+ed\b))\b",
        "apparent",
        "local",
    ),
    (
        r"\b(?:claimed|claims|claim|asserted|asserts|alleged(?:ly)?|allegations?|reportedly|"
        r"(?:is|are|was|were)\s+said\s+to|purportedly|rumou?red|supposedly)\b",
        "alleged",
        "global",
    ),
    (
        r"\b(?:(?:officially\s+)?confirmed|confirms|verified|(?:has|have)\s+learned|established|"
        r"documented|we\s+know|found\s+that)\b",
        "asserted",
        "global",
    ),
    (
        r"\b(?:[Aa]ccording\s+to|said|says|say|told|tells|reported|reports|stated|noted|announced|"
        r"added|revealed|disclosed|citing|cited|quoted|explained|a\s+report)\b",
        "reported",
        "global",
    ),
]
_KO: list[tuple[str, str, str]] = [
    (r"부인(?:했|하|한|해)|부정(?:했|하)|사실이\s?아니", "denied", "global"),
    (r"추산|추정", "estimated", "global"),
    (r"우려|위기에\s?처|위험에\s?처|위험이\s?크|걱정", "feared", "local"),
    (
        r"예정|(?:것으로|것이라고|것이라는)\s?(?:예상|전망|관측)|전망(?:이다|된다|했)|계획(?:이다|이라고)|"
        r"가능성이?\s?(?:크|높|있)|(?:질|될|할|갈|올|낼|길)\s?것[\"”’']?\s?(?:이라고|이라며|이라는|이다|입니다|으로\s?(?:예상|전망|보인))",
        "predicted",
        "local",
    ),
    (r"사실(?:인\s?것)?으?로\s?(?:보인|보여|판단)", "apparent", "global"),
    (
        r"것으로\s?(?:보인|보여|보이|파악(?:된|됐|돼|되))|(?:것|듯)\s?같다|듯하다|추측",
        "apparent",
        "local",
    ),
    (
        r"것으로\s?(?:알려|전해)(?:졌|진|지)|알려졌|전해졌|전해진다|주장|소식을\s?(?:\S+\s)?(?:\S+\s)?들었|"
        r"(?:다|라)고\s?한다|(?:다|라)는\s?(?:설|얘기|이야기)",
        "alleged",
        "global",
    ),
    (r"확인(?:됐|되었|했|한\s?결과|된다)|조사(?:됐|되었)|드러났|밝혀졌", "asserted", "global"),
    (
        r"밝혔|전했|말했|설명했|강조했|덧붙였|보도했|에\s?따르면|에\s?의하면|인용|주장했|증언했|알렸|"
        r"전했습니다|말했습니다|밝혔습니다",
        "reported",
        "global",
    ),
]
# Lower-case strings of which one must occur before an English pattern is tried.
_EN_SCREENS = {
    "denied": ("deni", "deny", "reject", "dismiss"),
    "estimated": ("estimat",),
    "feared": ("fear", "concern", "risk", "fate", "danger", "could", "alarm"),
    "predicted": (
        "would",
        "will",
        "likely",
        "expect",
        "set to",
        "going to",
        "about to",
        "due to",
        "preparing",
        "plan",
        "might",
        "may",
    ),
    "apparent": ("appear", "seem", "believ", "credible", "acknowledged", "likely"),
    "alleged": ("claim", "assert", "alleg", "reportedly", "said to", "purport", "rumo", "suppos"),
    "asserted": ("confirm", "verif", "learned", "establish", "document", "we know", "found that"),
    "reported": (
        "accord",
        "said",
        "say",
        "told",
        "tell",
        "report",
        "stated",
        "noted",
        "announced",
        "added",
        "revealed",
        "disclosed",
        "cit",
        "quot",
        "explained",
    ),
}
_COMPILED = {
    "en": [(re.compile(p, re.IGNORECASE), label, scope) for p, label, scope in _EN],
    "ko": [(re.compile(p), label, scope) for p, label, scope in _KO],
}


def find_hedges(sentence: str, lang: str) -> tuple[HedgeCue, ...]:
    """Hedge cues of ``sentence`` in text order (overlapping cues: the stronger label wins).

    >>> [(h.text, h.label) for h in find_hedges("China is said to have returned them.", "en")]
    [('is said to', 'alleged')]
    """
    found: list[HedgeCue] = []
    lowered = sentence.lower()
    for pattern, label, scope in _COMPILED["ko" if lang == "ko" else "en"]:
        if lang != "ko" and not any(s in lowered for s in _EN_SCREENS[label]):
            continue
        for match in pattern.finditer(sentence):
            text = match.group(0).strip()
            if not text:
                continue
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            # Korean "~다고 한다" hearsay is alleged only without a named source.
            if (
                lang == "ko"
                and label == "alleged"
                and re.fullmatch(r"(?:다|라)고\s?한다", text)
                and re.search(r"에\s?(?:따르면|의하면)|인용", sentence)
            ):
                continue
            # Korean adnominal cues ("구금한 것으로 알려진 탈북민") hedge only their own clause.
            cue_scope = "local" if lang == "ko" and re.search(r"[진된인한]$", text) else scope
            found.append(HedgeCue(start, start + len(text), text, label, cue_scope))
    found.sort(key=lambda h: (h.start, -PRIORITY[h.label]))
    kept: list[HedgeCue] = []
    for cue in found:
        if kept and cue.start < kept[-1].end:
            if PRIORITY[cue.label] > PRIORITY[kept[-1].label]:
                kept[-1] = cue
            continue
        kept.append(cue)
    return tuple(kept)
