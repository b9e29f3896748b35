"""A synthetic report for demos, documentation and tests.

Every person-level value here is generated from ``seed``; the sources are
invented stand-ins (their hashes are of their own titles), and the incident
figures echo the publicly reported ranges of the October 2023 mass return
quoted in the design notes (">500", "about 600", "650 over two days", "about
200"). Nothing here is a real testimony or a real person.

>>> data = sample_report_data(language="ko")
>>> data.language, len(data.incidents) > 2
('ko', True)
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime

from refwatch.analysis.reports.model import (
    Bilingual,
    ClaimFigure,
    CountTable,
    Denial,
    EventCount,
    Incident,
    Intervention,
    Lang,
    MethodEstimate,
    MethodsInfo,
    Period,
    Place,
    QuasiIdentifierRow,
    ReportData,
    ReportMeta,
    SourceRef,
    TemplateName,
)

B = Bilingual

TUMEN = Place(B("Tumen", "투먼(도문)"), "CN", 42.96611, 129.8425, "city")
DANDONG = Place(B("Dandong", "단둥"), "CN", 40.12917, 124.39472, "city")
NANPING = Place(B("Nanping", "난핑"), "CN", 42.25, 129.23, "town")
HUNCHUN = Place(B("Hunchun", "훈춘"), "CN", 42.8675, 130.35806, "city")
HYESAN = Place(B("Hyesan", "혜산"), "KP", 41.40167, 128.17778, "city")
SEOUL = Place(B("Seoul", "서울"), "KR", 37.5665, 126.978, "city")
BANGKOK = Place(B("Bangkok", "방콕"), "TH", 13.7563, 100.5018, "city")


def _source(key: str, title: str, publisher: str, day: date, kind: str, grade: str) -> SourceRef:
    digest = hashlib.sha256(f"synthetic:{key}:{title}".encode()).hexdigest()
    return SourceRef(key, title, publisher, digest, day, "", "en", kind, grade)


SOURCES: tuple[SourceRef, ...] = (
    _source(
        "S1",
        "Synthetic NGO alert on a mass return from Jilin",
        "Example Human Rights Group",
        date(2023, 10, 12),
        "report",
        "B",
    ),
    _source(
        "S2",
        "Synthetic wire report citing activists",
        "Example Wire Service",
        date(2023, 10, 11),
        "news",
        "C",
    ),
    _source(
        "S3",
        "Synthetic ministry briefing transcript",
        "Example Ministry",
        date(2023, 10, 13),
        "statement",
        "B",
    ),
    _source(
        "S4",
        "Synthetic foreign ministry press conference",
        "Example Foreign Ministry",
        date(2023, 10, 16),
        "statement",
        "C",
    ),
    _source(
        "S5",
        "Synthetic testimony summary (pseudonymised)",
        "Example Documentation Centre",
        date(2023, 3, 2),
        "testimony",
        "C",
    ),
    _source("S6", "Synthetic UN press release", "Example UN Office", date(2023, 10, 20), "un", "A"),
    _source("S7", "Synthetic local radio report", "Example Radio", date(2022, 6, 20), "news", "D"),
)


def _quasi_identifiers(seed: int, n: int) -> tuple[QuasiIdentifierRow, ...]:
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data, not security)
    homes = (
        ("Musan", "North Hamgyong"),
        ("Hoeryong", "North Hamgyong"),
        ("Onsong", "North Hamgyong"),
        ("Hyesan", "Ryanggang"),
        ("Sinuiju", "North Pyongan"),
    )
    places = (
        ("Tumen detention centre", "Jilin"),
        ("Dandong lockup", "Liaoning"),
        ("Longjing police station", "Jilin"),
        ("Hunchun border post", "Jilin"),
    )
    kinds = ("forced_repatriation", "detention", "arrest", "transfer")
    rows = []
    for _ in range(n):
        home = rng.choice(homes)
        place = rng.choice(places)
        day = date(rng.choice((2021, 2022, 2023)), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            QuasiIdentifierRow(
                sex=rng.choices(("F", "M"), weights=(4, 1))[0],
                birth_year=rng.randint(1965, 2008),
                home_county=home[0],
                home_province=home[1],
                detention_place=place[0],
                detention_region=place[1],
                event_date=day,
                event_type=rng.choices(kinds, weights=(6, 3, 2, 1))[0],
            )
        )
    return tuple(rows)


def sample_report_data(
    *,
    language: Lang = "en",
    template: TemplateName = "un-submission",
    seed: int = 7,
    people: int = 240,
) -> ReportData:
    """A complete synthetic :class:`ReportData` (incidents, estimates, tables, quasi-identifiers).

    ``people`` synthetic quasi-identifier rows are drawn with ``seed``; the
    documented counts include small ones on purpose, so disclosure control has
    work to do.
    """
    incidents = (
        Incident(
            key="2023-10-mass-return",
            title=B(
                "Mass forced return from Jilin and Liaoning after the Asian Games",
                "아시안게임 직후 지린·랴오닝성에서의 대규모 강제북송",
            ),
            event_type="forced_repatriation",
            start=date(2023, 10, 9),
            end=date(2023, 10, 10),
            places=(TUMEN, DANDONG, NANPING, HUNCHUN),
            claims=(
                ClaimFigure("S1", 600, 600, "about", "reported", "Example Human Rights Group", 2),
                ClaimFigure(
                    "S2", 500, None, "more_than", "reported", "activists quoted by the wire", 3
                ),
                ClaimFigure(
                    "S2",
                    650,
                    650,
                    "about",
                    "alleged",
                    "a second activist group",
                    3,
                    B("over two days", "이틀에 걸쳐"),
                ),
                ClaimFigure("S7", 200, 200, "about", "reported", "local sources", 4),
            ),
            corroborated_by=("S3",),
            denials=(
                Denial(
                    B("Foreign ministry of the returning state", "송환국 외교부"),
                    B(
                        "Said there are no so-called defectors, only illegal migrants.",
                        "이른바 탈북자는 없으며 불법 입국자만 있다고 말함.",
                    ),
                    date(2023, 10, 16),
                    "S4",
                ),
            ),
            summary=B(
                "Several hundred people held in border detention were returned overnight, the day after the games closed.",
                "국경 구금시설에 수용된 수백 명이 대회 폐막 다음 날 밤사이 송환되었다.",
            ),
            legal_note=B(
                "The border had reopened in August, so the return was foreseeable and could have been prevented.",
                "국경이 8월에 재개방되어 송환은 예견 가능했고 막을 수 있었다.",
            ),
        ),
        Incident(
            key="2023-04-dandong-arrests",
            title=B("Arrests of escapees in Dandong", "단둥에서의 탈북민 체포"),
            event_type="arrest",
            start=date(2023, 4, 18),
            places=(DANDONG,),
            claims=(ClaimFigure("S5", 7, 9, "range", "alleged", "a relative (pseudonymised)", 3),),
        ),
        Incident(
            key="2022-06-tumen-detention",
            title=B(
                "Detention of women at the Tumen border centre", "투먼 변방 구류심사소의 여성 구금"
            ),
            event_type="detention",
            start=date(2022, 6, 1),
            end=date(2023, 9, 30),
            places=(TUMEN,),
            claims=(ClaimFigure("S7", 80, 120, "range", "reported", "local sources", 4),),
        ),
        Incident(
            key="2023-11-death-after-return",
            title=B("Death in custody after return", "송환 후 구금 중 사망"),
            event_type="death_in_custody",
            start=date(2023, 11, 20),
            places=(HYESAN,),
            claims=(ClaimFigure("S6", 1, 1, "exact", "feared", "UN office", 4),),
        ),
        Incident(
            key="2023-07-arrival",
            title=B("Arrival of a group in a third country", "제3국 도착"),
            event_type="arrival_third_country",
            start=date(2023, 7, 3),
            places=(BANGKOK,),
            claims=(ClaimFigure("S5", 12, 12, "exact", "reported", "a support group", 2),),
        ),
    )
    interventions = (
        Intervention(
            "I1",
            date(2023, 9, 21),
            B("Human rights NGO", "인권 단체"),
            "demand",
            B(
                "Asked the government not to return the detainees.",
                "구금자를 송환하지 말 것을 요구함.",
            ),
            B("No reply.", "답변 없음."),
            ("2023-10-mass-return",),
            "S1",
        ),
        Intervention(
            "I2",
            date(2023, 10, 13),
            B("Ministry of Unification", "통일부"),
            "statement",
            B(
                "Said the reports of a mass return seemed to be true.",
                "대규모 송환 보도가 사실로 보인다고 밝힘.",
            ),
            B(""),
            ("2023-10-mass-return",),
            "S3",
        ),
        Intervention(
            "I3",
            date(2023, 10, 16),
            B("Foreign ministry of the returning state", "송환국 외교부"),
            "denial",
            B("Denied that the returnees were refugees.", "송환자가 난민임을 부인함."),
            B(""),
            ("2023-10-mass-return",),
            "S4",
        ),
        Intervention(
            "I4",
            date(2023, 10, 20),
            B("UN human rights office", "유엔 인권사무소"),
            "un_communication",
            B(
                "Expressed alarm and recalled the principle of non-refoulement.",
                "우려를 표하고 강제송환 금지 원칙을 상기함.",
            ),
            B("Pending.", "진행 중."),
            ("2023-10-mass-return", "2023-11-death-after-return"),
            "S6",
        ),
    )
    documented = (
        EventCount("forced_repatriation", 182),
        EventCount("detention", 64),
        EventCount("arrest", 23),
        EventCount("transfer", 3),
        EventCount("death_in_custody", 2),
        EventCount("arrival_third_country", 12),
    )
    table = CountTable(
        key="documented_by_event_and_year",
        title=B("Documented people by event type and year", "사건 유형·연도별 기록된 인원"),
        row_labels=(
            B("Forced repatriation", "강제북송"),
            B("Detention", "구금"),
            B("Arrest", "체포"),
            B("Transfer", "이송"),
        ),
        col_labels=(B("2021"), B("2022"), B("2023")),
        cells=((3, 41, 138), (12, 30, 22), (2, 9, 12), (0, 1, 2)),
    )
    estimates = (
        MethodEstimate(
            "detained_2020_2023",
            B("People detained in China, 2020–2023", "2020–2023년 중국 내 구금 인원"),
            "lcmcr",
            2310,
            1890,
            3120,
            0.95,
            871,
            (("R-hat max", "1.01"), ("effective samples", "1,840")),
        ),
        MethodEstimate(
            "detained_2020_2023",
            B("People detained in China, 2020–2023", "2020–2023년 중국 내 구금 인원"),
            "loglinear (BIC)",
            2050,
            1760,
            2540,
            0.95,
            871,
            (("models averaged", "7"),),
        ),
        MethodEstimate(
            "detained_2020_2023",
            B("People detained in China, 2020–2023", "2020–2023년 중국 내 구금 인원"),
            "Chapman (2 lists)",
            1720,
            1530,
            1960,
            0.95,
            871,
        ),
    )
    methods = MethodsInfo(
        linkage=B(
            "Records of three organisations' lists were linked with a Fellegi–Sunter model on names in several scripts, sex, birth year and home county; pairs near the threshold were reviewed by hand.",
            "세 단체 명단의 기록을 여러 표기의 이름, 성별, 출생연도, 출신 군에 기반한 Fellegi–Sunter 모형으로 연계했으며, 경계 부근의 쌍은 직접 검토했다.",
        ),
        estimation=B(
            "Totals were estimated from the overlaps between lists by three methods; their spread is reported rather than a single figure.",
            "명단 간 중복으로부터 세 가지 방법으로 총계를 추정했으며, 단일 수치 대신 방법 간 범위를 제시한다.",
        ),
        assumptions=(
            B(
                "The lists cover one closed population over the period.",
                "명단들은 기간 중 하나의 닫힌 모집단을 대상으로 한다.",
            ),
            B(
                "Dependence between lists is modelled, not assumed away.",
                "명단 간 의존성은 무시하지 않고 모형화한다.",
            ),
        ),
        diagnostics=(("linkage false-match rate (review sample)", "2.1%"),),
        software=("refwatch 0.1 (synthetic demo)",),
    )
    meta = ReportMeta(
        title=B(
            "Forced repatriation of North Korean escapees from China", "중국 내 탈북민 강제북송"
        ),
        organisation=B("Example Documentation Centre (synthetic)", "예시 기록센터(가상)"),
        generated_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
        addressee=B(
            "UN Special Rapporteur on the situation of human rights in the DPRK",
            "유엔 북한인권 특별보고관",
        ),
        recommendations=(
            B(
                "Call on China to stop forced returns and to grant UNHCR access to detainees.",
                "중국에 강제송환 중단과 유엔난민기구의 구금자 접근 허용을 촉구할 것.",
            ),
            B(
                "Raise individual cases, without identifying them publicly, through UN communications.",
                "개별 사례를 공개적으로 식별하지 않으면서 유엔 서한 절차로 제기할 것.",
            ),
        ),
    )
    return ReportData(
        meta=meta,
        period=Period(date(2022, 1, 1), date(2023, 12, 31)),
        language=language,
        template=template,
        documented=documented,
        estimates=estimates,
        tables=(table,),
        incidents=incidents,
        interventions=interventions,
        methods=methods,
        sources=SOURCES,
        quasi_identifiers=_quasi_identifiers(seed, people),
    )
