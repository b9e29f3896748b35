"""Comparison features: the same person written two ways gets meeting keys."""

from __future__ import annotations

import pytest

from refwatch.analysis.linkage.features import FEATURE_SCHEMA, features_table, record_features
from refwatch.analysis.lists import ListRecordData, PartialDate


def record(
    record_id: str = "1",
    *,
    name: str | None = None,
    surname: str | None = None,
    given_name: str | None = None,
    birth: PartialDate | None = None,
    sex: str | None = None,
    home: str | None = None,
    event_place: str | None = None,
) -> ListRecordData:
    return ListRecordData(
        list_name="A", row=1, record_id=record_id, name=name, surname=surname,
        given_name=given_name, name_alt=None, sex=sex, birth_date=birth, age=None,
        home=home, event_date=None, event_place=event_place, extra={},
    )


def test_it_gives_north_south_and_romanised_names_one_canonical_key() -> None:
    north = record_features(record(name="리철수"))
    passport = record_features(record(surname="Lee", given_name="Chul Soo"))
    dprk = record_features(record(name="CHOL SU RI"))
    assert north.surname == passport.surname == dprk.surname == "이"
    assert set(north.full_set) & set(passport.full_set) & set(dprk.full_set)
    assert north.given_sound == passport.given_sound == dprk.given_sound


def test_it_offers_the_solar_date_of_a_lunar_birthday_as_a_candidate() -> None:
    lunar = record_features(record(name="김영희", birth=PartialDate(1975, 1, 30, lunar=True)))
    solar = record_features(record(name="김영희", birth=PartialDate(1975, 3, 12)))
    assert set(lunar.birth_solar) & set(solar.birth_solar)


def test_it_keeps_an_age_as_a_range_of_possible_years() -> None:
    aged = record_features(
        record(name="김영희", birth=PartialDate(None, precision="range", year_low=1984, year_high=1986))
    )
    assert aged.birth_year is None
    assert (aged.birth_low, aged.birth_high) == (1984, 1986)
    assert set(aged.birth_years) == {"1984", "1985", "1986"}


def test_it_resolves_home_places_in_any_script_to_gazetteer_ids() -> None:
    hangul = record_features(record(name="김영희", home="함북 무산"))
    latin = record_features(record(name="김영희", home="Musan, North Hamgyong"))
    assert hangul.home_best == latin.home_best is not None
    assert hangul.home_region == latin.home_region


def test_it_builds_one_row_per_record_in_list_order() -> None:
    table, keys = features_table(
        {"B": [record("b1", name="Kim Chol Su")], "A": [record("a1", name="김철수"), record("a2", name="?")]}
    )
    assert table.schema == FEATURE_SCHEMA
    assert keys == (("A", "a1"), ("A", "a2"), ("B", "b1"))
    assert table.column("unique_id").to_pylist() == [0, 1, 2]


def test_it_refuses_a_record_id_repeated_within_a_list() -> None:
    with pytest.raises(ValueError, match="repeats"):
        features_table({"A": [record("1", name="김철수"), record("1", name="이영희")]})


def test_it_adds_extra_columns_folded_for_plain_comparison() -> None:
    rec = ListRecordData(
        list_name="A", row=1, record_id="1", name="김철수", surname=None, given_name=None,
        name_alt=None, sex=None, birth_date=None, age=None, home=None, event_date=None,
        event_place=None, extra={"ID No.": " AB 123 "},
    )
    table, _ = features_table({"A": [rec]}, extra_fields=["ID No."])
    assert table.column("x_id_no").to_pylist() == ["ab 123"]


def test_worker_processes_and_repeated_names_give_the_same_rows_as_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from refwatch.analysis.linkage import features

    names = ["김철수", "Kim Chol Su", "리영희", "CHOL SU KIM", "Pak Mi-chun", "김철수"]
    records = {
        "A": [
            record(str(i), name=names[i % len(names)], birth=PartialDate(1970 + i % 9, 1 + i % 12, 1 + i % 28),
                   sex="MF"[i % 2], home="함북 무산" if i % 3 else None)
            for i in range(60)
        ]
    }
    alone, _ = features_table(records, workers=1)
    monkeypatch.setattr(features, "PARALLEL_ABOVE", 2)
    parallel, _ = features_table(records, workers=2)
    assert parallel.equals(alone)
    rows = alone.to_pylist()
    assert rows[0]["full_set"] == rows[5]["full_set"] and rows[0]["birth_year"] != rows[5]["birth_year"]
