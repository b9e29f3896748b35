"""Rebuild the packaged Hangul font: a renamed subset of Nanum Gothic (SIL OFL 1.1).

The PDF needs a font that covers Hangul. Nanum Gothic (NAVER, OFL 1.1) does, but
the full files are 4.6 MB each. This keeps Latin, general punctuation, arrows and
shapes, CJK punctuation, compatibility jamo and all 11,172 Hangul syllables,
drops hinting and the Hanja, and writes WOFF (zlib, about 0.4–0.5 MB a weight: WOFF2 would be half
that, but decoding it in fontTools costs WeasyPrint tens of seconds per PDF).
The OFL forbids a modified version to carry a Reserved Font Name ("Nanum" and
its variants), so the subset is renamed ``RefwatchGothic``; the copyright and
licence records are kept, and ``static/fonts/OFL.txt`` ships beside the files.

Run (needs fontTools and brotli, both WeasyPrint dependencies; Debian's
``fonts-nanum`` provides the sources)::

    python -m refwatch.analysis.reports.fontbuild /usr/share/fonts/truetype/nanum
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

FAMILY = "RefwatchGothic"
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-205E,U+2190-21FF,U+2212,U+2217,"
    "U+25A0-25FF,U+3000-303F,U+3130-318F,U+AC00-D7A3,U+FF01-FF5E"
)
SOURCES = {"Regular": "NanumGothic.ttf", "Bold": "NanumGothicBold.ttf"}
_RENAMED_IDS = {1: FAMILY, 16: FAMILY, 21: FAMILY}


def build_font(source: Path, target: Path, weight: str) -> None:
    """Subset ``source`` to the report's character set, rename it and write WOFF to ``target``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.flavor = "woff"
    options.with_zopfli = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    full = f"{FAMILY} {weight}"
    names = {
        **_RENAMED_IDS,
        2: weight,
        3: f"{FAMILY}-{weight};refwatch-subset",
        4: full,
        6: f"{FAMILY}-{weight}",
        13: "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        14: "https://openfontlicense.org",
        17: weight,
        22: weight,
    }
    table = font["name"]
    for record in table.names:
        if record.nameID in names:
            record.string = names[record.nameID]
    table.setName(
        "Subset of Nanum Gothic renamed for Refoulement Watch under SIL OFL 1.1 section 3.",
        10,
        3,
        1,
        0x409,
    )
    if "TSI5" in font:
        del font["TSI5"]
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(str(target))


def main(argv: list[str]) -> int:
    """Build both weights from the directory holding the Nanum TTF files."""
    if len(argv) != 1:
        sys.stderr.write(__doc__ or "")
        return 2
    out = Path(str(resources.files("refwatch.analysis.reports").joinpath("static", "fonts")))
    for weight, filename in SOURCES.items():
        build_font(Path(argv[0]) / filename, out / f"{FAMILY}-{weight}.woff", weight)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
