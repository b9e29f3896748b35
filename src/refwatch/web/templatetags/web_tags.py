"""Template filters of the pages: vocabulary labels in the current language, numbers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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


@register.filter
def analysis_message(text: Any) -> str:
    """A message of the analysis layer or a job in the page's language (web.analysis_messages)."""
    from refwatch.web.analysis_messages import translate_message

    return translate_message(text)


@register.filter
def job_message(text: Any) -> str:
    """A job's stage message: the catalogue's stage names, else the analysis messages."""
    from django.utils.translation import gettext

    message = str(text or "")
    translated = gettext(message) if message else ""
    return translated if translated != message else analysis_message(message)


@register.filter
def instrument_title(instrument: Any) -> str:
    """An instrument's title in the page's language (reference/data/legal_ko.csv)."""
    from refwatch.reference.legal import instrument_names_ko

    names = instrument_names_ko().get(str(getattr(instrument, "code", "")))
    return names[1] if _korean() and names else str(getattr(instrument, "title", instrument))


@register.filter
def instrument_short(code: Any) -> str:
    """An instrument code ("cat") as its short name in Korean pages; the code otherwise."""
    from refwatch.reference.legal import instrument_names_ko

    names = instrument_names_ko().get(str(code or ""))
    return names[0] if _korean() and names else str(code or "")


@register.filter
def engagement_note(note: Any) -> str:
    """What a provision means for an event type, in the page's language."""
    from refwatch.reference.legal import engagement_notes_ko

    text = str(note or "")
    return engagement_notes_ko().get(text, text) if _korean() else text


@register.filter
def method_label(code: Any) -> str:
    """An estimation method's name in the page's language, with its code."""
    from refwatch.web.forms import METHOD_LABELS

    label = METHOD_LABELS.get(str(code or ""))
    if not label or not _korean():
        return str(code or "")
    return str(label) if str(code).lower() in str(label).lower() else f"{label} ({code})"


@register.filter
def alert_title(alert: Any) -> str:
    """An early-warning alert's title: the shipped rules' titles are translated by rule id."""
    from refwatch.web.analysis_messages import alert_title as translated

    return translated(str(getattr(alert, "rule_id", "")), str(getattr(alert, "title", "")))


@register.filter
def alert_level(level: Any) -> str:
    from refwatch.web.analysis_messages import ALERT_LEVELS

    return str(ALERT_LEVELS.get(str(level or ""), level or ""))


def incident_name(incident: Any) -> str:
    """An incident as web/_incident_name.html shows it, for form choices."""
    day = incident.date_start
    parts = [term(incident.event_type), formats.date_format(day, "DATE_FORMAT") if day else "?"]
    if incident.place_id:
        parts.append(place_label(incident.place_id))
    return " · ".join(parts)


COUNTRIES = {"CN": _("China"), "KP": _("North Korea"), "KR": _("South Korea"), "RU": _("Russia"),
             "MN": _("Mongolia"), "TH": _("Thailand"), "VN": _("Viet Nam"), "LA": _("Laos")}


@register.filter
def country(code: Any) -> str:
    """An ISO 3166 country code as the country's name in the page's language (the code if unknown)."""
    name = COUNTRIES.get(str(code or "").upper())
    return str(name) if name else str(code or "")
