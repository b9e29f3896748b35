"""Event triggers and the roles that decide whether they make claims."""

from __future__ import annotations

import pytest

from refwatch.analysis.extraction.triggers import find_triggers


def roles(sentence: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(t.event_type, t.role) for t in find_triggers(sentence, lang)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Border guards arrested nine people.", [("arrest", "main")]),
        ("Twelve were forcibly sent back to North Korea.", [("forced_repatriation", "main")]),
        ("If they are deported, they face prison.", [("forced_repatriation", "conditional")]),
        ("The talks sought ways to repatriate them faster.", [("forced_repatriation", "infinitive")]),
        ("Beijing routinely deports escapees.", [("forced_repatriation", "habitual")]),
        ("The envoy urged China not to repatriate them.", [("forced_repatriation", "normative")]),
        ("Detained women were moved.", [("detention", "adnominal")]),
        ("Those repatriated face prison.", [("forced_repatriation", "adnominal")]),
    ],
)
def test_it_classifies_english_triggers(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert roles(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("공안이 탈북민 5명을 체포했다.", [("arrest", "main")]),
        ("체포된 탈북민 5명이 북송됐다.", [("arrest", "adnominal"), ("forced_repatriation", "main")]),
        ("구금 중이던 탈북민이 풀려났다.", [("detention", "adnominal"), ("release", "main")]),
        ("북송된 뒤 소식이 끊겼다.", [("forced_repatriation", "subordinate")]),
        ("강제북송을 중단하라고 촉구했다.", [("forced_repatriation", "normative")]),
        ("탈북민 10명이 체포돼 북송 대기 중이다.", [("arrest", "main"), ("detention", "main")]),
    ],
)
def test_it_classifies_korean_triggers(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert roles(sentence, "ko") == expected


def test_it_does_not_take_non_refoulement_for_an_event() -> None:
    assert find_triggers("They invoked the non-refoulement principle.", "en") == []
