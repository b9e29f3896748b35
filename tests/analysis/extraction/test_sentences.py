"""Sentence splitting: offsets, abbreviations, page furniture."""

from __future__ import annotations

from refwatch.analysis.extraction.sentences import split_sentences


def test_it_keeps_offsets_into_the_document() -> None:
    text = "Headline without a stop\n\nPolice held 3 people. Mr. Lee said so on Oct. 9 in Yanji."
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text


def test_it_does_not_split_after_abbreviations_or_initials() -> None:
    texts = [s.text for s in split_sentences("Mr. Park met N. Korean envoys on Oct. 9. They left.")]
    assert texts == ["Mr. Park met N. Korean envoys on Oct. 9.", "They left."]


def test_it_splits_korean_sentences() -> None:
    text = "경찰이 탈북민 3명을 체포했다. 이들은 구금됐다."
    assert [s.text for s in split_sentences(text)] == ["경찰이 탈북민 3명을 체포했다.", "이들은 구금됐다."]


def test_it_marks_headlines_captions_and_truncation_as_not_body() -> None:
    text = (
        "Border city sees new returns\n"
        "A bus waits at the bridge. (Yonhap)\n"
        "Police detained five people on Monday night.\n"
        "The report was cut her"
    )
    body = {s.text: s.body for s in split_sentences(text)}
    assert body["Border city sees new returns"] is False
    assert body["Police detained five people on Monday night."] is True
    assert body["The report was cut her"] is False


def test_it_treats_lines_before_a_dateline_as_header() -> None:
    text = "Title line\nA deck that reads like a sentence.\nSEOUL - Police held two men on Friday."
    sentences = split_sentences(text)
    assert [s.body for s in sentences] == [False, False, True]


def test_it_keeps_a_quotation_with_its_reporting_verb() -> None:
    text = '소식통은 “모두 넘겼다. 일부는 남았다”라고 밝혔다. 다음 문장이다.\n"We saw buses. They left," she said. Then it rained.'
    assert [s.text for s in split_sentences(text)] == [
        "소식통은 “모두 넘겼다. 일부는 남았다”라고 밝혔다.",
        "다음 문장이다.",
        '"We saw buses. They left," she said.',
        "Then it rained.",
    ]
