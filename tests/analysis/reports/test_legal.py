"""Legal characterisation: provisions per event type, state status on the incident date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.reports.legal import (
    EVENT_PROVISIONS,
    PROVISIONS,
    characterise_incident,
    default_legal_rows,
    load_legal_reference,
    responsible_state,
    status_on,
)
from refwatch.analysis.reports.model import EVENT_TYPE_CODES, Bilingual, Incident, Place

SHARED_LEGAL = Path(__file__).resolve().parents[4] / "shared" / "data" / "legal.csv"
REF = load_legal_reference(default_legal_rows())


def test_it_maps_every_event_type_to_known_provisions() -> None:
    assert set(EVENT_PROVISIONS) == set(EVENT_TYPE_CODES)
    for codes in EVENT_PROVISIONS.values():
        assert all(code in PROVISIONS for code in codes)
    engaged = EVENT_PROVISIONS["forced_repatriation"]
    for code in (
        "RC1951 art. 33(1)",
        "CAT art. 3",
        "ICCPR art. 7",
        "ICCPR art. 12(2)",
        "CRC art. 22",
        "CRC art. 37",
        "CEDAW art. 6",
    ):
        assert code in engaged


def test_it_reads_china_as_party_to_the_refugee_convention_with_reservations() -> None:
    status = status_on(REF, "RC1951", "CN", date(2023, 10, 9))
    assert status.kind == "party"
    assert status.since == date(1982, 9, 24)
    assert "art. 14" in status.reservations
    assert "1982" in status.text.en and "1982년" in status.text.ko


def test_it_reads_china_as_only_a_signatory_of_the_iccpr() -> None:
    status = status_on(REF, "ICCPR", "CN", date(2023, 10, 9))
    assert status.kind == "signatory"
    assert "not ratified" in status.text.en


def test_it_evaluates_status_on_the_incident_date() -> None:
    assert status_on(REF, "CAT", "CN", date(1980, 1, 1)).kind == "not_party"
    assert (
        status_on(REF, "CAT", "CN", date(1987, 6, 1)).kind == "signatory"
    )  # signed 1986, ratified 1988
    assert status_on(REF, "CAT", "CN", date(1989, 1, 1)).kind == "party"
    assert status_on(REF, "ICCPR", "CN", date(1990, 1, 1)).kind == "not_party"


def test_it_knows_north_korea_is_party_to_the_iccpr_but_not_to_cat() -> None:
    assert status_on(REF, "ICCPR", "KP", date(2023, 11, 20)).kind == "party"
    assert status_on(REF, "CAT", "KP", date(2023, 11, 20)).kind == "not_party"


def test_it_says_when_a_state_is_missing_from_the_reference() -> None:
    assert status_on(REF, "RC1951", "TH", date(2023, 1, 1)).kind == "unknown"


def test_it_characterises_an_incident_for_the_state_of_its_place() -> None:
    incident = Incident(
        "x",
        Bilingual("x"),
        "forced_repatriation",
        date(2023, 10, 9),
        places=(Place(Bilingual("Tumen"), "CN", 42.97, 129.84),),
    )
    result = characterise_incident(incident, REF)
    assert result.state == "CN"
    kinds = {e.provision.code: e.status.kind for e in result.provisions}
    assert kinds["RC1951 art. 33(1)"] == "party"
    assert kinds["ICCPR art. 7"] == "signatory"


def test_it_defaults_deaths_in_custody_to_north_korea() -> None:
    incident = Incident("y", Bilingual("y"), "death_in_custody", date(2022, 1, 1))
    assert responsible_state(incident) == "KP"
    assert (
        responsible_state(
            Incident("z", Bilingual("z"), "arrest", date(2022, 1, 1), responsible_state="RU")
        )
        == "RU"
    )


def test_it_gives_a_note_instead_of_provisions_for_a_release() -> None:
    result = characterise_incident(Incident("r", Bilingual("r"), "release", date(2022, 1, 1)), REF)
    assert result.provisions == ()
    assert result.note.en and result.note.ko


@pytest.mark.skipif(
    not SHARED_LEGAL.exists(), reason="shared research data not beside the checkout"
)
def test_it_parses_the_shared_research_file_from_a_path() -> None:
    ref = load_legal_reference(SHARED_LEGAL)
    assert status_on(ref, "CEDAW", "CN", date(2000, 1, 1)).kind == "party"


def test_it_merges_rows_from_several_sources() -> None:
    ref = load_legal_reference(
        [
            {
                "instrument": "Convention against Torture (CAT)",
                "china_status": "party",
                "china_date": "1988-10-04",
            }
        ],
        [
            {
                "instrument": "Convention against Torture (CAT)",
                "dprk_status": "not party",
                "dprk_date": "",
            }
        ],
    )
    cat = ref.instrument("CAT")
    assert cat is not None and {s.state for s in cat.statuses} == {"CN", "KP"}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=30), st.dates())
def test_property_status_parsing_never_crashes(status: str, when: str, on: date) -> None:
    ref = load_legal_reference(
        [
            {
                "instrument": "Convention on the Rights of the Child",
                "china_status": status,
                "china_date": when,
            }
        ]
    )
    result = status_on(ref, "CRC", "CN", on)
    assert result.kind in {
        "party",
        "signatory",
        "not_party",
        "bilateral",
        "not_applicable",
        "unknown",
    }
    assert result.text.en and result.text.ko


def test_it_skips_an_impossible_date_instead_of_failing() -> None:
    ref = load_legal_reference(
        [
            {
                "instrument": "Convention on the Rights of the Child",
                "china_status": "party",
                "china_date": "1992-02-30 or 1992-03-02",
            }
        ]
    )
    assert status_on(ref, "CRC", "CN", date(2000, 1, 1)).since == date(1992, 3, 2)
