"""Template filters of the pages: vocabulary labels in the current language, numbers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import get_language

from refwatch.reference.vocabulary import CREDIBILITY, EVENT_TYPES, HEDGING, RELIABILITY, Term

register = template.Library()

_VOCABULARIES: dict[str, tuple[Term, ...]] = {
    "event_type": EVENT_TYPES,
    "reliability": RELIABILITY,
    "credibility": CREDIBILITY,
    "hedging": HEDGING,
}


def _korean() -> bool:
    return (get_language() or "en").startswith("ko")


@register.filter
def term(code: Any, vocabulary: str = "event_type") -> str:
    """The label of a vocabulary code (event type, reliability...) in the page's language."""
    for t in _VOCABULARIES.get(vocabulary, ()):
        if t.code == code:
            return t.label_ko if _korean() else t.label_en
    return str(code or "")


@register.filter
def place_name(place: Any) -> str:
    """A place's name in the page's language (English when no Korean name is known)."""
    if place is None:
        return ""
    if _korean() and getattr(place, "name_ko", None):
        return str(place.name_ko)
    return str(getattr(place, "name_en", place))


@register.filter
def place_label(place_id: Any) -> str:
    """A gazetteer id ("cn-jl-tumen") as the place's name in the page's language."""
    from refwatch.reference.places import load_places

    found = load_places().get(str(place_id or ""))
    return place_name(found) if found is not None else str(place_id or "")


@register.filter
def num(value: Any, decimals: int = 0) -> str:
    """A number with the current language's grouping and decimal separators."""
    if value is None or value == "":
        return "–"
    try:
        number = round(float(value), int(decimals))
    except (TypeError, ValueError):
        return str(value)
    if int(decimals) == 0:
        number = int(number)
    return formats.number_format(number, int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "–"
    return formats.number_format(round(float(value) * 100), 0, use_l10n=True) + "%"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping|get:key`` for dicts whose keys are not identifiers."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def first_n(text: Any, n: int = 12) -> str:
    return str(text or "")[: int(n)]


@register.filter
def hundred(value: Any) -> int:
    """A fraction 0..1 as a whole percentage (for <progress value>)."""
    try:
        return round(float(value) * 100)
    except (TypeError, ValueError):
        return 0


@register.filter
def has_more(items: Any, size: int) -> bool:
    """True when a page fetched one row more than it shows."""
    return len(items) > int(size)


@register.filter
def page_of(items: Any, size: int) -> Any:
    return items[: int(size)]


@register.filter
def pseudonym(uid: Any) -> str:
    """The stable pseudonym of a person uid (the one analysts see)."""
    from refwatch.crypto import keyring

    return keyring().pseudonym(str(uid)) if uid else ""


@register.filter
def choice_label(value: Any, kind: str) -> str:
    """The translated label of a model choice: ``status|choice_label:"claim"``."""
    from refwatch.jobs.models import Job
    from refwatch.records.models import Claim, Intervention, Involvement, PairReview, Person, Source

    enums: dict[str, Any] = {
        "claim": Claim.Status, "source": Source.Kind, "pair": PairReview.Status,
        "intervention": Intervention.Kind, "role": Involvement.Role, "job": Job.Status,
        "sex": Person.Sex,
    }
    try:
        return str(enums[kind](value).label)
    except (KeyError, ValueError):
        return str(value or "")
