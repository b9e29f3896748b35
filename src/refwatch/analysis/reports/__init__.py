"""Reports: ReportData in, self-contained HTML, PDF and public datasets out.

The store glue builds a :class:`ReportData` and calls :func:`render_report` or
:func:`write_public_dataset`; every count passes disclosure control first.

>>> from refwatch.analysis.reports import render_report, sample_report_data
>>> render_report(sample_report_data(language="ko"))[:15]
b'<!DOCTYPE html>'
"""

from __future__ import annotations

from refwatch.analysis.reports.anonymity import QuasiIdentifierRelease, anonymise
from refwatch.analysis.reports.counts import documented_counts, event_year_table
from refwatch.analysis.reports.disclosure import (
    SuppressedTable,
    SuppressionPolicy,
    recoverable,
    suppress_table,
)
from refwatch.analysis.reports.legal import (
    LegalCharacterisation,
    LegalReference,
    characterise_incident,
    default_legal_rows,
    load_legal_reference,
    status_on,
)
from refwatch.analysis.reports.model import (
    Bilingual,
    ClaimFigure,
    CountTable,
    Denial,
    EventCount,
    GlossaryEntry,
    Incident,
    Intervention,
    MethodEstimate,
    MethodsInfo,
    Period,
    Place,
    QuasiIdentifierRow,
    ReportData,
    ReportMeta,
    SourceRef,
)
from refwatch.analysis.reports.public import write_public_dataset
from refwatch.analysis.reports.render import (
    DisclosureError,
    DisclosureOutcome,
    PdfUnavailableError,
    apply_disclosure_control,
    check_forbidden,
    render_html,
    render_pdf,
    render_report,
)
from refwatch.analysis.reports.sample import sample_report_data

__all__ = [
    "Bilingual",
    "ClaimFigure",
    "CountTable",
    "Denial",
    "DisclosureError",
    "DisclosureOutcome",
    "EventCount",
    "GlossaryEntry",
    "Incident",
    "Intervention",
    "LegalCharacterisation",
    "LegalReference",
    "MethodEstimate",
    "MethodsInfo",
    "PdfUnavailableError",
    "Period",
    "Place",
    "QuasiIdentifierRelease",
    "QuasiIdentifierRow",
    "ReportData",
    "ReportMeta",
    "SourceRef",
    "SuppressedTable",
    "SuppressionPolicy",
    "anonymise",
    "apply_disclosure_control",
    "characterise_incident",
    "check_forbidden",
    "default_legal_rows",
    "documented_counts",
    "event_year_table",
    "load_legal_reference",
    "recoverable",
    "render_html",
    "render_pdf",
    "render_report",
    "sample_report_data",
    "status_on",
    "suppress_table",
    "write_public_dataset",
]
