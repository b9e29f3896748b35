"""A schematic base map of the China–North Korea border region, drawn offline.

Provenance: every polyline below was hand-digitised by the refwatch authors at a
precision of roughly 10–40 km, through well-known town positions (the river
towns Dandong/Sinuiju, Ji'an/Manpo, Linjiang, Changbai/Hyesan, Musan, Hoeryong,
Tumen/Namyang, Onsong and Hunchun take the GeoNames-derived points of the
project gazetteer, ``refwatch/reference/data/places.csv``) and general
geographic knowledge for coasts. No third-party map data was copied. It is for
orientation only: it is not an authoritative boundary and must not be used to
measure distances or to place a crossing.
"""

from __future__ import annotations

from dataclasses import dataclass

from refwatch.analysis.reports.model import Bilingual

Point = tuple[float, float]  # (lat, lon)


@dataclass(frozen=True)
class BaseLine:
    """One polyline; ``kind`` is ``border``, ``coast`` or ``dmz``."""

    kind: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class BaseLabel:
    text: Bilingual
    lat: float
    lon: float


PROVENANCE = Bilingual(
    "Schematic base map hand-drawn by the refwatch authors (about 10–40 km precision) through the "
    "gazetteer's GeoNames-derived town points; for orientation only, not an authoritative boundary.",
    "refwatch 작성자들이 지명 사전(GeoNames 기반 좌표)의 도시 위치를 따라 손으로 그린 개략도"
    "(정밀도 약 10–40 km). 위치 파악용이며 공식 경계가 아님.",
)

# Yalu (Amnok) River, mouth to source on Mt Paektu.
YALU: tuple[Point, ...] = (
    (39.83, 124.25),
    (39.95, 124.33),
    (40.10, 124.40),
    (40.25, 124.62),
    (40.46, 124.96),
    (40.70, 125.20),
    (40.95, 125.65),
    (41.12, 126.18),
    (41.30, 126.50),
    (41.50, 126.65),
    (41.81, 126.91),
    (41.70, 127.30),
    (41.55, 127.70),
    (41.40, 128.18),
    (41.70, 128.10),
    (42.00, 128.06),
)
# Tumen (Tuman) River, source to mouth.
TUMEN: tuple[Point, ...] = (
    (42.00, 128.06),
    (42.05, 128.30),
    (42.15, 128.65),
    (42.25, 128.95),
    (42.23, 129.21),
    (42.35, 129.50),
    (42.44, 129.75),
    (42.65, 129.80),
    (42.96, 129.85),
    (42.96, 129.99),
    (42.81, 130.15),
    (42.62, 130.40),
    (42.43, 130.60),
    (42.29, 130.70),
)
COAST_LIAODONG: tuple[Point, ...] = (
    (38.80, 121.20),
    (38.92, 121.65),
    (39.20, 122.10),
    (39.45, 122.60),
    (39.70, 123.10),
    (39.78, 123.70),
    (39.83, 124.25),
)
COAST_KOREA_WEST: tuple[Point, ...] = (
    (39.83, 124.25),
    (39.75, 124.60),
    (39.62, 124.95),
    (39.70, 125.35),
    (39.55, 125.60),
    (39.20, 125.40),
    (38.73, 125.38),
    (38.55, 125.05),
    (38.10, 124.85),
    (37.92, 125.35),
    (38.02, 125.72),
    (37.88, 126.15),
    (37.72, 126.50),
    (37.45, 126.60),
    (37.00, 126.80),
)
COAST_KOREA_EAST: tuple[Point, ...] = (
    (42.29, 130.70),
    (42.33, 130.40),
    (42.22, 130.28),
    (41.95, 129.95),
    (41.79, 129.78),
    (41.40, 129.60),
    (40.67, 129.20),
    (40.35, 128.65),
    (40.05, 128.10),
    (39.83, 127.62),
    (39.50, 127.55),
    (39.15, 127.45),
    (38.80, 127.85),
    (38.38, 128.47),
    (38.20, 128.60),
    (37.75, 128.90),
    (37.00, 129.40),
)
COAST_BOHAI: tuple[Point, ...] = (
    (40.95, 121.80),
    (40.67, 122.23),
    (40.30, 122.10),
    (39.95, 121.80),
    (39.55, 121.45),
    (39.10, 121.55),
    (38.80, 121.20),
)
COAST_RUSSIA: tuple[Point, ...] = (
    (42.29, 130.70),
    (42.55, 130.75),
    (42.65, 130.85),
    (43.00, 131.25),
)
CHINA_RUSSIA: tuple[Point, ...] = (
    (42.43, 130.60),
    (42.70, 130.65),
    (42.95, 130.95),
    (43.40, 131.25),
)
DMZ: tuple[Point, ...] = (
    (37.75, 126.15),
    (37.96, 126.68),
    (38.10, 127.00),
    (38.28, 127.40),
    (38.30, 127.90),
    (38.55, 128.35),
)

LINES: tuple[BaseLine, ...] = (
    BaseLine("border", YALU),
    BaseLine("border", TUMEN),
    BaseLine("border", CHINA_RUSSIA),
    BaseLine("coast", COAST_LIAODONG),
    BaseLine("coast", COAST_BOHAI),
    BaseLine("coast", COAST_KOREA_WEST),
    BaseLine("coast", COAST_KOREA_EAST),
    BaseLine("coast", COAST_RUSSIA),
    BaseLine("dmz", DMZ),
)

# Sea areas as closed polygons (coast, then round the outside of the frame).
SEAS: tuple[tuple[Point, ...], ...] = (
    (*COAST_LIAODONG, *COAST_KOREA_WEST[1:], (36.5, 126.80), (36.5, 120.5), (38.80, 120.5)),
    (*COAST_BOHAI, (38.80, 120.5), (41.2, 120.5), (41.2, 121.80)),
    (*reversed(COAST_RUSSIA), *COAST_KOREA_EAST[1:], (36.5, 129.40), (36.5, 132.0), (43.0, 132.0)),
)

LABELS: tuple[BaseLabel, ...] = (
    BaseLabel(Bilingual("CHINA", "중국"), 42.9, 125.0),
    BaseLabel(Bilingual("DPRK", "북한"), 40.2, 127.0),
    BaseLabel(Bilingual("ROK", "한국"), 37.5, 127.9),
    BaseLabel(Bilingual("RUSSIA", "러시아"), 43.45, 130.55),
    BaseLabel(Bilingual("Yellow Sea", "서해"), 38.3, 123.2),
    BaseLabel(Bilingual("East Sea", "동해"), 39.5, 129.9),
)

# Default frame (lat_min, lat_max, lon_min, lon_max): the border, Pyongyang and Seoul.
EXTENT: tuple[float, float, float, float] = (37.2, 43.7, 121.8, 131.2)
