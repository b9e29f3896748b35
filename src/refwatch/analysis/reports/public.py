"""The public dataset: incidents, claims, sources and aggregated counts as CSV and JSON.

Everything written passes the same disclosure control as the reports: tables
through small-cell and complementary suppression, person counts through the
quasi-identifier release, claim figures from private sources below the
threshold withheld. A data dictionary (JSON and Markdown, English and Korean)
describes every column, and a manifest lists every file with its SHA-256.

Files are first built in memory and checked against ``forbidden`` strings; only
then is anything written, so a refused export leaves no partial dataset.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refwatch.analysis.reports.anonymity import QI_FIELDS
from refwatch.analysis.reports.disclosure import (
    SuppressionPolicy,
    claim_withheld,
    public_source_title,
    public_source_url,
    published_range,
)
from refwatch.analysis.reports.legal import responsible_state
from refwatch.analysis.reports.model import ReportData
from refwatch.analysis.reports.render import apply_disclosure_control, check_forbidden

FORMAT_VERSION = "1"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    en: str
    ko: str


@dataclass(frozen=True)
class Dataset:
    name: str
    en: str
    ko: str
    columns: tuple[Column, ...]


C = Column
DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "incidents",
        "One row per incident in the period.",
        "기간 내 사건마다 한 행.",
        (
            C(
                "incident_key",
                "string",
                "Stable identifier of the incident.",
                "사건의 고정 식별자.",
            ),
            C("title_en", "string", "Title in English.", "영어 제목."),
            C("title_ko", "string", "Title in Korean.", "한국어 제목."),
            C(
                "event_type",
                "string",
                "Event type code (refwatch vocabulary; HURIDOCS 380101 for forced_repatriation).",
                "사건 유형 코드.",
            ),
            C("start_date", "date", "First day (ISO 8601).", "시작일(ISO 8601)."),
            C(
                "end_date",
                "date",
                "Last day, empty when a single day.",
                "종료일. 하루면 비어 있음.",
            ),
            C(
                "places",
                "string",
                "Place names (English), separated by '; '.",
                "장소 이름(영어), '; '로 구분.",
            ),
            C(
                "latitudes",
                "string",
                "Latitudes of the places (WGS84), '; '-separated, empty when unknown.",
                "장소의 위도(WGS84).",
            ),
            C(
                "longitudes",
                "string",
                "Longitudes of the places (WGS84), '; '-separated.",
                "장소의 경도(WGS84).",
            ),
            C(
                "responsible_state",
                "string",
                "ISO 3166-1 alpha-2 code of the state responsible.",
                "책임 국가의 ISO 3166-1 코드.",
            ),
            C(
                "count_low",
                "integer",
                "Lowest published figure among the claims.",
                "주장들 중 공개 가능한 최소 수치.",
            ),
            C(
                "count_high",
                "integer",
                "Highest published figure among the claims.",
                "주장들 중 공개 가능한 최대 수치.",
            ),
            C(
                "claims",
                "integer",
                "Number of claims describing the incident.",
                "사건을 묘사하는 주장 수.",
            ),
            C(
                "corroborated_by",
                "string",
                "Keys of corroborating sources, '; '-separated.",
                "교차 확인 출처 키.",
            ),
            C(
                "denied",
                "boolean",
                "Whether a party denied the incident.",
                "당사자가 사건을 부인했는지 여부.",
            ),
        ),
    ),
    Dataset(
        "claims",
        "One row per source figure for an incident, never averaged.",
        "사건에 대한 출처별 수치마다 한 행(평균하지 않음).",
        (
            C("incident_key", "string", "Incident the claim describes.", "주장이 묘사하는 사건."),
            C(
                "source_key",
                "string",
                "Source that made the claim (see sources).",
                "주장을 한 출처(sources 참조).",
            ),
            C(
                "low",
                "integer",
                "Lower bound of the figure; empty when withheld or not given.",
                "수치 하한. 비공개이거나 없으면 비어 있음.",
            ),
            C(
                "high",
                "integer",
                "Upper bound; empty when open-ended, withheld or not given.",
                "수치 상한.",
            ),
            C(
                "qualifier",
                "string",
                "exact, about, more_than, at_least, up_to, range or vague.",
                "수치 한정어.",
            ),
            C(
                "hedging",
                "string",
                "How firmly the source asserts it (asserted … denied).",
                "출처의 확실성 정도.",
            ),
            C(
                "attribution",
                "string",
                "Who, in the source, asserted it.",
                "출처 안에서 주장한 주체.",
            ),
            C(
                "credibility",
                "integer",
                "Information grade 1–6 (Admiralty scale).",
                "정보 등급 1–6.",
            ),
            C(
                "figure_withheld",
                "boolean",
                "True when a small figure from a private source was withheld.",
                "비공개 출처의 작은 수치를 가렸으면 참.",
            ),
        ),
    ),
    Dataset(
        "sources",
        "Sources cited, with the SHA-256 of each preserved original.",
        "인용된 출처와 보존 원본의 SHA-256.",
        (
            C("source_key", "string", "Key used by claims.", "주장에서 쓰는 키."),
            C(
                "title",
                "string",
                "Title (withheld for testimonies and lists).",
                "제목(증언·명단은 비공개).",
            ),
            C("publisher", "string", "Publisher.", "발행처."),
            C("published", "date", "Publication date.", "발행일."),
            C("kind", "string", "news, report, statement, un, testimony or list.", "출처 종류."),
            C("reliability", "string", "Source grade A–F (Admiralty scale).", "출처 등급 A–F."),
            C("url", "string", "Address of the original, if public.", "원문 주소(공개된 경우)."),
            C("sha256", "string", "SHA-256 of the preserved original.", "보존 원본의 SHA-256."),
        ),
    ),
    Dataset(
        "counts",
        "Documented people, tabulated, after small-cell and complementary suppression.",
        "작은 값 및 보완 비공개 처리 후의 기록 인원 집계표.",
        (
            C("table", "string", "Table key.", "표 키."),
            C("table_title", "string", "Table title (English).", "표 제목(영어)."),
            C("row", "string", "Row label (English); empty for column totals.", "행 이름(영어)."),
            C(
                "column",
                "string",
                "Column label (English); empty for row totals.",
                "열 이름(영어).",
            ),
            C("entry", "string", "cell, row_total, col_total or total.", "셀 종류."),
            C(
                "count",
                "integer",
                "Number of people; empty when withheld.",
                "인원. 비공개면 비어 있음.",
            ),
            C(
                "withheld",
                "boolean",
                "True when withheld by disclosure control.",
                "공개 통제로 가렸으면 참.",
            ),
        ),
    ),
    Dataset(
        "people_by_characteristics",
        "Documented people counted by generalised characteristics; every row covers at least k people.",
        "일반화한 특성별 기록 인원. 모든 행은 최소 k명.",
        (
            *(
                C(
                    name,
                    "string",
                    f"Generalised {name.replace('_', ' ')} ('*' = withheld); level in disclosure.json.",
                    "일반화된 값('*'는 비공개). 수준은 disclosure.json 참조.",
                )
                for name in QI_FIELDS
            ),
            C("event_type", "string", "Event type code.", "사건 유형 코드."),
            C("count", "integer", "Number of people (at least k).", "인원(최소 k명)."),
        ),
    ),
)


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    sha256: str
    bytes: int


def _csv(columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c.name for c in columns], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                for k, v in row.items()
            }
        )
    return buffer.getvalue()


def _rows(data: ReportData, policy: SuppressionPolicy) -> dict[str, list[dict[str, Any]]]:
    kinds = {s.key: s.kind for s in data.sources}
    incidents = sorted(data.incidents, key=lambda i: (i.start, i.key))
    out: dict[str, list[dict[str, Any]]] = {name.name: [] for name in DATASETS}
    for inc in incidents:
        low, high = published_range(inc, data, policy)
        out["incidents"].append(
            {
                "incident_key": inc.key,
                "title_en": inc.title.en,
                "title_ko": inc.title.ko,
                "event_type": inc.event_type,
                "start_date": inc.start.isoformat(),
                "end_date": inc.end.isoformat() if inc.end else None,
                "places": "; ".join(p.name.en for p in inc.places),
                "latitudes": "; ".join("" if p.lat is None else f"{p.lat:.5f}" for p in inc.places),
                "longitudes": "; ".join(
                    "" if p.lon is None else f"{p.lon:.5f}" for p in inc.places
                ),
                "responsible_state": responsible_state(inc),
                "count_low": low,
                "count_high": high,
                "claims": len(inc.claims),
                "corroborated_by": "; ".join(inc.corroborated_by),
                "denied": bool(inc.denials),
            }
        )
        for claim in inc.claims:
            withheld = claim_withheld(claim, kinds.get(claim.source_key, ""), policy)
            out["claims"].append(
                {
                    "incident_key": inc.key,
                    "source_key": claim.source_key,
                    "low": None if withheld else claim.low,
                    "high": None if withheld else claim.high,
                    "qualifier": claim.qualifier,
                    "hedging": claim.hedging,
                    "attribution": claim.attribution,
                    "credibility": claim.credibility,
                    "figure_withheld": withheld,
                }
            )
    for s in data.sources:
        out["sources"].append(
            {
                "source_key": s.key,
                "title": public_source_title(s).en,
                "publisher": s.publisher,
                "published": s.published.isoformat() if s.published else None,
                "kind": s.kind,
                "reliability": s.reliability,
                "url": public_source_url(s),
                "sha256": s.sha256,
            }
        )
    disclosure = apply_disclosure_control(data, policy)
    for table in disclosure.all_tables:
        title = table.title.en
        for i, row in enumerate(table.cells):
            for j, value in enumerate(row):
                out["counts"].append(
                    _count(
                        table.key,
                        title,
                        table.row_labels[i].en,
                        table.col_labels[j].en,
                        "cell",
                        value,
                    )
                )
        for i, value in enumerate(table.row_totals):
            out["counts"].append(
                _count(table.key, title, table.row_labels[i].en, "", "row_total", value)
            )
        for j, value in enumerate(table.col_totals):
            out["counts"].append(
                _count(table.key, title, "", table.col_labels[j].en, "col_total", value)
            )
        if len(table.cells) * len(table.col_labels) > 1:
            out["counts"].append(_count(table.key, title, "", "", "total", table.total))
    if disclosure.release is not None:
        for cls in disclosure.release.classes:
            out["people_by_characteristics"].append(
                {
                    **dict(zip(QI_FIELDS, cls.values, strict=True)),
                    "event_type": cls.event_type,
                    "count": cls.count,
                }
            )
    return out


def _count(
    table: str, title: str, row: str, col: str, entry: str, value: int | None
) -> dict[str, Any]:
    return {
        "table": table,
        "table_title": title,
        "row": row,
        "column": col,
        "entry": entry,
        "count": value,
        "withheld": value is None,
    }


def _dictionary_md(policy: SuppressionPolicy) -> str:
    lines = [
        "# Data dictionary / 자료 사전",
        "",
        f"Format version {FORMAT_VERSION}. Counts from 1 to {policy.threshold - 1} are withheld, with "
        "complementary suppression; person counts are k-anonymous with "
        f"k = {policy.k}. Empty cells mean withheld or unknown.",
        "",
    ]
    for ds in DATASETS:
        lines += [
            f"## {ds.name}.csv / {ds.name}.json",
            "",
            ds.en,
            ds.ko,
            "",
            "| column | type | description | 설명 |",
            "|---|---|---|---|",
        ]
        lines += [f"| {c.name} | {c.kind} | {c.en} | {c.ko} |" for c in ds.columns]
        lines.append("")
    return "\n".join(lines)


def write_public_dataset(
    data: ReportData,
    out_dir: Path | str,
    policy: SuppressionPolicy | None = None,
    *,
    forbidden: Iterable[str] = (),
) -> tuple[WrittenFile, ...]:
    """Write the public dataset of ``data`` into ``out_dir`` (created if missing).

    Writes ``<name>.csv`` and ``<name>.json`` for incidents, claims, sources,
    counts and people_by_characteristics, plus ``data_dictionary.json``,
    ``data_dictionary.md``, ``disclosure.json`` and ``manifest.json`` (every other
    file with its SHA-256). Raises :class:`~refwatch.analysis.reports.render.DisclosureError`
    before writing anything if a ``forbidden`` string appears in any file.
    Returns the files written, manifest last.
    """
    policy = policy or SuppressionPolicy()
    rows = _rows(data, policy)
    disclosure = apply_disclosure_control(data, policy)
    files: dict[str, str] = {}
    for ds in DATASETS:
        files[f"{ds.name}.csv"] = _csv(ds.columns, rows[ds.name])
        files[f"{ds.name}.json"] = json.dumps(rows[ds.name], ensure_ascii=False, indent=1) + "\n"
    files["data_dictionary.json"] = (
        json.dumps(
            {
                "format_version": FORMAT_VERSION,
                "datasets": [
                    {
                        "name": ds.name,
                        "description": {"en": ds.en, "ko": ds.ko},
                        "columns": [
                            {
                                "name": c.name,
                                "type": c.kind,
                                "description": {"en": c.en, "ko": c.ko},
                            }
                            for c in ds.columns
                        ],
                    }
                    for ds in DATASETS
                ],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
    files["data_dictionary.md"] = _dictionary_md(policy)
    release = disclosure.release
    files["disclosure.json"] = (
        json.dumps(
            {
                "threshold": policy.threshold,
                "k": policy.k,
                "suppress_zeros": policy.suppress_zeros,
                "withheld_values": {t.key: t.n_suppressed for t in disclosure.all_tables},
                "people_by_characteristics": None
                if release is None
                else {
                    "levels": dict(release.levels),
                    "people": release.total_people,
                    "left_out": release.withheld_people,
                },
                "claims_with_withheld_figures": sum(
                    1 for r in rows["claims"] if r["figure_withheld"]
                ),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
    forbidden = tuple(forbidden)
    if forbidden:
        for text in files.values():
            check_forbidden(text, forbidden)
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    written: list[WrittenFile] = []
    for name, text in files.items():
        raw = text.encode("utf-8")
        (target / name).write_bytes(raw)
        written.append(WrittenFile(target / name, hashlib.sha256(raw).hexdigest(), len(raw)))
    manifest = (
        json.dumps(
            {
                "format_version": FORMAT_VERSION,
                "generated_at": data.meta.generated_at.isoformat(),
                "period": [data.period.start.isoformat(), data.period.end.isoformat()],
                "files": [
                    {"name": w.path.name, "sha256": w.sha256, "bytes": w.bytes} for w in written
                ],
            },
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8")
        + b"\n"
    )
    (target / "manifest.json").write_bytes(manifest)
    written.append(
        WrittenFile(target / "manifest.json", hashlib.sha256(manifest).hexdigest(), len(manifest))
    )
    return tuple(written)
