"""Job kinds made for the tests, registered for one test and removed after it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from refwatch.jobs.registry import ANALYSTS, JOB_KINDS, JobFunction, register


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def kind() -> Iterator[Callable[[str, JobFunction], None]]:
    """``kind(name, function)`` registers a job kind for this test only."""
    added: list[str] = []

    def add(name: str, function: JobFunction) -> None:
        assert name not in JOB_KINDS or name in added
        register(name, function, roles=ANALYSTS)
        added.append(name)

    yield add
    for name in added:
        JOB_KINDS.pop(name, None)
