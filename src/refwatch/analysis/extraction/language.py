"""Language detection for the two languages the extractor reads (Korean, English)."""

from __future__ import annotations

import re

__all__ = ["detect_language", "has_hangul"]

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def has_hangul(text: str) -> bool:
    """True when ``text`` contains at least one Hangul syllable or jamo."""
    return _HANGUL.search(text) is not None


def detect_language(text: str) -> str:
    """Return ``"ko"`` when Hangul makes up at least a fifth of the letters, else ``"en"``.

    English articles often quote a Korean name or outlet in Hangul; Korean articles
    carry English acronyms (RFA, HRW). Counting letters keeps both cases right.

    >>> detect_language("중국이 탈북민을 북송했다")
    'ko'
    >>> detect_language("China repatriated 600 people (탈북민).")
    'en'
    """
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    if hangul == 0:
        return "en"
    # A Hangul syllable carries about as much as three Latin letters.
    return "ko" if hangul * 3 >= (hangul * 3 + latin) / 5 else "en"
