"""Synthetic lists of detained and repatriated North Koreans, for demos, tests and benchmarks.

:func:`generate_lists` draws synthetic persons (names composed from the surname
and syllable tables: never real people), then lets K organisations each record
a varying subset of them in their own way.  Each list has its own headers and
conventions (see :mod:`refwatch.analysis.linkage.synth_render`): Hangul with
North Korean orthography, Revised Romanization in split columns,
McCune–Reischauer with its breves and apostrophes kept, lost or curled, ad-hoc
English with passport and DPRK spellings, given name first, upper case, typos
and Hangul in brackets.  Capture probabilities vary by person and by region so
that the lists overlap the way real ones do and suit capture–recapture.
:func:`write_lists` writes the files, a list spec TOML (DESIGN.md) and the
truth ``truth.csv`` (list, record_id, person_id, noise_flags).

>>> result = generate_lists(persons=50, lists=4, seed=1)
>>> [lst.name for lst in result.lists]
['A', 'B', 'C', 'D']
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate
from pathlib import Path

from refwatch.analysis.linkage.romanization import (
    SurnameForms,
    surname_table,
    syllable_table,
)
from refwatch.analysis.linkage.synth_render import STYLES, ListStyle, render_record


@dataclass(frozen=True)
class HomePlace:
    """A North Korean province or county row of ``nk_places.csv``."""

    level: str
    province: str
    hangul_north: str
    hangul_south: str
    rr: str
    mr: str
    english: str
    abbreviation: str
    old_name: str
    weight: float


@dataclass(frozen=True)
class ChinaPlace:
    """A Chinese town where North Koreans are detained (``china_detention_places.csv``)."""

    code: str
    zh: str
    sino_korean: str
    chinese_sound: str
    english: str
    province: str


@dataclass(frozen=True)
class Person:
    """A synthetic person as they would write themselves (North Korean orthography).

    ``birth`` is the solar date; ``lunar_birthday`` says the person (or their
    family) remembers it in the lunar calendar.  ``propensity`` is the person's
    log-odds shift of being recorded by any list (visibility heterogeneity).
    """

    person_id: str
    surname: str
    given: str
    sex: str
    birth: dt.date
    lunar_birthday: bool
    province: HomePlace
    county: HomePlace | None
    detained_at: ChinaPlace
    arrest_date: dt.date
    repatriation_date: dt.date | None
    propensity: float


@dataclass(frozen=True)
class _Urns:
    surnames: tuple[tuple[SurnameForms, ...], tuple[float, ...]]
    given: dict[str, tuple[tuple[str, ...], tuple[float, ...]]]
    provinces: tuple[tuple[HomePlace, ...], tuple[float, ...]]
    local: dict[str, tuple[tuple[HomePlace, ...], tuple[float, ...]]]
    china: tuple[tuple[ChinaPlace, ...], tuple[float, ...]]


@dataclass(frozen=True)
class SynthRecord:
    """One row of one list, with the person it truly is and the noise applied."""

    list_name: str
    record_id: str
    person_id: str
    cells: dict[str, str]
    noise_flags: tuple[str, ...]


@dataclass(frozen=True)
class SynthList:
    """One organisation's list: its style, file name, headers, rows and spec columns."""

    name: str
    style: ListStyle
    filename: str
    records: tuple[SynthRecord, ...]


@dataclass(frozen=True)
class SynthResult:
    """Persons and the lists that recorded them, for one seed."""

    seed: int
    persons: tuple[Person, ...]
    lists: tuple[SynthList, ...]

    def truth(self) -> list[tuple[str, str, str, str]]:
        """Rows (list, record_id, person_id, noise_flags) of every record."""
        return [
            (lst.name, rec.record_id, rec.person_id, "|".join(rec.noise_flags))
            for lst in self.lists
            for rec in lst.records
        ]


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("refwatch.analysis.linkage").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def home_places() -> tuple[HomePlace, ...]:
    """North Korean provinces and their cities and counties with origin weights."""
    return tuple(
        HomePlace(
            level=r["level"],
            province=r["province_code"],
            hangul_north=r["hangul_north"],
            hangul_south=r["hangul_south"],
            rr=r["rr"],
            mr=r["mr"],
            english=r["dprk_ascii_common_english"],
            abbreviation=r["sk_abbreviation"],
            old_name=r["old_or_alt_name"],
            weight=float(r["defector_origin_weight_used"] or 0),
        )
        for r in _data_rows("nk_places.csv")
    )


@cache
def china_places() -> tuple[ChinaPlace, ...]:
    """Chinese towns of detention with their Chinese, Korean and English names."""
    return tuple(
        ChinaPlace(
            code=r["code"],
            zh=r["zh"],
            sino_korean=r["ko_sino_korean_reading"],
            chinese_sound=r["ko_chinese_pronunciation"],
            english=r["en"],
            province=r["province"],
        )
        for r in _data_rows("china_detention_places.csv")
    )


# Where arrests happen: the Jilin border towns dominate, then Liaoning; inland
# cities appear for people caught travelling towards Southeast Asia.
_DETENTION_WEIGHT = {
    "TUMEN": 20, "YANJI": 14, "LONGJING": 8, "HELONG": 6, "HUNCHUN": 6, "CHANGBAI": 6,
    "BAISHAN": 4, "LINJIANG": 3, "JIAN": 4, "DANDONG": 10, "SHENYANG": 8, "CHANGCHUN": 3,
    "HARBIN": 2, "QINGDAO": 2, "KUNMING": 3, "BEIJING": 1,
}  # fmt: skip

# Syllables that lean to men's or women's given names in both Koreas
# (a judgement from common naming practice, not a table: see docs/linkage-korean.md).
_MALE_LEAN = frozenset(
    "철혁호일남룡용준광국수성명식길범병복삼상세승웅원진창충택학환훈동덕만봉근규귀기석평청천우태현"
)
_FEMALE_LEAN = frozenset("희순옥숙미애향화란련실녀월금은정영경선혜분춘매단별아말효연주")


@cache
def _given_syllable_weights() -> tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]]:
    """Given-name syllables with weights for men and women.

    The syllable table's prior mixes surname and given-name use; the surname
    population is subtracted so that 김 or 박 do not appear as given names.
    """
    surname_pop: dict[str, float] = {}
    for s in surname_table():
        for form in {s.south, s.north}:
            if len(form) == 1:
                surname_pop[form] = surname_pop.get(form, 0.0) + s.population_k
    syllables: list[str] = []
    male: list[float] = []
    female: list[float] = []
    for syl, forms in syllable_table().items():
        weight = forms.name_weight - surname_pop.get(syl, 0.0)
        if weight < 10:
            continue
        syllables.append(syl)
        male.append(weight * (3.0 if syl in _MALE_LEAN else 0.25 if syl in _FEMALE_LEAN else 1.0))
        female.append(weight * (3.0 if syl in _FEMALE_LEAN else 0.25 if syl in _MALE_LEAN else 1.0))
    return tuple(syllables), tuple(male), tuple(female)


@cache
def _urns() -> _Urns:
    """Everything persons are drawn from, with cumulative weights computed once."""
    surnames = surname_table()
    syllables, male, female = _given_syllable_weights()
    places = home_places()
    provinces = tuple(p for p in places if p.level == "province")
    local = {
        prov.province: tuple(
            p for p in places if p.level != "province" and p.province == prov.province
        )
        for prov in provinces
    }
    china = china_places()
    return _Urns(
        surnames=(surnames, tuple(accumulate(x.population_k for x in surnames))),
        given={
            "M": (syllables, tuple(accumulate(male))),
            "F": (syllables, tuple(accumulate(female))),
        },
        provinces=(provinces, tuple(accumulate(p.weight for p in provinces))),
        local={k: (v, tuple(accumulate(p.weight for p in v))) for k, v in local.items()},
        china=(china, tuple(accumulate(_DETENTION_WEIGHT.get(c.code, 1) for c in china))),
    )


def _draw_person(rng: random.Random, index: int) -> Person:
    urns = _urns()
    s = rng.choices(urns.surnames[0], cum_weights=urns.surnames[1])[0]
    surname = s.north  # as written in the North
    sex = "F" if rng.random() < 0.72 else "M"
    syllables, cum = urns.given[sex]
    length = 1 if rng.random() < 0.06 else 2
    given = "".join(rng.choices(syllables, cum_weights=cum, k=length))
    while length == 2 and given[0] == given[1]:
        given = "".join(rng.choices(syllables, cum_weights=cum, k=2))
    arrest = dt.date(2019, 6, 1) + dt.timedelta(days=rng.randrange(0, 1590))
    # Ages at arrest: mostly working-age women, some children and elderly.
    age = max(8, min(78, int(rng.gauss(33 if sex == "F" else 38, 11))))
    birth = dt.date(arrest.year - age, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
    lunar_share = 0.55 if birth.year < 1960 else 0.3 if birth.year < 1980 else 0.08
    province = rng.choices(urns.provinces[0], cum_weights=urns.provinces[1])[0]
    local, local_cum = urns.local[province.province]
    county = rng.choices(local, cum_weights=local_cum)[0] if local else None
    detained = rng.choices(urns.china[0], cum_weights=urns.china[1])[0]
    repatriated: dt.date | None
    roll = rng.random()
    if roll < 0.45 and arrest < dt.date(2023, 10, 9):
        repatriated = dt.date(2023, 10, 9)  # the mass return after the Asian Games
    elif roll < 0.75:
        repatriated = arrest + dt.timedelta(days=rng.randrange(20, 400))
    else:
        repatriated = None
    return Person(
        person_id=f"P{index:06d}",
        surname=surname,
        given=given,
        sex=sex,
        birth=birth,
        lunar_birthday=rng.random() < lunar_share,
        province=province,
        county=county,
        detained_at=detained,
        arrest_date=arrest,
        repatriation_date=repatriated,
        propensity=rng.gauss(0.0, 0.9),
    )


def _capture_logit(style: ListStyle, person: Person) -> float:
    """Log-odds that a list records a person: its reach, the person's visibility, its region."""
    logit = style.base_logit + person.propensity
    if person.province.province in style.home_focus:
        logit += 0.8
    if person.detained_at.province in style.china_focus:
        logit += 0.6
    return logit


def generate_lists(persons: int, lists: int, seed: int) -> SynthResult:
    """Draw ``persons`` synthetic people and ``lists`` lists that record them.

    Each list records each person with probability
    ``logistic(base + propensity + regional focus)``, so capture depends on the
    person (heterogeneity) and on the region (dependence between lists that
    share a focus).  Each list repeats a few of its people (within-list
    duplicates, with fresh noise).  The result is deterministic for a seed.

    >>> r = generate_lists(persons=30, lists=2, seed=3)
    >>> len(r.persons), len(r.lists)
    (30, 2)
    """
    if persons < 1 or lists < 1:
        raise ValueError("persons and lists must be at least 1")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    people = tuple(_draw_person(rng, i + 1) for i in range(persons))
    out: list[SynthList] = []
    for k in range(lists):
        style = STYLES[k % len(STYLES)]
        name = _list_name(k)
        list_rng = random.Random(f"{seed}:{name}")  # noqa: S311
        chosen: list[Person] = []
        for person in people:
            if list_rng.random() < 1.0 / (1.0 + math.exp(-_capture_logit(style, person))):
                chosen.append(person)
                if list_rng.random() < style.duplicate_rate:
                    chosen.append(person)
        list_rng.shuffle(chosen)
        seen: set[str] = set()
        records: list[SynthRecord] = []
        for i, person in enumerate(chosen):
            record_id = style.record_id(i + 1, name)
            cells, flags = render_record(style, person, list_rng)
            id_header = style.columns["record_id"]
            assert isinstance(id_header, str)
            cells = {id_header: record_id, **cells}
            if person.person_id in seen:
                flags = (*flags, "duplicate")
            seen.add(person.person_id)
            records.append(SynthRecord(name, record_id, person.person_id, cells, flags))
        suffix = ".xlsx" if style.xlsx else ".csv"
        out.append(SynthList(name, style, f"list_{name}{suffix}", tuple(records)))
    return SynthResult(seed=seed, persons=people, lists=tuple(out))


def _list_name(k: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[k] if k < 26 else f"L{k + 1}"


def _toml_value(value: str | tuple[str, ...]) -> str:
    def quote(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    if isinstance(value, str):
        return quote(value)
    return "[" + ", ".join(quote(v) for v in value) + "]"


def _file_name(lst: SynthList, xlsx: bool) -> str:
    return lst.filename if xlsx else str(Path(lst.filename).with_suffix(".csv"))


def spec_toml(result: SynthResult, *, xlsx: bool = True) -> str:
    """The list spec TOML (DESIGN.md format) naming the lists and mapping their headers.

    ``xlsx=False`` names every list as CSV (see :func:`write_lists`).
    """
    lines = [f"# Synthetic lists generated by refwatch synth (seed {result.seed}).", ""]
    for lst in result.lists:
        lines += ["[[lists]]", f'name = "{lst.name}"', f'path = "{_file_name(lst, xlsx)}"']
        if lst.style.as_of:
            lines.append(f'as_of = "{lst.style.as_of}"')
        lines.append("[lists.columns]")
        for canonical, header in lst.style.columns.items():
            lines.append(f"{canonical} = {_toml_value(header)}")
        lines.append("")
    return "\n".join(lines)


def write_lists(result: SynthResult, out_dir: Path, *, xlsx: bool = True) -> list[Path]:
    """Write each list (CSV or XLSX), ``lists.toml`` and ``truth.csv`` into ``out_dir``.

    Returns the paths written.  CSV files are UTF-8 with a byte-order mark, as
    spreadsheet programs in Korea write them.  ``xlsx=False`` writes the
    workbook list as CSV too (faster for very large benchmarks).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for lst in result.lists:
        path = out_dir / _file_name(lst, xlsx)
        headers = list(lst.style.headers)
        rows = [[rec.cells.get(h, "") for h in headers] for rec in lst.records]
        if path.suffix == ".xlsx":
            _write_xlsx(path, lst.name, headers, rows)
        else:
            with path.open("w", newline="", encoding="utf-8-sig") as f:
                writer = csv.writer(f)
                writer.writerow(headers)
                writer.writerows(rows)
        written.append(path)
    spec = out_dir / "lists.toml"
    spec.write_text(spec_toml(result, xlsx=xlsx), encoding="utf-8")
    truth = out_dir / "truth.csv"
    with truth.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["list", "record_id", "person_id", "noise_flags"])
        writer.writerows(result.truth())
    return [*written, spec, truth]


def _write_xlsx(path: Path, title: str, headers: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=f"List {title}")
    sheet.append(headers)
    for row in rows:
        sheet.append([_excel_value(v) for v in row])
    book.save(path)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _excel_value(value: str) -> str | int | dt.date:
    """What a spreadsheet stores: typed dates as date cells, plain numbers as numbers."""
    if _ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    if value.isdigit() and len(value) <= 3:
        return int(value)
    return value
