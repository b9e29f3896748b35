"""Article context: what a document says about its sources beyond one sentence.

Generic mentions ("the organization", "the report", "the source") resolve to the last
named source of the same kind earlier in the article; "He said" to the last source named
in the sentences just before; a sentence without a source can take its paragraph's.
Attributions are computed once per sentence (``AttributionMemo``).
"""

from __future__ import annotations

import re

from refwatch.analysis.extraction.attribution import (
    Attribution,
    SourceName,
    find_attribution,
    find_source_names,
)
from refwatch.analysis.extraction.sentences import Sentence

__all__ = ["ArticleContext", "AttributionMemo", "resolve_source"]


class ArticleContext:
    """What the document tells about sources beyond one sentence, computed on demand."""

    def __init__(self, text: str, url: str | None, sentences: list[Sentence] | None = None,
                 langs: list[str] | None = None, memo: AttributionMemo | None = None) -> None:
        self.text = text
        self.url = url
        self._sentences = sentences or []
        self._langs = langs or []
        self._memo = memo
        self._names: tuple[SourceName, ...] | None = None
        self._paragraphs: dict[int, tuple[str, str] | None] = {}
        self._by_paragraph: dict[int, list[tuple[Sentence, str]]] = {}
        self._position = {s.start: i for i, s in enumerate(self._sentences)}
        for sentence, lang in zip(self._sentences, self._langs, strict=True):
            if sentence.body:
                self._by_paragraph.setdefault(sentence.paragraph, []).append((sentence, lang))

    @property
    def names(self) -> tuple[SourceName, ...]:
        if self._names is None:
            self._names = tuple(find_source_names(self.text, named_only=True))
        return self._names

    def previous_source(self, sentence: Sentence) -> str | None:
        """The last source named in the three body sentences before ``sentence`` ("He said ...")."""
        index = self._position.get(sentence.start, 0)
        earlier = [(s, lang) for s, lang in zip(self._sentences[max(0, index - 6):index],
                                                self._langs[max(0, index - 6):index], strict=True)
                   if s.body]
        for previous, lang in reversed(earlier[-3:]):
            if self._memo is None:
                return None
            attribution = self._memo.get(previous, lang)
            if attribution is None or attribution.kind == "pronoun":
                continue
            name = resolve_source(attribution, previous, self)
            if name and name != "author":
                return name
        return None

    def paragraph_source(self, paragraph: int) -> tuple[str, str] | None:
        """(text, name) of the first named attribution of a paragraph, if any."""
        if paragraph not in self._paragraphs:
            self._paragraphs[paragraph] = None
            for sentence, lang in self._by_paragraph.get(paragraph, []):
                if self._memo is None:
                    break
                attribution = self._memo.get(sentence, lang)
                if attribution is None:
                    continue
                name = resolve_source(attribution, sentence, self)
                if name and name != "author":
                    self._paragraphs[paragraph] = (attribution.text, name)
                    break
        return self._paragraphs[paragraph]


class AttributionMemo:
    """Attributions of one document's sentences, computed once (keyed by sentence start)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, str], Attribution | None] = {}

    def get(self, sentence: Sentence, lang: str) -> Attribution | None:
        key = (sentence.start, lang)
        if key not in self._seen:
            self._seen[key] = find_attribution(sentence.text, lang)
        return self._seen[key]


def resolve_source(attribution: Attribution, sentence: Sentence, context: ArticleContext) -> str | None:
    """Normalised name of an attribution, resolving generic mentions in the article."""
    kind = attribution.kind
    names = attribution.names
    if kind == "pronoun":
        return context.previous_source(sentence) or "unspecified"
    generic_source = kind == "anon" and re.fullmatch(
        r"(?:the|this|that)\s+sources?|소식통", attribution.text.strip(), re.IGNORECASE
    )
    if kind in ("group", "report", "ministry") or generic_source:
        wanted = {
            "group": ("ngo",),
            "report": ("ngo", "un", "gov"),
            "ministry": ("gov",),
            "anon": ("anon",),
        }[kind]
        earlier = [
            n
            for n in context.names
            if n.end <= sentence.start + attribution.start
            and n.kind in wanted
            and n.name != "anonymous source(s)"
        ]
        if earlier:
            return earlier[-1].name
        if kind == "report":
            return "report (unnamed)"
        if kind == "ministry":
            return "Ministry of Unification (ROK)"
    if names:
        return "; ".join(names)
    text = attribution.text
    if (
        context.url
        and re.sub(r"[^a-z]", "", text.lower())
        and re.sub(r"[^a-z]", "", text.lower()) in re.sub(r"[^a-z]", "", context.url.lower())
    ):
        return "author"
    if re.fullmatch(r"(?:we|this\s+newspaper|본지|본\s?매체|기자)", text.strip(), re.IGNORECASE):
        return "author"
    return text
