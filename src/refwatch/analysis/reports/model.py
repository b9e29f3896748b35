"""Plain, frozen input types that describe one report.

The store glue (``refwatch.jobs``) builds a :class:`ReportData` from rows and
hands it to :func:`refwatch.analysis.reports.render_report` or
:func:`refwatch.analysis.reports.write_public_dataset`. Nothing here knows about
Django; every value is a plain Python value, validated on construction so a bad
row fails loudly at the glue instead of silently in a PDF.

Identities never enter these types: there is no field for a name, a full birth
date or a testimony. Person-level data arrives only as
:class:`QuasiIdentifierRow` (sex, birth year, home county, detention place, event
date), which the disclosure checks read and the renderers never print.

>>> Bilingual("Forced return", "강제북송").text("ko")
'강제북송'
>>> Bilingual("Only English").text("ko")
'Only English'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from refwatch.reference.vocabulary import EVENT_TYPES, HEDGING, QUALIFIERS

Lang = Literal["en", "ko"]
TemplateName = Literal["un-submission", "briefing"]

LANGS: tuple[Lang, ...] = ("en", "ko")
TEMPLATES: tuple[TemplateName, ...] = ("un-submission", "briefing")
EVENT_TYPE_CODES: tuple[str, ...] = tuple(t.code for t in EVENT_TYPES)
HEDGING_CODES: tuple[str, ...] = tuple(t.code for t in HEDGING)
INTERVENTION_KINDS: tuple[str, ...] = (
    "demand",
    "statement",
    "un_communication",
    "response",
    "denial",
    "resolution",
)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Bilingual:
    """A text in English and Korean; a missing language falls back to the other."""

    en: str
    ko: str = ""

    def text(self, lang: Lang) -> str:
        """The text in ``lang``, or in the other language when that one is empty."""
        first, second = (self.ko, self.en) if lang == "ko" else (self.en, self.ko)
        return first or second

    def __bool__(self) -> bool:
        return bool(self.en or self.ko)


@dataclass(frozen=True)
class Period:
    """The closed date range a report covers."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"period starts {self.start} after it ends {self.end}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Place:
    """A place named in an incident; coordinates (WGS84 degrees) are optional."""

    name: Bilingual
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = ""

    def __post_init__(self) -> None:
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"place {self.name.en!r} has only one of lat/lon")
        if self.lat is not None and not -90 <= self.lat <= 90:
            raise ValueError(f"place {self.name.en!r}: latitude {self.lat} out of range")
        if self.lon is not None and not -180 <= self.lon <= 180:
            raise ValueError(f"place {self.name.en!r}: longitude {self.lon} out of range")


@dataclass(frozen=True)
class SourceRef:
    """A preserved source: what it is, who published it, and the SHA-256 of the original.

    ``reliability`` is the Admiralty source grade A–F (empty when not graded).
    """

    key: str
    title: str
    publisher: str
    sha256: str
    published: date | None = None
    url: str = ""
    language: str = ""
    kind: str = ""
    reliability: str = ""

    def __post_init__(self) -> None:
        if not _SHA256.match(self.sha256):
            raise ValueError(f"source {self.key!r}: sha256 must be 64 lowercase hex digits")
        if self.reliability and self.reliability not in "ABCDEF":
            raise ValueError(f"source {self.key!r}: reliability must be A–F")


@dataclass(frozen=True)
class ClaimFigure:
    """One source's figure for an incident, kept as asserted (never averaged away).

    ``low``/``high`` bound the count the source gave (``about 600`` is 600–600 with
    qualifier ``about``; ``more than 500`` is low 500, high ``None``).
    ``credibility`` is the Admiralty information grade 1–6.
    """

    source_key: str
    low: int | None
    high: int | None
    qualifier: str = "exact"
    hedging: str = "reported"
    attribution: str = ""
    credibility: int | None = None
    note: Bilingual = field(default_factory=lambda: Bilingual(""))

    def __post_init__(self) -> None:
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"claim qualifier {self.qualifier!r} not in {QUALIFIERS}")
        if self.hedging not in HEDGING_CODES:
            raise ValueError(f"claim hedging {self.hedging!r} not in {HEDGING_CODES}")
        for value in (self.low, self.high):
            if value is not None and value < 0:
                raise ValueError("claim counts cannot be negative")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"claim range {self.low}–{self.high} is reversed")
        if self.credibility is not None and not 1 <= self.credibility <= 6:
            raise ValueError("credibility must be 1–6")


@dataclass(frozen=True)
class Denial:
    """A party's denial of an incident (e.g. a ministry saying no such returns occurred)."""

    actor: Bilingual
    statement: Bilingual
    on: date | None = None
    source_key: str | None = None


@dataclass(frozen=True)
class Incident:
    """A real-world event with the claims that describe it.

    ``responsible_state`` is an ISO 3166 alpha-2 code; when empty, the legal
    characterisation takes the country of the first located place.
    """

    key: str
    title: Bilingual
    event_type: str
    start: date
    end: date | None = None
    places: tuple[Place, ...] = ()
    claims: tuple[ClaimFigure, ...] = ()
    corroborated_by: tuple[str, ...] = ()
    denials: tuple[Denial, ...] = ()
    summary: Bilingual = field(default_factory=lambda: Bilingual(""))
    legal_note: Bilingual = field(default_factory=lambda: Bilingual(""))
    responsible_state: str = ""

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPE_CODES:
            raise ValueError(f"incident {self.key!r}: unknown event type {self.event_type!r}")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"incident {self.key!r} ends before it starts")

    @property
    def count_range(self) -> tuple[int | None, int | None]:
        """Lowest and highest figure any claim gives (``None`` when no claim has one)."""
        lows = [c.low for c in self.claims if c.low is not None]
        highs = [c.high if c.high is not None else c.low for c in self.claims]
        known_highs = [h for h in highs if h is not None]
        return (min(lows) if lows else None, max(known_highs) if known_highs else None)


@dataclass(frozen=True)
class Intervention:
    """A demand, statement, UN communication or response, with its outcome."""

    key: str
    on: date
    actor: Bilingual
    kind: str
    summary: Bilingual
    outcome: Bilingual = field(default_factory=lambda: Bilingual(""))
    incident_keys: tuple[str, ...] = ()
    source_key: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in INTERVENTION_KINDS:
            raise ValueError(f"intervention {self.key!r}: kind must be one of {INTERVENTION_KINDS}")


@dataclass(frozen=True)
class EventCount:
    """Number of documented people (distinct persons in the store) for one event type."""

    event_type: str
    count: int

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPE_CODES:
            raise ValueError(f"unknown event type {self.event_type!r}")
        if self.count < 0:
            raise ValueError("counts cannot be negative")


@dataclass(frozen=True)
class MethodEstimate:
    """One estimation method's result for one quantity (``quantity`` groups methods)."""

    quantity: str
    label: Bilingual
    method: str
    point: float
    low: float
    high: float
    level: float = 0.95
    observed: int | None = None
    diagnostics: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.low <= self.high:
            raise ValueError(f"estimate {self.quantity}/{self.method}: interval reversed")
        if not 0 < self.level < 1:
            raise ValueError("interval level must be in (0, 1)")


@dataclass(frozen=True)
class CountTable:
    """A table of documented-person counts published with its margins.

    ``cells[i][j]`` is the count for row ``i`` and column ``j``. A one-column table
    is a list with a total. Row, column and grand totals are derived, never given,
    so they always add up.
    """

    key: str
    title: Bilingual
    row_labels: tuple[Bilingual, ...]
    col_labels: tuple[Bilingual, ...]
    cells: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.row_labels):
            raise ValueError(
                f"table {self.key!r}: {len(self.cells)} rows but {len(self.row_labels)} labels"
            )
        for row in self.cells:
            if len(row) != len(self.col_labels):
                raise ValueError(
                    f"table {self.key!r}: a row does not have {len(self.col_labels)} cells"
                )
            if any(v < 0 for v in row):
                raise ValueError(f"table {self.key!r}: counts cannot be negative")
        if not self.row_labels or not self.col_labels:
            raise ValueError(f"table {self.key!r} is empty")


@dataclass(frozen=True)
class MethodsInfo:
    """What the methods appendix says about linkage and estimation."""

    linkage: Bilingual = field(default_factory=lambda: Bilingual(""))
    estimation: Bilingual = field(default_factory=lambda: Bilingual(""))
    assumptions: tuple[Bilingual, ...] = ()
    diagnostics: tuple[tuple[str, str], ...] = ()
    software: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    term: Bilingual
    definition: Bilingual


@dataclass(frozen=True)
class QuasiIdentifierRow:
    """One documented person's quasi-identifiers, for disclosure checks only.

    The renderers never print these. ``home_province`` and ``detention_region``
    are the coarser levels the checks fall back to when the finer ones single a
    person out. ``event_type`` is not a quasi-identifier; it lets the public
    dataset count people per event type.
    """

    sex: str | None = None
    birth_year: int | None = None
    home_county: str | None = None
    home_province: str | None = None
    detention_place: str | None = None
    detention_region: str | None = None
    event_date: date | None = None
    event_type: str | None = None


@dataclass(frozen=True)
class ReportMeta:
    """Who speaks, to whom, and when the report was generated (an aware datetime)."""

    title: Bilingual
    organisation: Bilingual
    generated_at: datetime
    addressee: Bilingual = field(default_factory=lambda: Bilingual(""))
    recommendations: tuple[Bilingual, ...] = ()
    contact: str = ""

    def __post_init__(self) -> None:
        if self.generated_at.tzinfo is None:
            raise ValueError("generated_at must be timezone-aware")


@dataclass(frozen=True)
class ReportData:
    """Everything one report says, already selected for its period by the glue.

    Validation checks cross-references: every claim, corroboration, denial and
    intervention names a source in ``sources``; interventions name incidents that
    exist.
    """

    meta: ReportMeta
    period: Period
    language: Lang = "en"
    template: TemplateName = "un-submission"
    documented: tuple[EventCount, ...] = ()
    estimates: tuple[MethodEstimate, ...] = ()
    tables: tuple[CountTable, ...] = ()
    incidents: tuple[Incident, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    methods: MethodsInfo = field(default_factory=MethodsInfo)
    sources: tuple[SourceRef, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    quasi_identifiers: tuple[QuasiIdentifierRow, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if self.language not in LANGS:
            raise ValueError(f"language must be one of {LANGS}")
        if self.template not in TEMPLATES:
            raise ValueError(f"template must be one of {TEMPLATES}")
        keys = [s.key for s in self.sources]
        if len(set(keys)) != len(keys):
            raise ValueError("source keys must be unique")
        known = set(keys)
        incident_keys = {i.key for i in self.incidents}
        if len(incident_keys) != len(self.incidents):
            raise ValueError("incident keys must be unique")
        for incident in self.incidents:
            cited = [c.source_key for c in incident.claims] + list(incident.corroborated_by)
            cited += [d.source_key for d in incident.denials if d.source_key]
            for key in cited:
                if key not in known:
                    raise ValueError(f"incident {incident.key!r} cites unknown source {key!r}")
        for item in self.interventions:
            if item.source_key and item.source_key not in known:
                raise ValueError(
                    f"intervention {item.key!r} cites unknown source {item.source_key!r}"
                )
            for key in item.incident_keys:
                if key not in incident_keys:
                    raise ValueError(f"intervention {item.key!r} names unknown incident {key!r}")
        seen: set[str] = set()
        for count in self.documented:
            if count.event_type in seen:
                raise ValueError(f"documented count for {count.event_type!r} given twice")
            seen.add(count.event_type)

    def source(self, key: str) -> SourceRef:
        for source in self.sources:
            if source.key == key:
                return source
        raise KeyError(key)
