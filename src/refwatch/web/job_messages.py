"""Stage messages of background jobs, marked for translation.

Jobs store their progress messages in English (refwatch.jobs.kinds and the
linkage engine); the job partial translates them with ``{% translate job.message %}``.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

JOB_MESSAGES = (
    gettext_noop("started"),
    gettext_noop("reading the list"),
    gettext_noop("storing the records"),
    gettext_noop("estimating"),
    gettext_noop("grouping incidents"),
    gettext_noop("cancelled"),
    gettext_noop("failed"),
    gettext_noop("done"),
    gettext_noop("reading names, dates and places"),
    gettext_noop("scoring candidate pairs on duckdb"),
    gettext_noop("clustering"),
    gettext_noop("training: estimating u from random pairs"),
    gettext_noop("training: estimating the prior"),
    gettext_noop("training: EM on pairs sharing a name"),
    gettext_noop("training: EM on pairs sharing a birth date"),
)
