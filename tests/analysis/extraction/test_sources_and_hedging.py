"""Attribution, hedging, places and perpetrators on sentences written for these tests."""

from __future__ import annotations

import pytest

from refwatch.analysis.extraction.attribution import find_attribution, normalise_source
from refwatch.analysis.extraction.hedging import find_hedges
from refwatch.analysis.extraction.perpetrators import find_perpetrators
from refwatch.analysis.extraction.places import find_places


@pytest.mark.parametrize(
    ("sentence", "lang", "text", "names"),
    [
        ("According to Human Rights Watch, 30 people were returned.", "en",
         "Human Rights Watch", ("Human Rights Watch",)),
        ("Twenty were sent back last week, the unification ministry said.", "en",
         "the unification ministry", ("Ministry of Unification (ROK)",)),
        ("A local source told the paper that 12 women were held in Yanji.", "en",
         "A local source", ("anonymous source(s)",)),
        ("대북 소식통에 따르면 탈북민 8명이 체포됐다.", "ko", "대북 소식통", ("anonymous source(s)",)),
        ("통일부는 탈북민 일부가 북송된 것으로 보인다고 밝혔다.", "ko", "통일부",
         ("Ministry of Unification (ROK)",)),
    ],
)
def test_it_finds_who_says_it(sentence: str, lang: str, text: str, names: tuple[str, ...]) -> None:
    attribution = find_attribution(sentence, lang)
    assert attribution is not None
    assert attribution.text == text
    assert attribution.names == names
    assert sentence[attribution.start:attribution.end] == attribution.text


def test_it_names_the_group_an_outlet_quotes() -> None:
    names, _ = normalise_source("Radio Free Asia, quoting Justice for North Korea")
    assert names == ("Justice For North Korea (via Radio Free Asia)",)


def test_it_returns_none_without_a_source() -> None:
    assert find_attribution("Forty people were returned on Monday night.", "en") is None


@pytest.mark.parametrize(
    ("sentence", "lang", "label"),
    [
        ("China is said to have returned 50 people.", "en", "alleged"),
        ("About 80 were reportedly deported.", "en", "alleged"),
        ("The ministry confirmed that 20 were returned.", "en", "asserted"),
        ("The group estimates 300 are held.", "en", "estimated"),
        ("They are feared to be sent back soon.", "en", "feared"),
        ("More returns are likely to follow.", "en", "predicted"),
        ("It appears to be true that many were returned.", "en", "apparent"),
        ("Beijing denied the returns.", "en", "denied"),
        ("탈북민 30명이 북송된 것으로 알려졌다.", "ko", "alleged"),
        ("탈북민 다수가 북송된 것으로 보인다.", "ko", "apparent"),
        ("구금된 인원은 500명으로 추산된다.", "ko", "estimated"),
        ("추가 북송이 우려된다.", "ko", "feared"),
    ],
)
def test_it_reads_the_hedge(sentence: str, lang: str, label: str) -> None:
    labels = {cue.label for cue in find_hedges(sentence, lang)}
    assert label in labels


def test_it_keeps_will_of_people_out_of_predictions() -> None:
    assert find_hedges("They were returned against their will.", "en") == ()


def test_it_normalises_places_to_the_gazetteer() -> None:
    places = find_places("Police moved them from Yanji to Tumen near the border with North Korea.", "en")
    assert [(p.name, p.place_ids) for p in places] == [
        ("Yanji", ("cn-jl-yanji",)), ("Tumen", ("cn-jl-tumen",)), ("China–DPRK border area", ())]
    korean = find_places("투먼과 훈춘에서 체포됐다", "ko")
    assert [p.place_ids for p in korean] == [("cn-jl-tumen",), ("cn-jl-hunchun",)]


def test_it_leaves_out_the_country_of_return_and_capitals_as_governments() -> None:
    assert find_places("They were returned to North Korea after Pyongyang asked.", "en") == []


def test_it_finds_agents_not_locations() -> None:
    perps = find_perpetrators("Chinese police held them in China before Beijing acted.", "en")
    assert [(p.text, p.name) for p in perps] == [
        ("Chinese police", "PRC police"), ("Beijing", "PRC (state)")]
    korean = find_perpetrators("중국 공안이 중국 세관에서 탈북민을 넘겼다", "ko")
    assert [p.name for p in korean] == ["PRC public security"]
