"""The serve page's upload, in headless Chromium: "+ New source…", a document, and its report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import browser_support
from debatemap import read_map
from document_support import WEB_ARTICLE, make_web_page
from serve_support import running_server

pytestmark = pytest.mark.browser
browser = browser_support.browser
new_page = browser_support.new_page


def test_the_teacher_adds_a_source_from_a_saved_page(
    make_map: Callable[..., Path], new_page: Callable[..., Any], tmp_path: Path
) -> None:
    root = make_map()
    document = make_web_page(tmp_path / "gazette.html")
    with running_server(root) as server:
        page = new_page(viewport={"width": 1200, "height": 900})
        page.goto(server.address)
        page.wait_for_function("window.debatemap && window.debatemap.edit")
        page.evaluate("window.debatemap.select('t')")
        page.get_by_role("button", name="+ Reason for").click()
        page.select_option("#serve-source", "\u0000new")
        page.fill("#serve-source-id", "gazette")
        page.set_input_files("#serve-source-document", str(document))
        page.get_by_role("button", name="Add source").click()
        report = page.wait_for_selector("#serve-source-report", timeout=20000)
        assert report.inner_text().startswith("extracted from a web page")
        assert page.eval_on_selector("#serve-source", "s => s.value") == "gazette"
        # The quote picker searches the extracted text.
        page.fill(".serve-quote input", "older shoppers bus stops")
        page.get_by_role("button", name="Search").click()
        passage = page.wait_for_selector(".serve-passages li", timeout=10000)
        assert "older shoppers" in passage.inner_text()
        assert page.errors == []
    assert WEB_ARTICLE[0] in (root / "sources" / "gazette.txt").read_text(encoding="utf-8")
    assert read_map(root)[0].sources["gazette"].original == "gazette.html"
