"""Reports and public exports from the store: sections and figures present, nobody identifiable."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from refwatch.analysis.lists import read_list, read_spec
from refwatch.records.actions import add_intervention, add_source, import_list

pytestmark = pytest.mark.django_db

START, END = dt.date(2000, 1, 1), dt.date(2030, 12, 31)


@pytest.fixture
def store(personas: dict[str, Any], tmp_path: Path) -> list[str]:
    """A small store: synthetic lists, linked; two news sources with claims and incidents."""
    from refwatch.analysis.linkage.synth import generate_lists, write_lists
    from refwatch.jobs.extraction import extract_source, rebuild_incidents
    from refwatch.jobs.linkage import link_store

    write_lists(generate_lists(persons=80, lists=3, seed=5), tmp_path)
    identities: list[str] = []
    for source in read_spec(tmp_path / "lists.toml").lists:
        result = read_list(source)
        import_list(result, original=source.path.read_bytes(), acting_user=None, skip_invalid=True,
                    event_type="forced_repatriation")
        for r in result.records:
            identities += [v for v in (r.name, r.name_alt) if v and len(v) > 2]
            if r.birth_date is not None and r.birth_date.precision == "day":
                identities.append(r.birth_date.iso())
    link_store(acting_user=None, seed=1)
    texts = [
        ("Chinese police sent back about 300 North Korean refugees through Dandong on 5 June 2025, "
         "an aid group said.", "2025-06-08"),
        ("Beijing denied that any North Koreans were forcibly returned in June 2025.", "2025-06-10"),
    ]
    for i, (text, day) in enumerate(texts):
        source = add_source(text.encode(), kind="news", filename=f"n{i}.txt", acting_user=None,
                            published=dt.date.fromisoformat(day), publisher=f"Example Wire {i}", lang="en")
        extract_source(source, acting_user=None)
    rebuild_incidents(acting_user=None)
    from refwatch.records.models import Incident

    add_intervention(date=dt.date(2025, 6, 9), kind="demand", by="Example coalition",
                     summary="Asked China to stop the returns.", acting_user=None,
                     incidents=Incident.objects.all())
    return identities


def test_the_report_has_its_sections_and_figures_and_no_identity(store: list[str], tmp_path: Path) -> None:
    from refwatch.jobs.reports import write_report

    out = tmp_path / "r.html"
    summary = write_report(out, start=START, end=END, language="en", fmt="html",
                           template="un-submission", acting_user=None)
    html = out.read_text(encoding="utf-8")
    for section in ("Executive summary", "Incidents", "Legal analysis", "Interventions", "Methods", "Sources", "Glossary"):
        assert section in html
    assert "300" in html and "Dandong" in html
    assert "Refugee Convention" in html or "1951" in html
    assert all(len(h) == 64 for h in summary["sources"]) and summary["sources"][0] in html
    leaked = [n for n in store if n in html]
    assert leaked == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_reads_in_korean_and_english(store: list[str], tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from refwatch.jobs.reports import write_report

    for lang, heading in (("en", "Executive summary"), ("ko", "요약")):
        out = tmp_path / f"r_{lang}.pdf"
        write_report(out, start=START, end=END, language=lang, fmt="pdf", template="un-submission", acting_user=None)
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert heading in text
        assert "300" in text
        assert [n for n in store if n in text] == []


def test_the_public_export_suppresses_small_cells_and_names_nobody(store: list[str], tmp_path: Path) -> None:
    from refwatch.jobs.reports import write_public_export

    files = write_public_export(tmp_path / "public", start=START, end=END, acting_user=None, threshold=5)
    assert any(f.endswith(".csv") for f in files) and any(f.endswith(".json") for f in files)
    blob = "".join(Path(f).read_text(encoding="utf-8") for f in files)
    assert [n for n in store if n in blob] == []
    import csv
    import json

    for f in files:
        if f.endswith(".csv") and "count" in Path(f).name:
            rows = list(csv.DictReader(Path(f).read_text(encoding="utf-8").splitlines()))
            for row in rows:
                for key, value in row.items():
                    if key and "count" in key and value and value.isdigit():
                        assert int(value) == 0 or int(value) >= 5, (f, row)
    assert json.loads(Path(next(f for f in files if f.endswith(".json"))).read_text(encoding="utf-8"))
