"""The blocks EM trains on narrow as lists grow, so that true pairs stay a fair share."""

from __future__ import annotations

import pyarrow as pa

from refwatch.analysis.linkage.model import EM_PAIRS_PER_RECORD, em_blocks

NAME_BLOCK = ("surname", "given")
DATE_BLOCK = ("birth_year", "birth_month", "birth_day")


def _table(rows: list[dict[str, object]]) -> pa.Table:
    columns = [*NAME_BLOCK, *DATE_BLOCK, "sex", "home_best", "event_place"]
    return pa.table({c: [r.get(c) for r in rows] for c in columns})


def _person(i: int, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "surname": f"s{i}",
        "given": f"g{i}",
        "birth_year": 1950 + i % 50,
        "birth_month": 1 + i % 12,
        "birth_day": 1 + i % 28,
        "sex": "M" if i % 2 else "F",
        "home_best": f"h{i}",
        "event_place": f"e{i}",
    }
    row.update(fields)
    return row


def test_small_lists_train_on_a_name_and_on_a_birth_date() -> None:
    rows = [_person(i) for i in range(50)] + [_person(i) for i in range(10)]  # ten twins
    assert em_blocks(_table(rows)) == [DATE_BLOCK, NAME_BLOCK]


def test_a_name_shared_by_many_is_narrowed_by_home() -> None:
    # 300 namesakes: 44,850 pairs share the name, 300 share name and home
    rows = [_person(i, surname="김", given="영철", home_best=f"h{i % 100}") for i in range(300)]
    blocks = em_blocks(_table(rows))
    assert blocks[1] == (*NAME_BLOCK, "home_best")
    assert blocks[0] == DATE_BLOCK  # birth dates are all different: no narrowing


def test_a_block_is_not_narrowed_to_nothing() -> None:
    # namesakes who share nothing else: the name block stays, however large
    rows = [_person(i, surname="이", given="순희") for i in range(100)]
    assert em_blocks(_table(rows))[1] == NAME_BLOCK


def test_home_event_and_sex_stay_free_somewhere() -> None:
    # everyone shares one name, one birth date, one home and one place of detention in
    # small groups: both chains narrow through every further column, so a fallback block
    # (name and birth year) leaves home, event and sex free
    rows = [
        _person(
            i,
            surname="박",
            given="철수",
            birth_year=1970,
            birth_month=1,
            birth_day=1,
            home_best=f"h{i % 20}",
            event_place=f"e{i % 7}",
            sex="M" if i % 2 else "F",
        )
        for i in range(400)
    ]
    blocks = em_blocks(_table(rows), pairs_per_record=EM_PAIRS_PER_RECORD)
    assert blocks[0][:3] == DATE_BLOCK and {"event_place", "home_best"} <= set(blocks[0])
    assert blocks[-1] == ("surname", "given", "birth_year")
