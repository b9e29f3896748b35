"""The offline base map of the Korea–China border region, drawn as SVG by the pages.

The outlines are schematic: the Yalu (Amnok) and Tumen (Duman) rivers, which
form the border, and the nearby coasts, traced by hand from approximate
coordinates (degrees, WGS 84) of their bends and of the border towns of the
place gazetteer (refwatch.reference.places). They are good for showing where
events happened, not for measuring distances. No tile server is used.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The window shown: longitude and latitude bounds.
WEST, EAST, SOUTH, NORTH = 120.4, 131.1, 39.3, 44.2
WIDTH = 720.0

LatLon = tuple[float, float]

# The Yalu from its mouth up to Mount Paektu, then the Tumen down to the sea.
YALU: tuple[LatLon, ...] = (
    (39.82, 124.17), (40.08, 124.38), (40.30, 124.62), (40.46, 124.87), (40.68, 125.20),
    (40.90, 125.55), (41.00, 125.95), (41.13, 126.23), (41.38, 126.58), (41.62, 126.82),
    (41.80, 126.92), (41.72, 127.40), (41.55, 127.80), (41.42, 128.17), (41.65, 128.30),
    (41.99, 128.06),
)
TUMEN: tuple[LatLon, ...] = (
    (41.99, 128.06), (42.05, 128.45), (42.10, 128.90), (42.22, 129.20), (42.33, 129.48),
    (42.44, 129.72), (42.62, 129.76), (42.90, 129.85), (42.96, 129.98), (42.80, 130.18),
    (42.62, 130.32), (42.45, 130.52), (42.30, 130.67),
)
# Seas, each closed along the window's edge.
YELLOW_SEA: tuple[LatLon, ...] = (
    (39.30, 125.45), (39.45, 125.30), (39.55, 125.00), (39.63, 124.60), (39.82, 124.17),
    (39.75, 123.60), (39.55, 123.00), (39.30, 122.30),
)
BOHAI: tuple[LatLon, ...] = (
    (39.30, 121.40), (39.70, 121.55), (40.20, 122.05), (40.67, 122.23), (40.90, 121.90),
    (41.00, 121.30), (40.75, 120.85), (40.45, 120.55), (40.25, 120.40), (39.30, 120.40),
)
EAST_SEA: tuple[LatLon, ...] = (
    (42.30, 130.67), (41.95, 129.95), (41.75, 129.75), (41.40, 129.50), (40.85, 129.50),
    (40.65, 129.20), (40.30, 128.70), (40.00, 128.20), (39.80, 127.60), (39.30, 127.45),
    (39.30, 131.10), (42.75, 131.10), (42.60, 130.85), (42.42, 130.70),
)
# North Korea's land in the window: the border rivers, the east coast, the window's
# bottom edge and the west coast back to the mouth of the Yalu.
KOREA: tuple[LatLon, ...] = (
    *YALU, *TUMEN[1:], *EAST_SEA[1:10], *YELLOW_SEA[:5],
)
# China–Russia border from the Tumen northwards (schematic, for orientation only).
RUSSIA: tuple[LatLon, ...] = ((42.42, 130.60), (42.70, 130.50), (43.00, 130.90), (43.30, 131.10))


def _scale() -> float:
    mid = math.radians((SOUTH + NORTH) / 2)
    return WIDTH / ((EAST - WEST) * math.cos(mid))


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map coordinates (equirectangular around the window's middle latitude)."""
    k = _scale()
    mid = math.radians((SOUTH + NORTH) / 2)
    return round((lon - WEST) * math.cos(mid) * k, 1), round((NORTH - lat) * k, 1)


def height() -> float:
    return project(SOUTH, WEST)[1]


def inside(lat: float | None, lon: float | None) -> bool:
    return lat is not None and lon is not None and SOUTH <= lat <= NORTH and WEST <= lon <= EAST


def _path(points: Sequence[LatLon], *, closed: bool = False) -> str:
    xy = [project(lat, lon) for lat, lon in points]
    text = "M" + " L".join(f"{x},{y}" for x, y in xy)
    return text + (" Z" if closed else "")


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    r: float
    place: object
    incidents: int
    claims: int


@dataclass(frozen=True)
class BaseMap:
    width: float
    height: float
    seas: tuple[str, ...]
    korea: str
    rivers: tuple[str, ...]
    border: str
    russia: str
    labels: tuple[tuple[float, float, str], ...]  # x, y, key of a translated label
    markers: tuple[Marker, ...]
    elsewhere: tuple[Marker, ...]  # places outside the window, listed under the map


def base_map(places: Iterable[tuple[object, int, int]]) -> BaseMap:
    """The map with a marker per (place, incidents, claims); marker area grows with the count."""
    markers, elsewhere = [], []
    for place, incidents, claims in places:
        lat, lon = getattr(place, "lat", None), getattr(place, "lon", None)
        r = 4 + 3 * math.sqrt(incidents + claims)
        if lat is not None and lon is not None and inside(lat, lon):
            x, y = project(lat, lon)
            markers.append(Marker(x, y, round(r, 1), place, incidents, claims))
        else:
            elsewhere.append(Marker(0, 0, 0, place, incidents, claims))
    labels = (
        (*project(43.6, 123.2), "china"),
        (*project(40.45, 126.6), "dprk"),
        (*project(43.9, 130.45), "russia"),
        (*project(40.55, 124.55), "yalu"),
        (*project(42.75, 129.35), "tumen"),
        (*project(39.55, 123.4), "yellow_sea"),
        (*project(40.6, 130.0), "east_sea"),
    )
    border = _path(YALU) + " " + _path(TUMEN)
    return BaseMap(
        width=WIDTH, height=height(),
        seas=(_path(YELLOW_SEA, closed=True), _path(BOHAI, closed=True), _path(EAST_SEA, closed=True)),
        korea=_path(KOREA, closed=True),
        rivers=(_path(YALU), _path(TUMEN)), border=border, russia=_path(RUSSIA),
        labels=labels, markers=tuple(markers), elsewhere=tuple(elsewhere),
    )
