"""Render a :class:`ReportData` to self-contained HTML or to PDF.

HTML is one file: CSS inline, charts and map as inline SVG, no script, no
external request (a Content-Security-Policy in the page forbids them). PDF goes
through WeasyPrint (``pip install 'refwatch[pdf]'``) with the packaged Hangul
font embedded, page numbers and a table of contents with page references;
WeasyPrint is only allowed to read ``data:`` URLs, so rendering never touches
the network or the file system.

Disclosure control runs before anything is drawn: counts pass through
:func:`refwatch.analysis.reports.disclosure.suppress_table`, the
quasi-identifier rows through :func:`refwatch.analysis.reports.anonymity.anonymise`
and are never given to the templates.

>>> from datetime import date, datetime, timezone
>>> from refwatch.analysis.reports.model import Bilingual, Period, ReportData, ReportMeta
>>> meta = ReportMeta(Bilingual("T", "제목"), Bilingual("Org"), datetime(2024, 1, 1, tzinfo=timezone.utc))
>>> html = render_report(ReportData(meta, Period(date(2023, 1, 1), date(2023, 12, 31)), language="ko"))
>>> b"<script" in html, "요약" in html.decode()
(False, True)
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import jinja2

from refwatch.analysis.reports.anonymity import QuasiIdentifierRelease, anonymise
from refwatch.analysis.reports.disclosure import (
    SuppressedTable,
    SuppressionPolicy,
    claim_withheld,
    public_source_title,
    public_source_url,
    published_range,
    suppress_table,
)
from refwatch.analysis.reports.figures import bar_figure, map_figure, timeline_figure
from refwatch.analysis.reports.legal import (
    LegalCharacterisation,
    LegalReference,
    characterise_incident,
    default_legal_rows,
    load_legal_reference,
)
from refwatch.analysis.reports.model import (
    Bilingual,
    ClaimFigure,
    CountTable,
    Incident,
    Lang,
    MethodEstimate,
    ReportData,
)
from refwatch.analysis.reports.text import (
    DEFAULT_GLOSSARY,
    LABELS,
    QI_LEVEL_LABELS,
    credibility_label,
    event_label,
    format_count,
    format_date,
    format_date_range,
    format_range,
    hedging_label,
    label,
    reliability_label,
)
from refwatch.reference.vocabulary import EVENT_TYPES

Format = Literal["html", "pdf"]
WITHHELD_MARK = "‡"
FONT_FAMILY = "RefwatchGothic"
# map line kind -> (stroke, width, dash)
_LINE_STYLES = {
    "coast": ("#6f8aa6", "1.2", "none"),
    "border": ("#8a1c1c", "1.6", "5 3"),
    "dmz": ("#5b6472", "1.2", "2 2"),
}


class DisclosureError(RuntimeError):
    """A rendered output contained a string it must never contain (e.g. a name)."""


class PdfUnavailableError(RuntimeError):
    """WeasyPrint is not installed."""


@dataclass(frozen=True)
class EstimateSpread:
    """One quantity's estimates across methods: lowest and highest point and bound."""

    quantity: str
    label: Bilingual
    estimates: tuple[MethodEstimate, ...]
    point_min: float
    point_max: float
    low_min: float
    high_max: float


@dataclass(frozen=True)
class DisclosureOutcome:
    """What disclosure control let through, and what it withheld (for the appendix)."""

    policy: SuppressionPolicy
    documented: SuppressedTable | None
    tables: tuple[SuppressedTable, ...]
    release: QuasiIdentifierRelease | None

    @property
    def all_tables(self) -> tuple[SuppressedTable, ...]:
        return ((self.documented,) if self.documented else ()) + self.tables


def documented_table(data: ReportData) -> CountTable | None:
    """The documented counts per event type as a one-column table (vocabulary order)."""
    if not data.documented:
        return None
    order = [t.code for t in EVENT_TYPES]
    counts = sorted(data.documented, key=lambda c: order.index(c.event_type))
    labels = {t.code: Bilingual(t.label_en, t.label_ko) for t in EVENT_TYPES}
    return CountTable(
        key="documented_by_event_type",
        title=LABELS["documented"],
        row_labels=tuple(labels[c.event_type] for c in counts),
        col_labels=(LABELS["people"],),
        cells=tuple((c.count,) for c in counts),
    )


def apply_disclosure_control(data: ReportData, policy: SuppressionPolicy) -> DisclosureOutcome:
    """Suppress small counts in every table and check the quasi-identifiers.

    Returns the tables as they may be published and the quasi-identifier release
    (``None`` when the data has no quasi-identifier rows). Pure: the same data and
    policy always give the same outcome.
    """
    doc = documented_table(data)
    return DisclosureOutcome(
        policy=policy,
        documented=suppress_table(doc, policy) if doc else None,
        tables=tuple(suppress_table(t, policy) for t in data.tables),
        release=anonymise(data.quasi_identifiers, policy) if data.quasi_identifiers else None,
    )


def estimate_spreads(estimates: Iterable[MethodEstimate]) -> tuple[EstimateSpread, ...]:
    """Group estimates by quantity (first-seen order) and take the spread across methods."""
    groups: dict[str, list[MethodEstimate]] = {}
    for item in estimates:
        groups.setdefault(item.quantity, []).append(item)
    return tuple(
        EstimateSpread(
            quantity=q,
            label=items[0].label,
            estimates=tuple(items),
            point_min=min(e.point for e in items),
            point_max=max(e.point for e in items),
            low_min=min(e.low for e in items),
            high_max=max(e.high for e in items),
        )
        for q, items in groups.items()
    )


@cache
def _font_data(weight: str) -> str:
    name = f"static/fonts/RefwatchGothic-{weight}.woff"
    raw = resources.files("refwatch.analysis.reports").joinpath(name).read_bytes()
    return base64.b64encode(raw).decode("ascii")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("refwatch.analysis.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def default_legal_reference() -> LegalReference:
    """The packaged legal reference (China rows and this package's North Korea rows)."""
    return load_legal_reference(default_legal_rows())


def _context(
    data: ReportData,
    disclosure: DisclosureOutcome,
    legal: LegalReference,
    *,
    fmt: Format,
    embed_font: bool,
) -> dict[str, Any]:
    lang: Lang = data.language
    policy = disclosure.policy
    incidents = tuple(sorted(data.incidents, key=lambda i: (i.start, i.key)))
    ranges = {inc.key: published_range(inc, data, policy) for inc in incidents}
    kinds = {s.key: s.kind for s in data.sources}
    numbers = {inc.key: n for n, inc in enumerate(incidents, start=1)}
    characterisations: dict[str, LegalCharacterisation] = {
        inc.key: characterise_incident(inc, legal) for inc in incidents
    }
    documented_bars = None
    if disclosure.documented is not None:
        rows = [
            (lbl.text(lang), cell[0])
            for lbl, cell in zip(
                disclosure.documented.row_labels, disclosure.documented.cells, strict=True
            )
        ]
        documented_bars = bar_figure(rows, lang, mark=WITHHELD_MARK)

    def t(key: str, **values: object) -> str:
        text = label(key, lang)
        return text.format(**values) if values else text

    def tx(value: Bilingual) -> str:
        return value.text(lang)

    def cell(value: int | None) -> str:
        return WITHHELD_MARK if value is None else format_count(value, lang)

    def qi_sentence(release: QuasiIdentifierRelease) -> str:
        levels = ", ".join(
            f"{QI_LEVEL_LABELS[f].text(lang)}: {QI_LEVEL_LABELS[lvl].text(lang)}"
            for f, lvl in release.levels
        )
        return t(
            "qi_text",
            total=format_count(release.total_people, lang),
            unique=format_count(release.unique_at_full_detail, lang),
            levels=levels,
            k=release.k,
            withheld=format_count(release.withheld_people, lang),
        )

    def incident_range(incident: Incident, lang: Lang = lang) -> str:
        low, high = ranges[incident.key]
        return format_range(low, high, lang)

    def claim_figure(claim: ClaimFigure) -> str:
        if claim_withheld(claim, kinds.get(claim.source_key, ""), policy):
            return WITHHELD_MARK
        return format_range(claim.low, claim.high, lang, claim.qualifier)

    largest = max(incidents, key=lambda i: ranges[i.key][1] or -1, default=None)
    return {
        "data": data,
        "lang": lang,
        "fmt": fmt,
        "template_name": data.template,
        "incidents": incidents,
        "numbers": numbers,
        "legal": characterisations,
        "legal_ref": legal,
        "interventions": tuple(sorted(data.interventions, key=lambda i: (i.on, i.key))),
        "disclosure": disclosure,
        "spreads": estimate_spreads(data.estimates),
        "documented_bars": documented_bars,
        "timeline": timeline_figure(incidents, data.period, lang, ranges=ranges)
        if incidents
        else None,
        "map": map_figure(incidents, lang) if incidents else None,
        "glossary": DEFAULT_GLOSSARY + data.glossary,
        "largest": largest if largest is not None and ranges[largest.key][1] is not None else None,
        "sources_cited": len(data.sources),
        "mark": WITHHELD_MARK,
        "font_family": FONT_FAMILY,
        "font_regular": _font_data("Regular") if (fmt == "pdf" or embed_font) else "",
        "font_bold": _font_data("Bold") if (fmt == "pdf" or embed_font) else "",
        "t": t,
        "tx": tx,
        "cell": cell,
        "qi_sentence": qi_sentence,
        "event_label": lambda code: event_label(code, lang),
        "hedging_label": lambda code: hedging_label(code, lang),
        "reliability_label": lambda code: reliability_label(code, lang),
        "credibility_label": lambda value: credibility_label(value, lang),
        "fdate": lambda day: format_date(day, lang),
        "fdates": lambda start, end: format_date_range(start, end, lang),
        "frange": lambda low, high, q="range": format_range(low, high, lang, q),
        "fcount": lambda value: format_count(value, lang),
        "intervention_kind": lambda kind: label(f"intervention_kind.{kind}", lang),
        "incident_range": incident_range,
        "claim_figure": claim_figure,
        "source_title": lambda source: public_source_title(source).text(lang),
        "source_url": public_source_url,
        "css_text": _css_text,
        "line_styles": _LINE_STYLES,
    }


def _css_text(text: str) -> str:
    """Text safe inside a CSS string in a <style> element (no quotes, escapes or markup)."""
    return re.sub(r"[\"'\\<>&]", "", text)


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", folded)


def check_forbidden(text: str, forbidden: Iterable[str]) -> None:
    """Raise :class:`DisclosureError` if any forbidden string occurs in ``text``.

    Matching ignores case, Unicode width forms and runs of whitespace, and
    looks at the text both as given and with markup removed and entities decoded
    (so a name split by a tag or escaped as ``&#39;`` is still found). The error
    names how many strings matched, never which (the message may be logged).
    """
    haystacks = (_normalise(text), _normalise(html.unescape(re.sub(r"<[^>]*>", " ", text))))
    hits = sum(
        1
        for needle in forbidden
        if needle.strip() and any(_normalise(needle.strip()) in h for h in haystacks)
    )
    if hits:
        raise DisclosureError(f"the rendered report contains {hits} forbidden identity string(s)")


def render_html(
    data: ReportData,
    *,
    suppression: SuppressionPolicy | None = None,
    legal: LegalReference | None = None,
    forbidden: Iterable[str] = (),
    embed_font: bool = False,
    fmt: Format = "html",
) -> str:
    """The report as one self-contained HTML document (a ``str``).

    ``suppression`` defaults to :class:`SuppressionPolicy` (threshold 5, k 5);
    ``legal`` to the packaged reference. ``forbidden`` lists strings the output must
    never contain (e.g. the store's names and birth dates): any match raises
    :class:`DisclosureError` instead of returning. ``embed_font`` inlines the
    Hangul font as a data URL (+~1.2 MB) so the page looks the same everywhere.
    """
    policy = suppression or SuppressionPolicy()
    disclosure = apply_disclosure_control(data, policy)
    context = _context(
        data, disclosure, legal or default_legal_reference(), fmt=fmt, embed_font=embed_font
    )
    page = _environment().get_template(f"{data.template}.html.j2").render(context)
    forbidden = tuple(forbidden)
    if forbidden:
        check_forbidden(page, forbidden)
    return page


def _data_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads ``data:`` URLs and refuses everything else."""
    import weasyprint.urls

    fetcher_class = getattr(weasyprint.urls, "URLFetcher", None)
    if fetcher_class is not None:  # WeasyPrint >= 70
        return fetcher_class(allowed_protocols=("data",), fail_on_errors=True)

    def fetch(url: str, timeout: int = 10, ssl_context: object = None) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"report rendering may not fetch {url[:40]!r}")
        return weasyprint.urls.default_url_fetcher(url, timeout=timeout)

    return fetch


def render_pdf(
    data: ReportData,
    *,
    suppression: SuppressionPolicy | None = None,
    legal: LegalReference | None = None,
    forbidden: Iterable[str] = (),
) -> bytes:
    """The report as PDF bytes (A4, page numbers, table of contents, Hangul font embedded).

    Needs WeasyPrint (``pip install 'refwatch[pdf]'``) and the Pango library it
    uses. The same checks as :func:`render_html` run on the HTML before layout.
    """
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise PdfUnavailableError(
            "PDF reports need WeasyPrint: pip install 'refwatch[pdf]' (and the Pango library)"
        ) from exc
    page = render_html(data, suppression=suppression, legal=legal, forbidden=forbidden, fmt="pdf")
    document = weasyprint.HTML(string=page, url_fetcher=_data_only_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def render_report(
    data: ReportData,
    *,
    fmt: Format = "html",
    suppression: SuppressionPolicy | None = None,
    legal: LegalReference | None = None,
    forbidden: Iterable[str] = (),
) -> bytes:
    """Render the report in ``data.language`` with ``data.template`` as HTML (UTF-8) or PDF bytes.

    The single entry point for the store glue and the CLI; see :func:`render_html`
    and :func:`render_pdf` for the options.
    """
    if fmt == "pdf":
        return render_pdf(data, suppression=suppression, legal=legal, forbidden=forbidden)
    if fmt == "html":
        return render_html(data, suppression=suppression, legal=legal, forbidden=forbidden).encode(
            "utf-8"
        )
    raise ValueError(f"unknown report format {fmt!r} (html or pdf)")
