"""The import job's header mapping and as_of: validated, applied, and the same as the preview's."""

from __future__ import annotations

from typing import Any

import pytest

from refwatch.jobs import queue
from refwatch.jobs.list_import import (
    ImportChoices,
    MappingError,
    choices_from_params,
    read_upload,
    resolve_fields,
)
from refwatch.jobs.models import Job

# Invented people: none of these is a real person.
CSV = "관리코드,성명,성별,나이,비고\nM-1,채윤슬,여,34,메모1\nM-2,변하람,남,51,메모2\n".encode()


def test_it_refuses_unknown_fields_and_unreadable_as_of_with_codes() -> None:
    with pytest.raises(MappingError) as caught:
        choices_from_params({"mapping": {"성명": "full_name"}, "as_of": "2023-13"})
    assert [p.code for p in caught.value.problems] == ["unknown_field", "bad_as_of"]
    assert "'full_name' is not a field" in str(caught.value)
    with pytest.raises(MappingError) as shape:
        choices_from_params({"mapping": ["성명", "name"]})
    assert [p.code for p in shape.value.problems] == ["bad_mapping"]


def test_columns_not_named_keep_their_recognised_field() -> None:
    headers = ("관리코드", "성명", "성별", "나이", "비고")
    fields, problems = resolve_fields(headers, ImportChoices())
    assert fields["성명"] == "name" and fields["관리코드"] == ""
    assert [p.code for p in problems] == ["no_record_id"]
    fields, problems = resolve_fields(headers, choices_from_params(
        {"mapping": {"관리코드": "record_id", "비고": "ignore", "없는열": "home"}}))
    assert fields["관리코드"] == "record_id" and fields["비고"] == "ignore" and fields["성별"] == "sex"
    assert [(p.code, p.subject) for p in problems] == [("unknown_column", "없는열")]


def test_a_list_needs_a_name_column() -> None:
    _, problems = resolve_fields(("번호", "성명"), choices_from_params({"mapping": {"성명": ""}}))
    assert [p.code for p in problems] == ["no_name"]


def test_as_of_dates_ages_and_ignored_columns_are_dropped() -> None:
    without = read_upload(CSV, suffix=".csv", filename="m.csv", name="M",
                          choices=choices_from_params({"mapping": {"관리코드": "record_id"}}))
    assert without.result is not None
    assert all(r.birth_date is None for r in without.result.records)  # no anchor for the ages
    assert without.result.records[0].extra == {"비고": "메모1"}
    chosen = choices_from_params({"mapping": {"관리코드": "record_id", "비고": "ignore"}, "as_of": "2023-10"})
    reading = read_upload(CSV, suffix=".csv", filename="m.csv", name="M", choices=chosen)
    assert reading.result is not None and not reading.problems
    first = reading.result.records[0]
    assert first.record_id == "M-1" and first.extra == {}
    assert first.birth_date is not None and first.birth_date.first_year in (1988, 1989)


def test_an_unreadable_file_is_a_file_level_problem_without_the_temporary_path() -> None:
    reading = read_upload(b"", suffix=".csv", filename="empty.csv", name="E")
    assert reading.result is None and "empty.csv" in reading.problem and "refwatch-list-" not in reading.problem


@pytest.mark.django_db
def test_the_job_imports_with_the_posted_mapping_and_as_of(personas: dict[str, Any]) -> None:
    from refwatch.records.actions import add_source
    from refwatch.records.models import ListRecord

    documenter = personas["documenter"]
    source = add_source(CSV, kind="list", filename="list_M.csv", acting_user=documenter, title="list M")
    params = {"source": source.uid, "name": "M", **chosen_params()}
    done = queue.run_job(queue.enqueue("import_list", params, acting_user=documenter))
    assert done.status == Job.Status.DONE, done.error
    assert done.result["added"] == 2
    assert set(ListRecord.objects.filter(list__name="M").values_list("record_id", flat=True)) == {"M-1", "M-2"}


@pytest.mark.django_db
def test_the_job_refuses_a_mapping_without_a_record_id(personas: dict[str, Any]) -> None:
    from refwatch.records.actions import add_source

    documenter = personas["documenter"]
    source = add_source(CSV, kind="list", filename="list_N.csv", acting_user=documenter, title="list N")
    failed = queue.run_job(queue.enqueue("import_list", {"source": source.uid, "name": "N", "as_of": "soon"},
                                         acting_user=documenter))
    assert failed.status == Job.Status.FAILED and "as_of must be a date" in failed.error
    failed = queue.run_job(queue.enqueue("import_list", {"source": source.uid, "name": "N"},
                                         acting_user=documenter))
    assert failed.status == Job.Status.FAILED and "map one column to record_id" in failed.error


def chosen_params() -> dict[str, Any]:
    return ImportChoices({"관리코드": "record_id", "비고": "ignore"}, None, "2023-10").as_params()
