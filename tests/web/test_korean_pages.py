"""Every main page, rendered in Korean on a populated store, shows no untranslated English.

The page text (outside <code>, <script>, <style>, <svg> and elements marked
``translate="no"``) is searched for Latin-script words after the store's own
data (titles, publishers, quoted source text, list and organisation names,
romanised names...) is taken out: what remains must be Korean, or a proper
noun, code or unit of the allowlist below. Messages of the analysis layer
(warnings, reasons, alert explanations) are translated through
refwatch.web.analysis_messages; this test is what notices a new one.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from tests.web.conftest import NEWS_TEXT, TESTIMONY_TEXT, Store

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # splink training notes

# Proper nouns, codes and units a Korean page may show as they are.
ALLOWLIST = {
    "English", "SHA-256", "SHA", "URL", "CSV", "XLSX", "PDF", "HTML", "JSON", "HTMX", "TOTP",
    "LCMCR", "R-hat", "delta", "UNHCR", "CAT", "CHN", "CRC", "CEDAW", "ICCPR", "HRC", "CRP", "DPRK",
    "PRC", "MPS", "NGO", "UN", "ISO", "ROK", "CO", "F/M", "female", "male", "record_id", "name", "surname",
    "given_name", "name_alt", "sex", "birth_date", "age", "home", "event_date", "event_place", "as_of",
    "loglinear", "dga", "lcmcr", "chapman", "refwatch", "watch", "store", "Darroch",
}
SKIPPED_TAGS = {"code", "script", "style", "svg", "textarea", "option", "select"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_'’-]*[A-Za-z]|[A-Za-z]")
PSEUDONYM = re.compile(r"\bP-[0-9A-Z]{6}\b")


class VisibleText(HTMLParser):
    """Text a reader sees, minus code, scripts and elements marked translate="no"."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "col", "area", "base", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if found.get(name) and not self.hidden:
                self.parts.append(str(found[name]))
        if tag in self.VOID:
            return
        self.stack.append(tag in SKIPPED_TAGS or found.get("translate") == "no")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    @property
    def hidden(self) -> bool:
        return any(self.stack)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def store_data() -> list[str]:
    """Values the store holds as they were given (English titles, quoted text...): not interface."""
    from refwatch.accounts.models import User
    from refwatch.analysis.warning import example_history
    from refwatch.records.models import Claim, Intervention, List, ListRecord, Place, Source
    from refwatch.web.analysis_messages import known_message

    values: list[str] = [NEWS_TEXT, TESTIMONY_TEXT]
    for source in Source.objects.all():
        values += [source.title, source.publisher, source.unseal("filename") or ""]
    for claim in Claim.objects.all():
        values += [claim.count_text, claim.sentence, claim.denied_by, claim.corroborated_by]
        if not known_message(claim.attributed_to):
            values.append(claim.attributed_to)
    for intervention in Intervention.objects.all():
        values += [intervention.by, intervention.addressed_to, intervention.summary, intervention.outcome]
    values += [name for lst in List.objects.all() for name in (lst.name, lst.organisation)]
    values += list(User.objects.values_list("username", flat=True))
    values += [p.name_en for p in Place.objects.filter(name_ko="")]
    values += [r.record_id for r in ListRecord.objects.all()]
    history = example_history()  # names of the events the alerts below cite
    values += [e.name for e in history.calendar]
    return sorted({v for v in values if v and v.strip()}, key=len, reverse=True)


def leftover_english(text: str, data: list[str], extra: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    text = PSEUDONYM.sub(" ", text)
    for value in data:  # whole words only: a list named "A" must not cut "SHA-256"
        text = re.sub(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", " ", text)
    return sorted({w for w in LATIN_WORD.findall(text) if w not in ALLOWLIST | extra and len(w) > 1})


def main_pages(store: Store) -> list[str]:
    from refwatch.records.models import Estimate, Incident

    u = store.uids
    return [
        "/", "/sources/", f"/sources/{u['news']}/", f"/sources/{u['testimony']}/", "/claims/",
        "/claims/?status=all", f"/claims/{u['claim']}/", "/incidents/",
        *[f"/incidents/{i.uid}/" for i in Incident.objects.all()[:3]],
        "/lists/", f"/lists/{u['list']}/", f"/lists/import/{u['list_source']}/?name=X", "/persons/",
        f"/persons/{u['person']}/", "/linkage/", f"/linkage/pairs/{u['pair']}/", "/estimates/",
        *[f"/estimates/{e.uid}/" for e in Estimate.objects.all()], "/reports/", "/legal/",
        "/interventions/", "/audit/", "/users/", f"/jobs/{u['job']}/",
    ]


@pytest.fixture
def korean_admin(client_for: Any) -> Any:
    from refwatch.analysis.warning import default_rules, evaluate, example_history
    from refwatch.jobs.estimation import estimate_store
    from refwatch.jobs.watch import record_alerts

    # Alerts with their reasons, and the recommended method with its reason and warnings.
    record_alerts(evaluate(default_rules(), example_history(), dt.date(2023, 10, 1)), acting_user=None)
    record_alerts(evaluate(default_rules(), example_history(), dt.date(2024, 4, 20)), acting_user=None)
    estimate_store(acting_user=None, method=None, seed=3)
    client = client_for("admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    return client


def test_the_main_pages_in_korean_leave_no_english_but_data_and_proper_nouns(
    store: Store, korean_admin: Any
) -> None:
    data = [*store_data(), *sorted(store.names, key=len, reverse=True)]
    found: dict[str, list[str]] = {}
    for url in main_pages(store):
        response = korean_admin.get(url)
        assert response.status_code == 200, url
        words = leftover_english(visible_text(response.content.decode()), data)
        if words:
            found[url] = words
    assert not found, "untranslated English on Korean pages:\n" + "\n".join(
        f"{url}: {' '.join(words)}" for url, words in found.items())


def test_the_observers_pages_in_korean_leave_no_english(store: Store, korean_admin: Any, client_for: Any) -> None:
    observer = client_for("observer")
    observer.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    data = store_data()
    for url in ("/", "/estimates/", f"/estimates/{store.uids['estimate']}/", "/legal/", "/reports/"):
        response = observer.get(url)
        assert response.status_code == 200, url
        assert not leftover_english(visible_text(response.content.decode()), data), url


def test_the_check_finds_english_that_is_not_data() -> None:
    html = ('<p>감사 기록 <span translate="no">Example Wire</span> <code>sha256</code> '
            'Estimates were withdrawn</p>')
    assert leftover_english(visible_text(html), data=["Example Wire"]) == ["Estimates", "were", "withdrawn"]


def test_every_shape_of_message_has_a_korean_translation() -> None:
    from django.utils import translation

    from refwatch.web.analysis_messages import SHAPES, SOURCE_NAMES, TERMS

    def rendered(language: str) -> list[str]:
        with translation.override(language):
            return ([str(s.template) for s in SHAPES] + [str(t) for t in TERMS.values()]
                    + [str(t) for t in SOURCE_NAMES.values()])

    same = [text for text, ko in zip(rendered("en"), rendered("ko"), strict=True) if text == ko]
    assert not same, same


def test_messages_are_translated_part_by_part_and_unknown_ones_left_alone() -> None:
    from django.utils import translation

    from refwatch.web.analysis_messages import translate_message

    reason = ("major international_event hosted by CN ends within 14 days or ended within the last 3 days: "
              "Example Games ended 2023-10-08 (2 days ago)")
    with translation.override("ko"):
        korean = translate_message(reason)
        assert "Example Games" in korean and "2일 전" in korean and "ended" not in korean
        assert translate_message("a sentence nobody wrote a shape for") == "a sentence nobody wrote a shape for"
        assert translate_message("the name is empty") == "이름이 비어 있습니다"


def test_every_instrument_and_engagement_note_has_its_korean() -> None:
    from refwatch.reference.legal import (
        engagement_notes_ko,
        instrument_names_ko,
        load_engagements,
        load_instruments,
    )

    names = instrument_names_ko()
    assert set(load_instruments()) == set(names)
    assert all(short and title and "," not in short for short, title in names.values())
    assert {e.note for e in load_engagements()} == set(engagement_notes_ko())


def test_the_translated_source_names_are_the_extractors_own() -> None:
    from importlib import resources

    from refwatch.web.analysis_messages import SOURCE_NAMES

    table = resources.files("refwatch.analysis.extraction").joinpath("data/sources.tsv").read_text("utf-8")
    canonical = {line.split("\t")[3] for line in table.splitlines()[1:] if line.count("\t") >= 3}
    assert set(SOURCE_NAMES) <= canonical, set(SOURCE_NAMES) - canonical


def _sample(node: ast.expr) -> str | None:
    """A message a string or f-string literal can produce, with made-up values in its holes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        text = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                text += str(part.value)
                continue
            assert isinstance(part, ast.FormattedValue)
            spec = ast.unparse(part.format_spec) if part.format_spec else ""
            text += "12%" if "%" in spec else "'A'" if part.conversion == ord("r") else "7"
        return text
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left), _sample(node.right)
        return None if left is None or right is None else left + right
    return None


def test_every_warning_the_estimators_can_write_has_a_known_shape() -> None:
    """The estimators' ``warnings.append(...)`` literals, read from the source: a new one fails here."""
    from importlib import resources

    from refwatch.web.analysis_messages import known_message

    root = resources.files("refwatch.analysis.estimation")
    unknown, seen = [], 0
    for path in sorted(Path(str(root)).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "warnings" and node.args):
                text = _sample(node.args[0])
                if text is not None:
                    seen += 1
                    if not known_message(text):
                        unknown.append(f"{path.name}:{node.lineno}: {text[:100]}")
    assert seen > 20 and not unknown, "\n".join(unknown)


@pytest.mark.parametrize("lists", [2, 3, 4, 5, 6])
def test_every_recommendation_reason_has_a_known_shape(lists: int) -> None:
    """The reason `--method auto` gives, for each number of lists, with and without the
    heterogeneity signal, is one the pages can put in Korean."""
    import itertools

    from refwatch.analysis.estimation.histories import CaptureHistories
    from refwatch.analysis.estimation.population import recommend_method
    from refwatch.web.analysis_messages import known_message

    patterns = [p for p in itertools.product((0, 1), repeat=lists) if any(p)]
    flat = {p: 40 for p in patterns}  # independent-looking: no signal
    skewed = {p: (400 if sum(p) > 1 else 10) for p in patterns}  # overlaps over-represented
    names = [f"L{i}" for i in range(lists)]
    reasons = {recommend_method(CaptureHistories.from_rows(names, counts.items())).reason
               for counts in (flat, skewed)}
    # with and without the signal; two lists and six or more give one reason
    assert len(reasons) == (1 if lists in (2, 6) else 2)
    assert all(known_message(reason) for reason in reasons), reasons
