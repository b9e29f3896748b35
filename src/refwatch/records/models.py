"""The domain model (after the HURIDOCS Events Standard Formats).

Identity fields are sealed (see refwatch.crypto.sealed): a column named
``<x>_enc`` holds AES-256-GCM ciphertext bound to table, column and row uid.
Writes go through ``refwatch.records.actions``; reads of identities through
``refwatch.records.queries``.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from refwatch.crypto.sealed import Sealed, new_uid
from refwatch.reference.vocabulary import (
    CREDIBILITY,
    EVENT_TYPES,
    HEDGING,
    QUALIFIERS,
    RELIABILITY,
    choices,
)

EVENT_TYPE_CHOICES = choices(EVENT_TYPES)
PRECISION_CHOICES = [("day", _("day")), ("month", _("month")), ("year", _("year")), ("range", _("range"))]


# -- reference data -----------------------------------------------------------


class Place(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    kind = models.CharField(max_length=120)
    country = models.CharField(max_length=2)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    name_en = models.CharField(max_length=200)
    name_ko = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(default=list)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    source = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name_en


class Instrument(models.Model):
    code = models.SlugField(primary_key=True, max_length=64)
    title = models.CharField(max_length=300)
    adopted = models.DateField(null=True, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    key_provisions = models.TextField(blank=True)
    relevance = models.TextField(blank=True)
    source = models.TextField(blank=True)
    verification = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title


class Provision(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="provisions")
    article = models.CharField(max_length=40)
    summary = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "article"], name="provision_unique")]

    def __str__(self) -> str:
        return f"{self.instrument_id} art. {self.article}"


class StateParty(models.Model):
    class Status(models.TextChoices):
        PARTY = "party", _("party")
        SIGNATORY = "signatory", _("signatory only")
        NOT_PARTY = "not_party", _("not party")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="states")
    state = models.CharField(max_length=2)
    status = models.CharField(max_length=12, choices=Status.choices)
    since = models.DateField(null=True, blank=True)
    signed = models.DateField(null=True, blank=True)
    reservations = models.TextField(blank=True)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "state"], name="state_party_unique")]


class ProvisionEngagement(models.Model):
    """Which provisions an event type engages (legal characterisation)."""

    event_type = models.CharField(max_length=32, choices=EVENT_TYPE_CHOICES)
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event_type", "provision"], name="engagement_unique")
        ]


class Actor(models.Model):
    code = models.SlugField(unique=True, max_length=64)
    name_en = models.CharField(max_length=200)
    name_ko = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, blank=True)

    def __str__(self) -> str:
        return self.name_en


# -- sources and claims ---------------------------------------------------------


class Source(Sealed):
    """A document as received, with its preserved original (encrypted) and hash."""

    class Kind(models.TextChoices):
        NEWS = "news", _("news article")
        REPORT = "report", _("NGO or research report")
        STATEMENT = "statement", _("government statement")
        UN = "un", _("UN document")
        TESTIMONY = "testimony", _("testimony")
        LIST = "list", _("list of named people")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    lang = models.CharField(max_length=8, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    reliability = models.CharField(max_length=1, choices=choices(RELIABILITY), default="F")
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    media_type = models.CharField(max_length=120)
    filename_enc = models.TextField(null=True, blank=True)
    original_enc = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    SEALED_COLUMNS = ("filename",)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=0), name="source_size_nonnegative"),
            models.CheckConstraint(
                condition=Q(reliability__in=[t.code for t in RELIABILITY]), name="source_reliability_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.kind} {self.sha256[:12]}"


class CustodyEntry(models.Model):
    """Chain of custody of a preserved original: received, verified, exported..."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="custody")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


def _date_range_ok(prefix: str = "date") -> Q:
    return Q(**{f"{prefix}_start__isnull": True}) | Q(**{f"{prefix}_end__isnull": True}) | Q(
        **{f"{prefix}_start__lte": F(f"{prefix}_end")}
    )


def _count_range_ok() -> Q:
    return Q(count_low__isnull=True) | Q(count_high__isnull=True) | Q(count_low__lte=F("count_high"))


class Incident(Sealed):
    """The real-world event several claims describe, with the reconciled range."""

    title = models.CharField(max_length=300)
    event_type = models.CharField(max_length=32, choices=EVENT_TYPE_CHOICES)
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT)
    state = models.CharField(max_length=2, default="CN", help_text="state responsible")
    count_low = models.IntegerField(null=True, blank=True)
    count_high = models.IntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_count_range_ok(), name="incident_count_range"),
            models.CheckConstraint(condition=_date_range_ok(), name="incident_date_range"),
        ]

    def __str__(self) -> str:
        return self.title


class Claim(Sealed):
    """One source asserting one event."""

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", _("unreviewed")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")
        RETRACTED = "retracted", _("retracted")

    class Origin(models.TextChoices):
        MACHINE = "machine", _("machine-extracted")
        MANUAL = "manual", _("entered by hand")

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNREVIEWED)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.MANUAL)
    event_type = models.CharField(max_length=32, choices=EVENT_TYPE_CHOICES)
    count_low = models.IntegerField(null=True, blank=True)
    count_high = models.IntegerField(null=True, blank=True)
    count_text = models.CharField(max_length=200, blank=True)
    qualifier = models.CharField(max_length=12, blank=True, choices=[(q, q) for q in QUALIFIERS])
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, blank=True, choices=PRECISION_CHOICES)
    date_text = models.CharField(max_length=200, blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT)
    place_text = models.CharField(max_length=300, blank=True)
    perpetrator = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT)
    perpetrator_text = models.CharField(max_length=300, blank=True)
    attributed_to = models.CharField(max_length=200, blank=True)
    attributed_to_text = models.CharField(max_length=300, blank=True)
    hedging = models.CharField(max_length=12, choices=choices(HEDGING), default="asserted")
    hedge_cue = models.CharField(max_length=200, blank=True)
    credibility = models.CharField(max_length=1, choices=choices(CREDIBILITY), default="6")
    corroborated_by = models.CharField(max_length=300, blank=True)
    denied_by = models.CharField(max_length=300, blank=True)
    sentence = models.TextField(blank=True)
    start = models.IntegerField(null=True, blank=True)
    end = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_count_range_ok(), name="claim_count_range"),
            models.CheckConstraint(condition=_date_range_ok(), name="claim_date_range"),
            models.CheckConstraint(
                condition=Q(count_low__isnull=True) | Q(count_low__gte=0), name="claim_count_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(start__lte=F("end")),
                name="claim_span_order",
            ),
        ]


# -- people, lists, events ------------------------------------------------------


class Person(Sealed):
    """A victim or witness: an entity that linkage built from list records."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    birth_date_enc = models.TextField(null=True, blank=True)
    testimony_enc = models.TextField(null=True, blank=True)
    contact_enc = models.TextField(null=True, blank=True)
    home_place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    SEALED_COLUMNS = ("birth_date", "testimony", "contact")


class PersonName(Sealed):
    """One rendering of a person's name (script, romanisation), with a blind index."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    name_enc = models.TextField()
    script = models.CharField(max_length=12, blank=True)
    kind = models.CharField(max_length=12, default="variant")
    name_index = models.CharField(max_length=64, db_index=True)

    SEALED_COLUMNS = ("name",)


class List(Sealed):
    """One organisation's roster, kept as delivered (its original is a Source)."""

    name = models.CharField(max_length=120, unique=True)
    organisation = models.CharField(max_length=200, blank=True)
    event_type = models.CharField(
        max_length=32, choices=EVENT_TYPE_CHOICES, default="detention",
        help_text="what happened to the people on this list (arrest, detention, forced_repatriation...)",
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    header_map = models.JSONField(default=dict)
    record_count = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class ListRecord(Sealed):
    """One row of a list. All identifying values live in the sealed ``data`` blob."""

    list = models.ForeignKey(List, on_delete=models.CASCADE, related_name="records")
    record_id = models.CharField(max_length=120)
    row = models.IntegerField()
    data_enc = models.TextField()
    sex = models.CharField(max_length=1, blank=True)
    name_index = models.CharField(max_length=64, db_index=True)
    content_mac = models.CharField(max_length=64)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="records")
    match_probability = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    SEALED_COLUMNS = ("data",)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["list", "record_id"], name="list_record_id_unique"),
            models.CheckConstraint(
                condition=Q(match_probability__isnull=True)
                | (Q(match_probability__gte=0) & Q(match_probability__lte=1)),
                name="list_record_probability_range",
            ),
        ]


class Event(Sealed):
    """Something that happened to people: an arrest, a detention, a return."""

    event_type = models.CharField(max_length=32, choices=EVENT_TYPE_CHOICES)
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, blank=True, choices=PRECISION_CHOICES)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT)
    perpetrator = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")

    class Meta:
        constraints = [models.CheckConstraint(condition=_date_range_ok(), name="event_date_range")]


class Involvement(models.Model):
    class Role(models.TextChoices):
        VICTIM = "victim", _("victim")
        WITNESS = "witness", _("witness")
        PERPETRATOR_UNIT = "perpetrator_unit", _("perpetrator unit")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="involvements")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VICTIM)
    list_record = models.ForeignKey(ListRecord, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "event", "role"], name="involvement_unique")
        ]


class Intervention(Sealed):
    """A demand, statement, UN communication or response, with its outcome."""

    class Kind(models.TextChoices):
        DEMAND = "demand", _("demand")
        STATEMENT = "statement", _("statement")
        UN_COMMUNICATION = "un_communication", _("UN communication")
        RESPONSE = "response", _("response")
        DENIAL = "denial", _("denial")

    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by = models.CharField(max_length=200)
    addressed_to = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    outcome = models.TextField(blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    incidents = models.ManyToManyField(Incident, blank=True, related_name="interventions")


class Estimate(Sealed):
    """A population estimation run: inputs' fingerprint, method, settings, result."""

    method = models.CharField(max_length=32)
    stratum = models.CharField(max_length=120, blank=True)
    observed = models.IntegerField()
    estimate = models.FloatField()
    interval_low = models.FloatField(null=True, blank=True)
    interval_high = models.FloatField(null=True, blank=True)
    level = models.FloatField(default=0.95)
    settings = models.JSONField(default=dict)
    seed = models.BigIntegerField(null=True, blank=True)
    diagnostics = models.JSONField(default=dict)
    inputs_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Observers see only published estimates; analysts and admins publish (audited).
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_low__isnull=True) | Q(interval_high__isnull=True)
                | Q(interval_low__lte=F("interval_high")),
                name="estimate_interval_order",
            ),
            models.CheckConstraint(condition=Q(observed__gte=0), name="estimate_observed_nonnegative"),
        ]


__all__ = [
    "Actor",
    "Claim",
    "CustodyEntry",
    "Estimate",
    "Event",
    "Incident",
    "Instrument",
    "Intervention",
    "Involvement",
    "LinkageRun",
    "List",
    "ListRecord",
    "PairReview",
    "Person",
    "PersonName",
    "Place",
    "Provision",
    "ProvisionEngagement",
    "Source",
    "StateParty",
    "new_uid",
]


class LinkageRun(Sealed):
    """One linkage of the stored lists: settings, the trained model, what it made."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    backend = models.CharField(max_length=12)
    seed = models.BigIntegerField()
    threshold = models.FloatField()
    review_floor = models.FloatField()
    lists = models.JSONField(default=list)
    records = models.IntegerField(default=0)
    entities = models.IntegerField(default=0)
    model_json = models.TextField(blank=True)
    diagnostics = models.JSONField(default=dict)


class PairReview(Sealed):
    """A pair of list records in the uncertain band, waiting for (or given) a decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SAME = "same", _("same person")
        DIFFERENT = "different", _("different people")

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="reviews")
    left = models.ForeignKey(ListRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(ListRecord, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(left__lt=F("right")), name="pair_review_ordered"),
            models.CheckConstraint(
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1),
                name="pair_review_probability_range",
            ),
        ]


class IndicatorObservation(Sealed):
    """One dated early-warning observation (border status, calendar event, backlog...).

    ``row`` holds the indicator CSV columns of refwatch.analysis.warning.history
    (``known`` is the day it became public), so a row round-trips to the engine.
    """

    kind = models.CharField(max_length=16)
    row = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")


class AlertRecord(Sealed):
    """An early-warning alert as raised on a day, with the evidence behind it."""

    rule_id = models.CharField(max_length=120)
    level = models.CharField(max_length=16)
    title = models.CharField(max_length=300)
    as_of = models.DateField()
    fingerprint = models.CharField(max_length=64)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fingerprint", "as_of"], name="alert_once_a_day")
        ]


class OutboxMessage(models.Model):
    """An alert waiting for (or given) delivery on one channel; never deleted."""

    entry_id = models.CharField(max_length=120, unique=True)
    channel = models.CharField(max_length=200)
    status = models.CharField(max_length=12)
    data = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)
