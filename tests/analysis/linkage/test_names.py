"""Names: any rendering of a Korean name reads back to its Hangul (the spec of names.py)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refwatch.analysis.linkage.names import canonical_key, jamo_key, read_name, sound_key
from refwatch.analysis.linkage.romanization import (
    SYSTEMS,
    romanize_given,
    romanize_name,
    surname_table,
    syllable_table,
)
from refwatch.analysis.linkage.spellings import given_prior

SURNAMES = sorted({form for s in surname_table() for form in (s.south, s.north)})
NAME_SYLLABLES = sorted(s for s, w in given_prior().items() if w > 10)

surnames = st.sampled_from(SURNAMES)
given_names = st.lists(st.sampled_from(NAME_SYLLABLES), min_size=1, max_size=2).map("".join)
systems = st.sampled_from(SYSTEMS)


def keys_of(text: str | None = None, **kwargs: str) -> tuple[str, ...]:
    return read_name(text, limit=40, **kwargs).keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("리철수", "이철수"),
        ("리 철수", "이철수"),
        ("철수 리", "이철수"),
        ("김 철 수", "김철수"),
        ("RI CHOL SU", "이철수"),
        ("Ri Chol Su", "이철수"),
        ("Ch'ŏl-su Ri", "이철수"),
        ("Ch\u2019ol-su Ri", "이철수"),
        ("Ch\u2018ŏl-su RI", "이철수"),
        ("Chǒl-su Ri", "이철수"),
        ("Lee Chul Soo", "이철수"),
        ("Chul Soo LEE", "이철수"),
        ("CHUL-SOO LEE", "이철수"),
        ("Yi Cheol-su", "이철수"),
        ("I Cheolsu", "이철수"),
        ("Rhee Chulsoo", "이철수"),
        ("Lee, Chul-soo", "이철수"),
        ("LEE CHUL SOO (리철수)", "이철수"),
        ("KIMCHOLSU", "김철수"),
        ("Kim Jong Suk", "김정숙"),
        ("Park Young-hee", "박영희"),
        ("Pak Yong Hui", "박영희"),
        ("Bak Yeonghui", "박영희"),
        ("Choi Myung Hee", "최명희"),
        ("Ch'oe Myŏng-hŭi", "최명희"),
        ("Jang Song Thaek", "장성택"),
        ("Rim Kum Sun", "임금순"),
        ("Lim Geum-sun", "임금순"),
        ("Ryu Kyong Hui", "유경희"),
        ("Yoo Kyung-hee", "유경희"),
        ("Namgung Min", "남궁민"),
        ("Ro Myong Chol", "노명철"),
    ],
)
def test_it_reads_common_renderings(text: str, expected: str) -> None:
    assert read_name(text).best is not None
    assert read_name(text).best.key == expected  # type: ignore[union-attr]


def test_it_reads_split_columns_and_swapped_columns() -> None:
    assert read_name(surname="Ryu", given="Kyong-hui").best.key == "유경희"  # type: ignore[union-attr]
    assert read_name(surname="박", given="송경").best.key == "박송경"  # type: ignore[union-attr]
    assert "이철수" in keys_of(surname="Cheolsu", given="Lee")
    assert read_name(surname="Lee", given="철수").best.key == "이철수"  # type: ignore[union-attr]
    assert read_name(surname="리", given="Chol Su").best.key == "이철수"  # type: ignore[union-attr]


def test_it_keeps_north_forms_as_read_and_keys_them_south() -> None:
    best = read_name("RI RYONG CHOL").best
    assert best is not None
    assert (best.surname, best.given) == ("리", "룡철")
    assert best.key == canonical_key("이", "용철") == "이용철"


def test_hangul_outweighs_its_romanisation() -> None:
    best = read_name("Lee Chul Soo (리촐수)").best
    assert best is not None and best.hangul == "리촐수"


def test_scores_are_shares_and_sorted() -> None:
    r = read_name("Pak Song-guk")
    scores = [c.score for c in r.candidates]
    assert abs(sum(scores) - 1.0) < 1e-9
    assert scores == sorted(scores, reverse=True)


def test_it_undoes_a_typo_when_nothing_else_reads() -> None:
    assert "이철수" in keys_of("Lee Chulsooo") or "이철수" in keys_of("Lee Chulsoo")
    assert read_name("Lee Chhul Soo").candidates


def test_unreadable_and_empty_names_give_no_candidates() -> None:
    assert read_name("").candidates == ()
    assert read_name("X").candidates == ()
    assert read_name(None).best is None


def test_sound_keys_meet_across_romanisations() -> None:
    forms = ["Ch'ŏl-su", "Cheolsu", "Chul Soo", "Chol Su", "철수", "CHUL-SOO"]
    assert len({sound_key(f) for f in forms}) == 1
    assert sound_key("Young-hee") == sound_key("Yong Hui") == sound_key("영희")
    assert sound_key("Ryong Chol") == sound_key("용철")
    assert sound_key("") == ""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surnames, given_names, systems)
def test_every_romanisation_reads_back_to_the_original(
    surname: str, given: str, system: str
) -> None:
    s, g = romanize_name(surname, given, system)
    assert canonical_key(surname, given) in keys_of(f"{s} {g}")


@settings(max_examples=100, deadline=None)
@given(surnames, given_names, systems, st.sampled_from(["upper", "given_first", "joined", "curly"]))
def test_layouts_of_a_romanisation_read_back(
    surname: str, given: str, system: str, layout: str
) -> None:
    s, g = romanize_name(surname, given, system)
    if layout == "upper":
        text = f"{s.upper()} {g.upper()}"
    elif layout == "given_first":
        text = f"{g} {s}"
    elif layout == "joined":
        text = f"{s} {g.replace(' ', '').replace('-', '')}"
    else:
        text = f"{s} {g}".replace("'", "\u2019")
    assert canonical_key(surname, given) in keys_of(text)


@settings(max_examples=150, deadline=None)
@given(surnames, given_names, systems)
def test_split_columns_read_back(surname: str, given: str, system: str) -> None:
    s, g = romanize_name(surname, given, system)
    assert canonical_key(surname, given) in keys_of(surname=s, given=g)


@settings(max_examples=150, deadline=None)
@given(surnames, given_names)
def test_hangul_reads_as_written(surname: str, given: str) -> None:
    best = read_name(surname + given).best
    assert best is not None
    if len(surname) == 1 and (surname + given)[:2] not in {"남궁", "황보", "선우", "제갈"}:
        assert (best.surname, best.given) == (surname, given)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_it_never_crashes_on_any_text(text: str) -> None:
    r = read_name(text)
    assert all(c.surname and c.given for c in r.candidates)
    assert all(0 < c.score <= 1 for c in r.candidates)


def test_every_table_syllable_romanises() -> None:
    for syl in list(syllable_table())[:500]:
        for system in SYSTEMS:
            assert romanize_given(syl, system)


def test_jamo_keys_make_a_vowel_slip_one_letter() -> None:
    assert jamo_key("철수") == "ㅊㅓㄹㅅㅜ"
    a, b = jamo_key("김철수"), jamo_key("김철소")
    assert len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    assert jamo_key("Kim") == "Kim"


def test_a_repeated_syllable_is_still_read() -> None:
    assert "한청청" in keys_of("Han Chung Chung")


@pytest.mark.parametrize("module", ["names", "romanization", "spellings"])
def test_the_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module(f"refwatch.analysis.linkage.{module}"))
    assert outcome.failed == 0 and outcome.attempted > 0


@settings(max_examples=100, deadline=None)
@given(surnames, given_names, st.randoms(use_true_random=False))
def test_letter_by_letter_spellings_read_back(surname: str, given: str, rnd) -> None:  # type: ignore[no-untyped-def]
    from refwatch.analysis.linkage.romanization import composed_spellings, romanize_surname

    parts = [rnd.choice(composed_spellings(syl)) for syl in given]
    text = f"{romanize_surname(surname, 'passport')} {' '.join(p.capitalize() for p in parts)}"
    assert canonical_key(surname, given) in keys_of(text)


def test_mr_marks_choose_between_syllables_the_plain_letters_confuse() -> None:
    assert read_name("Sŏng Yong-ho").best.surname == "성"  # type: ignore[union-attr]
    assert read_name("Song Yŏng-ho").best.surname == "송"  # type: ignore[union-attr]
    assert read_name("Chŏn Kŭm-sun").best.key == "전금순"  # type: ignore[union-attr]
    assert read_name("Ch'ŏn Kŭm-sun").best.key == "천금순"  # type: ignore[union-attr]
    assert read_name("Kim Ok-sŏn").best.key == "김옥선"  # type: ignore[union-attr]
    # without marks both readings stay candidates
    assert {"성용호", "송용호"} <= set(keys_of("Song Yong-ho"))


def _cell(record_cells: dict[str, str], columns: dict[str, object], field: str) -> str | None:
    header = columns.get(field)
    return record_cells.get(header) if isinstance(header, str) else None


def test_names_on_synthetic_lists_read_back_unless_mistyped() -> None:
    from refwatch.analysis.linkage.synth import generate_lists

    result = generate_lists(persons=400, lists=6, seed=21)
    people = {p.person_id: p for p in result.persons}
    found = total = 0
    for lst in result.lists:
        columns = dict(lst.style.columns)
        for record in lst.records:
            if "typo" in record.noise_flags:
                continue
            reading = read_name(
                _cell(record.cells, columns, "name"),
                surname=_cell(record.cells, columns, "surname"),
                given=_cell(record.cells, columns, "given_name"),
                alt=_cell(record.cells, columns, "name_alt"),
            )
            person = people[record.person_id]
            total += 1
            found += canonical_key(person.surname, person.given) in reading.keys
    assert found / total > 0.97
