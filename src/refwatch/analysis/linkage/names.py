"""Korean names in any rendering -> scored candidate Hangul readings and comparison keys.

A list may write the same person as 리철수, 이 철수, Ri Chol Su, RI CHOL SU,
Ch'ŏl-su Ri, Ch’ol-su, Lee Chul Soo, Cheolsu Lee, CHUL-SOO LEE (리철수) or Yi Cheol-su.
:func:`read_name` reads any of these into candidate (surname, given name)
pairs in Hangul, each with a score, and comparison keys:

* ``key`` of a candidate: South Korean orthography (initial-ㄹ/ㄴ rule applied
  to the surname and the first syllable of the given name), so 리룡철 and
  이용철 meet;
* :func:`sound_key`: a romanisation-blind phonetic key (k/g, t/d, p/b, ch/j,
  r/l, ŏ/eo/o/u merged) that tolerates the vowel slips and typos that
  keys in Hangul do not.

What it assumes: a name is a surname of one (rarely two) syllables and a given
name of one to three syllables; Latin text may put either first, join, hyphenate
or space the given name's syllables, and lose or curl MR's breves and
apostrophes; Hangul, where present (also in brackets), is the better witness.
Results are cached by input: lists repeat names.

>>> r = read_name("RI CHOL SU")
>>> (r.best.surname, r.best.given, r.best.key)
('리', '철수', '이철수')
>>> read_name("Chul Soo Lee").best.key
'이철수'
>>> sound_key("Ch'ŏl-su") == sound_key("Cheolsu") == sound_key("Chul Soo")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from refwatch.analysis.linkage.romanization import (
    decompose,
    is_hangul_syllable,
    romanize_word,
    south_word,
    to_north,
    to_south,
)
from refwatch.analysis.linkage.spellings import (
    MAX_SPELLING,
    compound_surnames,
    given_prior,
    surname_index,
    surname_population,
    syllable_index,
)

__all__ = [
    "NameCandidate",
    "NameReadings",
    "canonical_key",
    "jamo_key",
    "read_name",
    "sound_key",
]


@dataclass(frozen=True)
class NameCandidate:
    """One reading of a name in Hangul, with its share of the score (0..1).

    ``surname``/``given`` are the forms read (North forms such as 리 are kept
    when the spelling says so); ``surname_key``/``given_key`` apply the South
    initial rule so that North and South spellings of one name compare equal.
    """

    surname: str
    given: str
    score: float
    surname_key: str
    given_key: str

    @property
    def key(self) -> str:
        """Canonical full name: South-orthography surname + given name."""
        return self.surname_key + self.given_key

    @property
    def hangul(self) -> str:
        """The full name as read (surname then given name)."""
        return self.surname + self.given


@dataclass(frozen=True)
class NameReadings:
    """Candidates of one record's name, best first, and its sound keys."""

    candidates: tuple[NameCandidate, ...]
    surname_sound: str
    given_sound: str

    @property
    def best(self) -> NameCandidate | None:
        """The most likely reading, or None when nothing could be read."""
        return self.candidates[0] if self.candidates else None

    @property
    def keys(self) -> tuple[str, ...]:
        """Distinct canonical full keys, best first."""
        return tuple(dict.fromkeys(c.key for c in self.candidates))

    @property
    def surname_keys(self) -> tuple[str, ...]:
        """Distinct canonical surnames, best first."""
        return tuple(dict.fromkeys(c.surname_key for c in self.candidates))

    @property
    def given_keys(self) -> tuple[str, ...]:
        """Distinct canonical given names, best first."""
        return tuple(dict.fromkeys(c.given_key for c in self.candidates))

    @property
    def full_sound(self) -> str:
        """Surname sound key + given-name sound key."""
        return self.surname_sound + self.given_sound


_EMPTY = NameReadings((), "", "")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_TOKEN_SPLIT = re.compile(r"[\s,;/]+")
_PART_SPLIT = re.compile(r"[-‐‑–_.]")
_APOSTROPHE_CHARS = "'\u2019\u2018`\u00b4\u02bc\u02bb"
_APOSTROPHES = str.maketrans("", "", _APOSTROPHE_CHARS)
_MAX_GIVEN = 3
_BEAM = 8


@lru_cache(maxsize=262144)
def canonical_key(surname: str, given: str) -> str:
    """South-orthography key of a Hangul name: 리 룡철 -> 이용철."""
    return to_south(surname[0]) + surname[1:] + south_word(given) if surname else south_word(given)


# --- sound key --------------------------------------------------------------

_SOUND_RULES: tuple[tuple[str, str], ...] = (
    ("ng", "N"),
    ("tch", "c"),
    ("ch", "c"),
    ("j", "c"),
    ("z", "c"),
    ("sh", "s"),
    ("x", "s"),
    ("kh", "k"),
    ("th", "t"),
    ("ph", "p"),
    ("ck", "k"),
    ("g", "k"),
    ("q", "k"),
    ("d", "t"),
    ("b", "p"),
    ("f", "p"),
    ("v", "p"),
    ("l", "r"),
    ("yeo", "yo"),
    ("you", "yo"),
    ("eui", "i"),
    ("ui", "i"),
    ("ee", "i"),
    ("eo", "o"),
    ("eu", "u"),
    ("oo", "u"),
    ("ou", "u"),
    ("u", "o"),
    ("ae", "e"),
    ("ai", "e"),
    ("oe", "we"),
    ("oi", "we"),
)
_VOWELS = frozenset("aeiouyw")


@lru_cache(maxsize=262144)
def sound_key(text: str) -> str:
    """A romanisation-blind phonetic key of a name part, Latin or Hangul ('' if none).

    Hangul is first written in RR with the South initial rule.  Then k/g, t/d,
    p/b, ch/j, r/l and the vowels ŏ/eo/o/u/oo are merged, an initial r/l (and n
    before i/y) is dropped as the South does, h after a vowel is dropped
    (Ahn, Kahng) and repeated letters collapse.

    >>> sound_key("Ryong-chol") == sound_key("용철") == sound_key("Yongchul")
    True
    """
    hangul = _HANGUL_RUN.findall(text)
    if hangul:
        s = "".join("".join(romanize_word(south_word(w), "rr")) for w in hangul)
    else:
        s = _fold(text)
    if not s:
        return ""
    if s.startswith("rh"):
        s = s[2:]
    elif s[0] in "rl":
        s = s[1:]
    elif s.startswith(("ni", "ny")):
        s = s[1:]
    if s.startswith("yi"):
        s = s[1:]
    for old, new in _SOUND_RULES:
        s = s.replace(old, new)
    out: list[str] = []
    for i, c in enumerate(s):
        if c == "h" and i > 0 and s[i - 1] in _VOWELS:
            continue
        if out and out[-1] == c:
            continue
        out.append(c)
    return "".join(out).replace("N", "ng")


_NON_LETTERS = re.compile(r"[^a-z]+")


@lru_cache(maxsize=262144)
def jamo_key(hangul: str) -> str:
    """A Hangul key spelled out in jamo, for edit distances that see one-stroke slips.

    Two names one vowel or final consonant apart (김철수 / 김철소) differ by a
    whole syllable as Hangul but by one letter as jamo.  Other characters pass
    through unchanged.

    >>> jamo_key("철수")
    'ㅊㅓㄹㅅㅜ'
    """
    out: list[str] = []
    for char in hangul:
        if is_hangul_syllable(char):
            out.extend(decompose(char))
        else:
            out.append(char)
    return "".join(out)


def _fold(text: str) -> str:
    """Lower-case ASCII letters only: marks, apostrophes and other scripts dropped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_LETTERS.sub("", text.lower())


# --- Latin given names --------------------------------------------------------


# McCune–Reischauer marks carry information the plain letters lose: ŏ is ㅓ (not
# ㅗ), ŭ is ㅡ (not ㅜ), ch' k' t' p' are ㅊ ㅋ ㅌ ㅍ (not ㅈ ㄱ ㄷ ㅂ).  Latin tokens keep
# them as capital letters (sŏng -> sOng, ch'oe -> cHoe); lookups lower-case the
# letters and keep only the syllables the marks allow.
_BREVE_LIKE = frozenset(
    "\u0306\u030c\u0302\u0308"
)  # breve, and the caron/circumflex/diaeresis typed for it
_MARK_VOWELS = {"O": frozenset("ㅓㅕㅝ"), "U": frozenset("ㅡㅢ")}
_MARK_LEADS = {"H": "ㅊ", "K": "ㅋ", "T": "ㅌ", "P": "ㅍ"}
# In a name that carries breves, a plain o or u is probably ㅗ/ㅛ/ㅚ or ㅜ/ㅠ: these
# inferred marks (Q, V) only lower the other readings, since typists are not always
# consistent.
_PLAIN_VOWELS = {"Q": frozenset("ㅗㅛㅚ"), "V": frozenset("ㅜㅠ")}
_INFERRED_PENALTY = 0.2
_UNMARK = str.maketrans("OUQVHKTP", "ououhktp")


def _fold_marked(text: str) -> str:
    """Like :func:`_fold`, but MR breves and aspiration apostrophes become capitals."""
    if text.isascii() and "'" not in text and "`" not in text:
        return _NON_LETTERS.sub("", text.lower())
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if char in _BREVE_LIKE:
            if out and out[-1] in "ou":
                out[-1] = out[-1].upper()
        elif char in _APOSTROPHE_CHARS:
            if len(out) >= 2 and out[-2:] == ["c", "h"]:
                out[-1] = "H"
            elif out and out[-1] in "ktp":
                out[-1] = out[-1].upper()
        else:
            lower = char.lower()
            if "a" <= lower <= "z":
                out.append(lower)
    return "".join(out)


def _fits(syllable: str, marks: str) -> bool:
    """Whether a syllable agrees with the explicit MR marks of its spelling (see above)."""
    lead, vowel, _ = decompose(syllable)
    for mark in marks:
        if mark in _MARK_VOWELS and vowel not in _MARK_VOWELS[mark]:
            return False
        if mark in _MARK_LEADS and lead != _MARK_LEADS[mark]:
            return False
    return True


def _plain_fit(syllable: str, marks: str) -> float:
    """1, or a penalty when a syllable disagrees with an inferred plain vowel."""
    vowel = decompose(syllable)[1]
    for mark in marks:
        if mark in _PLAIN_VOWELS and vowel not in _PLAIN_VOWELS[mark]:
            return _INFERRED_PENALTY
    return 1.0


def _unmarked(text: str) -> str:
    return text.translate(_UNMARK)


@lru_cache(maxsize=65536)
def _marked_moves(piece: str) -> tuple[tuple[str, float, bool], ...]:
    """Exact moves of a spelling with MR marks: the syllables the marks allow."""
    options = syllable_index().get(_unmarked(piece), ())
    marks = "".join(c for c in piece if c.isupper())
    kept = sorted(
        ((syl, w * _plain_fit(syl, marks), False) for syl, w in options if _fits(syl, marks)),
        key=lambda m: -m[1],
    )
    return tuple(kept[:4]) or tuple((syl, w, False) for syl, w in options[:4])


@cache
def _given_total() -> float:
    return sum(given_prior().values())


@cache
def _surname_total() -> float:
    return sum(w for options in surname_index().values() for _, w in options)


_TYPO_PENALTY = 0.05


@cache
def _deletion_index() -> dict[str, tuple[str, ...]]:
    """Each spelling with one letter deleted -> the spellings it came from.

    Looking a substring and its own one-letter deletions up here finds the
    spellings one edit away (a letter dropped, added or mistyped) without
    generating every edit of the token.
    """
    out: dict[str, set[str]] = {}
    for spelling in syllable_index():
        if len(spelling) < 2:
            continue
        for i in range(len(spelling)):
            out.setdefault(spelling[:i] + spelling[i + 1 :], set()).add(spelling)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=262144)
def _near_spellings(text: str) -> tuple[str, ...]:
    """Known spellings one edit from ``text`` (not ``text`` itself)."""
    index = syllable_index()
    deletions = _deletion_index()
    near: set[str] = set(deletions.get(text, ()))  # a letter dropped from a spelling
    for i in range(len(text)):
        shorter = text[:i] + text[i + 1 :]
        if shorter in index:  # a letter added
            near.add(shorter)
        near.update(deletions.get(shorter, ()))  # a letter mistyped
    near.discard(text)
    return tuple(sorted(near))


_Path = tuple[str, float, bool]  # Hangul so far, probability, a typo already undone


@cache
def _top_syllables() -> dict[str, tuple[tuple[str, float, bool], ...]]:
    """The four likeliest syllables of each spelling, as exact (non-typo) moves."""
    return {
        spelling: tuple((syl, w, False) for syl, w in options[:4])
        for spelling, options in syllable_index().items()
    }


@lru_cache(maxsize=262144)
def _segment(token: str, fuzzy: bool = False) -> list[tuple[str, float]]:
    """Hangul readings of one Latin token (one to three syllables), best first.

    With ``fuzzy``, one syllable of the token may be one edit away from a
    known spelling (at a penalty), which reads most typos.
    """
    index = _top_syllables()
    total = _given_total()
    n = len(token)
    paths: list[list[_Path]] = [[] for _ in range(n + 1)]  # readings of token[:i]
    paths[0] = [("", 1.0, False)]
    for i in range(n):
        if not paths[i]:
            continue
        for j in range(i + 1, min(n, i + MAX_SPELLING + 1) + 1):
            piece = token[i:j]
            marked = not piece.islower()
            moves = _marked_moves(piece) if marked else index.get(piece, ())
            if fuzzy and len(piece) >= 3:  # a slip in one or two letters reads as anything
                moves = moves + tuple(
                    (syl, w * _TYPO_PENALTY, True)
                    for spelling in _near_spellings(_unmarked(piece) if marked else piece)
                    for syl, w, _ in index[spelling][:2]
                )
            if not moves:
                continue
            for prefix, prob, used in paths[i]:
                if len(prefix) >= _MAX_GIVEN:
                    continue
                for syl, weight, typo in moves:
                    if typo and used:
                        continue
                    paths[j].append((prefix + syl, prob * weight / total, used or typo))
        for j in range(i + 1, n + 1):
            if len(paths[j]) > _BEAM:
                paths[j].sort(key=lambda p: -p[1])
                del paths[j][_BEAM:]
    best: dict[str, float] = {}
    for hangul, prob, _ in paths[n]:
        best[hangul] = max(best.get(hangul, 0.0), prob)
    return sorted(best.items(), key=lambda p: -p[1])


@lru_cache(maxsize=131072)
def _token_readings(token: str) -> tuple[tuple[str, float], ...]:
    """Readings of a Latin token; a token with no exact reading is read with one typo undone."""
    found = _segment(token)
    if not found or len(found[0][0]) >= _MAX_GIVEN:
        # Three syllables in one token are rarer than a typo in two.
        merged: dict[str, float] = {}
        for hangul, prob in [*found, *_segment(token, fuzzy=True)]:
            merged[hangul] = max(merged.get(hangul, 0.0), prob * _length_prior(len(hangul)))
        found = sorted(merged.items(), key=lambda p: -p[1])
    return tuple(found[:_BEAM])


_LENGTH_SHARES = {1: 0.07, 2: 0.9, 3: 0.03}


def _length_prior(syllables: int) -> float:
    """Share of given names with this many syllables (two dominate; one is uncommon)."""
    return _LENGTH_SHARES.get(syllables, 0.001)


@lru_cache(maxsize=131072)
def _given_readings(parts: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """Readings of a given name written as one or more Latin parts (spaced or hyphenated)."""
    combos: list[tuple[str, float]] = [("", 1.0)]
    for part in parts:
        options = _token_readings(part)
        if not options:
            return ()
        combos = [
            (prefix + hangul, p * q)
            for prefix, p in combos
            for hangul, q in options
            if len(prefix) + len(hangul) <= _MAX_GIVEN + 1
        ]
        combos.sort(key=lambda c: -c[1])
        del combos[_GROUP:]
    scored = [(h, p * _length_prior(len(h))) for h, p in combos if h]
    return tuple(sorted(scored, key=lambda c: -c[1]))


@lru_cache(maxsize=65536)
def _surname_readings(token: str) -> tuple[tuple[str, float], ...]:
    """(Hangul surname as read, prob) for a Latin surname token."""
    marks = "".join(c for c in token if c.isupper())
    token = _unmarked(token)
    options = surname_index().get(token)
    if options and marks:
        kept = [(h, w * _plain_fit(h[0], marks)) for h, w in options if _fits(h[0], marks)]
        options = tuple(sorted(kept, key=lambda o: -o[1])) or options
    if not options:
        options = tuple(
            (to_south(h), p * 0.05 * _surname_total() / _given_total())
            for h, p in _token_readings(token)
            if len(h) == 1
        )
        if not options:
            return ()
    total = _surname_total()
    north_spelled = token[0] == "r"
    out: list[tuple[str, float]] = []
    for south, weight in options[:3]:
        read = south
        if north_spelled:
            norths = [n for n in to_north(south[0]) if decompose(n)[0] == "ㄹ"]
            if norths:
                read = norths[0] + south[1:]
        out.append((read, weight / total))
    return tuple(out)


# --- parsing a whole name ---------------------------------------------------


@dataclass(frozen=True)
class _Token:
    text: str  # folded Latin letters, hyphens kept
    upper: bool


@lru_cache(maxsize=131072)
def _latin_tokens(text: str) -> tuple[tuple[_Token, ...], bool]:
    """Folded tokens of the Latin part of a name and whether a comma follows the first."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[(\[（【].*?[)\]）】]", " ", text)
    text = _HANGUL_RUN.sub(" ", text)
    comma = bool(re.match(r"^\s*[^,\s]+\s*,", text))
    tokens: list[_Token] = []
    for raw in _TOKEN_SPLIT.split(text):
        folded = "-".join(p for p in (_fold_marked(x) for x in _PART_SPLIT.split(raw)) if p)
        if folded:
            tokens.append(_Token(folded, raw.isupper() and len(folded) > 1))
    if any("O" in t.text or "U" in t.text for t in tokens):
        tokens = [_Token(t.text.replace("o", "Q").replace("u", "V"), t.upper) for t in tokens]
    return tuple(tokens), comma


def _parts(tokens: Sequence[_Token]) -> tuple[str, ...]:
    return tuple(p for t in tokens for p in t.text.split("-") if p)


_Reading = tuple[str, str, float]


def _pair_readings(
    surname_token: str, given_tokens: Sequence[_Token], prior: float
) -> list[_Reading]:
    surnames = _surname_readings(surname_token.replace("-", ""))
    givens = _given_readings(_parts(given_tokens))
    return [(s, g, prior * p * q) for s, p in surnames for g, q in givens]


def _latin_readings(text: str) -> list[_Reading]:
    tokens, comma = _latin_tokens(text)
    if not tokens:
        return []
    if len(tokens) == 1:
        return _run_together(tokens[0].text)
    all_upper = all(t.upper for t in tokens)
    first_prior, last_prior = (0.95, 0.05) if comma else (0.7, 0.3)
    if not all_upper and tokens[0].upper and not tokens[-1].upper:
        first_prior *= 4
    if not all_upper and tokens[-1].upper and not tokens[0].upper:
        last_prior *= 4
    readings = _pair_readings(tokens[0].text, tokens[1:], first_prior)
    readings += _pair_readings(tokens[-1].text, tokens[:-1], last_prior)
    if len(tokens) >= 3 and "-" not in tokens[0].text:
        joined = tokens[0].text + tokens[1].text
        if any(len(h) == 2 for h, _ in _surname_readings(joined)):
            readings += _pair_readings(joined, tokens[2:], first_prior * 0.5)
    return readings


def _run_together(word: str) -> list[_Reading]:
    """KIMCHOLSU or Kim-Chol-Su: a surname prefix then the given name."""
    parts = [p for p in word.split("-") if p]
    if len(parts) > 1:
        head, rest = parts[0], parts[1:]
        given = [_Token("-".join(rest), False)]
        return _pair_readings(head, given, 0.6) + _pair_readings(
            parts[-1], [_Token("-".join(parts[:-1]), False)], 0.2
        )
    out: list[_Reading] = []
    for cut in range(1, min(len(word) - 1, 8)):
        if _unmarked(word[:cut]) in surname_index():
            out += _pair_readings(word[:cut], [_Token(word[cut:], False)], 0.5)
    return out


def _hangul_readings(text: str) -> list[_Reading]:
    words = _HANGUL_RUN.findall(unicodedata.normalize("NFKC", text))
    if not words:
        return []
    population = surname_population()
    compounds = compound_surnames()
    if len(words) >= 2:
        first, rest = words[0], "".join(words[1:])
        last, front = words[-1], "".join(words[:-1])
        out: list[_Reading] = []
        if first in population:
            out.append((first, rest, 1.0))
        if last in population and last != first:  # given name first: 철수 리
            out.append((last, front, 0.3 if out else 1.0))
        if not out:
            out.append((first, rest, 0.5))
        return out
    word = words[0]
    if len(word) < 2:
        return []
    out = []
    if len(word) >= 3 and word[:2] in compounds:
        out.append((word[:2], word[2:], 1.0))
        out.append((word[:1], word[1:], 0.2))
    else:
        out.append((word[:1], word[1:], 1.0))
    return out


def _split_readings(surname: str, given: str) -> list[_Reading]:
    """Readings of a name kept in two columns (surname, given name)."""
    s_hangul = "".join(_HANGUL_RUN.findall(surname))
    g_hangul = "".join(_HANGUL_RUN.findall(given))
    if s_hangul or g_hangul:
        out: list[_Reading] = [(s_hangul, g_hangul, 1.0)] if s_hangul and g_hangul else []
        if s_hangul and g_hangul and len(g_hangul) == 1 and len(s_hangul) >= 2:
            out.append((g_hangul, s_hangul, 0.05))  # columns swapped
        if out:
            return out
        s_tokens, _ = _latin_tokens(surname)
        g_tokens, _ = _latin_tokens(given)
        if g_hangul and s_tokens:  # a Latin surname beside a Hangul given name
            folded = "".join(t.text for t in s_tokens).replace("-", "")
            return [(s, g_hangul, p) for s, p in _surname_readings(folded)]
        if s_hangul and g_tokens:  # a Hangul surname beside a Latin given name
            return [(s_hangul, g, p) for g, p in _given_readings(_parts(g_tokens))]
        return _hangul_readings(s_hangul + g_hangul)
    s_tokens, _ = _latin_tokens(surname)
    g_tokens, _ = _latin_tokens(given)
    if not s_tokens or not g_tokens:
        return _latin_readings(f"{surname} {given}")
    out = _pair_readings("".join(t.text for t in s_tokens), g_tokens, 1.0)
    if len(g_tokens) == 1 and "-" not in g_tokens[0].text:
        out += _pair_readings(g_tokens[0].text, s_tokens, 0.03)  # columns swapped
    return out


_Pooled = tuple[tuple[str, str, str, float], ...]
_GROUP = 12


def _pool(readings: list[_Reading]) -> _Pooled:
    """Readings of one witness pooled by canonical key, scores summing to 1, best first."""
    if not readings:
        return ()
    pooled: dict[str, _Held] = {}
    readings.sort(key=lambda r: -r[2])
    total = sum(r[2] for r in readings)
    floor = readings[0][2] * 1e-7  # negligible readings
    for s, g, p in readings[: _GROUP * 4]:
        if p > floor and s and g:
            _hold(pooled, canonical_key(s, g), s, g, p)
    if total <= 0 or not pooled:
        return ()
    ranked = sorted(pooled.items(), key=lambda kv: -kv[1][3])[:_GROUP]
    return tuple((k, v[0], v[1], v[3] / total) for k, v in ranked)


_Held = tuple[str, str, float, float]  # form read, its best score, the key's total score


def _hold(held: dict[str, _Held], key: str, s: str, g: str, p: float) -> None:
    old = held.get(key)
    if old is None:
        held[key] = (s, g, p, p)
    elif p > old[2]:
        held[key] = (s, g, p, old[3] + p)
    else:
        held[key] = (old[0], old[1], old[2], old[3] + p)


@lru_cache(maxsize=262144)
def _text_witnesses(text: str) -> tuple[_Pooled, _Pooled]:
    return _pool(_hangul_readings(text)), _pool(_latin_readings(text))


@lru_cache(maxsize=262144)
def _split_witness(surname: str, given: str) -> _Pooled:
    return _pool(_split_readings(surname, given))


@lru_cache(maxsize=262144)
def read_name(
    name: str | None = None,
    *,
    surname: str | None = None,
    given: str | None = None,
    alt: str | None = None,
    limit: int = 8,
) -> NameReadings:
    """Read a name written whole (``name``), in two columns, and/or an alternative form.

    Hangul anywhere (in ``name``, in brackets, in ``alt`` or in the columns)
    is read as written and outweighs Latin readings; Latin text is read in
    both orders, each syllable by every romanisation the tables know, with
    one typo undone when nothing else reads.  Returns at most ``limit``
    candidates with scores summing to 1 (none when nothing is readable) and
    sound keys of the best reading, or of the raw text when none.

    >>> [c.hangul for c in read_name(surname="Ryu", given="Kyong-hui").candidates][:1]
    ['류경희']
    """
    witnesses: list[tuple[_Pooled, float]] = []
    if surname or given:
        s_text, g_text = surname or "", given or ""
        hangul = bool(_HANGUL_RUN.search(s_text + g_text))
        witnesses.append((_split_witness(s_text, g_text), 3.0 if hangul else 1.0))
    texts = [t for t in (name, alt) if t and t.strip()]
    for text in texts:
        hangul_witness, latin_witness = _text_witnesses(text)
        witnesses.append((hangul_witness, 3.0))
        witnesses.append((latin_witness, 1.0))
    merged: dict[str, _Held] = {}
    for pooled, weight in witnesses:
        for key, s, g, p in pooled:
            _hold(merged, key, s, g, weight * p)
    if not merged:
        raw = " ".join([*texts, surname or "", given or ""]).strip()
        if not raw:
            return _EMPTY
        return NameReadings((), sound_key(surname or ""), sound_key(given or raw))
    ranked = sorted(merged.items(), key=lambda kv: -kv[1][3])[:limit]
    total = sum(v[3] for _, v in ranked)
    candidates = tuple(_candidate(key, v[0], v[1], v[3] / total) for key, v in ranked)
    best = candidates[0]
    return NameReadings(candidates, sound_key(best.surname_key), sound_key(best.given_key))


def _candidate(key: str, surname: str, given: str, score: float) -> NameCandidate:
    surname_key = _surname_key(surname)
    return NameCandidate(surname, given, score, surname_key, key[len(surname_key) :])


@lru_cache(maxsize=4096)
def _surname_key(surname: str) -> str:
    return to_south(surname[0]) + surname[1:]
