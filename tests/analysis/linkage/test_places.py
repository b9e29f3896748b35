"""Places: home and detention towns in every script and spelling resolve to gazetteer ids."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.linkage.places import PLACE_LEVELS, compare_places, resolve_place
from refwatch.reference.places import load_places


@pytest.mark.parametrize(
    ("text", "best", "province"),
    [
        ("함경북도 무산군", "kp-nh-musan", "kp-nh"),
        ("함북 무산", "kp-nh-musan", "kp-nh"),
        ("무산군", "kp-nh-musan", "kp-nh"),
        ("Musan, N. Hamgyong", "kp-nh-musan", "kp-nh"),
        ("Musan-gun, Hamgyeongbuk-do", "kp-nh-musan", "kp-nh"),
        ("Hamgyeongbuk-do Musan-gun", "kp-nh-musan", "kp-nh"),
        ("Ch\u2019ŏngjin, North Hamgyŏng", "kp-nh-chongjin", "kp-nh"),
        ("Hoeryeong", "kp-nh-hoeryong", "kp-nh"),
        ("Hamkyung-bukdo", "kp-nh", "kp-nh"),
        ("N.Hamgyong", "kp-nh", "kp-nh"),
        ("함북", "kp-nh", "kp-nh"),
        ("량강도 혜산시", "kp-rg-hyesan", "kp-rg"),
        ("양강 혜산", "kp-rg-hyesan", "kp-rg"),
        ("신파군", "kp-rg-kimjongsuk", "kp-rg"),  # old name
        ("후창", "kp-rg-kimhyongjik", "kp-rg"),
        ("성진시", "kp-nh-kimchaek", "kp-nh"),
        ("라선", "kp-rs", "kp-rs"),
        ("나선", "kp-rs", "kp-rs"),
        ("낙랑구역", "kp-py-rangrang", "kp-py"),  # South form of 락랑
        ("리원군", "kp-sh-riwon", "kp-sh"),
        ("이원", "kp-sh-riwon", "kp-sh"),
        ("Chung, P'yongyang", "kp-py-jung", "kp-py"),
        ("도문", "cn-jl-tumen", "cn-jl"),
        ("투먼", "cn-jl-tumen", "cn-jl"),
        ("图们市", "cn-jl-tumen", "cn-jl"),
        ("도문 구류소", "cn-jl-tumen", "cn-jl"),
        ("TUMEN, JILIN", "cn-jl-tumen", "cn-jl"),
        ("Tumen City", "cn-jl-tumen", "cn-jl"),
        ("옌지시 공안국", "cn-jl-yanji", "cn-jl"),
        ("연길", "cn-jl-yanji", "cn-jl"),
        ("심양", "cn-ln-shenyang", "cn-ln"),
        ("선양", "cn-ln-shenyang", "cn-ln"),
        ("Shenyang detention center", "cn-ln-shenyang", "cn-ln"),
        ("합이빈", "cn-hl-harbin", "cn-hl"),
        ("丹东", "cn-ln-dandong", "cn-ln"),  # the town, not the facility that shares its name
        ("图们 边防 收容", "cn-jl-tumen", "cn-jl"),
        ("연변", "cn-jl-yanbian", "cn-jl"),  # Yanbian prefecture, in Jilin
        ("Rajin-Sonbong", "kp-rs", "kp-rs"),
        ("Hamgyŏng-pukto", "kp-nh", "kp-nh"),
        ("Hyesan City, Yanggang Province", "kp-rg-hyesan", "kp-rg"),
    ],
)
def test_it_resolves_the_forms_lists_use(text: str, best: str, province: str) -> None:
    match = resolve_place(text)
    assert (match.best, match.province) == (best, province)


def test_it_keeps_what_it_cannot_read() -> None:
    match = resolve_place("Atlantis")
    assert match.ids == () and match.unmatched == ("Atlantis",)
    assert resolve_place("").best is None and resolve_place(None).best is None


def test_it_compares_places_by_containment_and_province() -> None:
    def level(a: str, b: str) -> str:
        return compare_places(resolve_place(a), resolve_place(b))

    assert level("함북 무산군", "Musan-gun") == "same"
    assert level("함북", "Musan") == "within"
    assert level("Musan", "Hoeryong") == "same_province"
    assert level("Musan", "Hyesan") == "different"
    assert level("Musan", "") == "missing"
    assert set(PLACE_LEVELS) >= {"same", "within", "same_province", "different", "missing"}


NK_AND_CN = sorted(
    (p.id, n)
    for p in load_places().values()
    if p.country in ("KP", "CN")
    and p.kind in ("province", "city", "county", "district", "county; county town")
    for n in p.names
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(NK_AND_CN))
def test_every_gazetteer_name_resolves_to_a_place_of_that_name(case: tuple[str, str]) -> None:
    place_id, name = case
    match = resolve_place(name)
    assert match.best is not None
    same_name = {p.id for p in load_places().values() if name in p.names}
    assert match.best in same_name or place_id in match.ids or match.best == place_id


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_it_never_crashes_and_never_invents_ids(text: str) -> None:
    match = resolve_place(text)
    places = load_places()
    assert all(i in places for i in match.ids)


@pytest.mark.parametrize("module", ["places"])
def test_the_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module(f"refwatch.analysis.linkage.{module}"))
    assert outcome.failed == 0 and outcome.attempted > 0
