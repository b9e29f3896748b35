"""The reports page: an analyst writes a report through a job; every role reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def home(tmp_path: Path, settings: Any) -> Path:
    settings.HOME = tmp_path
    return tmp_path


def test_an_analyst_writes_a_report_and_an_observer_downloads_it(home: Path, client_for: Any) -> None:
    from refwatch.jobs.queue import work

    analyst = client_for("analyst")
    answer = analyst.post("/reports/", {"start": "2000-01-01", "end": "2030-12-31", "language": "ko",
                                        "format": "html", "template": "un-submission"})
    assert answer.status_code == 302 and "job=" in answer["Location"]
    assert work(once=True) >= 1  # the shared store may hold other queued jobs
    files = list((home / "reports").iterdir())
    assert len(files) == 1 and files[0].suffix == ".html"
    listing = client_for("observer").get("/reports/").content.decode()
    assert files[0].name in listing
    download = client_for("observer").get(f"/reports/{files[0].name}")
    assert download.status_code == 200
    assert "요약" in b"".join(download.streaming_content).decode()


def test_observers_may_not_start_a_report_and_paths_cannot_escape(home: Path, client_for: Any) -> None:
    observer = client_for("observer")
    refused = observer.post("/reports/", {"start": "2000-01-01", "end": "2030-12-31", "language": "en",
                                          "format": "html", "template": "briefing"})
    assert refused.status_code == 404
    (home / "secret.html").write_text("not a report")
    assert observer.get("/reports/..%2Fsecret.html").status_code == 404
    assert observer.get("/reports/missing.pdf").status_code == 404


def test_a_reversed_period_is_refused_with_a_message(home: Path, client_for: Any) -> None:
    answer = client_for("analyst").post("/reports/", {"start": "2030-01-01", "end": "2000-01-01",
                                                      "language": "en", "format": "pdf",
                                                      "template": "briefing"})
    assert answer.status_code == 400
