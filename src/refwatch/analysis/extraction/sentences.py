"""Sentence splitting for English and Korean news text, with the offsets kept.

News pages arrive as plain text with one paragraph per line: a headline, a deck,
photo captions, bylines and datelines come before the body. Claims are taken only
from body sentences, so the splitter also marks the lines that are page furniture
(headlines, captions, bylines, truncation markers) and the "header zone" that ends
at a dateline or byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document: ``text == document[start:end]``.

    ``paragraph`` numbers the line it sits in (0-based); ``body`` is False for
    headlines, captions, bylines, datelines, truncated fragments and the header zone.
    """

    start: int
    end: int
    text: str
    paragraph: int
    body: bool


# Abbreviations after which a full stop does not end an English sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt st no vs etc jan feb mar apr jun jul aug sep sept
    oct nov dec jr sr inc co corp ltd dept gov rep sen u.s u.n d.c a.m p.m e.g i.e approx""".split()
)

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+\S)")
_DATELINE = re.compile(
    r"^(?:\[[^\]]{0,60}\]\s*)?[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][a-z]{2,4}\.?\s*\d{1,2})?\s*[-–—]"
)
_DATE_LINE = re.compile(
    r"^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{4}|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})\b.{0,60}$"
)
_BYLINE = re.compile(
    r"^(?:By\s+[A-Z][\w.' -]{1,60}$|Published\s*:|Updated\s*:|Posted\s*:|\S+@\S+\.\w+"
    r"|[가-힣A-Za-z]{2,20}\s*[-=]\s*[가-힣]{2,4}(?:\s*,\s*[가-힣]{2,4})*\s*(?:기자)?\s*(?:\S+@\S+)?\s*$)",
)
_CAPTION = re.compile(
    r"(?:PHOTO\s*:|Photo\s*(?:Credit|courtesy)|File\s+(?:photo|picture)|자료사진|RFA\s+Photo"
    r"|\((?:Yonhap|AP|AFP|Reuters|EPA|연합뉴스|뉴스1|Getty Images)\)\s*$|^사진\s*=|\|\s*$)",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"(?:[.!?。]|다|요|음|함|임|상황)[\"'”’)\]]*\s*$")
_MARKER = re.compile(r"^\s*\[\s*(?:\.\.\.|…)")


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial."""
    word = re.search(r"([\w.]+)$", text[max(0, dot - 40) : dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    # Single capital initials ("N. Korean", "J.M") and dotted acronyms.
    return bool(re.fullmatch(r"[A-Za-z]", token) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))


def _inside_quote(line: str, begin: int, end: int) -> bool:
    """True when ``end`` falls inside a quotation opened since ``begin`` that closes later."""
    piece = line[begin:end]
    curly_open = piece.count("“") - piece.count("”")
    straight_open = piece.count('"') % 2 == 1
    if not (curly_open > 0 or straight_open) or end - begin > 600:
        return False
    rest = line[end : end + 600]
    return ("”" in rest) if curly_open > 0 else ('"' in rest)


def _split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans inside one line (offsets relative to the line)."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _BOUNDARY.finditer(line):
        end = match.end()
        dot = match.start()
        if line[dot] == "." and _ends_with_abbreviation(line, dot):
            continue
        following = line[end:].lstrip()
        # A lower-case continuation ("... said Mr. lee") is not a new sentence in English.
        if following[:1].islower() and following[:1].isascii():
            continue
        # Digits after a full stop are part of a number or date ("2023.10.11").
        if line[dot] == "." and following[:1].isdigit() and end == dot + 1:
            continue
        # Inside a quotation the sentence goes on to its reporting verb
        # ("“... 넘겼다. ... 보냈다”라고 밝혔다."), unless the quote never closes.
        if _inside_quote(line, begin, end):
            continue
        spans.append((begin, end))
        begin = end
        while begin < len(line) and line[begin].isspace():
            begin += 1
    if begin < len(line):
        spans.append((begin, len(line)))
    return spans


def _is_byline(line: str) -> bool:
    """A short line naming the author ("By Kim Min-ji", "서울-홍길동 기자", an e-mail address)."""
    return len(line) <= 80 and bool(_BYLINE.match(line))


def _furniture(line: str) -> bool:
    """Headlines, captions, bylines and markers: lines that are not prose."""
    stripped = line.strip()
    if not stripped or _MARKER.match(stripped):
        return True
    if _CAPTION.search(stripped) or _DATE_LINE.match(stripped) or _is_byline(stripped):
        return True
    # Prose ends with sentence punctuation (or a Korean final ending); headlines do not.
    return not _TERMINAL.search(stripped[-12:])


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, each with offsets such that ``text[s.start:s.end] == s.text``.

    Assumes one paragraph per line. Sentences never cross a line break. Lines that are
    page furniture, and every line before a dateline or byline found near the top of the
    page, get ``body=False``; a truncated last fragment (no final punctuation) too.

    >>> [s.text for s in split_sentences("Mr. Kim said so. It rained.")]
    ['Mr. Kim said so.', 'It rained.']
    """
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    prose = [(o, ln) for o, ln in lines if ln.strip()]
    header_end = -1
    for index, (_, line) in enumerate(prose[:8]):
        stripped = line.strip()
        if not _CAPTION.search(stripped) and (len(stripped) > 200 or len(_split_line(stripped)) > 1):
            break  # a body paragraph: the header zone, if any, ended before it
        if _DATELINE.match(stripped) or _is_byline(stripped) or _DATE_LINE.match(stripped):
            header_end = index if not _DATELINE.match(stripped) else index - 1
    header_offsets = {o for o, _ in prose[: header_end + 1]}

    sentences: list[Sentence] = []
    for paragraph, (line_offset, line) in enumerate(lines):
        if not line.strip():
            continue
        furniture = _furniture(line) or line_offset in header_offsets
        spans = _split_line(line)
        for index, (begin, end) in enumerate(spans):
            while end > begin and line[end - 1].isspace():
                end -= 1
            if end <= begin:
                continue
            piece = line[begin:end]
            truncated = index == len(spans) - 1 and not _TERMINAL.search(piece[-12:])
            sentences.append(
                Sentence(
                    start=line_offset + begin,
                    end=line_offset + end,
                    text=piece,
                    paragraph=paragraph,
                    body=not (furniture or truncated),
                )
            )
    return sentences
