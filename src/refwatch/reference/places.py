"""The place gazetteer: border cities, crossings, detention places, North Korean
provinces and counties, each with a stable id and its names in every form.

>>> places = load_places()
>>> places["cn-jl-tumen"].name_en
'Tumen'
>>> place_index()["도문"]
('cn-jl-tumen',)
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    country: str
    parent_id: str | None
    name_en: str
    name_ko: str
    name_zh: str
    aliases: tuple[str, ...]
    lat: float | None
    lon: float | None
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """Every name form of the place, the canonical ones first."""
        return tuple(n for n in (self.name_en, self.name_ko, self.name_zh, *self.aliases) if n)


def normalise_place_name(text: str) -> str:
    """Fold case, width, diacritics, apostrophes and spacing for name lookup."""
    text = unicodedata.normalize("NFKC", text)
    decomposed = unicodedata.normalize("NFD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", folded).casefold()
    for mark in ("'", "\u2019", "\u2018", "`", "-", " ", "."):
        folded = folded.replace(mark, "")
    return folded


@cache
def load_places() -> dict[str, Place]:
    """All places keyed by id (read once from the packaged CSV)."""
    text = resources.files("refwatch.reference").joinpath("data/places.csv").read_text("utf-8")
    places: dict[str, Place] = {}
    for row in csv.DictReader(text.splitlines()):
        places[row["id"]] = Place(
            id=row["id"],
            kind=row["kind"],
            country=row["country"],
            parent_id=row["parent_id"] or None,
            name_en=row["name_en"],
            name_ko=row["name_ko"],
            name_zh=row["name_zh"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            lat=float(row["lat"]) if row["lat"] else None,
            lon=float(row["lon"]) if row["lon"] else None,
            source=row["source"],
        )
    return places


@cache
def place_index() -> dict[str, tuple[str, ...]]:
    """Normalised name -> ids of the places bearing it (several when ambiguous).

    Keys are the exact names and their :func:`normalise_place_name` forms.
    """
    index: dict[str, list[str]] = {}
    for place in load_places().values():
        for name in place.names:
            for key in {name, normalise_place_name(name)}:
                ids = index.setdefault(key, [])
                if place.id not in ids:
                    ids.append(place.id)
    return {key: tuple(ids) for key, ids in index.items()}


def lookup_place(name: str) -> tuple[str, ...]:
    """Ids of the places a name may denote, most specific candidates first."""
    return place_index().get(name) or place_index().get(normalise_place_name(name), ())
