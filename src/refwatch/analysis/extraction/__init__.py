"""Claims from Korean and English news, and incidents that reconcile them.

Pure Python, offline, deterministic: rules, lexicons and small grammars, with the
data they need shipped in ``data/`` (each file states its provenance in
``data/PROVENANCE.md``). One module per family:

- ``sentences``: sentence splitting with offsets, page furniture and header zone;
- ``language``: Korean/English detection;
- ``triggers``: event triggers (data/triggers.tsv) and their grammatical role;
- ``numbers``: counts of people with qualifiers;
- ``dates`` (and ``korean_dates``): dates resolved against publication, with the anchor calendar;
- ``places``: places normalised to ``refwatch.reference.places``;
- ``perpetrators``, ``attribution``, ``hedging``: who acted, who says, how firmly;
- ``context``: generic and pronoun sources resolved in the article;
- ``claims``: claim assembly; ``stance``: article-level corroboration and denial;
- ``incidents``: grouping claims of many documents into incidents.

The two entry points:

>>> claims = extract_claims("Chinese police arrested 12 North Koreans in Yanji on May 2, 2024.",
...                         published="2024-05-10", doc_id="d1")
>>> [(c.event_type, c.count_low, c.date_start, c.place) for c in claims]
[('arrest', 12, '2024-05-02', 'Yanji')]
>>> [i.count_low for i in group_incidents(claims).incidents]
[12]
"""

from __future__ import annotations

from refwatch.analysis.extraction.claims import Claim, extract_claims
from refwatch.analysis.extraction.incidents import Figure, Incident, IncidentReport, group_incidents
from refwatch.analysis.extraction.language import detect_language

__all__ = ["Claim", "Figure", "Incident", "IncidentReport", "detect_language", "extract_claims",
           "group_incidents"]
