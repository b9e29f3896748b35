"""docs/web-pages.md names every page route."""

from __future__ import annotations

import re
from pathlib import Path

from refwatch.web.urls import urlpatterns

DOC = (Path(__file__).resolve().parents[2] / "docs" / "web-pages.md").read_text(encoding="utf-8")


def test_it_documents_every_page_route() -> None:
    routes = [str(p.pattern) for p in urlpatterns if hasattr(p, "name") and p.name]
    shown = ["/" + re.sub(r"<\w+:(\w+)>", r"<\1>", r) for r in routes]
    missing = [r for r in shown if f"`{r}`" not in DOC]
    assert missing == []


def test_it_lists_every_screenshot_it_ships() -> None:
    shots = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "docs" / "screenshots").glob("*.png"))
    assert shots, "no screenshot"
    assert [s for s in shots if f"`{s}`" not in DOC] == []
