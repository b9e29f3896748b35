"""Job kinds: a name, the function that runs it, and who may start it.

Adding a kind is one line (in refwatch.jobs.kinds or in the module that
provides the function)::

    register("estimate", run_estimate, roles=ANALYSTS)

The function takes ``(params, ctx)`` — the job's JSON parameters and a
:class:`refwatch.jobs.queue.JobContext` for progress and cancellation — and
returns a JSON-able dict without identities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from refwatch.jobs.queue import JobContext

JobFunction = Callable[[dict[str, Any], "JobContext"], dict[str, Any]]

ADMINS = frozenset({"admin"})
DOCUMENTERS = frozenset({"admin", "documenter"})
ANALYSTS = frozenset({"admin", "documenter", "analyst"})


class JobError(Exception):
    """A failure whose message is safe to show and store (no identities)."""


@dataclass(frozen=True)
class JobKind:
    name: str
    run: JobFunction
    roles: frozenset[str]
    # Exceptions whose message may be stored in Job.error (they carry no identities);
    # any other exception is stored as its type name only.
    safe_errors: tuple[type[BaseException], ...] = ()

    def may_start(self, user: Any) -> bool:
        return bool(user is None or (user.is_active and user.role in self.roles))


JOB_KINDS: dict[str, JobKind] = {}


def register(
    name: str, run: JobFunction, *, roles: frozenset[str],
    safe_errors: tuple[type[BaseException], ...] = (),
) -> JobKind:
    """Register (or replace) a job kind and return it."""
    kind = JobKind(name=name, run=run, roles=frozenset(roles), safe_errors=(JobError, *safe_errors))
    JOB_KINDS[name] = kind
    return kind


def kind_of(name: str) -> JobKind:
    try:
        return JOB_KINDS[name]
    except KeyError:
        raise JobError(f"unknown job kind {name!r}; known: {', '.join(sorted(JOB_KINDS))}") from None
