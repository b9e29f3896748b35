"""Article-level corroboration and denial.

When an article says that another party confirms the event ("the ministry said the
reports appear credible", "정부는 보도가 사실로 보인다고 밝혔다"),
the claims of other sources about past returns get ``corroborated_by``; when a party
denies ("Beijing rejected the allegations of returns", "중국 외교부는 부인했다"), they get ``denied_by``. A statement that only
disputes the figure ("far less than the figure claimed") is written
"X (disputes the number only)". Confirmations and denials are sentence-level facts
of the article; they apply to forced-repatriation claims that report or allege a
past event (not to predictions, fears or the confirming party's own claims).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from refwatch.analysis.extraction.claims import Claim
from refwatch.analysis.extraction.context import AttributionMemo
from refwatch.analysis.extraction.dates import PubDate, parse_published
from refwatch.analysis.extraction.incidents import date_window
from refwatch.analysis.extraction.sentences import Sentence

__all__ = ["apply_stance"]

_CONFIRM_EN = re.compile(
    r"\b(?:seems?\s+to\s+be\s+true|appears?\s+to\s+be\s+(?:true|the\s+fact|a\s+fact)|"
    r"appear(?:s|ed)?\s+to\s+have\s+been|(?:officially\s+)?confirmed|acknowledged)\b",
    re.IGNORECASE,
)
_CONFIRM_KO = re.compile(
    r"사실(?:인\s?것)?으?로\s?(?:보인|보여|판단)|사실로\s?확인|확인(?:했|됐)|인정했"
)
_DENY_EN = re.compile(r"\b(?:denied|denies|rejected|dismissed)\b(?!\s+or\b)", re.IGNORECASE)
_IMPLICIT_DENY_EN = re.compile(
    r"\bthere\s+(?:were|are|was|is)\s+no\s+(?:[\"“]?so-called\s+)?"
    r"(?:North\s+Korean\s+)?(?:[\"“]?so-called\s+)?defectors",
    re.IGNORECASE,
)
_DENY_KO = re.compile(r"부인했|부정했|사실이\s?아니")
_IMPLICIT_DENY_KO = re.compile(r"(?:이른바\s?|소위\s?)?탈북자(?:는|란|가)\s?(?:존재하지|없)")
_DISPUTE_NUMBER = re.compile(
    r"\b(?:far\s+)?(?:less|lower|fewer|smaller)\s+than\s+the\s+(?:figure|number)", re.IGNORECASE
)
_PAST_HEDGES = ("alleged", "reported", "estimated")
_CONFIRMERS = ("gov",)


RECENT_DAYS = 62


def _recent(claim: Claim, pub: PubDate | None) -> bool:
    if pub is None or (not claim.date_end and not claim.date_start):
        return True
    window = date_window(claim.date_start, claim.date_end)
    return window is None or (pub.day - window[1]).days <= RECENT_DAYS


def apply_stance(
    claims: list[Claim],
    sentences: list[Sentence],
    langs: list[str],
    memo: AttributionMemo | None = None,
    published: str | date | None = None,
) -> list[Claim]:
    """Fill ``corroborated_by`` and ``denied_by`` from the article's other sentences.

    Statements in the news concern the current event: a claim dated more than
    ``RECENT_DAYS`` before publication keeps its own stance.
    """
    if not claims:
        return claims
    memo = memo or AttributionMemo()
    corroborators: list[str] = []
    deniers: list[str] = []
    disputes: list[str] = []
    for sentence, lang in zip(sentences, langs, strict=True):
        if not sentence.body:
            continue
        confirm = _CONFIRM_KO if lang == "ko" else _CONFIRM_EN
        deny = _DENY_KO if lang == "ko" else _DENY_EN
        implicit = _IMPLICIT_DENY_KO if lang == "ko" else _IMPLICIT_DENY_EN
        hits = [p.search(sentence.text) for p in (confirm, deny, implicit)]
        if not any(hits) and not (lang == "en" and _DISPUTE_NUMBER.search(sentence.text)):
            continue
        attribution = memo.get(sentence, lang)
        names = attribution.names if attribution else ()
        kind = attribution.kind if attribution else "other"
        if (
            names
            and kind in _CONFIRMERS
            and confirm.search(sentence.text)
            and not re.search(
                r"\b(?:declined|refused)\s+to\s+confirm\s+(?!the\s+(?:exact\s+)?(?:number|figure))",
                sentence.text,
                re.IGNORECASE,
            )
        ):
            corroborators.append(names[-1] if len(names) > 1 else names[0])
        if implicit.search(sentence.text):
            deniers.append("PRC Ministry of Foreign Affairs (implicit: 'no so-called defectors')")
        elif (
            deny.search(sentence.text)
            and (
                kind == "gov_cn"
                or re.search(r"\b(?:Chinese\s+government|China|Beijing)\b|중국", sentence.text)
            )
            and not re.search(r"\bneither\b|\bnor\b", sentence.text, re.IGNORECASE)
        ):
            deniers.append("PRC government")
        if lang == "en" and _DISPUTE_NUMBER.search(sentence.text) and attribution is not None:
            disputes.append(f"{attribution.text} (disputes the number only)")
    result: list[Claim] = []
    pub = parse_published(published)
    for claim in claims:
        if claim.event_type != "forced_repatriation" or claim.hedging not in _PAST_HEDGES \
                or not _recent(claim, pub):
            result.append(claim)
            continue
        own = claim.attributed_to or ""
        corroborated = next((c for c in corroborators if c.split(" (")[0] not in own), None)
        denied_parts = [d for d in deniers if "PRC" not in own]
        numeric = claim.count_low is not None or claim.count_high is not None
        if numeric and claim.hedging in ("alleged", "reported"):
            denied_parts.extend(d for d in disputes if d not in denied_parts)
        denied = "; ".join(dict.fromkeys(denied_parts)) or None
        result.append(replace(claim, corroborated_by=corroborated, denied_by=denied))
    return result
