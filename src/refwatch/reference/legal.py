"""Legal instruments, China's status under each, and the provisions event types engage.

Read from the packaged ``data/legal.csv`` (researched, with sources) and
``data/engagements.csv`` (event type -> provision).

>>> instruments = load_instruments()
>>> instruments["cat"].status, instruments["cat"].since
('party', datetime.date(1988, 10, 4))
>>> instruments["iccpr"].status
'signatory'
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Instrument codes, matched on the start of the title in legal.csv.
_CODES: tuple[tuple[str, str], ...] = (
    ("Convention relating to the Status of Refugees", "refugee-convention"),
    ("Protocol relating to the Status of Refugees", "refugee-protocol"),
    ("Convention against Torture", "cat"),
    ("International Covenant on Civil and Political Rights", "iccpr"),
    ("Convention on the Rights of the Child", "crc"),
    ("Convention on the Elimination of All Forms of Discrimination against Women", "cedaw"),
    ("Protocol between PRC Ministry of Public Security", "prc-dprk-protocol-1964"),
    ("Mutual Cooperation Protocol for the Work", "prc-dprk-protocol-1986"),
    ("PRC MPS – DPRK State Security Department protocol", "prc-dprk-protocol-1998"),
    ("Record of PRC MPS – DPRK Interior Ministry joint meeting", "prc-dprk-record-1955"),
    ("Report of the UN Commission of Inquiry", "un-coi-dprk-2014"),
    ("UNHCR position on North Koreans in China", "unhcr-position"),
    ("CAT Committee concluding observations on China", "cat-co-chn-5"),
)
_ARTICLE = re.compile(r"\barts?\.\s*((?:\d+|[IVX]+)[A-Z]?(?:\(\d+\))?)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class InstrumentInfo:
    code: str
    title: str
    adopted: dt.date | None
    entry_into_force: dt.date | None
    status: str  # party | signatory | not_party | bilateral | n/a
    status_text: str
    since: dt.date | None  # party since (or signed, for signatories)
    articles: tuple[str, ...]
    key_provisions: str
    relevance: str
    source: str
    verification: str

    @property
    def is_treaty(self) -> bool:
        return self.status in ("party", "signatory", "not_party", "bilateral")


@dataclass(frozen=True)
class Engagement:
    event_type: str
    instrument: str
    article: str
    note: str


def _date(text: str) -> dt.date | None:
    m = _DATE.search(text or "")
    return dt.date.fromisoformat(m[0]) if m else None


def _status(text: str) -> str:
    low = text.lower()
    if low.startswith("party"):
        return "party"
    if low.startswith("signatory"):
        return "signatory"
    if low.startswith("not party"):
        return "not_party"
    if low.startswith("bilateral"):
        return "bilateral"
    return "n/a"


def instrument_code(title: str) -> str:
    for prefix, code in _CODES:
        if title.startswith(prefix):
            return code
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("refwatch.reference").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def load_instruments() -> dict[str, InstrumentInfo]:
    """Instruments keyed by code, with China's status and the articles cited."""
    result: dict[str, InstrumentInfo] = {}
    engaged = {(e.instrument, e.article) for e in load_engagements()}
    for row in _read("legal.csv"):
        code = instrument_code(row["instrument"])
        articles = list(dict.fromkeys(_ARTICLE.findall(row["key_provisions"])))
        articles += [a for (i, a) in sorted(engaged) if i == code and a not in articles]
        result[code] = InstrumentInfo(
            code=code,
            title=row["instrument"],
            adopted=_date(row["adopted_or_signed"]),
            entry_into_force=_date(row["entry_into_force"]),
            status=_status(row["china_status"]),
            status_text=row["china_status"],
            since=_date(row["china_date"]),
            articles=tuple(articles),
            key_provisions=row["key_provisions"],
            relevance=row["relevance"],
            source=row["source"],
            verification=row["verification"],
        )
    return result


@cache
def load_engagements() -> tuple[Engagement, ...]:
    return tuple(
        Engagement(r["event_type"], r["instrument"], r["article"], r["note"])
        for r in _read("engagements.csv")
    )


def status_on(code: str, on: dt.date) -> str:
    """China's status under an instrument on a date: party / signatory / not_party."""
    info = load_instruments()[code]
    if info.status in ("party", "bilateral"):
        return "party" if info.since is None or on >= info.since else "not_party"
    if info.status == "signatory":
        return "signatory" if info.since is None or on >= info.since else "not_party"
    return info.status


@cache
def instrument_names_ko() -> dict[str, tuple[str, str]]:
    """Korean (short name, full title) of each instrument code (data/legal_ko.csv)."""
    return {r["code"]: (r["short_ko"], r["title_ko"]) for r in _read("legal_ko.csv")}


@cache
def engagement_notes_ko() -> dict[str, str]:
    """The Korean of each engagement note, keyed by its English (data/engagements.csv, note_ko)."""
    return {r["note"]: r["note_ko"] for r in _read("engagements.csv") if r.get("note_ko")}
