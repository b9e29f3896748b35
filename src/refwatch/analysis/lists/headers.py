"""Recognising the headers organisations give their list columns.

>>> recognise_headers(["번호", "성명", "성별", "생년월일", "출신지", "비고"])
{'record_id': ['번호'], 'name': ['성명'], 'sex': ['성별'], 'birth_date': ['생년월일'], 'home': ['출신지']}
"""

from __future__ import annotations

import re
import unicodedata

CANONICAL_FIELDS = (
    "record_id",
    "name",
    "surname",
    "given_name",
    "name_alt",
    "sex",
    "birth_date",
    "age",
    "home",
    "event_date",
    "event_place",
)
DATE_FIELDS = ("birth_date", "event_date")

KNOWN_HEADERS: dict[str, tuple[str, ...]] = {
    "record_id": (
        "record_id",
        "recordid",
        "id",
        "no",
        "number",
        "#",
        "case",
        "caseid",
        "caseno",
        "casenumber",
        "ref",
        "refno",
        "reference",
        "serial",
        "번호",
        "연번",
        "순번",
        "일련번호",
        "관리번호",
        "사례번호",
        "no.",
    ),
    "name": (
        "name",
        "fullname",
        "nameofperson",
        "personname",
        "victim",
        "victimname",
        "성명",
        "이름",
        "성명(한글)",
        "이름(한글)",
        "한글성명",
        "성함",
        "姓名",
        "名前",
        "name(hangul)",
        "name(korean)",
        "koreanname",
    ),
    "surname": (
        "surname",
        "familyname",
        "lastname",
        "family",
        "성",
        "성씨",
        "姓",
        "surname(rr)",
    ),
    "given_name": (
        "givenname",
        "firstname",
        "forename",
        "given",
        "forenames",
        "名",
        "given(rr)",
    ),
    "name_alt": (
        "name_alt",
        "namealt",
        "alias",
        "aliases",
        "othername",
        "othernames",
        "alternativename",
        "nameother",
        "aka",
        "romanisedname",
        "romanizedname",
        "nameenglish",
        "englishname",
        "name(english)",
        "이명",
        "가명",
        "다른이름",
        "별명",
        "영문성명",
        "영문이름",
    ),
    "sex": ("sex", "gender", "성별", "性别", "m/f", "f/m", "sex(m/f)"),
    "birth_date": (
        "birth_date",
        "birthdate",
        "dob",
        "dateofbirth",
        "birth",
        "born",
        "birthday",
        "birthyear",
        "yearofbirth",
        "yob",
        "생년월일",
        "출생일",
        "출생연월일",
        "생일",
        "출생년도",
        "출생연도",
        "생년",
        "출생",
        "出生日期",
    ),
    "age": ("age", "ageatevent", "approxage", "나이", "연령", "만나이", "年龄"),
    "home": (
        "home",
        "hometown",
        "homeprovince",
        "homecounty",
        "hometowncounty",
        "origin",
        "placeoforigin",
        "province",
        "county",
        "residence",
        "lastresidence",
        "address",
        "출신지",
        "출신",
        "고향",
        "주소",
        "거주지",
        "원적",
        "출신지역",
        "출신도",
        "출신군",
    ),
    "event_date": (
        "event_date",
        "eventdate",
        "date",
        "dateofarrest",
        "arrestdate",
        "arrested",
        "detentiondate",
        "dateofdetention",
        "repatriationdate",
        "dateofrepatriation",
        "datereturned",
        "체포일",
        "체포일자",
        "체포날짜",
        "구금일",
        "송환일",
        "북송일",
        "강제송환일",
        "날짜",
        "일자",
        "발생일",
    ),
    "event_place": (
        "event_place",
        "eventplace",
        "place",
        "location",
        "placeofarrest",
        "arrestplace",
        "detentionplace",
        "placeofdetention",
        "detainedat",
        "detentioncentre",
        "detentioncenter",
        "facility",
        "체포장소",
        "체포지",
        "구금장소",
        "구금지",
        "장소",
        "수용소",
        "수용장소",
        "구금시설",
    ),
}


def header_key(header: str) -> str:
    """Normalise a header for matching: width, case, spaces, underscores, dashes."""
    text = unicodedata.normalize("NFKC", header).casefold().strip()
    return re.sub(r"[\s_\-:]+", "", text)


_LOOKUP = {header_key(h): field for field, hs in KNOWN_HEADERS.items() for h in hs}


def recognise_headers(headers: list[str]) -> dict[str, list[str]]:
    """Map canonical fields to the headers that carry them, by known names.

    A header is used once. Korean "이름" means the full name unless the list
    also has a surname column ("성"), in which case it is the given name.
    Unrecognised headers are left out (the reader keeps them as extra values).
    """
    mapping: dict[str, list[str]] = {}
    has_surname = any(_LOOKUP.get(header_key(h)) == "surname" for h in headers)
    for header in headers:
        field = _LOOKUP.get(header_key(header))
        if field is None:
            continue
        if field == "name" and has_surname and header_key(header) in {"이름", "name", "名前"}:
            field = "given_name"
        mapping.setdefault(field, []).append(header)
    return mapping
