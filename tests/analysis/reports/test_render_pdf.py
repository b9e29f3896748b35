"""The PDF report, read back with poppler's pdftotext as a reader would see it.

Needs WeasyPrint (``pip install 'refwatch[pdf]'``) and poppler-utils
(``apt-get install poppler-utils``). Without them these tests skip, unless
REFWATCH_REQUIRE_PDF=1, where they fail instead.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from refwatch.analysis.reports import ReportData, render_report

from .conftest import SyntheticPerson

_missing = [
    what
    for what, present in (
        ("weasyprint", importlib.util.find_spec("weasyprint") is not None),
        ("pdftotext", shutil.which("pdftotext") is not None),
        ("pdffonts", shutil.which("pdffonts") is not None),
    )
    if not present
]
if _missing and os.environ.get("REFWATCH_REQUIRE_PDF") != "1":
    pytest.skip(f"PDF tools missing: {', '.join(_missing)}", allow_module_level=True)


def _pdf(data: ReportData, path: Path) -> tuple[Path, str]:
    path.write_bytes(render_report(data, fmt="pdf"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return path, text


@pytest.fixture(scope="module")
def pdf_en(report_en: ReportData, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _pdf(report_en, tmp_path_factory.mktemp("pdf") / "report-en.pdf")


@pytest.fixture(scope="module")
def pdf_ko(report_ko: ReportData, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _pdf(report_ko, tmp_path_factory.mktemp("pdf") / "report-ko.pdf")


def test_it_starts_with_a_pdf_header(pdf_en: tuple[Path, str]) -> None:
    assert pdf_en[0].read_bytes().startswith(b"%PDF-")


def test_it_holds_every_section_and_key_figure_in_english(pdf_en: tuple[Path, str]) -> None:
    text = pdf_en[1]
    for title in (
        "Contents",
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
    ):
        assert title in text, title
    for figure in ("about 600", "more than 500", "1,530–3,120", "Party since 24 September 1982"):
        assert figure in text, figure


def test_it_holds_every_section_and_key_figure_in_korean(pdf_ko: tuple[Path, str]) -> None:
    text = pdf_ko[1]
    for title in (
        "목차",
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
    ):
        assert title in text, title
    for figure in (
        "약 600명",
        "500명 이상",
        "1,530–3,120",
        "1982년 9월 24일부터 당사국",
        "강제북송",
    ):
        assert figure in text, figure


def test_it_numbers_pages_and_the_contents_point_to_them(
    pdf_en: tuple[Path, str], pdf_ko: tuple[Path, str]
) -> None:
    pages = re.findall(r"Page (\d+) / (\d+)", pdf_en[1])
    assert pages and pages[-1][0] == pages[-1][1]
    assert re.search(r"Glossary\s*\.+\s*\d+", pdf_en[1])
    assert re.search(r"쪽 \d+ / \d+", pdf_ko[1])


def test_it_embeds_the_packaged_hangul_font(pdf_ko: tuple[Path, str]) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(pdf_ko[0])], check=True, capture_output=True, text=True
    ).stdout
    assert "RefwatchGothic" in fonts


def test_it_draws_charts_as_vectors_not_images(pdf_en: tuple[Path, str]) -> None:
    assert b"/Subtype /Image" not in pdf_en[0].read_bytes()


def test_it_lists_source_hashes(report_en: ReportData, pdf_en: tuple[Path, str]) -> None:
    flat = re.sub(r"\s+", "", pdf_en[1])
    for source in report_en.sources:
        assert source.sha256 in flat


def test_it_never_prints_a_name_or_birth_date(
    people: list[SyntheticPerson], pdf_en: tuple[Path, str], pdf_ko: tuple[Path, str]
) -> None:
    for person in people:
        for needle in person.forbidden():
            assert needle not in pdf_en[1]
            assert needle not in pdf_ko[1]
