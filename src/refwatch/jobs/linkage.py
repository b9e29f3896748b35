"""Linking the stored lists: records out of the store, the linker, persons back in.

Reviewers' decisions on pairs are passed to every later run, which honours
them over the model's scores. Persons keep their identity across runs: an
entity whose records already belong to a person stays that person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from refwatch.accounts.models import User
from refwatch.analysis.lists import ListRecordData, PartialDate
from refwatch.audit.chain import record_event
from refwatch.crypto import keyring
from refwatch.records.models import LinkageRun, List, ListRecord, PairReview, Person, PersonName

REVIEW_FLOOR = 0.5


def partial_date(data: dict[str, Any] | None) -> PartialDate | None:
    if not data:
        return None
    return PartialDate(
        year=data.get("year"), month=data.get("month"), day=data.get("day"),
        precision=data.get("precision", "day"), lunar=bool(data.get("lunar")),
        approximate=bool(data.get("approximate")), year_low=data.get("year_low"),
        year_high=data.get("year_high"),
    )


def record_data(record: ListRecord) -> ListRecordData:
    """A stored list record as the analysis layer reads it (decrypts: identity use)."""
    data = record.unseal_json("data")
    event = data.get("event_date")
    return ListRecordData(
        list_name=record.list.name, row=record.row, record_id=record.record_id,
        name=data.get("name"), surname=data.get("surname"), given_name=data.get("given_name"),
        name_alt=data.get("name_alt"), sex=record.sex or None,
        birth_date=partial_date(data.get("birth_date")), age=data.get("age"),
        home=data.get("home"),
        event_date=_event_date(event), event_place=data.get("event_place"),
        extra=data.get("extra") or {},
    )


def _event_date(iso: str | None) -> PartialDate | None:
    if not iso:
        return None
    from refwatch.analysis.lists import parse_date

    try:
        return parse_date(iso)
    except ValueError:
        return None


def stored_records() -> tuple[dict[str, list[ListRecordData]], dict[tuple[str, str], ListRecord]]:
    by_list: dict[str, list[ListRecordData]] = defaultdict(list)
    rows: dict[tuple[str, str], ListRecord] = {}
    for record in ListRecord.objects.select_related("list", "person").order_by("list__name", "row"):
        by_list[record.list.name].append(record_data(record))
        rows[(record.list.name, record.record_id)] = record
    return dict(by_list), rows


def _decisions() -> list[Any]:
    from refwatch.analysis.linkage.run import PairDecision

    decided = PairReview.objects.exclude(status=PairReview.Status.PENDING).select_related(
        "left__list", "right__list"
    )
    return [
        PairDecision(
            left=(r.left.list.name, r.left.record_id), right=(r.right.list.name, r.right.record_id),
            same=r.status == PairReview.Status.SAME,
        )
        for r in decided
    ]


@dataclass(frozen=True)
class StoreLinkReport:
    run_uid: str
    records: int
    entities: int
    persons_created: int
    queued_for_review: int
    lists: tuple[str, ...]


def _names_of(data: ListRecordData) -> list[str]:
    names = [data.name] if data.name else []
    if data.surname or data.given_name:
        names.append(" ".join(p for p in (data.surname, data.given_name) if p))
    if data.name_alt:
        names.append(data.name_alt)
    return names


def link_store(
    *,
    acting_user: User | None,
    seed: int = 1,
    threshold: float = 0.9,
    backend: str = "duckdb",
    spark_master: str | None = None,
    review_floor: float = REVIEW_FLOOR,
    progress: Callable[[str, float], None] | None = None,
) -> StoreLinkReport:
    """Link every stored list; create or update persons; queue uncertain pairs."""
    from refwatch.analysis.linkage.run import link_records

    by_list, rows = stored_records()
    if sum(len(v) for v in by_list.values()) < 2:
        raise ValueError("nothing to link: import at least two records first")
    result = link_records(
        by_list, backend=backend, seed=seed, threshold=threshold, spark_master=spark_master,
        decisions=_decisions(), progress=progress, pairs_floor=review_floor,
    )
    data_of = {(d.list_name, d.record_id): d for records in by_list.values() for d in records}
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    probability: dict[tuple[str, str], float | None] = {}
    for row in result.clusters:
        members[row.entity_id].append((row.list, row.record_id))
        probability[(row.list, row.record_id)] = row.match_probability
    ring = keyring()
    created = 0
    with transaction.atomic():
        run = LinkageRun.objects.create(
            created_by=acting_user, backend=backend, seed=seed, threshold=threshold,
            review_floor=review_floor, lists=list(result.lists), records=len(result.clusters),
            entities=result.n_entities, model_json=result.model_json,
            diagnostics=dict(result.diagnostics),
        )
        used: set[int] = set()
        for keys in members.values():
            records = [rows[k] for k in keys]
            current = Counter(r.person_id for r in records if r.person_id and r.person_id not in used)
            if current:
                person = Person.objects.get(pk=current.most_common(1)[0][0])
            else:
                sexes = Counter(r.sex for r in records if r.sex)
                person = Person(sex=sexes.most_common(1)[0][0] if sexes else "")
                births = [d for d in (data_of[k].birth_date for k in keys) if d is not None]
                best = min(births, key=lambda d: ("day", "month", "year", "range").index(d.precision), default=None)
                person.seal("birth_date", best.iso() if best else None)
                person.save()
                created += 1
            used.add(person.pk)
            known = set(person.names.values_list("name_index", flat=True))
            has_primary = bool(known)
            for k in keys:
                for name in _names_of(data_of[k]):
                    index = ring.blind_index(name)
                    if index in known:
                        continue
                    known.add(index)
                    pn = PersonName(person=person, name_index=index,
                                    kind="variant" if has_primary else "primary",
                                    script="hangul" if any("\uac00" <= c <= "\ud7a3" for c in name) else "latin")
                    pn.seal("name", name)
                    pn.save()
                    has_primary = True
            for r in records:
                p = probability[(r.list.name, r.record_id)]
                if r.person_id != person.pk or r.match_probability != p:
                    r.person, r.match_probability = person, p
                    r.save(update_fields=["person", "match_probability", "updated_at"])
        # Persons whose records all moved elsewhere keep their names but no records.
        decided = {
            frozenset((a, b))
            for a, b in PairReview.objects.exclude(status=PairReview.Status.PENDING).values_list("left_id", "right_id")
        }
        PairReview.objects.filter(status=PairReview.Status.PENDING).delete()
        queued = 0
        for pair in result.pairs:
            if not review_floor <= pair.match_probability < max(threshold, review_floor) + 1e-12:
                continue
            if pair.match_probability >= threshold:
                continue
            a, b = rows[pair.left], rows[pair.right]
            left, right = (a, b) if a.pk < b.pk else (b, a)
            if frozenset((left.pk, right.pk)) in decided:
                continue
            PairReview.objects.create(run=run, left=left, right=right,
                                      match_probability=pair.match_probability)
            queued += 1
        record_event(acting_user, "linkage.run", run, {
            "records": len(result.clusters), "entities": result.n_entities,
            "persons_created": created, "queued": queued, "backend": backend, "seed": seed,
            "threshold": threshold,
        })
    return StoreLinkReport(run.uid, len(result.clusters), result.n_entities, created, queued,
                           tuple(result.lists))


@transaction.atomic
def decide_pair(review: PairReview, *, same: bool, acting_user: User) -> None:
    """Record a reviewer's decision; later runs honour it over the model."""
    review.status = PairReview.Status.SAME if same else PairReview.Status.DIFFERENT
    review.decided_by = acting_user
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(acting_user, "linkage.pair_decided", review, {
        "same": same, "probability": round(review.match_probability, 4)})


def list_names() -> list[str]:
    return list(List.objects.order_by("name").values_list("name", flat=True))
