"""Explicit request and response schemas of /api/v1/ (never "all fields" of a model)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class Error(Schema):
    detail: str


class Summary(Schema):
    lists: dict[str, int]
    persons: int
    persons_by_sex: dict[str, int]
    claims: int
    incidents: int


class SourceOut(Schema):
    uid: str
    kind: str
    title: str
    publisher: str
    published: dt.date | None
    lang: str
    url: str
    reliability: str
    sha256: str
    size: int
    media_type: str
    created_at: dt.datetime


class ClaimOut(Schema):
    uid: str
    source: str
    source_kind: str
    incident: str | None
    status: str
    origin: str
    event_type: str
    count_low: int | None
    count_high: int | None
    count_text: str
    qualifier: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    place: str | None
    perpetrator: str | None
    attributed_to: str
    hedging: str
    credibility: str
    reliability: str
    corroborated_by: str
    denied_by: str
    sentence: str


class IncidentOut(Schema):
    uid: str
    title: str
    event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    place: str | None = Field(None, alias="place_id")
    state: str
    count_low: int | None
    count_high: int | None
    summary: str


class IncidentDetail(Schema):
    incident: IncidentOut
    claims: list[ClaimOut]


class ListOut(Schema):
    name: str
    organisation: str
    record_count: int
    created_at: dt.datetime
    updated_at: dt.datetime


class RecordOut(Schema):
    uid: str
    list_name: str
    record_id: str
    sex: str
    person_pseudonym: str | None
    birth_year_low: int | None
    birth_year_high: int | None
    event_date: str | None
    data: dict[str, Any] | None  # identities: null unless the user may see them


class PersonOut(Schema):
    uid: str
    pseudonym: str
    sex: str
    home_place: str | None
    lists: list[str]
    names: list[str] | None  # null unless the user may see identities
    birth_date: str | None
    testimony: str | None


class LinkageRunOut(Schema):
    uid: str
    created_at: dt.datetime
    backend: str
    seed: int
    threshold: float
    review_floor: float
    lists: list[str]
    records: int
    entities: int
    diagnostics: dict[str, Any]


class LinkageRunIn(Strict):
    seed: int = 1
    threshold: float = Field(0.9, gt=0, le=1)
    review_floor: float = Field(0.5, ge=0, le=1)
    backend: str = Field("duckdb", pattern="^(duckdb|spark)$")


class EstimateIn(Strict):
    method: str | None = Field(None, max_length=32)
    seed: int = 1
    stratify: str | None = Field(None, pattern="^sex$")


class ExtractIn(Strict):
    sources: list[str] = Field(default_factory=list, max_length=10000)


class PairOut(Schema):
    uid: str
    run: str
    match_probability: float
    status: str
    left: RecordOut
    right: RecordOut


class PublicationIn(Strict):
    published: bool


class DecisionIn(Strict):
    same: bool


class DecisionOut(Schema):
    uid: str
    status: str


class EstimateOut(Schema):
    uid: str
    method: str
    stratum: str
    observed: int
    estimate: float
    interval_low: float | None
    interval_high: float | None
    level: float
    settings: dict[str, Any]
    seed: int | None
    diagnostics: dict[str, Any]
    inputs_fingerprint: str
    created_at: dt.datetime
    published: bool
    published_at: dt.datetime | None


class JobOut(Schema):
    uid: str
    kind: str
    params: dict[str, Any]
    status: str
    progress: float
    message: str
    result: dict[str, Any]
    error: str
    cancel_requested: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
