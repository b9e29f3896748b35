"""The pages in a real browser: sign in with 2FA, import lists through the wizard, link,
review a pair, estimate, read the dashboard in English and Korean; as an analyst, no
name from the imported synthetic lists appears on any page.

Screenshots of every page go to $REFWATCH_SCREENSHOTS (docs/screenshots/ when the
docs are refreshed) or to the test's temporary directory.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PASSWORD
from tests.web.browser import Server, launch, require_chromium, serve_home, sign_in, sign_out
from tests.web.conftest import NEWS_TEXT, list_names, write_synthetic_lists

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JOB_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def server(_template_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_chromium()
    yield from serve_home(_template_home, tmp_path_factory.mktemp("served") / "home",
                          password=PASSWORD, news=NEWS_TEXT)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("REFWATCH_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def add_invalid_row(path: Path) -> None:
    """Append a row whose birth date cannot be a date, for the wizard's row-level errors."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        headers = next(csv.reader(fh))
    row = {h: "" for h in headers}
    row |= {headers[0]: "A-INVALID", headers[1]: "황보다솜", "생년월일": "1990-13-45"}
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([row[h] for h in headers])


class Browser:
    """One signed-in page with its console and CSP findings, and a screenshot helper."""

    def __init__(self, page: Any, server: Server, shots: Path) -> None:
        self.page, self.server, self.shots = page, server, shots
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))

    def _console(self, message: Any) -> None:
        if message.type == "error" and "404" not in message.text:
            self.problems.append(message.text)

    def go(self, path: str) -> None:
        self.page.goto(self.server.url + path)
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str, *, full_page: bool = True) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=full_page)

    def wait_for_job(self) -> str:
        done = self.page.locator(".job-done, .job-failed").first
        done.wait_for(timeout=JOB_TIMEOUT_MS)
        return str(done.inner_text())


def test_it_imports_links_reviews_and_estimates_in_both_languages(
    server: Server, shots: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    synthetic, files = write_synthetic_lists(tmp_path / "lists", persons=40, lists=2)
    names = list_names(synthetic)
    add_invalid_row(files["A"])
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        b = Browser(context.new_page(), server, shots)
        page = b.page

        # Sign in with a password and a TOTP code.
        page.goto(f"{server.url}/accounts/login/")
        b.shot("login")
        sign_in(page, server, "documenter")
        assert page.locator("h1").inner_text() == "Dashboard"

        # The import wizard: upload, recognised headers and row checks, a job with progress.
        for list_name, path in sorted(files.items()):
            b.go("/lists/")
            page.set_input_files("#id_file", str(path))
            page.fill("#id_name", list_name)
            page.click("#list-upload button[type=submit]")
            page.wait_for_url("**/lists/import/**")
            chosen = {page.locator(f"#mapping select >> nth={i}").input_value()
                      for i in range(page.locator("#mapping select").count())}
            assert "record_id" in chosen and chosen & {"name", "surname"}
            assert "rows read" in page.locator("#row-summary").inner_text()
            if list_name == "A":
                assert "1990-13-45" in page.locator("#row-errors").inner_text()
                b.shot("list-import-preview")
            page.check("#id_skip_invalid")
            page.click("#list-import button[value=import]")
            page.wait_for_url("**/lists/?job=*")
            assert "added" in b.wait_for_job()
        b.go("/lists/")
        b.shot("lists")
        b.go("/lists/A/")
        b.shot("list-records-documenter")

        # Linkage as a job, then a pair reviewed side by side.
        b.go("/linkage/")
        page.fill("#id_threshold", "0.99")
        page.fill("#id_review_floor", "0.1")
        page.click("#link-form button[type=submit]")
        assert "persons" in b.wait_for_job()
        b.go("/linkage/")
        b.shot("linkage")
        page.locator("#pairs a.button").first.click()
        page.wait_for_url("**/linkage/pairs/**")
        pair_url = page.url
        assert page.locator("#evidence").inner_text().count("\n") >= 5
        b.shot("pair-documenter")
        page.click("button[value=same]")
        page.wait_for_load_state("networkidle")
        assert "Decision recorded" in page.content()

        # An estimate with the method-comparison table and chart.
        b.go("/estimates/")
        page.select_option("#id_method", "loglinear")
        page.click("#estimate-form button[type=submit]")
        assert "loglinear" in b.wait_for_job()
        b.go("/estimates/")
        assert "loglinear" in page.locator("#comparison").inner_text()
        assert page.locator("figure.chart svg circle.point").count() >= 1
        b.shot("estimates")
        page.locator("#comparison a").first.click()
        page.wait_for_load_state("networkidle")
        b.shot("estimate")

        # A pasted source: preserved, hashed, custody logged.
        b.go("/sources/")
        page.select_option("#id_kind", "statement")
        page.fill("#id_title", "A statement written for the browser test")
        page.fill("#id_text", "A ministry said it had no information on the reports.")
        page.click("form.grid-form button[type=submit]")
        page.wait_for_url("**/sources/*/")
        digest = hashlib.sha256(b"A ministry said it had no information on the reports.").hexdigest()
        assert digest in page.locator("#sha").inner_text()
        b.shot("source")
        b.go("/sources/")
        b.shot("sources")

        # The claim review queue, the sentence highlighted in its source.
        b.go("/claims/")
        b.shot("claims")
        page.locator("table a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("mark.sentence").count() == 1
        b.shot("claim")
        claim_url = page.url
        page.click("button[value=confirm]")
        page.wait_for_url("**/claims/")
        assert "Claim confirmed" in page.content()
        b.go("/incidents/")
        b.shot("incidents")
        page.locator("table a").first.click()
        page.wait_for_load_state("networkidle")
        b.shot("incident")
        for path, name in (("/persons/", "persons-documenter"), ("/legal/", "legal"),
                           ("/interventions/", "interventions")):
            b.go(path)
            b.shot(name)
        b.go("/")
        assert page.locator("figure.map svg circle").count() >= 1
        b.shot("dashboard")

        # Korean throughout, then back.
        page.click("button[value=ko]")
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "대시보드"
        assert page.locator("html").get_attribute("lang") == "ko"
        b.shot("dashboard-ko")
        for path, name in (("/estimates/", "estimates-ko"), ("/legal/", "legal-ko"),
                           ("/lists/", "lists-ko")):
            b.go(path)
            b.shot(name)
        page.goto(claim_url)
        b.shot("claim-ko")
        page.goto(pair_url)
        b.shot("pair-ko")
        assert "같은 사람" in page.content()
        page.click("button[value=en]")
        page.wait_for_load_state("networkidle")
        sign_out(page)
        assert not b.problems, b.problems

        # An analyst: pseudonyms only, on every page they can open.
        sign_in(page, server, "analyst")
        links = {a.get_attribute("href") for a in page.locator("nav.main-nav a").all()}
        seen: set[str] = set()
        for path in sorted(links):
            b.go(path)
            seen.add(path)
            for a in page.locator("main table a").all()[:3]:
                href = a.get_attribute("href")
                if href and href.startswith("/") and href not in seen:
                    seen.add(href)
        for path in [*sorted(seen), pair_url.removeprefix(server.url)]:
            b.go(path)
            text = page.content()
            leaked = [n for n in names if n in text]
            assert not leaked, f"{path} shows {len(leaked)} names to an analyst"
        assert len(seen) > 12
        b.go("/persons/")
        b.shot("persons-analyst")
        page.goto(pair_url)
        b.shot("pair-analyst")
        sign_out(page)

        # An admin: the audit log and users.
        sign_in(page, server, "admin")
        b.go("/audit/?verify=1")
        assert "The chain verifies" in page.content()
        b.shot("audit", full_page=False)
        b.go("/users/")
        b.shot("users")
        assert not b.problems, b.problems
        context.close()
        chromium.close()


def test_the_wizard_lets_a_documenter_map_an_unrecognised_column_and_set_as_of(
    server: Server, tmp_path: Path
) -> None:
    """A list whose number column has an unusual header and whose ages need a date to count from."""
    from playwright.sync_api import sync_playwright

    path = tmp_path / "list_M.csv"
    path.write_text("관리코드,성명,성별,나이,비고\nM-1,채윤슬,여,34,a\nM-2,변하람,남,51,b\n", encoding="utf-8")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        sign_in(page, server, "documenter")
        page.goto(f"{server.url}/lists/")
        page.set_input_files("#id_file", str(path))
        page.fill("#id_name", "M")
        page.click("#list-upload button[type=submit]")
        page.wait_for_url("**/lists/import/**")
        assert "record number" in page.locator("#mapping-errors").inner_text()
        assert page.locator("button[value=import]").count() == 0  # nothing to import yet
        page.select_option("#id_column_0", "record_id")
        page.select_option("#id_column_4", "ignore")
        page.fill("#id_as_of", "2023-13")
        page.click("button[value=check]")
        page.wait_for_load_state("networkidle")
        assert "is not a date" in page.locator("#list-import").inner_text()
        page.fill("#id_as_of", "2023-10")
        page.click("button[value=check]")
        page.wait_for_load_state("networkidle")
        assert "2 rows read: 2 valid" in page.locator("#row-summary").inner_text()
        assert page.locator("#id_column_0").input_value() == "record_id"
        page.click("button[value=import]")
        page.wait_for_url("**/lists/?job=*")
        job = page.locator(f"#job-{page.url.split('job=')[1]}.job-done")
        job.first.wait_for(timeout=JOB_TIMEOUT_MS)
        assert "2 added" in job.first.inner_text()
        context.close()
        chromium.close()
