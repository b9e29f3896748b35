"""Controlled vocabularies shared by the engines, the store and the reports.

Event types follow the HURIDOCS Events Standard Formats "types of acts" where a
code is known to us (only 380101 Refoulement is verified; the others carry no
code rather than a guessed one). Reliability and credibility are the two
independent Admiralty (NATO) scales. Hedging values are those of the claim
annotation guidelines.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    label_en: str
    label_ko: str
    huridocs: str = ""
    description: str = ""


EVENT_TYPES: tuple[Term, ...] = (
    Term("arrest", "Arrest", "체포", description="Taken into custody by the authorities."),
    Term(
        "detention", "Detention", "구금", description="Held in a police, border or other facility."
    ),
    Term(
        "transfer",
        "Transfer",
        "이송",
        description="Moved between facilities, to a crossing point, or to camps.",
    ),
    Term(
        "forced_repatriation",
        "Forced repatriation",
        "강제북송",
        huridocs="380101",
        description="Returned against one's will to the country of origin (refoulement).",
    ),
    Term("release", "Release", "석방"),
    Term("arrival_third_country", "Arrival in a third country", "제3국 도착"),
    Term(
        "voluntary_return",
        "Voluntary return",
        "자진 귀국",
        description="Official return home, e.g. dispatched workers; not refoulement.",
    ),
    Term("disappearance", "Enforced disappearance", "강제실종"),
    Term("death_in_custody", "Death in custody", "구금 중 사망"),
)

RELIABILITY: tuple[Term, ...] = (
    Term("A", "Completely reliable", "완전히 신뢰할 수 있음"),
    Term("B", "Usually reliable", "대체로 신뢰할 수 있음"),
    Term("C", "Fairly reliable", "어느 정도 신뢰할 수 있음"),
    Term("D", "Not usually reliable", "대체로 신뢰하기 어려움"),
    Term("E", "Unreliable", "신뢰할 수 없음"),
    Term("F", "Reliability cannot be judged", "신뢰도 판단 불가"),
)

CREDIBILITY: tuple[Term, ...] = (
    Term("1", "Confirmed by other sources", "다른 출처로 확인됨"),
    Term("2", "Probably true", "사실일 가능성 높음"),
    Term("3", "Possibly true", "사실일 수 있음"),
    Term("4", "Doubtful", "의심스러움"),
    Term("5", "Improbable", "사실일 가능성 낮음"),
    Term("6", "Truth cannot be judged", "진위 판단 불가"),
)

HEDGING: tuple[Term, ...] = (
    Term("asserted", "Asserted", "단정"),
    Term("reported", "Reported", "보도·전언"),
    Term("alleged", "Alleged", "주장·전해짐"),
    Term("apparent", "Apparent", "추정(보임)"),
    Term("estimated", "Estimated", "추산"),
    Term("feared", "Feared", "우려"),
    Term("predicted", "Predicted", "예상"),
    Term("denied", "Denied", "부인"),
)

QUALIFIERS: tuple[str, ...] = ("exact", "about", "more_than", "at_least", "up_to", "range", "vague")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "range")
SOURCE_KINDS: tuple[str, ...] = ("news", "report", "statement", "un", "testimony", "list")


def choices(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
    """(code, English label) pairs, as Django model choices expect."""
    return [(t.code, t.label_en) for t in terms]
