"""Property tests: the extractor never crashes and every span stays inside its text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.extraction import extract_claims, group_incidents
from refwatch.analysis.extraction.dates import find_dates
from refwatch.analysis.extraction.numbers import find_counts
from refwatch.analysis.extraction.sentences import split_sentences
from refwatch.analysis.extraction.triggers import find_triggers

WORDS = st.sampled_from([
    "China", "forcibly", "repatriated", "about", "600", "hundreds", "North Koreans", "on", "Oct. 9",
    "detained", "in", "Tumen", "said", "reportedly", "the", "Asian Games", "ended", ",", ".", "\n",
    "중국", "공안이", "지난", "9일", "탈북민", "500여 명을", "북송했다", "것으로", "알려졌다", "2천~3천여 명",
    "체포돼", "구금", "중이던", "에 따르면", "\"", "“", "”", "—", "(", ")", "since", "2020", "last", "Monday",
])
TEXTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))
DATES = st.sampled_from([None, "2023", "2023-10", "2023-10-13", "2024-02-29", "garbage"])


@settings(max_examples=150, deadline=None)
@given(TEXTS, DATES)
def test_it_never_crashes_and_keeps_spans_inside_the_text(text: str, published: str | None) -> None:
    claims = extract_claims(text, published=published, doc_id="p")
    for claim in claims:
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.sentence
        for fragment in (claim.count_text, claim.perpetrator_text):
            if fragment:
                assert fragment in claim.sentence
        if claim.count_low is not None and claim.count_high is not None:
            assert claim.count_low <= claim.count_high
        if claim.date_start and claim.date_end:
            assert claim.date_start[:4] <= claim.date_end[:4]
    group_incidents(claims)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_sentences_cover_their_offsets(text: str) -> None:
    previous_end = 0
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.sampled_from(["en", "ko"]), DATES)
def test_mentions_stay_inside_the_sentence(text: str, lang: str, published: str | None) -> None:
    for mention in [*find_counts(text, lang), *find_triggers(text, lang)]:
        assert text[mention.start:mention.end] == mention.text
    for date in find_dates(text, lang, published):
        assert 0 <= date.start <= date.end <= len(text)
        assert text[date.start:date.end] == date.text
