"""The HTML report: self-contained, bilingual, traceable, and never identifying."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from refwatch.analysis.reports import (
    Bilingual,
    ClaimFigure,
    DisclosureError,
    Incident,
    ReportData,
    SourceRef,
    SuppressionPolicy,
    render_html,
    render_report,
    sample_report_data,
)

from .conftest import SyntheticPerson

SECTIONS_EN = (
    "Executive summary",
    "Key figures",
    "Incidents",
    "Timeline",
    "Map",
    "Legal analysis",
    "Interventions and responses",
    "Methods appendix",
    "Disclosure control",
    "Sources",
    "Glossary",
)
SECTIONS_KO = (
    "요약",
    "주요 수치",
    "사건",
    "연표",
    "지도",
    "법적 분석",
    "개입과 대응",
    "방법론 부록",
    "공개 통제",
    "출처 목록",
    "용어집",
)


@pytest.fixture(scope="module")
def html_en(report_en: ReportData) -> str:
    return render_html(report_en)


@pytest.fixture(scope="module")
def html_ko(report_ko: ReportData) -> str:
    return render_html(report_ko)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_it_has_every_section_in_english(html_en: str) -> None:
    for title in SECTIONS_EN:
        assert title in html_en, title


def test_it_has_every_section_in_korean(html_ko: str) -> None:
    assert '<html lang="ko">' in html_ko
    for title in SECTIONS_KO:
        assert title in html_ko, title


def test_it_makes_no_external_request_and_runs_no_script(html_en: str) -> None:
    assert "<script" not in html_en.lower()
    assert "<link" not in html_en.lower()
    assert "@import" not in html_en
    assert not re.search(r"""\ssrc\s*=""", html_en)
    assert not re.search(r"url\(\s*['\"]?(?!data:)", html_en)
    assert "Content-Security-Policy" in html_en and "default-src 'none'" in html_en


def test_it_draws_the_charts_and_the_map_as_inline_svg(html_en: str) -> None:
    assert html_en.count("<svg") == 3  # documented bars, timeline, map
    assert "<polyline" in html_en and "<circle" in html_en


def test_it_shows_every_claim_range_with_its_source_hash(
    report_en: ReportData, html_en: str
) -> None:
    assert "about 600" in html_en and "more than 500" in html_en and "about 650" in html_en
    assert "200–650" in html_en  # the mass return's range, figures side by side
    for source in report_en.sources:
        assert source.sha256 in html_en


def test_it_gives_the_legal_status_of_the_responsible_state(html_en: str, html_ko: str) -> None:
    assert "RC1951 art. 33(1)" in html_en
    assert "Party since 24 September 1982" in html_en
    assert "Signatory only since 5 October 1998" in html_en
    assert "1982년 9월 24일부터 당사국" in html_ko


def test_it_lists_interventions_and_denials(html_en: str) -> None:
    assert "Ministry of Unification" in html_en
    assert "UN communication" in html_en
    assert "Denials" in html_en


def test_it_withholds_small_documented_counts_and_says_so(html_en: str) -> None:
    text = _text(html_en)
    assert "‡" in text
    assert "Withheld values" in text
    assert "Transfer" in text.split("Withheld values", 1)[1]


def test_it_states_the_estimate_spread_across_methods(html_en: str) -> None:
    assert "1,530–3,120" in html_en  # lowest bound to highest bound
    assert "1,720–2,310" in html_en  # point estimates


def test_it_never_prints_a_name_or_birth_date(
    people: list[SyntheticPerson], html_en: str, html_ko: str
) -> None:
    for person in people:
        for needle in person.forbidden():
            assert needle not in html_en
            assert needle not in html_ko


def test_it_refuses_to_return_a_report_containing_a_forbidden_string() -> None:
    data = sample_report_data()
    leaked = dataclasses.replace(
        data.incidents[0], summary=Bilingual("Witness Kim Ga-sang said ...", "")
    )
    data = dataclasses.replace(data, incidents=(leaked, *data.incidents[1:]))
    with pytest.raises(DisclosureError) as error:
        render_html(data, forbidden=["kim  ga-sang"])
    assert "Ga-sang" not in str(error.value)


def test_it_escapes_markup_in_the_data() -> None:
    data = sample_report_data()
    hostile = dataclasses.replace(data.incidents[0], title=Bilingual('<script>alert(1)</script>"'))
    html = render_html(dataclasses.replace(data, incidents=(hostile, *data.incidents[1:])))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_it_withholds_a_small_figure_from_a_testimony() -> None:
    data = sample_report_data()
    source = SourceRef("T1", "Testimony", "Centre", "0" * 64, kind="testimony")
    incident = Incident(
        "tiny",
        Bilingual("Arrest of a family"),
        "arrest",
        date(2023, 5, 5),
        claims=(ClaimFigure("T1", 3, 3, "exact"),),
    )
    data = dataclasses.replace(
        data, sources=(*data.sources, source), incidents=(*data.incidents, incident)
    )
    html = render_html(data)
    part = html.split("Arrest of a family", 1)[1].split("</article>", 1)[0]
    assert ">3<" not in part and "‡" in part


def test_it_follows_the_policy_threshold(report_en: ReportData) -> None:
    strict = render_html(report_en, suppression=SuppressionPolicy(threshold=30))
    assert strict.count("‡") > render_html(report_en).count("‡")


def test_it_renders_the_briefing_template_too(report_en: ReportData) -> None:
    html = render_report(dataclasses.replace(report_en, template="briefing")).decode()
    assert "Briefing" in html and "Legal analysis" in html


def test_it_renders_an_empty_period_without_failing() -> None:
    data = sample_report_data()
    empty = dataclasses.replace(
        data,
        incidents=(),
        interventions=(),
        documented=(),
        estimates=(),
        tables=(),
        quasi_identifiers=(),
    )
    html = render_html(empty)
    assert "None recorded." in html


def test_it_refuses_an_unknown_format(report_en: ReportData) -> None:
    with pytest.raises(ValueError):
        render_report(report_en, fmt="docx")  # type: ignore[arg-type]


def test_it_finds_a_forbidden_name_split_by_markup_or_escaped() -> None:
    from refwatch.analysis.reports import check_forbidden

    with pytest.raises(DisclosureError):
        check_forbidden("<td>Kim</td><td>Ga-sang</td>", ["Kim Ga-sang"])
    with pytest.raises(DisclosureError):
        check_forbidden("O&#39;Brien", ["O'Brien"])
    check_forbidden("<p>nobody here</p>", ["Kim Ga-sang", "  "])


def test_it_never_prints_the_title_or_address_of_a_testimony() -> None:
    data = sample_report_data()
    private = dataclasses.replace(
        data.sources[4], title="Interview with a woman from Musan, Onsong road", url="file:///x"
    )
    assert private.kind == "testimony"
    sources = (*data.sources[:4], private, *data.sources[5:])
    html = render_html(dataclasses.replace(data, sources=sources))
    assert "Interview with a woman" not in html and "file:///x" not in html
    assert "Testimony (title withheld)" in html
    assert private.sha256 in html
