"""Perpetrators: the state bodies that arrest, hold and return people.

Mentions come from ``data/perpetrators.tsv`` (English and Korean forms with their
normalised names: "PRC (state)", "PRC authorities", "PRC public security", "PRC
police", "DPRK Ministry of State Security", ...). A mention is a candidate agent only
where it can be the subject or the ``by``-agent of a clause: "in China", "China's
provinces", "Northeast China" or "중국 세관" are not agents.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["PerpetratorMention", "find_perpetrators"]


@dataclass(frozen=True)
class PerpetratorMention:
    """A perpetrator mention (offsets relative to the sentence).

    ``role`` is "subject" (may act as the agent of what follows) or "by" (agent of a
    passive or a nominal event: "by China").
    """

    start: int
    end: int
    text: str
    name: str
    role: str


@dataclass(frozen=True)
class _Entry:
    lang: str
    screens: tuple[str, ...]  # lower-case strings of which one must occur for a match
    pattern: re.Pattern[str]
    name: str


@cache
def _entries() -> tuple[_Entry, ...]:
    text = resources.files(__package__).joinpath("data/perpetrators.tsv").read_text("utf-8")
    return tuple(
        _Entry(row["lang"], tuple(s for s in row["screen"].split("|") if s),
               re.compile(r"(?<![\w])(?:" + row["pattern"] + r")(?![\w-])", re.IGNORECASE)
               if row["lang"] == "en" else re.compile(row["pattern"]), row["name"])
        for row in csv.DictReader(text.splitlines(), delimiter="\t")
    )


_EN_NOT_AGENT_BEFORE = re.compile(
    r"(?:\b(?:in|from|to|of|with|inside|near|into|across|against|toward|towards|at|about|on|for|"
    r"between|over|around|within|throughout|visit|visited|protest|ally|urged|asked|called\s+on)"
    r"|(?<![.!?]\s)(?!(?:The|A|An|And|But|So|Then|When|While|As|If|That|However|Meanwhile|Also)\b)"
    r"\b[A-Z][a-z]+)\s+$"
)
_KO_SUBJECT_AFTER = re.compile(
    r"^(?:\s?측)?(?:이|가|은|는|도|에서는|당국이|측이|측은)(?![가-힣])"
    r"|^(?:에\s?의해|에게|에)\s?(?:\S+\s)?\S*(?:체포|검거|구금|북송|송환|붙잡|연행|넘겨|억류|단속|적발)"
)


def find_perpetrators(sentence: str, lang: str) -> list[PerpetratorMention]:
    """Candidate agents of ``sentence`` in text order.

    >>> [(p.text, p.name) for p in find_perpetrators("Chinese police arrested them in China.", "en")]
    [('Chinese police', 'PRC police')]
    """
    found: list[PerpetratorMention] = []
    taken: list[tuple[int, int]] = []
    lowered = sentence.lower()
    for entry in _entries():
        if entry.lang != lang or (entry.screens and not any(s in lowered for s in entry.screens)):
            continue
        for match in entry.pattern.finditer(sentence):
            start, end = match.start(), match.end()
            if any(start < e and s < end for s, e in taken):
                continue
            before = sentence[:start]
            after = sentence[end:]
            role = "subject"
            if lang == "en":
                if re.search(r"\bby\s+$", before, re.IGNORECASE):
                    role = "by"
                elif _EN_NOT_AGENT_BEFORE.search(before, max(0, len(before) - 30)) or re.match(r"^['’]s?\b|^\s*-", after):
                    taken.append((start, end))
                    continue
            elif not _KO_SUBJECT_AFTER.match(after):
                taken.append((start, end))
                continue
            taken.append((start, end))
            found.append(PerpetratorMention(start, end, match.group(0), entry.name, role))
    return sorted(found, key=lambda p: p.start)
