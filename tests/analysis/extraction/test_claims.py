"""Claims from whole documents written for these tests (no copyrighted text)."""

from __future__ import annotations

import json
from importlib import resources

from refwatch.analysis.extraction import Claim, extract_claims


def examples() -> list[dict[str, str]]:
    text = resources.files("refwatch.analysis.extraction").joinpath("data/examples.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def claims_of(doc_id: str) -> list[Claim]:
    document = next(d for d in examples() if d["id"] == doc_id)
    return extract_claims(document["text"], published=document["published"], lang=document["lang"],
                          doc_id=doc_id, url=document.get("url"))


def test_it_extracts_an_english_repatriation_with_all_fields() -> None:
    claim = claims_of("example-en-1")[0]
    assert claim.event_type == "forced_repatriation"
    assert (claim.count_low, claim.count_high, claim.qualifier) == (40, 40, "about")
    assert (claim.date_start, claim.date_end) == ("2024-06-11", "2024-06-11")
    assert claim.place == "Yanji" and claim.place_ids == ("cn-jl-yanji",)
    assert claim.perpetrator == "PRC police"
    assert claim.hedging == "reported" and claim.hedge_cue == "according to"
    assert claim.attributed_to_text == "a Seoul-based rescue group"


def test_it_records_corroboration_and_denial_at_article_level() -> None:
    claim = claims_of("example-en-1")[0]
    assert claim.corroborated_by == "Ministry of Unification (ROK)"
    assert claim.denied_by is not None and "no so-called defectors" in claim.denied_by


def test_it_gives_sentence_offsets_into_the_document() -> None:
    document = next(d for d in examples() if d["id"] == "example-en-2")
    for claim in claims_of("example-en-2"):
        assert document["text"][claim.start:claim.end] == claim.sentence


def test_it_makes_one_claim_per_event_in_a_sentence() -> None:
    kinds = [(c.event_type, c.count_low, c.count_high) for c in claims_of("example-en-2")]
    assert ("forced_repatriation", 50, None) in kinds
    assert ("arrest", 20, 99) in kinds
    assert ("detention", 200, 200) in kinds


def test_it_reads_a_korean_article() -> None:
    first = claims_of("example-ko-1")[0]
    assert first.lang == "ko"
    assert (first.event_type, first.count_low, first.qualifier) == ("forced_repatriation", 40, "more_than")
    assert first.date_start == "2024-06-11"
    assert first.perpetrator == "PRC public security"
    assert (first.hedging, first.attributed_to) == ("alleged", "unspecified")
    assert first.corroborated_by == "Ministry of Unification (ROK)"


def test_it_reads_korean_ranges_and_estimates() -> None:
    claims = claims_of("example-ko-2")
    repatriation = next(c for c in claims if c.event_type == "forced_repatriation")
    assert (repatriation.count_low, repatriation.count_high, repatriation.qualifier) == (30, 40, "range")
    assert repatriation.hedging == "alleged"
    detention = next(c for c in claims if c.event_type == "detention")
    assert (detention.count_low, detention.qualifier, detention.hedging) == (200, "at_least", "estimated")
    assert detention.date_start == "2024-06-21"


def test_it_skips_generic_conditional_and_normative_sentences() -> None:
    text = (
        "China routinely repatriates North Koreans.\n"
        "If they are deported, they face prison.\n"
        "The envoy urged Beijing not to repatriate refugees."
    )
    assert extract_claims(text, published="2024-01-01", doc_id="generic") == []


def test_it_returns_nothing_for_a_document_without_events() -> None:
    assert extract_claims("Markets rose on Monday. 영업이익이 늘었다.", published="2024-01-01") == []


def test_it_serialises_to_the_claims_contract() -> None:
    data = claims_of("example-en-1")[0].to_dict()
    for key in ("doc_id", "claim_id", "event_type", "count_low", "count_high", "count_text", "qualifier",
                "date_start", "date_end", "date_text", "place_text", "place", "perpetrator_text",
                "perpetrator", "attributed_to_text", "attributed_to", "hedging", "hedge_cue",
                "corroborated_by", "denied_by", "sentence", "start", "end"):
        assert key in data
    json.dumps(data)


def test_it_reads_a_korean_agency_report() -> None:
    text = (
        '(서울=연합뉴스) 홍길동 기자 = 인권단체 관계자는 15일 "지난 4월 훈춘 세관을 통해 최소 60명이 북송됐다"고 밝혔다.\n'
        '소식통은 "일부는 교화소로 보내질 것"이라고 전했다.'
    )
    claims = extract_claims(text, published="2024-05-16", doc_id="k")
    first, second = claims
    assert (first.event_type, first.count_low, first.qualifier) == ("forced_repatriation", 60, "at_least")
    assert (first.date_start, first.date_end, first.hedging) == ("2024-04", "2024-04", "reported")
    assert first.place == "Hunchun; China–DPRK border crossings (unspecified)"
    assert (second.event_type, second.hedging) == ("transfer", "predicted")


def test_it_drops_restatements_that_add_nothing() -> None:
    text = (
        "Police in Yanji arrested 12 North Koreans on May 2, a source said.\n"
        "The police arrested them, the source said.\n"
    )
    assert len(extract_claims(text, published="2024-05-10", doc_id="r")) == 1


def test_it_reads_an_agency_style_english_report() -> None:
    text = (
        "SEOUL (AP) — China has sent back about 300 North Koreans, activists said Thursday, a move "
        "that drew criticism.\n"
        "The returnees were bused across the bridge from Dandong to Sinuiju late Monday, said Park "
        "Ji-won, head of a Seoul-based aid group.\n"
        "He said at least 20 others had been transferred to a holding facility in Tumen.\n"
        "Beijing has denied forcibly repatriating refugees."
    )
    claims = extract_claims(text, published="2023-10-12", doc_id="ap")
    first = claims[0]
    assert (first.count_low, first.attributed_to, first.denied_by) == (
        300, "civil organizations (unnamed)", "PRC government")
    bused = claims[1]
    assert (bused.event_type, bused.date_start, bused.place) == (
        "forced_repatriation", "2023-10-09", "Dandong; Sinuiju")
    transfer = next(c for c in claims if c.event_type == "transfer")
    assert (transfer.count_low, transfer.attributed_to_text) == (20, "He")
    assert transfer.attributed_to and transfer.attributed_to.startswith("Park Ji-won")
    assert claims[-1].hedging == "denied"


def test_it_leaves_practices_and_accusations_without_facts_out() -> None:
    text = (
        "China has been criticised for forcibly repatriating North Koreans.\n"
        "Rights groups accused Beijing of deporting refugees.\n"
        "China has repeatedly sent back escapees.\n"
        "Beijing has denied forcibly repatriating refugees."
    )
    claims = extract_claims(text, published="2024-09-10", doc_id="n")
    assert [(c.event_type, c.hedging, c.attributed_to) for c in claims] == [
        ("forced_repatriation", "denied", "PRC government")]


def test_it_keeps_a_part_of_a_group_out_of_the_figures() -> None:
    for text in ("China repatriated 60 North Koreans, including 10 children, on April 26.",
                 "중국은 지난달 26일 어린이 10명을 포함한 탈북민 60명을 북송했다."):
        claims = extract_claims(text, published="2024-05-10", doc_id="s")
        assert [(c.count_low, c.date_start) for c in claims] == [(60, "2024-04-26")]
