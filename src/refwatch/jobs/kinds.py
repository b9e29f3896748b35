"""The built-in job kinds: each adapts a function of refwatch.jobs / records to the queue.

To add a kind, write ``run_x(params, ctx) -> dict`` and register it here in
one line (see refwatch.jobs.registry). Results and messages carry no identities.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from refwatch.jobs.queue import JobContext
from refwatch.jobs.registry import ANALYSTS, DOCUMENTERS, JobError, register

SUFFIXES = (".csv", ".xlsx")


def run_import_list(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Import a list whose original was stored as a Source (``params["source"]`` = its uid).

    Parameters: ``source`` (uid), ``name`` (list name), ``skip_invalid`` (bool),
    ``organisation``, ``mapping`` (column -> field, "ignore" or "" for an extra
    value; columns it does not name keep their recognised field) and ``as_of``
    (the date ages are counted from when a row has no event date; refwatch.jobs.list_import).
    The decrypted original exists only in a private temporary directory for the time of the read.
    """
    from refwatch.jobs.list_import import MappingError, choices_from_params, read_upload
    from refwatch.records.actions import ImportRejected, import_list, read_original
    from refwatch.records.models import Source

    source = Source.objects.filter(uid=str(params.get("source", ""))).first()
    if source is None:
        raise JobError("the uploaded file is no longer stored")
    name = str(params.get("name") or "").strip()
    if not name:
        raise JobError("a list name is required")
    try:
        choices = choices_from_params(params)
    except MappingError as exc:
        raise JobError(str(exc)) from None
    filename = source.unseal("filename") or ""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise JobError(f"lists are read from {' or '.join(SUFFIXES)} files, not {suffix or 'this file'}")
    ctx.progress(0.02, "reading the list")
    content = read_original(source, acting_user=ctx.user, purpose=f"list import job {ctx.job.uid}")
    reading = read_upload(content, suffix=suffix, filename=Path(filename).name, name=name, choices=choices)
    if reading.result is None:
        raise JobError(reading.problem or "; ".join(str(p) for p in reading.problems))
    result = reading.result
    ctx.progress(0.2, "storing the records")
    skip = bool(params.get("skip_invalid"))
    try:
        report = import_list(
            result, original=content, acting_user=ctx.user, skip_invalid=skip,
            organisation=str(params.get("organisation") or ""),
            progress=ctx.counter("storing the records", start=0.2, end=0.99),
        )
    except ImportRejected as exc:
        # Row and column only: the rejected values may be names or birth dates.
        rows = sorted({(e.row, e.column) for e in exc.errors})
        raise JobError(
            f"{len(exc.errors)} invalid value(s) in rows "
            + ", ".join(f"{r} ({c})" for r, c in rows[:20])
            + ("…" if len(rows) > 20 else "")
            + "; nothing was imported (fix them, or import with skip_invalid)"
        ) from None
    out = report.as_dict()
    out["rejects"] = [{"row": e.row, "column": e.column} for e in report.rejects]
    return out


def run_link(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Link every stored list (refwatch.jobs.linkage.link_store) with progress.

    Parameters: ``seed`` (int, default 1), ``threshold`` (default 0.9),
    ``backend`` ("duckdb" or "spark"), ``review_floor`` (default 0.5).
    """
    from refwatch.jobs.linkage import REVIEW_FLOOR, link_store

    try:
        seed = int(params.get("seed", 1))
        threshold = float(params.get("threshold", 0.9))
        review_floor = float(params.get("review_floor", REVIEW_FLOOR))
    except (TypeError, ValueError):
        raise JobError("seed must be an integer; threshold and review_floor numbers") from None
    backend = str(params.get("backend", "duckdb"))
    if backend not in ("duckdb", "spark"):
        raise JobError("backend must be duckdb or spark")
    if not 0 < threshold <= 1 or not 0 <= review_floor <= threshold:
        raise JobError("need 0 < threshold <= 1 and 0 <= review_floor <= threshold")

    def progress(stage: str, fraction: float) -> None:
        ctx.progress(0.95 * fraction, stage)

    try:
        report = link_store(acting_user=ctx.user, seed=seed, threshold=threshold, backend=backend,
                            review_floor=review_floor, progress=progress)
    except ValueError as exc:
        if "nothing to link" in str(exc):
            raise JobError(str(exc)) from None
        raise
    return {
        "run": report.run_uid, "records": report.records, "entities": report.entities,
        "persons_created": report.persons_created, "queued_for_review": report.queued_for_review,
        "lists": list(report.lists),
    }


def run_estimate(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Estimate from the stored, linked lists (refwatch.jobs.estimation.estimate_store).

    Parameters: ``method`` (None: the recommended one), ``seed`` (default 1),
    ``stratify`` (None or "sex").
    """
    from refwatch.jobs.estimation import estimate_store

    method = params.get("method") or None
    stratify = params.get("stratify") or None
    if stratify not in (None, "sex"):
        raise JobError("stratify must be empty or 'sex'")
    try:
        seed = int(params.get("seed", 1))
    except (TypeError, ValueError):
        raise JobError("seed must be an integer") from None
    ctx.progress(0.05, "estimating")
    try:
        row = estimate_store(acting_user=ctx.user, method=method, seed=seed, stratify=stratify)
    except ValueError as exc:
        # Estimation errors speak of lists, methods and counts, never of people.
        raise JobError(str(exc)) from None
    return {"estimate": row.uid, "method": row.method, "observed": row.observed,
            "point": row.estimate, "interval": [row.interval_low, row.interval_high]}


def run_extract(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Extract claims from text sources, then regroup incidents (refwatch.jobs.extraction).

    Parameters: ``sources`` (list of uids; empty: every text source).
    """
    from refwatch.jobs.extraction import TEXT_KINDS, extract_source, rebuild_incidents
    from refwatch.records.models import Source

    uids = [str(u) for u in params.get("sources") or []]
    sources = Source.objects.defer("original_enc").filter(kind__in=TEXT_KINDS).order_by("id")
    if uids:
        sources = sources.filter(uid__in=uids)
    chosen = list(sources.only("id"))
    if uids and len(chosen) != len(set(uids)):
        raise JobError("some of the sources are unknown or are not texts")
    claims = 0
    for i, stub in enumerate(chosen):
        ctx.progress(0.9 * i / max(1, len(chosen)), f"source {i + 1} of {len(chosen)}")
        source = Source.objects.get(pk=stub.pk)
        try:
            claims += len(extract_source(source, acting_user=ctx.user))
        except ValueError:
            raise JobError(f"source {source.uid} could not be read as text") from None
    ctx.progress(0.92, "grouping incidents")
    rebuilt = rebuild_incidents(acting_user=ctx.user)
    return {"sources": len(chosen), "claims": claims, "incidents": rebuilt.incidents,
            "incidents_created": rebuilt.created}


def run_report(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Write a report under disclosure control into HOME/reports/ (refwatch.jobs.reports).

    Parameters: ``start``, ``end`` (ISO dates), ``language`` (en|ko), ``format``
    (html|pdf), ``template`` (un-submission|briefing).
    """
    import datetime as dt

    from django.conf import settings

    from refwatch.analysis.reports import DisclosureError, PdfUnavailableError
    from refwatch.jobs.reports import write_report

    try:
        start = dt.date.fromisoformat(str(params.get("start", "2000-01-01")))
        end = dt.date.fromisoformat(str(params.get("end", "2100-12-31")))
    except ValueError:
        raise JobError("start and end must be dates (YYYY-MM-DD)") from None
    language = str(params.get("language", "en"))
    fmt = str(params.get("format", "html"))
    template = str(params.get("template", "un-submission"))
    if language not in ("en", "ko") or fmt not in ("html", "pdf") or template not in ("un-submission", "briefing"):
        raise JobError("language must be en or ko, format html or pdf, template un-submission or briefing")
    folder = Path(settings.HOME) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"report-{ctx.job.uid}-{language}.{fmt}"
    ctx.progress(0.1, "selecting and rendering")
    try:
        summary = write_report(out, start=start, end=end, language=language, fmt=fmt,
                               template=template, acting_user=ctx.user)
    except (PdfUnavailableError, DisclosureError) as exc:
        raise JobError(str(exc)) from None
    return {"file": out.name, "incidents": summary["incidents"], "sources": len(summary["sources"])}


register("import_list", run_import_list, roles=DOCUMENTERS)
register("report", run_report, roles=ANALYSTS)
register("link", run_link, roles=ANALYSTS)
register("estimate", run_estimate, roles=ANALYSTS)
register("extract", run_extract, roles=DOCUMENTERS)
