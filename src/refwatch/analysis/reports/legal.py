"""Legal characterisation: which provisions an event engages, for which state, when.

Each event type maps to the treaty provisions it engages (:data:`EVENT_PROVISIONS`).
For an incident, the responsible state's status under each instrument is read
from reference rows shaped like ``refwatch/reference/data/legal.csv`` (columns
``instrument``, ``<state>_status``, ``<state>_date``, ``source``,
``verification``; ``china_*`` is China, ``dprk_*`` North Korea) and evaluated on
the incident date: party since a date (with its reservations), signatory only,
or not party.

The provision summaries are this project's own paraphrases, not treaty text.

>>> ref = load_legal_reference(default_legal_rows())
>>> status_on(ref, "CAT", "CN", date(2023, 10, 9)).kind
'party'
>>> status_on(ref, "ICCPR", "CN", date(2023, 10, 9)).kind
'signatory'
>>> status_on(ref, "CAT", "CN", date(1985, 1, 1)).kind
'not_party'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

from refwatch.analysis.reports.model import Bilingual, Incident

StatusKind = Literal["party", "signatory", "not_party", "bilateral", "not_applicable", "unknown"]

STATE_NAMES: dict[str, Bilingual] = {
    "CN": Bilingual("People's Republic of China", "중화인민공화국"),
    "KP": Bilingual("Democratic People's Republic of Korea", "조선민주주의인민공화국"),
    "KR": Bilingual("Republic of Korea", "대한민국"),
    "RU": Bilingual("Russian Federation", "러시아 연방"),
    "LA": Bilingual("Lao People's Democratic Republic", "라오스"),
    "VN": Bilingual("Viet Nam", "베트남"),
    "TH": Bilingual("Thailand", "태국"),
    "MN": Bilingual("Mongolia", "몽골"),
}
_STATE_PREFIXES = {"china": "CN", "prc": "CN", "dprk": "KP", "north_korea": "KP", "rok": "KR"}

# (pattern in the instrument name, code, short name) — order matters: protocols first.
_INSTRUMENT_PATTERNS: tuple[tuple[str, str, Bilingual], ...] = (
    (
        r"Protocol relating to the Status of Refugees",
        "RP1967",
        Bilingual("1967 Protocol", "1967 난민의정서"),
    ),
    (
        r"Convention relating to the Status of Refugees",
        "RC1951",
        Bilingual("Refugee Convention", "난민협약"),
    ),
    (
        r"Committee concluding observations",
        "CAT-CO-2015",
        Bilingual("CAT Committee 2015", "고문방지위원회 2015"),
    ),
    (r"Convention against Torture", "CAT", Bilingual("Convention against Torture", "고문방지협약")),
    (r"Civil and Political Rights", "ICCPR", Bilingual("ICCPR", "자유권규약")),
    (
        r"Rights of the Child",
        "CRC",
        Bilingual("Convention on the Rights of the Child", "아동권리협약"),
    ),
    (r"Discrimination against Women", "CEDAW", Bilingual("CEDAW", "여성차별철폐협약")),
    (
        r"Commission of Inquiry",
        "COI-2014",
        Bilingual("UN Commission of Inquiry 2014", "유엔 북한인권조사위원회 2014"),
    ),
    (r"UNHCR", "UNHCR", Bilingual("UNHCR position", "유엔난민기구 입장")),
    (r"\(1964\)", "BP1964", Bilingual("PRC–DPRK border protocol 1964", "1964년 중·북 국경 의정서")),
    (r"1986", "BP1986", Bilingual("PRC–DPRK border protocol 1986", "1986년 중·북 국경 의정서")),
    (
        r"1998",
        "BP1998",
        Bilingual("PRC–DPRK border protocol (1998 text)", "중·북 국경 의정서(1998년 문안)"),
    ),
    (
        r"\(1955\)",
        "BP1955",
        Bilingual("PRC–DPRK border meeting record 1955", "1955년 중·북 국경 회의록"),
    ),
)
TREATIES: tuple[str, ...] = ("RC1951", "RP1967", "CAT", "ICCPR", "CRC", "CEDAW")


@dataclass(frozen=True)
class Provision:
    """One article of one instrument, with a plain-language gist in both languages."""

    code: str
    instrument: str
    article: str
    title: Bilingual
    gist: Bilingual


def _p(instrument: str, article: str, title: Bilingual, gist: Bilingual) -> Provision:
    return Provision(f"{instrument} art. {article}", instrument, article, title, gist)


PROVISIONS: dict[str, Provision] = {
    p.code: p
    for p in (
        _p(
            "RC1951",
            "33(1)",
            Bilingual("Non-refoulement", "강제송환 금지"),
            Bilingual(
                "A refugee may not be returned in any manner to a territory where their life or freedom would be threatened.",
                "난민을 생명이나 자유가 위협받을 영역으로 어떤 방법으로도 송환해서는 안 된다.",
            ),
        ),
        _p(
            "RC1951",
            "31",
            Bilingual("No penalties for illegal entry", "불법 입국에 대한 처벌 금지"),
            Bilingual(
                "Refugees coming directly from danger may not be penalised for entering without authorisation.",
                "위험을 피해 직접 온 난민을 무단 입국을 이유로 처벌해서는 안 된다.",
            ),
        ),
        _p(
            "RP1967",
            "I",
            Bilingual("Application without time limit", "시간적 제한 없는 적용"),
            Bilingual(
                "Extends the Convention's protections to refugees of any date.",
                "협약의 보호를 시기와 관계없이 모든 난민에게 확대한다.",
            ),
        ),
        _p(
            "CAT",
            "3",
            Bilingual("No return to a risk of torture", "고문 위험국으로의 송환 금지"),
            Bilingual(
                "No one may be sent to a state where there are substantial grounds to believe they would face torture; no exception.",
                "고문받을 위험이 있다고 믿을 상당한 근거가 있는 국가로 누구도 보내서는 안 되며 예외가 없다.",
            ),
        ),
        _p(
            "CAT",
            "16",
            Bilingual("Cruel, inhuman or degrading treatment", "잔혹하거나 비인도적인 대우"),
            Bilingual(
                "States must prevent cruel, inhuman or degrading treatment by officials, including in custody.",
                "국가는 구금 중을 포함하여 공무원에 의한 잔혹·비인도적·굴욕적 대우를 방지해야 한다.",
            ),
        ),
        _p(
            "ICCPR",
            "6",
            Bilingual("Right to life", "생명권"),
            Bilingual(
                "No one may be arbitrarily deprived of life; the state answers for deaths in its custody.",
                "누구도 자의적으로 생명을 박탈당하지 않으며, 국가는 구금 중 사망에 책임을 진다.",
            ),
        ),
        _p(
            "ICCPR",
            "7",
            Bilingual("Prohibition of torture", "고문 금지"),
            Bilingual(
                "No one may be tortured or ill-treated; this also bars sending anyone to where they face such treatment.",
                "누구도 고문이나 학대를 당하지 않으며, 그러한 위험이 있는 곳으로 보내는 것도 금지된다.",
            ),
        ),
        _p(
            "ICCPR",
            "9",
            Bilingual("Liberty and security", "신체의 자유와 안전"),
            Bilingual(
                "No arbitrary arrest or detention; detainees must be told why and brought before a judge.",
                "자의적 체포·구금은 금지되며, 구금된 사람은 이유를 고지받고 법관 앞에 인치되어야 한다.",
            ),
        ),
        _p(
            "ICCPR",
            "10",
            Bilingual("Humane treatment in detention", "구금 중 인도적 대우"),
            Bilingual(
                "People deprived of liberty must be treated with humanity and respect for their dignity.",
                "자유를 박탈당한 사람은 인도적으로, 인간의 존엄성을 존중받으며 대우받아야 한다.",
            ),
        ),
        _p(
            "ICCPR",
            "12(2)",
            Bilingual("Right to leave any country", "어느 나라에서나 떠날 권리"),
            Bilingual(
                "Everyone is free to leave any country, including their own; punishing departure violates it.",
                "모든 사람은 자국을 포함한 어느 나라에서나 떠날 자유가 있으며, 출국을 처벌하는 것은 이를 침해한다.",
            ),
        ),
        _p(
            "ICCPR",
            "16",
            Bilingual("Recognition as a person before the law", "법 앞에 인간으로 인정받을 권리"),
            Bilingual(
                "Enforced disappearance removes a person from the protection of the law.",
                "강제실종은 사람을 법의 보호 밖에 둔다.",
            ),
        ),
        _p(
            "CRC",
            "22",
            Bilingual("Refugee children", "난민 아동"),
            Bilingual(
                "Children seeking refugee status must receive protection and humanitarian assistance.",
                "난민 지위를 구하는 아동은 보호와 인도적 지원을 받아야 한다.",
            ),
        ),
        _p(
            "CRC",
            "37",
            Bilingual(
                "Torture and deprivation of liberty of children", "아동에 대한 고문과 자유 박탈"
            ),
            Bilingual(
                "No child may be tortured; detention of children only as a last resort and for the shortest time.",
                "아동은 고문당하지 않으며, 아동 구금은 최후의 수단으로 최단 기간에 한한다.",
            ),
        ),
        _p(
            "CEDAW",
            "6",
            Bilingual("Trafficking of women", "여성 인신매매"),
            Bilingual(
                "States must suppress trafficking in women; victims must not be punished for its consequences.",
                "국가는 여성 인신매매를 억제해야 하며, 피해자를 그 결과로 처벌해서는 안 된다.",
            ),
        ),
    )
}

EVENT_PROVISIONS: dict[str, tuple[str, ...]] = {
    "arrest": ("RC1951 art. 31", "ICCPR art. 9", "CRC art. 37"),
    "detention": (
        "RC1951 art. 31",
        "ICCPR art. 9",
        "ICCPR art. 10",
        "ICCPR art. 7",
        "CAT art. 16",
        "CRC art. 37",
    ),
    "transfer": ("RC1951 art. 33(1)", "CAT art. 3", "ICCPR art. 7", "CRC art. 22"),
    "forced_repatriation": (
        "RC1951 art. 33(1)",
        "RP1967 art. I",
        "CAT art. 3",
        "ICCPR art. 7",
        "ICCPR art. 12(2)",
        "CRC art. 22",
        "CRC art. 37",
        "CEDAW art. 6",
    ),
    "release": (),
    "arrival_third_country": (),
    "voluntary_return": (),
    "disappearance": ("ICCPR art. 6", "ICCPR art. 7", "ICCPR art. 9", "ICCPR art. 16"),
    "death_in_custody": ("ICCPR art. 6", "ICCPR art. 7", "CAT art. 16"),
}

EVENT_NOTES: dict[str, Bilingual] = {
    "release": Bilingual(
        "A release engages no provision by itself; the detention before it may.",
        "석방 자체는 조항에 해당하지 않으나, 그 이전의 구금은 해당할 수 있다.",
    ),
    "arrival_third_country": Bilingual(
        "Arrival in a third country is a protection outcome; no provision is engaged by it.",
        "제3국 도착은 보호의 결과이며 그 자체로 해당 조항이 없다.",
    ),
    "voluntary_return": Bilingual(
        "A return counts as voluntary only if its voluntariness can be verified; otherwise treat it as forced repatriation.",
        "자발성이 검증될 때에만 자진 귀국으로 보며, 그렇지 않으면 강제송환으로 다룬다.",
    ),
}

_DEFAULT_STATE = {"disappearance": "KP", "death_in_custody": "KP"}


@dataclass(frozen=True)
class StateStatus:
    """A state's standing under an instrument, as the reference data gives it."""

    state: str
    kind: StatusKind
    since: date | None
    reservations: str
    raw: str


@dataclass(frozen=True)
class Instrument:
    """A treaty, bilateral protocol or authoritative finding from the reference rows."""

    code: str
    name: str
    short: Bilingual
    statuses: tuple[StateStatus, ...]
    source: str
    verification: str

    @property
    def is_treaty(self) -> bool:
        return self.code in TREATIES


@dataclass(frozen=True)
class LegalReference:
    instruments: tuple[Instrument, ...]

    def instrument(self, code: str) -> Instrument | None:
        for item in self.instruments:
            if item.code == code:
                return item
        return None


@dataclass(frozen=True)
class StatusOnDate:
    """A state's status under an instrument on one day, with a sentence in both languages."""

    instrument: str
    state: str
    on: date
    kind: StatusKind
    since: date | None
    reservations: str
    text: Bilingual


@dataclass(frozen=True)
class EngagedProvision:
    provision: Provision
    status: StatusOnDate


@dataclass(frozen=True)
class LegalCharacterisation:
    """The provisions an incident engages and the responsible state's status on its date."""

    incident_key: str
    state: str
    state_name: Bilingual
    on: date
    provisions: tuple[EngagedProvision, ...]
    note: Bilingual


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _instrument_code(name: str) -> tuple[str, Bilingual]:
    for pattern, code, short in _INSTRUMENT_PATTERNS:
        if re.search(pattern, name):
            return code, short
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:40] or "instrument"
    return slug, Bilingual(name[:60])


def _status_kind(raw: str) -> StatusKind:
    text = raw.strip().lower()
    if not text:
        return "unknown"
    if text.startswith("not party") or "not a party" in text:
        return "not_party"
    if text.startswith("party"):
        return "party"
    if text.startswith("signatory"):
        return "signatory"
    if text.startswith("bilateral"):
        return "bilateral"
    if text.startswith("n/a"):
        return "not_applicable"
    return "unknown"


def _first_date(raw: str) -> date | None:
    for match in _ISO_DATE.finditer(raw):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    year = _YEAR.search(raw)
    return date(int(year[1]), 1, 1) if year else None


def _reservations(raw: str) -> str:
    inner = raw[raw.find("(") + 1 : raw.rfind(")")] if "(" in raw and ")" in raw else ""
    parts = [p.strip() for p in inner.split(";")]
    for index, part in enumerate(parts):
        if "reserv" in part.lower():
            joined = "; ".join(parts[index:])
            return re.sub(r"^reservations?:\s*", "", joined, flags=re.IGNORECASE)
    return ""


def _state_of(prefix: str) -> str | None:
    if prefix in _STATE_PREFIXES:
        return _STATE_PREFIXES[prefix]
    return prefix.upper() if len(prefix) == 2 and prefix.isalpha() else None


def load_legal_reference(
    source: Path | str | Iterable[Mapping[str, str]],
    *more: Path | str | Iterable[Mapping[str, str]],
) -> LegalReference:
    """Read instruments and state statuses from CSV paths or already-parsed rows.

    Rows of later sources with the same instrument add their states' statuses to
    the earlier ones (e.g. the packaged China rows plus North Korea rows). Status
    text starting with ``party``/``signatory``/``not party``/``bilateral``/``n/a``
    is classified; the first ISO date (or year) of ``<state>_date`` is the date the
    status began; reservations are the parenthesised parts from the first one
    mentioning a reservation.
    """
    merged: dict[str, Instrument] = {}
    order: list[str] = []
    for src in (source, *more):
        for row in _rows(src):
            name = (row.get("instrument") or "").strip()
            if not name:
                continue
            code, short = _instrument_code(name)
            statuses: list[StateStatus] = []
            for column, value in row.items():
                if not column or not column.endswith("_status"):
                    continue
                state = _state_of(column[: -len("_status")])
                if state is None:
                    continue
                raw = (value or "").strip()
                raw_date = row.get(column[: -len("_status")] + "_date") or ""
                statuses.append(
                    StateStatus(
                        state, _status_kind(raw), _first_date(raw_date), _reservations(raw), raw
                    )
                )
            if code in merged:
                old = merged[code]
                known = {s.state for s in statuses}
                kept = tuple(s for s in old.statuses if s.state not in known)
                merged[code] = Instrument(
                    code, old.name, old.short, kept + tuple(statuses), old.source, old.verification
                )
            else:
                order.append(code)
                merged[code] = Instrument(
                    code,
                    name,
                    short,
                    tuple(statuses),
                    (row.get("source") or "").strip(),
                    (row.get("verification") or "").strip(),
                )
    return LegalReference(tuple(merged[c] for c in order))


def _rows(source: Path | str | Iterable[Mapping[str, str]]) -> Iterable[Mapping[str, str]]:
    if isinstance(source, (str, Path)):
        with Path(source).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    return source


def default_legal_rows() -> list[dict[str, str]]:
    """The packaged reference rows (China) followed by this package's North Korea rows."""
    rows: list[dict[str, str]] = []
    for package, name in (
        ("refwatch.reference", "data/legal.csv"),
        ("refwatch.analysis.reports", "data/legal_dprk.csv"),
    ):
        text = resources.files(package).joinpath(name).read_text("utf-8")
        rows.extend(csv.DictReader(text.splitlines()))
    return rows


def _long_date(day: date, lang: Literal["en", "ko"]) -> str:
    if lang == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def status_on(ref: LegalReference, instrument: str, state: str, on: date) -> StatusOnDate:
    """The state's status under ``instrument`` on ``on``.

    A party or signatory whose date is after ``on`` was not yet one (a signatory
    before ratification counts as signatory). ``unknown`` when the reference has
    no row for that state.
    """
    item = ref.instrument(instrument)
    found = next((s for s in item.statuses if s.state == state), None) if item else None
    if found is None:
        text = Bilingual("Status not in the reference data.", "참조 자료에 지위 정보 없음.")
        return StatusOnDate(instrument, state, on, "unknown", None, "", text)
    kind: StatusKind = found.kind
    if kind in ("party", "signatory") and found.since is not None and found.since > on:
        kind = (
            "signatory"
            if "signed" in found.raw.lower() and kind == "party" and _signed_before(found.raw, on)
            else "not_party"
        )
    res = found.reservations
    if kind == "party":
        if found.since is None:
            text = Bilingual("Party.", "당사국.")
        else:
            text = Bilingual(
                f"Party since {_long_date(found.since, 'en')}.",
                f"{_long_date(found.since, 'ko')}부터 당사국.",
            )
        if res:
            text = Bilingual(f"{text.en} Reservations: {res}.", f"{text.ko} 유보(원문): {res}.")
    elif kind == "signatory":
        since = found.since if found.kind == "signatory" else _signature_date(found.raw)
        when_en = f" since {_long_date(since, 'en')}" if since else ""
        when_ko = f"{_long_date(since, 'ko')}부터 " if since else ""
        text = Bilingual(
            f"Signatory only{when_en}, not ratified: bound not to defeat the treaty's object and purpose.",
            f"{when_ko}서명국이나 비준하지 않음: 조약의 대상과 목적을 훼손하지 않을 의무가 있다.",
        )
    elif kind == "not_party":
        text = Bilingual("Not a party on this date.", "이 날짜에 당사국이 아님.")
    elif kind == "bilateral":
        text = Bilingual("Bilateral arrangement.", "양자 간 약정.")
    else:
        text = Bilingual("Not applicable.", "해당 없음.")
    return StatusOnDate(
        instrument, state, on, kind, found.since, res if kind == "party" else "", text
    )


def _signature_date(raw: str) -> date | None:
    match = re.search(r"signed (\d{4}-\d{2}-\d{2})", raw)
    return _first_date(match[1]) if match else None


def _signed_before(raw: str, on: date) -> bool:
    signed = _signature_date(raw)
    return signed is not None and signed <= on


def responsible_state(incident: Incident) -> str:
    """The incident's responsible state: given, else its first place's country, else by type."""
    if incident.responsible_state:
        return incident.responsible_state
    for place in incident.places:
        if place.country:
            return place.country
    return _DEFAULT_STATE.get(incident.event_type, "CN")


def characterise_incident(incident: Incident, ref: LegalReference) -> LegalCharacterisation:
    """Provisions the incident's event type engages, each with the state's status on its start date.

    Assumes the start date is the relevant date (a forced return's night, an
    arrest's day). Provisions whose instrument the state is not bound by are kept,
    with that status stated, because the report must say so.
    """
    state = responsible_state(incident)
    engaged = tuple(
        EngagedProvision(
            PROVISIONS[code], status_on(ref, PROVISIONS[code].instrument, state, incident.start)
        )
        for code in EVENT_PROVISIONS[incident.event_type]
    )
    return LegalCharacterisation(
        incident_key=incident.key,
        state=state,
        state_name=STATE_NAMES.get(state, Bilingual(state)),
        on=incident.start,
        provisions=engaged,
        note=EVENT_NOTES.get(incident.event_type, Bilingual("")),
    )
