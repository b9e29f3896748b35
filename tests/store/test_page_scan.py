"""Deep pages of persons skip rows through a narrow index, not the whole table."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from refwatch.records.models import Person

pytestmark = pytest.mark.django_db


def test_the_page_of_ids_is_read_from_an_index(db: Any) -> None:
    sql, params = Person.objects.order_by("id").values_list("id", flat=True)[1000:1050].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "COVERING INDEX records_person_id_scan_sqlite" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(str(row[0]) for row in cursor.fetchall())
            assert "Index Only Scan" in plan and "pkey" in plan, plan
