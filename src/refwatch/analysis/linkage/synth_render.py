"""How each synthetic list writes a person: headers, names, dates, places, noise.

Every list style draws its variation from the shipped tables (surname spellings
with their passport shares, the syllable romanisations and ad-hoc variants,
old and abbreviated place names, the three ways Korean lists write Chinese
towns) and from generic clerical noise (typos, swapped day and month, a day or
a year off, missing values).  The rates are rough judgements of what
documenters meet, stated per style below; they are not fitted to any linker.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from refwatch.analysis.linkage.lunar import solar_to_lunar
from refwatch.analysis.linkage.romanization import (
    compose,
    decompose,
    is_hangul_syllable,
    jamo_spellings,
    romanize_syllable,
    south_word,
    surname_forms,
    syllable_table,
)

if TYPE_CHECKING:
    from refwatch.analysis.linkage.synth import Person

Cells = dict[str, str]


@dataclass(frozen=True)
class ListStyle:
    """One organisation's way of keeping a list."""

    key: str
    headers: tuple[str, ...]
    columns: dict[str, str | tuple[str, ...]]
    record_id: Callable[[int, str], str]
    base_logit: float
    home_focus: frozenset[str] = frozenset()
    china_focus: frozenset[str] = frozenset()
    duplicate_rate: float = 0.02
    xlsx: bool = False
    as_of: str = "2024-01-15"
    extra: dict[str, float] = field(default_factory=dict)


STYLES: tuple[ListStyle, ...] = (
    ListStyle(
        key="hangul_north",
        headers=(
            "번호",
            "성명",
            "성별",
            "생년월일",
            "나이",
            "출신지",
            "구금장소",
            "송환일",
            "비고",
        ),
        columns={
            "record_id": "번호",
            "name": "성명",
            "sex": "성별",
            "birth_date": "생년월일",
            "age": "나이",
            "home": "출신지",
            "event_place": "구금장소",
            "event_date": "송환일",
        },
        record_id=lambda i, _: str(i),
        base_logit=-0.7,
        home_focus=frozenset({"NH", "RG"}),
        china_focus=frozenset({"Jilin"}),
        duplicate_rate=0.03,
    ),
    ListStyle(
        key="rr_split",
        headers=(
            "record_id",
            "surname",
            "given_name",
            "name_hangul",
            "sex",
            "date_of_birth",
            "home_province",
            "home_county",
            "place_of_arrest",
            "arrest_date",
        ),
        columns={
            "record_id": "record_id",
            "surname": "surname",
            "given_name": "given_name",
            "name_alt": "name_hangul",
            "sex": "sex",
            "birth_date": "date_of_birth",
            "home": ("home_county", "home_province"),
            "event_place": "place_of_arrest",
            "event_date": "arrest_date",
        },
        record_id=lambda i, _: f"RR-{i:05d}",
        base_logit=-1.0,
        home_focus=frozenset({"NP", "SP", "PY"}),
        china_focus=frozenset({"Liaoning"}),
    ),
    ListStyle(
        key="mr",
        headers=(
            "No.",
            "Name",
            "Sex",
            "Born",
            "Native place",
            "Detained in",
            "Date detained",
            "Remarks",
        ),
        columns={
            "record_id": "No.",
            "name": "Name",
            "sex": "Sex",
            "birth_date": "Born",
            "home": "Native place",
            "event_place": "Detained in",
            "event_date": "Date detained",
        },
        record_id=lambda i, _: f"C/{i:04d}",
        base_logit=-1.2,
        home_focus=frozenset({"RG", "CG", "SH"}),
        china_focus=frozenset({"Jilin"}),
    ),
    ListStyle(
        key="adhoc_english",
        headers=("Ref", "FULL NAME", "M/F", "DOB", "AGE", "HOMETOWN", "LOCATION", "DATE", "NOTES"),
        columns={
            "record_id": "Ref",
            "name": "FULL NAME",
            "sex": "M/F",
            "birth_date": "DOB",
            "age": "AGE",
            "home": "HOMETOWN",
            "event_place": "LOCATION",
            "event_date": "DATE",
        },
        record_id=lambda i, _: f"D{i:05d}",
        base_logit=-1.5,
        duplicate_rate=0.04,
        xlsx=True,
    ),
    ListStyle(
        key="hangul_south",
        headers=("연번", "성", "이름", "성별", "출생년도", "나이", "고향", "체포지역", "체포일"),
        columns={
            "record_id": "연번",
            "surname": "성",
            "given_name": "이름",
            "sex": "성별",
            "birth_date": "출생년도",
            "age": "나이",
            "home": "고향",
            "event_place": "체포지역",
            "event_date": "체포일",
        },
        record_id=lambda i, _: f"2023-{i:04d}",
        base_logit=-1.4,
        home_focus=frozenset({"NH"}),
    ),
    ListStyle(
        key="dprk_english",
        headers=("id", "Name", "Gender", "Year of birth", "Province", "Place of detention", "Date"),
        columns={
            "record_id": "id",
            "name": "Name",
            "sex": "Gender",
            "birth_date": "Year of birth",
            "home": "Province",
            "event_place": "Place of detention",
            "event_date": "Date",
        },
        record_id=lambda i, _: f"F{i}",
        base_logit=-1.5,
        china_focus=frozenset({"Liaoning"}),
    ),
)


# --- names ---------------------------------------------------------------

_VOWEL_SLIPS = {
    "ㅐ": "ㅔ",
    "ㅔ": "ㅐ",
    "ㅓ": "ㅗ",
    "ㅗ": "ㅓ",
    "ㅕ": "ㅛ",
    "ㅛ": "ㅕ",
    "ㅚ": "ㅙ",
    "ㅙ": "ㅞ",
    "ㅞ": "ㅚ",
    "ㅢ": "ㅣ",
    "ㅡ": "ㅜ",
    "ㅜ": "ㅡ",
    "ㅒ": "ㅖ",
    "ㅖ": "ㅒ",
}
_TAIL_SLIPS = {"ㄴ": "ㅇ", "ㅇ": "ㄴ", "ㄱ": "ㄲ", "ㅅ": "ㅆ"}


def _hangul_slip(word: str, rng: random.Random) -> str:
    """A clerical slip in one syllable: a confusable vowel or final consonant."""
    i = rng.randrange(len(word))
    syl = word[i]
    if not is_hangul_syllable(syl):
        return word
    lead, vowel, tail = decompose(syl)
    if tail in _TAIL_SLIPS and rng.random() < 0.4:
        tail = _TAIL_SLIPS[tail]
    elif vowel in _VOWEL_SLIPS:
        vowel = _VOWEL_SLIPS[vowel]
    else:
        return word
    return word[:i] + compose(lead, vowel, tail) + word[i + 1 :]


_KEYBOARD_NEIGHBOURS = {
    "a": "s",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "u": "yi",
    "n": "bm",
    "m": "n",
    "g": "hf",
    "h": "gj",
    "k": "jl",
    "s": "ad",
    "r": "et",
    "y": "tu",
    "c": "xv",
    "l": "k",
    "j": "hk",
}


def _latin_typo(word: str, rng: random.Random) -> str:
    """Drop, double, swap or mistype one letter of a romanised word (keeps length >= 2)."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:
        return word
    i = rng.choice(letters[1:])
    op = rng.random()
    if op < 0.3:
        return word[:i] + word[i + 1 :]
    if op < 0.5:
        return word[:i] + word[i] + word[i:]
    if op < 0.75 and i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    subs = _KEYBOARD_NEIGHBOURS.get(word[i].lower(), "")
    if not subs:
        return word[:i] + word[i + 1 :]
    new = rng.choice(subs)
    return word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1 :]


def _surname_roman(surname: str, family: str, rng: random.Random) -> str:
    """A spelling of a surname in a family of usage: 'south', 'mr', 'dprk' or 'any'."""
    forms = surname_forms(surname)
    if forms is None:
        return "".join(romanize_syllable(s, "rr") for s in surname).capitalize()
    north_written = surname != forms.south
    if family == "dprk" or (family == "mr" and north_written and rng.random() < 0.7):
        return forms.dprk
    if family == "mr":
        return forms.mr
    if family == "rr":
        return forms.rr if rng.random() < 0.5 else _passport_draw(forms.passport, rng, forms.rr)
    roll = rng.random()
    if roll < 0.65:
        return _passport_draw(forms.passport, rng, forms.rr)
    if roll < 0.8 and forms.other:
        return rng.choice(forms.other)
    if roll < 0.9:
        return forms.dprk
    return rng.choice((forms.rr, forms.mr_ascii))


def _passport_draw(shares: tuple[tuple[str, float], ...], rng: random.Random, default: str) -> str:
    if not shares:
        return default
    return rng.choices([s for s, _ in shares], weights=[w for _, w in shares])[0]


def _syllable_roman(syl: str, family: str, medial: bool, rng: random.Random) -> str:
    forms = syllable_table().get(syl)
    if family == "rr":
        return romanize_syllable(syl, "rr")
    if family == "mr":
        return romanize_syllable(syl, "mr", medial=medial)
    if family == "dprk":
        return romanize_syllable(syl, "dprk")
    if rng.random() < 0.25:
        return _jamo_spelling(syl, rng)
    pool = [romanize_syllable(syl, "passport"), romanize_syllable(syl, "rr")]
    pool.append(romanize_syllable(syl, "mr_ascii"))
    pool.append(romanize_syllable(syl, "dprk"))
    if forms is not None and forms.adhoc:
        pool.extend(forms.adhoc)
        pool.extend(forms.adhoc)
    return rng.choice(pool)


def _jamo_spelling(syl: str, rng: random.Random) -> str:
    """A syllable spelled jamo by jamo from the variants each jamo is seen with."""
    lead, vowel, tail = decompose(syl)
    table = jamo_spellings()
    head = rng.choice(table.get((lead, "initial"), ("",))) if lead != "ㅇ" else ""
    if head == "sh" and vowel not in "ㅣㅟ":  # sh only before i, as the table notes
        head = "s"
    body = rng.choice(table.get((vowel, "vowel"), ("",)))
    end = rng.choice(table.get((tail, "final"), ("",))) if tail else ""
    return head + body + end


def _mr_marks(text: str, rng: random.Random, mode: tuple[str, str]) -> str:
    """MR as typed: breves kept, lost or replaced; apostrophes straight, curly or lost."""
    breve, apostrophe = mode
    if breve == "lost":
        text = text.replace("ŏ", "o").replace("ŭ", "u").replace("Ŏ", "O").replace("Ŭ", "U")
    elif breve == "alt":
        text = text.replace("ŏ", "ǒ").replace("ŭ", "ǔ").replace("Ŏ", "Ǒ").replace("Ŭ", "Ǔ")
    elif breve == "circ":
        text = text.replace("ŏ", "ô").replace("ŭ", "û").replace("Ŏ", "Ô").replace("Ŭ", "Û")
    if apostrophe == "lost":
        text = text.replace("'", "")
    elif apostrophe == "curly":
        text = text.replace("'", "\u2019")
    elif apostrophe == "left":
        text = text.replace("'", "\u2018")
    elif apostrophe == "grave":
        text = text.replace("'", "`")
    return text


def _given_roman(given: str, family: str, rng: random.Random) -> list[str]:
    parts: list[str] = []
    prev_voiced: bool | None = None
    for syl in given:
        parts.append(_syllable_roman(syl, family, bool(prev_voiced), rng))
        prev_voiced = decompose(syl)[2] in ("", "ㄴ", "ㄹ", "ㅁ", "ㅇ")
    return parts


def _join_given(parts: list[str], how: str) -> str:
    if how == "joined":
        return "".join(parts).capitalize()
    if how == "hyphen":
        return "-".join([parts[0].capitalize(), *parts[1:]])
    if how == "hyphen_cap":
        return "-".join(p.capitalize() for p in parts)
    return " ".join(p.capitalize() for p in parts)


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _name_north_hangul(p: Person, rng: random.Random, flags: list[str]) -> tuple[str, str]:
    surname, given = p.surname, p.given
    if rng.random() < 0.06:  # a Southern clerk applies the South's initial rule
        surname, given = south_word(surname), south_word(given)
        if (surname, given) != (p.surname, p.given):
            flags.append("orthography")
    if rng.random() < 0.04:
        given = _hangul_slip(given, rng)
        flags.append("typo")
    return surname, given


def _name_south_hangul(p: Person, rng: random.Random, flags: list[str]) -> tuple[str, str]:
    surname, given = p.surname, p.given
    if rng.random() < 0.85:
        surname, given = south_word(surname), south_word(given)
    if rng.random() < 0.04:
        given = _hangul_slip(given, rng)
        flags.append("typo")
    return surname, given


def render_name(style: ListStyle, p: Person, rng: random.Random, flags: list[str]) -> Cells:
    """The name cells of one record in the list's conventions."""
    key = style.key
    if key == "hangul_north":
        surname, given = _name_north_hangul(p, rng, flags)
        sep = " " if rng.random() < 0.12 else ""
        return {"성명": surname + sep + given}
    if key == "hangul_south":
        surname, given = _name_south_hangul(p, rng, flags)
        if rng.random() < 0.02:
            flags.append("columns_swapped")
            return {"성": given, "이름": surname}
        return {"성": surname, "이름": given}
    if key == "rr_split":
        south_given = south_word(p.given)
        surname = _surname_roman(p.surname, "rr", rng)
        parts = _given_roman(south_given, "rr", rng)
        given = _join_given(parts, _pick(rng, {"joined": 0.65, "hyphen": 0.2, "spaced": 0.15}))
        if rng.random() < 0.04:
            given = _latin_typo(given, rng)
            flags.append("typo")
        cells = {"surname": surname, "given_name": given}
        if rng.random() < 0.25:
            cells["name_hangul"] = south_word(p.surname) + south_given
        if rng.random() < 0.02:
            flags.append("columns_swapped")
            cells["surname"], cells["given_name"] = given, surname
        return cells
    if key == "mr":
        surname = _surname_roman(p.surname, "mr", rng)
        given = _join_given(_given_roman(p.given, "mr", rng), "hyphen")
        mode = (
            _pick(rng, {"kept": 0.45, "lost": 0.4, "alt": 0.08, "circ": 0.07}),
            _pick(rng, {"kept": 0.4, "curly": 0.25, "left": 0.05, "grave": 0.03, "lost": 0.27}),
        )
        text = _mr_marks(f"{surname} {given}", rng, mode)
        if mode != ("kept", "kept"):
            flags.append("mr_marks")
        if rng.random() < 0.03:
            text = _latin_typo(text, rng)
            flags.append("typo")
        return {"Name": text}
    if key == "dprk_english":
        surname = _surname_roman(p.surname, "dprk", rng)
        given = _join_given(_given_roman(p.given, "dprk", rng), "spaced")
        return {"Name": f"{surname.upper()} {given}"}
    return {"FULL NAME": _adhoc_name(p, rng, flags)}


def _adhoc_name(p: Person, rng: random.Random, flags: list[str]) -> str:
    family = _pick(rng, {"passport": 0.5, "dprk": 0.3, "rr": 0.2})
    surname = _surname_roman(p.surname, "any" if family == "passport" else family, rng)
    hangul_given = p.given if family == "dprk" else south_word(p.given)
    parts = _given_roman(hangul_given, "any" if family == "passport" else family, rng)
    given = _join_given(
        parts, _pick(rng, {"spaced": 0.45, "joined": 0.25, "hyphen": 0.15, "hyphen_cap": 0.15})
    )
    if rng.random() < 0.06:
        given = _latin_typo(given, rng)
        flags.append("typo")
    if rng.random() < 0.4:
        text = f"{given} {surname}"
        flags.append("given_first")
    elif rng.random() < 0.1:
        text = f"{surname}, {given}"
    else:
        text = f"{surname} {given}"
    case = _pick(rng, {"upper": 0.45, "title": 0.4, "surname_upper": 0.15})
    if case == "upper":
        text = text.upper()
    elif case == "surname_upper":
        text = text.replace(surname, surname.upper(), 1)
    if rng.random() < 0.15:
        text += f" ({p.surname}{p.given})"
        flags.append("hangul_bracket")
    return text


# --- dates ---------------------------------------------------------------

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class _Ymd:
    year: int
    month: int | None
    day: int | None
    lunar: bool


def _birth_value(style: ListStyle, p: Person, rng: random.Random, flags: list[str]) -> _Ymd:
    y, m, d = p.birth.year, p.birth.month, p.birth.day
    lunar = False
    lunar_share = 0.85 if style.key.startswith("hangul") else 0.6
    if p.lunar_birthday and rng.random() < lunar_share:
        converted = solar_to_lunar(y, m, d)
        if converted is not None:
            y, m, d, _ = converted
            lunar = True
    roll = rng.random()
    if roll < 0.03 and d is not None:
        d = d - 1 if d > 27 or (d > 1 and rng.random() < 0.5) else d + 1
        flags.append("day_off")
    elif roll < 0.05:
        y += rng.choice((-1, 1))
        flags.append("year_off")
    return _Ymd(y, m, d, lunar)


def _solar_valid(v: _Ymd) -> bool:
    try:
        dt.date(v.year, v.month or 1, v.day or 1)
    except ValueError:
        return False
    return True


def render_birth(style: ListStyle, p: Person, rng: random.Random, flags: list[str]) -> Cells:
    """Birth date (or age) cells: precision, lunar marks and formats per list."""
    v = _birth_value(style, p, rng, flags)
    key = style.key
    precision = {
        "hangul_north": {"day": 0.72, "month": 0.12, "year": 0.08, "age": 0.06, "none": 0.02},
        "rr_split": {"day": 0.7, "month": 0.1, "year": 0.15, "none": 0.05},
        "mr": {"day": 0.5, "month": 0.15, "year": 0.25, "approx": 0.05, "none": 0.05},
        "adhoc_english": {"day": 0.65, "year": 0.1, "age": 0.2, "none": 0.05},
        "hangul_south": {"year": 0.8, "age": 0.15, "none": 0.05},
        "dprk_english": {"year": 0.9, "none": 0.1},
    }[key]
    level = _pick(rng, precision)
    if v.lunar:
        flags.append("lunar")
    if level == "none":
        flags.append("no_birth")
        return {}
    if level == "age":
        flags.append("age_only")
        return _age_cells(style, p, rng)
    if level != "day":
        flags.append("partial")
    marked = v.lunar and (
        rng.random() < (0.8 if key.startswith("hangul") else 0.5) or not _solar_valid(v)
    )
    if v.lunar and not marked:
        flags.append("lunar_unmarked")
    y, m, d = v.year, v.month, v.day
    if key == "hangul_north":
        if level == "day":
            text = _pick(
                rng,
                {
                    f"{y}.{m}.{d}": 0.35,
                    f"{y}.{m:02d}.{d:02d}": 0.3,
                    f"{y}년 {m}월 {d}일": 0.2,
                    f"{y % 100:02d}.{m:02d}.{d:02d}": 0.1,
                    f"{y}{m:02d}{d:02d}": 0.05,
                },
            )
        elif level == "month":
            text = rng.choice((f"{y}.{m}", f"{y}년 {m}월"))
        else:
            text = rng.choice((f"{y}", f"{y}년", f"{y}년경", f"{y}년쯤"))
        if marked:
            text = rng.choice((f"{text}(음)", f"{text} (음력)", f"음력 {text}"))
        return {"생년월일": text}
    if key == "hangul_south":
        text = rng.choice((f"{y}", f"{y}년"))
        return {"출생년도": text + ("(음)" if marked and rng.random() < 0.3 else "")}
    if key == "rr_split":
        text = {"day": f"{y}-{m:02d}-{d:02d}", "month": f"{y}-{m:02d}"}.get(level, f"{y}")
        return {"date_of_birth": text + (" (lunar)" if marked else "")}
    if key == "mr":
        month = _MONTH_ABBR[(m or 1) - 1]
        text = {"day": f"{d} {month} {y}", "month": f"{month} {y}", "approx": f"c. {y}"}.get(
            level, f"{y}"
        )
        return {"Born": text + (" (lunar)" if marked else "")}
    if key == "dprk_english":
        return {"Year of birth": f"{y}"}
    if level == "year":
        return {"DOB": f"{y}"}
    assert m is not None and d is not None
    if rng.random() < 0.08 and d <= 12 and d != m:
        flags.append("dm_swap")
        text = f"{m:02d}/{d:02d}/{y}"
    elif rng.random() < 0.3 and not marked:
        text = f"{y}-{m:02d}-{d:02d}"  # typed as a date: the workbook stores a date cell
    else:
        text = f"{d:02d}/{m:02d}/{y}"
    return {"DOB": text + (" (lunar)" if marked else "")}


def _event_year(style: ListStyle, p: Person) -> int:
    if style.key == "hangul_north" and p.repatriation_date is not None:
        return p.repatriation_date.year
    return p.arrest_date.year


def _age_cells(style: ListStyle, p: Person, rng: random.Random) -> Cells:
    year = _event_year(style, p)
    international = year - p.birth.year - (rng.random() < 0.5)
    if style.key == "hangul_north":
        return {"나이": f"{year - p.birth.year + 1}세"}  # Korean reckoning
    if style.key == "hangul_south":
        return {"나이": rng.choice((f"{year - p.birth.year + 1}세", f"만 {international}세"))}
    return {"AGE": str(international)}


def render_event_date(style: ListStyle, p: Person, rng: random.Random) -> Cells:
    """Arrest or repatriation date in the list's format (blank when unknown)."""
    key = style.key
    date = p.repatriation_date if key == "hangul_north" else p.arrest_date
    if date is None or rng.random() < 0.08:
        return {}
    y, m, d = date.year, date.month, date.day
    header = style.columns["event_date"]
    assert isinstance(header, str)
    if key.startswith("hangul"):
        return {header: rng.choice((f"{y}.{m}.{d}", f"{y}년 {m}월 {d}일", f"{y}.{m:02d}"))}
    if key == "mr":
        return {header: f"{d} {_MONTH_ABBR[m - 1]} {y}"}
    if key == "adhoc_english":
        return {header: f"{d:02d}/{m:02d}/{y}"}
    return {header: f"{y}-{m:02d}-{d:02d}"}


# --- places --------------------------------------------------------------

_SUFFIXES = ("시", "군", "구역", "도", "특별시", "직할시")


def _bare(hangul: str) -> str:
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if hangul.endswith(suffix) and len(hangul) > len(suffix) + 1:
            return hangul[: -len(suffix)]
    return hangul


def _roman_bare(rr: str) -> str:
    for suffix in ("-si", "-gun", "-guyeok", "-do"):
        if rr.endswith(suffix):
            return rr[: -len(suffix)]
    return rr


def render_home(style: ListStyle, p: Person, rng: random.Random, flags: list[str]) -> Cells:
    """Home province and/or county under current, old, abbreviated or romanised names."""
    prov, county = p.province, p.county
    key = style.key
    if rng.random() < 0.06:
        return {}
    if key in ("hangul_north", "hangul_south"):
        north = key == "hangul_north"
        pname = prov.hangul_north if north else prov.hangul_south
        forms = [pname, prov.abbreviation or _bare(pname)]
        province = rng.choice(forms)
        if county is None or rng.random() < 0.2:
            return {"출신지" if north else "고향": province}
        cname = county.hangul_north if north else county.hangul_south
        if county.old_name and rng.random() < 0.5:
            cname = county.old_name + cname[-1]
            flags.append("old_place_name")
        cname = rng.choice((cname, _bare(cname)))
        layout = _pick(rng, {"both": 0.55, "county": 0.45})
        text = f"{province} {cname}" if layout == "both" else cname
        return {"출신지" if north else "고향": text}
    if key == "rr_split":
        cells = {"home_province": rng.choice((prov.rr, prov.english))}
        if county is not None and rng.random() < 0.8:
            cells["home_county"] = rng.choice((county.rr, _roman_bare(county.rr)))
        return cells
    if key == "mr":
        mode = (
            _pick(rng, {"kept": 0.5, "lost": 0.5}),
            _pick(rng, {"kept": 0.5, "lost": 0.3, "curly": 0.2}),
        )
        if county is None or rng.random() < 0.25:
            return {"Native place": _mr_marks(prov.mr, rng, mode)}
        return {"Native place": _mr_marks(f"{county.mr}, {prov.mr}", rng, mode)}
    if key == "dprk_english":
        return {"Province": prov.english}
    english = (
        prov.english.replace("North ", "N. ").replace("South ", "S. ")
        if rng.random() < 0.3
        else prov.english
    )
    if county is None or rng.random() < 0.3:
        return {"HOMETOWN": english}
    return {"HOMETOWN": rng.choice((county.english, f"{county.english}, {english}"))}


def render_event_place(style: ListStyle, p: Person, rng: random.Random, flags: list[str]) -> Cells:
    """The Chinese town of detention in Chinese, Sino-Korean or Chinese-sound Hangul, or English."""
    c = p.detained_at
    key = style.key
    header = style.columns["event_place"]
    assert isinstance(header, str)
    if rng.random() < 0.07:
        return {}
    if key.startswith("hangul"):
        weights = (
            {"sino": 0.55, "sound": 0.3, "zh": 0.15}
            if key == "hangul_north"
            else {"sino": 0.25, "sound": 0.65, "zh": 0.1}
        )
        form = _pick(rng, weights)
        text = {"sino": c.sino_korean, "sound": c.chinese_sound, "zh": c.zh}[form]
        flags.append(f"place_{form}")
        if form != "zh" and rng.random() < 0.2:
            text += "시"
        if rng.random() < 0.1:
            text += rng.choice((" 구류소", " 변방대", " 공안국"))
        return {header: text}
    if rng.random() < 0.12:
        flags.append("place_zh")
        return {header: c.zh + rng.choice(("", "市"))}
    forms = [c.english, f"{c.english} City"]
    if c.province != c.english:
        forms.append(f"{c.english}, {c.province}")
    text = rng.choice(forms)
    if key == "adhoc_english" and rng.random() < 0.3:
        text = text.upper()
    return {header: text}


def render_sex(style: ListStyle, p: Person, rng: random.Random) -> Cells:
    """Sex in the list's vocabulary (blank now and then)."""
    if rng.random() < 0.03:
        return {}
    header = style.columns["sex"]
    assert isinstance(header, str)
    sex = p.sex
    if rng.random() < 0.01:
        sex = "M" if sex == "F" else "F"
    if style.key.startswith("hangul"):
        return {header: "여" if sex == "F" else "남"}
    if style.key == "mr":
        return {header: "female" if sex == "F" else "male"}
    return {header: sex}


def render_record(style: ListStyle, p: Person, rng: random.Random) -> tuple[Cells, tuple[str, ...]]:
    """All cells of one record of ``p`` in ``style`` and the noise flags applied."""
    flags: list[str] = []
    cells: Cells = {}
    cells.update(render_name(style, p, rng, flags))
    cells.update(render_sex(style, p, rng))
    cells.update(render_birth(style, p, rng, flags))
    cells.update(render_home(style, p, rng, flags))
    cells.update(render_event_place(style, p, rng, flags))
    cells.update(render_event_date(style, p, rng))
    if style.key == "hangul_north" and rng.random() < 0.05:
        cells["비고"] = rng.choice(("가족 진술", "확인 필요", "탈북 2회", "자녀 동반"))
    return cells, tuple(flags)
