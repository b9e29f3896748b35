"""The endpoints of /api/v1/. Thin: parse, call a query or an action, return a schema.

Access rules live in refwatch.records.queries (404 where a user may not see a
thing, so existence never leaks) and in the job registry (who may start what).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ninja
from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, NinjaAPI, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from refwatch.accounts.models import User
from refwatch.api.schemas import (
    ClaimOut,
    DecisionIn,
    DecisionOut,
    Error,
    EstimateIn,
    EstimateOut,
    ExtractIn,
    IncidentDetail,
    IncidentOut,
    JobOut,
    LinkageRunIn,
    LinkageRunOut,
    ListOut,
    PairOut,
    PersonOut,
    PublicationIn,
    RecordOut,
    SourceOut,
    Summary,
)
from refwatch.jobs import queue
from refwatch.jobs.models import Job
from refwatch.jobs.registry import kind_of
from refwatch.records import queries

# Newer django-ninja wants Status(code, value); older versions take a (code, value) tuple.
_Status: Any = getattr(ninja, "Status", None)


def answer(code: int, value: Any) -> Any:
    return _Status(code, value) if _Status is not None else (code, value)


Errors = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


class Page(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _upload(file: UploadedFile) -> bytes:
    limit = int(settings.REFWATCH_MAX_UPLOAD_BYTES)
    if file.size is not None and file.size > limit:
        raise PermissionError(f"files larger than {limit} bytes are refused")
    return bytes(file.read())


records = Router(tags=["records"])
people = Router(tags=["lists and persons"])
linkage = Router(tags=["linkage and estimates"])
jobs = Router(tags=["jobs"])


# -- records ---------------------------------------------------------------------------


@records.get("/summary", response={200: Summary, **Errors})
def summary(request: HttpRequest) -> Any:
    """Counts every active user may see (recomputed at most every 10 seconds)."""
    return queries.store_summary_cached(_user(request))


@records.get("/sources", response={200: list[SourceOut], **Errors})
def list_sources(request: HttpRequest, page: Query[Page]) -> Any:
    return queries.sources_for_user(_user(request), limit=page.limit, offset=page.offset)


@records.get("/sources/{uid}", response={200: SourceOut, **Errors})
def get_source(request: HttpRequest, uid: str) -> Any:
    return queries.get_source_for_user(_user(request), uid)


@records.post("/sources", response={201: SourceOut, **Errors})
def add_source(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[str],
    title: Form[str] = "",
    publisher: Form[str] = "",
    published: Form[dt.date | None] = None,
    lang: Form[str] = "",
    url: Form[str] = "",
    reliability: Form[str] = "F",
) -> Any:
    """Preserve an original (documenters and admins): hashed, encrypted, custody logged."""
    from django.core.exceptions import ValidationError

    from refwatch.records.actions import DuplicateSource
    from refwatch.records.actions import add_source as store_source

    user = _user(request)
    if not user.sees_identities:
        raise PermissionError("only documenters and admins add sources")
    try:
        source = store_source(
            _upload(file), kind=kind, filename=Path(file.name or "upload").name, acting_user=user,
            title=title, published=published, publisher=publisher, lang=lang, url=url,
            reliability=reliability,
        )
    except DuplicateSource as exc:
        return answer(409, {"detail": f"already stored as source {exc.existing.uid}"})
    except (ValueError, ValidationError) as exc:
        return answer(400, {"detail": "; ".join(getattr(exc, "messages", [str(exc)]))})
    return answer(201, queries.get_source_for_user(user, source.uid))


@records.get("/claims", response={200: list[ClaimOut], **Errors})
def list_claims(request: HttpRequest, page: Query[Page], status: str | None = None,
                incident: str | None = None) -> Any:
    return queries.claims_for_user(_user(request), status=status, incident=incident,
                                   limit=page.limit, offset=page.offset)


@records.post("/claims/extractions", response={202: JobOut, **Errors})
def extract_claims(request: HttpRequest, body: ExtractIn) -> Any:
    """Queue claim extraction from text sources (all when none given) and incident grouping."""
    return answer(202, queue.enqueue("extract", body.model_dump(), acting_user=_user(request)))


@records.get("/claims/{uid}", response={200: ClaimOut, **Errors})
def get_claim(request: HttpRequest, uid: str) -> Any:
    return queries.get_claim_for_user(_user(request), uid)


@records.get("/incidents", response={200: list[IncidentOut], **Errors})
def list_incidents(request: HttpRequest, page: Query[Page]) -> Any:
    return queries.incidents_for_user(_user(request), limit=page.limit, offset=page.offset)


@records.get("/incidents/{uid}", response={200: IncidentDetail, **Errors})
def get_incident(request: HttpRequest, uid: str) -> Any:
    """An incident with its claims side by side (figures, sources, hedging, denials)."""
    incident, claims = queries.get_incident_for_user(_user(request), uid)
    return {"incident": incident, "claims": claims}


# -- lists and persons ----------------------------------------------------------------------


@people.get("/lists", response={200: list[ListOut], **Errors})
def list_lists(request: HttpRequest) -> Any:
    return queries.lists_for_user(_user(request))


@people.get("/lists/{name}/records", response={200: list[RecordOut], **Errors})
def list_records(request: HttpRequest, name: str) -> Any:
    """A list's records: pseudonymised for analysts, identities for documenters (audited)."""
    return queries.list_records_for_user(_user(request), name)


@people.post("/lists/imports", response={202: JobOut, **Errors})
def import_list(
    request: HttpRequest,
    file: File[UploadedFile],
    name: Form[str],
    skip_invalid: Form[bool] = False,
    organisation: Form[str] = "",
    mapping: Form[str] = "",
    as_of: Form[str] = "",
) -> Any:
    """Upload a list (CSV/XLSX): the original is preserved as a source and an import job queued.

    ``mapping`` (optional) is a JSON object of column -> field (``record_id``, ``name``, ...,
    ``"ignore"``, or ``""`` to keep the column as an extra value); columns it does not name keep
    their recognised field. ``as_of`` is the date ages are counted from (e.g. ``2023-10``).
    """
    import json

    from refwatch.jobs.kinds import SUFFIXES
    from refwatch.jobs.list_import import MappingError, choices_from_params
    from refwatch.records.actions import DuplicateSource
    from refwatch.records.actions import add_source as store_source

    user = _user(request)
    if not kind_of("import_list").may_start(user):
        raise PermissionError("only documenters and admins import lists")
    filename = Path(file.name or "").name
    if Path(filename).suffix.lower() not in SUFFIXES:
        return answer(400, {"detail": f"lists are read from {' or '.join(SUFFIXES)} files"})
    if not name.strip() or len(name) > 120:
        return answer(400, {"detail": "a list name of 1 to 120 characters is required"})
    try:
        choices = choices_from_params({"mapping": json.loads(mapping) if mapping.strip() else {},
                                       "as_of": as_of})
    except json.JSONDecodeError:
        return answer(400, {"detail": "mapping must be a JSON object of column -> field"})
    except MappingError as exc:
        return answer(400, {"detail": str(exc)})
    content = _upload(file)
    try:
        source = store_source(content, kind="list", filename=filename, acting_user=user,
                              title=f"list {name.strip()}")
    except DuplicateSource as exc:
        source = exc.existing
    job = queue.enqueue("import_list", {
        "source": source.uid, "name": name.strip(), "skip_invalid": skip_invalid,
        "organisation": organisation[:200], **choices.as_params(),
    }, acting_user=user)
    return answer(202, job)


@people.get("/persons", response={200: list[PersonOut], **Errors})
def list_persons(request: HttpRequest, page: Query[Page]) -> Any:
    """Persons: names only for documenters and admins; analysts get pseudonyms; observers 404."""
    return queries.persons_page_for_user(_user(request), limit=page.limit, offset=page.offset)


@people.get("/persons/{uid}", response={200: PersonOut, **Errors})
def get_person(request: HttpRequest, uid: str) -> Any:
    return queries.get_person_for_user(_user(request), uid)


# -- linkage and estimates -----------------------------------------------------------------------


@linkage.get("/linkage/runs", response={200: list[LinkageRunOut], **Errors})
def list_runs(request: HttpRequest) -> Any:
    return queries.linkage_runs_for_user(_user(request))


@linkage.get("/linkage/runs/{uid}", response={200: LinkageRunOut, **Errors})
def get_run(request: HttpRequest, uid: str) -> Any:
    return queries.get_linkage_run_for_user(_user(request), uid)


@linkage.post("/linkage/runs", response={202: JobOut, **Errors})
def start_run(request: HttpRequest, body: LinkageRunIn) -> Any:
    """Queue a linkage of every stored list; follow it at /jobs/{uid}."""
    if body.review_floor > body.threshold:
        return answer(400, {"detail": "review_floor must not exceed threshold"})
    return answer(202, queue.enqueue("link", body.model_dump(), acting_user=_user(request)))


@linkage.get("/linkage/reviews", response={200: list[PairOut], **Errors})
def list_reviews(request: HttpRequest, page: Query[Page]) -> Any:
    """Pending uncertain pairs, side by side (identities only for documenters and admins)."""
    return queries.pending_reviews_for_user(_user(request), limit=page.limit, offset=page.offset)


@linkage.post("/linkage/reviews/{uid}/decision", response={200: DecisionOut, **Errors})
def decide(request: HttpRequest, uid: str, body: DecisionIn) -> Any:
    """Same person or not; later linkage runs honour the decision."""
    from refwatch.jobs.linkage import decide_pair

    user = _user(request)
    review = queries.get_review_for_user(user, uid)
    decide_pair(review, same=body.same, acting_user=user)
    return {"uid": review.uid, "status": review.status}


@linkage.get("/estimates", response={200: list[EstimateOut], **Errors})
def list_estimates(request: HttpRequest) -> Any:
    """Estimates, newest first (observers: only those an analyst or admin published)."""
    return queries.estimates_for_user(_user(request))


@linkage.post("/estimates", response={202: JobOut, **Errors})
def start_estimate(request: HttpRequest, body: EstimateIn) -> Any:
    """Queue a population estimate from the stored, linked lists."""
    return answer(202, queue.enqueue("estimate", body.model_dump(), acting_user=_user(request)))


@linkage.get("/estimates/{uid}", response={200: EstimateOut, **Errors})
def get_estimate(request: HttpRequest, uid: str) -> Any:
    return queries.get_estimate_for_user(_user(request), uid)


@linkage.put("/estimates/{uid}/publication", response={200: EstimateOut, **Errors})
def publish_estimate(request: HttpRequest, uid: str, body: PublicationIn) -> Any:
    """Publish an estimate to observers, or withdraw it (analysts and admins; audited)."""
    from refwatch.jobs.estimation import may_publish, set_estimate_published

    user = _user(request)
    found = queries.get_estimate_for_user(user, uid)
    if not may_publish(user):
        raise PermissionError("only analysts and admins publish estimates")
    return set_estimate_published(found, published=body.published, acting_user=user)


# -- jobs ------------------------------------------------------------------------------------------


@jobs.get("/jobs", response={200: list[JobOut], **Errors})
def list_jobs(request: HttpRequest, page: Query[Page], status: str | None = None) -> Any:
    """Jobs the user started (admins: all), newest first."""
    found = queue.jobs_for_user(_user(request))
    if status:
        found = found.filter(status=status)
    return list(found.order_by("-id")[page.offset : page.offset + page.limit])


@jobs.get("/jobs/{uid}", response={200: JobOut, **Errors})
def get_job(request: HttpRequest, uid: str) -> Any:
    return queue.get_job_for_user(_user(request), uid)


@jobs.post("/jobs/{uid}/cancel", response={200: JobOut, **Errors})
def cancel_job(request: HttpRequest, uid: str) -> Any:
    """Cancel a queued job, or ask a running one to stop at its next step."""
    user = _user(request)
    job: Job = queue.get_job_for_user(user, uid)
    return queue.cancel_job(job, acting_user=user)


def register(api: NinjaAPI) -> None:
    for router in (records, people, linkage, jobs):
        api.add_router("", router)
