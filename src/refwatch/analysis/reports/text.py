"""The report's own words in English and Korean, and number and date formatting.

>>> format_range(500, None, "en", "more_than")
'more than 500'
>>> format_range(500, None, "ko", "more_than")
'500명 이상'
>>> format_date(date(2023, 10, 9), "ko")
'2023년 10월 9일'
"""

from __future__ import annotations

from datetime import date

from refwatch.analysis.reports.model import Bilingual, GlossaryEntry, Lang
from refwatch.reference.vocabulary import CREDIBILITY, EVENT_TYPES, HEDGING, RELIABILITY

B = Bilingual

LABELS: dict[str, Bilingual] = {
    "contents": B("Contents", "목차"),
    "summary": B("Executive summary", "요약"),
    "key_figures": B("Key figures", "주요 수치"),
    "summary_incidents": B(
        "Between {start} and {end}, this report covers {n} incidents, drawn from {s} sources whose preserved originals are identified by hash.",
        "이 보고서는 {start}부터 {end}까지의 사건 {n}건을 다루며, 보존 원본이 해시로 식별되는 출처 {s}건에 근거한다.",
    ),
    "summary_largest": B(
        "The largest incident, “{title}” ({date}), is reported at {range}; the figures are shown side by side, not averaged.",
        "가장 큰 사건인 ‘{title}’({date})의 보고 수치는 {range}이며, 수치들은 평균 내지 않고 나란히 제시한다.",
    ),
    "summary_documented": B(
        "Summed over event types, the documentation records {total} person-events (one person arrested, then detained, then returned counts once under each).",
        "사건 유형별 기록 인원을 합하면 {total}건이다(체포·구금·송환을 모두 겪은 한 사람은 각 유형에 한 번씩 센다).",
    ),
    "summary_estimate": B(
        "{label}: between {lo} and {hi} across {k} estimation methods (point estimates {pmin} to {pmax}).",
        "{label}: {k}개 추정 방법에 걸쳐 {lo}–{hi}명(점추정치 {pmin}–{pmax}명).",
    ),
    "documented": B("Documented people by event type", "사건 유형별 기록된 인원"),
    "documented_note": B(
        "Distinct people recorded in the documentation, after record linkage; not a total of the population.",
        "기록 연계 후 문서로 확인된 서로 다른 사람의 수이며, 전체 규모가 아니다.",
    ),
    "estimates": B("Estimated totals", "추정 총계"),
    "estimates_note": B(
        "Each method's point estimate and interval; the spread shows how far the methods disagree.",
        "방법별 점추정치와 구간이며, 범위는 방법 간 차이를 보여 준다.",
    ),
    "quantity": B("Quantity", "추정 대상"),
    "method": B("Method", "방법"),
    "point": B("Estimate", "추정치"),
    "interval": B("Interval", "구간"),
    "observed": B("Observed", "관측"),
    "spread": B("Spread across methods", "방법 간 범위"),
    "incidents": B("Incidents", "사건"),
    "incident_count": B("Incidents in the period", "기간 내 사건"),
    "event_type": B("Event type", "사건 유형"),
    "dates": B("Dates", "날짜"),
    "places": B("Places", "장소"),
    "claims": B("Figures reported", "보고된 수치"),
    "claim_range": B("Range of reported figures", "보고된 수치 범위"),
    "figure": B("Figure", "수치"),
    "source": B("Source", "출처"),
    "attribution": B("Asserted by", "주장 주체"),
    "hedging": B("Firmness", "확실성"),
    "reliability": B("Source grade", "출처 등급"),
    "credibility": B("Information grade", "정보 등급"),
    "corroborated_by": B("Corroborated by", "교차 확인 출처"),
    "denials": B("Denials", "부인"),
    "sha256": B("SHA-256 of the preserved original", "보존 원본의 SHA-256"),
    "timeline": B("Timeline", "연표"),
    "timeline_note": B(
        "Each mark is an incident, numbered as in the incidents section; its size grows with the largest figure reported.",
        "각 표시는 사건 절의 번호와 같은 사건이며, 크기는 보고된 최대 수치에 따라 커진다.",
    ),
    "map": B("Map", "지도"),
    "map_note": B(
        "Numbered markers show the places of the incidents listed beside them.",
        "번호 표시는 옆에 적힌 사건들의 장소를 나타낸다.",
    ),
    "outside_map": B("Places outside the map frame", "지도 범위 밖의 장소"),
    "legal": B("Legal analysis", "법적 분석"),
    "legal_intro": B(
        "For each incident: the state responsible, the provisions its event type engages, and that state's status under each instrument on the incident date.",
        "사건별로 책임 국가, 사건 유형에 해당하는 조항, 사건 당일 해당 국가의 조약 지위를 제시한다.",
    ),
    "state": B("Responsible state", "책임 국가"),
    "provision": B("Provision", "조항"),
    "gist": B("What it requires", "요지"),
    "status": B("Status on the date", "해당 일자의 지위"),
    "bilateral": B("Bilateral arrangements invoked for returns", "송환 근거로 원용되는 양자 약정"),
    "findings": B("Authoritative findings", "권위 있는 판단"),
    "interventions": B("Interventions and responses", "개입과 대응"),
    "date": B("Date", "날짜"),
    "actor": B("Actor", "주체"),
    "kind": B("Kind", "종류"),
    "what": B("What was said or done", "내용"),
    "outcome": B("Outcome", "결과"),
    "concerns": B("Incidents", "관련 사건"),
    "recommendations": B("Recommendations", "권고"),
    "methods": B("Methods appendix", "방법론 부록"),
    "linkage": B("Record linkage", "기록 연계"),
    "estimation": B("Population estimation", "규모 추정"),
    "assumptions": B("Assumptions", "가정"),
    "diagnostics": B("Diagnostics", "진단"),
    "software": B("Software", "소프트웨어"),
    "disclosure": B("Disclosure control", "공개 통제"),
    "disclosure_policy": B(
        "Counts from 1 to {below} are withheld, and further counts are withheld where needed so that no withheld count can be worked out from the totals; withheld values are marked {mark}. Which withheld values were small is not stated, because that would reveal them.",
        "1부터 {below}까지의 수치는 공개하지 않으며, 합계로부터 역산할 수 없도록 필요한 다른 수치도 함께 가린다. 가린 값은 {mark}로 표시한다. 어느 값이 작은 값이었는지는 밝히지 않는다(밝히면 값이 드러나기 때문).",
    ),
    "withheld_cells": B("Withheld values", "가린 값"),
    "none_withheld": B("No value had to be withheld.", "가릴 값이 없었다."),
    "qi_check": B("Quasi-identifier check", "준식별자 점검"),
    "qi_text": B(
        "Of {total} documented people, {unique} would be unique by sex, birth year, home county, detention place and event date together. Any public breakdown of them uses {levels}, so that each published combination covers at least {k} people; {withheld} people in smaller combinations are left out of it.",
        "기록된 {total}명 중 {unique}명은 성별·출생연도·출신 군·구금 장소·사건 일자를 함께 보면 유일하게 식별된다. 공개 분류는 {levels} 수준을 사용하여 각 조합이 최소 {k}명을 포함하도록 하며, 더 작은 조합에 속한 {withheld}명은 제외한다.",
    ),
    "no_identities": B(
        "No name, birth date, testimony or other identity appears in this report.",
        "이 보고서에는 이름, 생년월일, 증언 등 신원 정보가 포함되지 않는다.",
    ),
    "sources": B("Sources", "출처 목록"),
    "published": B("Published", "발행일"),
    "publisher": B("Publisher", "발행처"),
    "glossary": B("Glossary", "용어집"),
    "period": B("Period covered", "대상 기간"),
    "generated": B("Generated", "작성 일시"),
    "prepared_by": B("Prepared by", "작성"),
    "submitted_to": B("Submitted to", "제출처"),
    "page": B("Page", "쪽"),
    "total": B("Total", "합계"),
    "people": B("People", "인원"),
    "none": B("None recorded.", "기록 없음."),
    "unknown": B("unknown", "미상"),
    "no_figure": B("no figure", "수치 없음"),
    "withheld_mark_note": B("‡ withheld (disclosure control)", "‡ 비공개(공개 통제)"),
    "un_submission": B("Submission", "제출 문서"),
    "briefing": B("Briefing", "브리핑"),
    "hash_note": B(
        "Every figure in this report traces to a source below; each source's preserved original is identified by its SHA-256 hash.",
        "이 보고서의 모든 수치는 아래 출처로 추적되며, 각 출처의 보존 원본은 SHA-256 해시로 식별된다.",
    ),
    "incident_number": B("Incident", "사건"),
    "count_tables": B("Documented people, cross-tabulated", "기록된 인원 교차표"),
    "intervention_kind.demand": B("Demand", "요구"),
    "intervention_kind.statement": B("Statement", "성명"),
    "intervention_kind.un_communication": B("UN communication", "유엔 서한"),
    "intervention_kind.response": B("Response", "대응"),
    "intervention_kind.denial": B("Denial", "부인"),
    "intervention_kind.resolution": B("Resolution", "결의"),
}

QI_LEVEL_LABELS: dict[str, Bilingual] = {
    "sex": B("sex", "성별"),
    "birth_year": B("birth year", "출생연도"),
    "home": B("home", "출신지"),
    "detention": B("detention place", "구금 장소"),
    "event_date": B("event date", "사건 일자"),
    "year": B("year", "연도"),
    "5-year band": B("5-year band", "5년 단위"),
    "10-year band": B("10-year band", "10년 단위"),
    "county": B("county", "군"),
    "province": B("province", "도"),
    "place": B("place", "장소"),
    "region": B("region", "지역"),
    "day": B("day", "일"),
    "month": B("month", "월"),
    "quarter": B("quarter", "분기"),
    "withheld": B("withheld", "비공개"),
}

QUALIFIER_FORMS: dict[str, Bilingual] = {
    "exact": B("{n}", "{n}명"),
    "about": B("about {n}", "약 {n}명"),
    "more_than": B("more than {n}", "{n}명 이상"),
    "at_least": B("at least {n}", "최소 {n}명"),
    "up_to": B("up to {n}", "최대 {n}명"),
    "vague": B("{n} (vague)", "{n}명(불명확)"),
}

DEFAULT_GLOSSARY: tuple[GlossaryEntry, ...] = (
    GlossaryEntry(
        B("Refoulement", "강제송환(르풀망)"),
        B(
            "Returning a person to a country where they face persecution, torture or other serious harm.",
            "박해, 고문 또는 그 밖의 중대한 위해를 받을 나라로 사람을 돌려보내는 것.",
        ),
    ),
    GlossaryEntry(
        B("Non-refoulement", "강제송환 금지 원칙"),
        B(
            "The rule, in refugee and human-rights law, that forbids refoulement.",
            "난민법과 국제인권법에서 강제송환을 금지하는 원칙.",
        ),
    ),
    GlossaryEntry(
        B("Refugee sur place", "현지 체재 중 난민(sur place)"),
        B(
            "A person who becomes a refugee after leaving home, for example because leaving is itself punished on return.",
            "출국 후에 난민이 된 사람. 예컨대 귀환 시 출국 자체가 처벌되는 경우.",
        ),
    ),
    GlossaryEntry(
        B("Claim", "주장"),
        B(
            "One source's statement about one event, kept with its figure, firmness and attribution.",
            "하나의 출처가 하나의 사건에 대해 말한 내용으로, 수치·확실성·주장 주체와 함께 보존된다.",
        ),
    ),
    GlossaryEntry(
        B("Incident", "사건"),
        B(
            "A real-world event described by one or more claims; its range spans the figures they give.",
            "하나 이상의 주장이 묘사하는 실제 사건. 그 범위는 주장들이 제시한 수치에 걸친다.",
        ),
    ),
    GlossaryEntry(
        B("Record linkage", "기록 연계"),
        B(
            "Deciding which records on different lists refer to the same person.",
            "서로 다른 명단의 기록 중 같은 사람을 가리키는 것을 판별하는 작업.",
        ),
    ),
    GlossaryEntry(
        B("Multiple systems estimation", "다중체계추정(MSE)"),
        B(
            "Estimating how many people were affected, including those on no list, from the overlap between lists.",
            "명단 간 중복으로부터 어느 명단에도 없는 사람을 포함한 전체 피해 규모를 추정하는 방법.",
        ),
    ),
    GlossaryEntry(
        B("Interval", "구간"),
        B(
            "The range of totals the data and the model support at the stated level (e.g. 95%).",
            "자료와 모형이 명시된 수준(예: 95%)에서 뒷받침하는 총계의 범위.",
        ),
    ),
    GlossaryEntry(
        B("Complementary suppression", "보완 비공개"),
        B(
            "Withholding additional counts so that a withheld small count cannot be worked out from totals.",
            "작은 수치를 합계로부터 역산할 수 없도록 다른 수치를 추가로 가리는 것.",
        ),
    ),
    GlossaryEntry(
        B("k-anonymity", "k-익명성"),
        B(
            "A release property: every published combination of personal traits covers at least k people.",
            "공개된 개인 특성의 모든 조합이 최소 k명을 포함하는 성질.",
        ),
    ),
    GlossaryEntry(
        B("SHA-256", "SHA-256"),
        B(
            "A fingerprint of a file: any change to the preserved original changes it.",
            "파일의 지문. 보존된 원본이 조금이라도 바뀌면 값이 달라진다.",
        ),
    ),
    GlossaryEntry(
        B("Source grade (A–F)", "출처 등급(A–F)"),
        B(
            "How reliable the source has proved, from A (completely reliable) to F (cannot be judged).",
            "출처의 신뢰도. A(완전히 신뢰)부터 F(판단 불가)까지.",
        ),
    ),
    GlossaryEntry(
        B("Information grade (1–6)", "정보 등급(1–6)"),
        B(
            "How credible the information is, from 1 (confirmed by other sources) to 6 (cannot be judged).",
            "정보의 신빙성. 1(다른 출처로 확인)부터 6(판단 불가)까지.",
        ),
    ),
)


def label(key: str, lang: Lang) -> str:
    """The report's own text for ``key`` in ``lang`` (KeyError on an unknown key)."""
    return LABELS[key].text(lang)


def _term(terms: tuple[object, ...], code: str, lang: Lang) -> str:
    for term in terms:
        if getattr(term, "code", None) == code:
            return str(getattr(term, "label_ko" if lang == "ko" else "label_en"))
    return code


def event_label(code: str, lang: Lang) -> str:
    return _term(EVENT_TYPES, code, lang)


def hedging_label(code: str, lang: Lang) -> str:
    return _term(HEDGING, code, lang)


def reliability_label(code: str, lang: Lang) -> str:
    return f"{code} – {_term(RELIABILITY, code, lang)}" if code else ""


def credibility_label(value: int | None, lang: Lang) -> str:
    return f"{value} – {_term(CREDIBILITY, str(value), lang)}" if value is not None else ""


def format_count(value: float | None, lang: Lang) -> str:
    """Thousands separators, no decimals; empty for ``None``."""
    if value is None:
        return ""
    return f"{round(value):,}"


def format_range(low: int | None, high: int | None, lang: Lang, qualifier: str = "range") -> str:
    """A claim or incident range in words: ``about 600``, ``500–650``, ``more than 500``."""
    if low is None and high is None:
        return label("no_figure", lang)
    if low is not None and (high is None or high == low):
        form = QUALIFIER_FORMS.get(qualifier if high is None or qualifier != "range" else "exact")
        if high is None and qualifier in ("exact", "range"):
            form = QUALIFIER_FORMS["at_least"]
        assert form is not None
        return form.text(lang).format(n=format_count(low, lang))
    if low is None:
        return QUALIFIER_FORMS["up_to"].text(lang).format(n=format_count(high, lang))
    text = f"{format_count(low, lang)}–{format_count(high, lang)}"
    return f"{text}명" if lang == "ko" else text


def format_date(day: date | None, lang: Lang) -> str:
    if day is None:
        return label("unknown", lang)
    if lang == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def format_date_range(start: date, end: date | None, lang: Lang) -> str:
    if end is None or end == start:
        return format_date(start, lang)
    return f"{format_date(start, lang)} – {format_date(end, lang)}"
