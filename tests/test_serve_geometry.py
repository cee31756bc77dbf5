"""debatemap serve keeps the drawn map honest while it changes: read from a second browser's page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import browser_support
import geometry_support
from serve_support import RunningServer, running_server
from test_browser_geometry import wide_claim_files

pytestmark = pytest.mark.browser
browser = browser_support.browser
EDIT_JS = (
    "async ([op, args]) => { try { return {ok: await window.debatemap.edit[op](...args)}; }"
    " catch (e) { return {problems: e}; } }"
)
REASON = {
    "title": "Uniform rules push spending to shoes and bags instead",
    "text": "Brands move to what the rules leave free.",
    "perspective": "health",
    "source": "s1",
    "quote": "A quoted sentence.",
}


@pytest.fixture
def served(make_map: Callable[..., Path]) -> Iterator[tuple[RunningServer, Path]]:
    """A map with a second question beside the wide claim's, served."""
    second = {
        "theses/u.yaml": (
            'id: u\nkind: thesis\ntitle: Another thesis\ntext: In full.\nquestion: "Is it another?"\n'
        ),
        "legal/under-u.yaml": (
            "id: under-u\nkind: argument\ntitle: A reason about the other question\ntext: A reason.\n"
            'perspective: legal\nsource: s1\nquote: "A quoted sentence."\nsupports: [u]\n'
        ),
    }
    root = make_map({**wide_claim_files(12), **second})
    (root / "sources").mkdir()
    (root / "sources" / "s1.txt").write_text("A quoted sentence.\n", encoding="utf-8")
    with running_server(root) as running:
        yield running, root


def open_map(browser: Any, address: str) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(address)
    page.wait_for_function("() => window.debatemap && window.debatemap.drawn && window.debatemap.edit")
    page.wait_for_function("() => document.getElementById('serve-status').textContent.indexOf('Live') === 0")
    return page


def positions(page: Any) -> dict[str, tuple[float, float]]:
    return {k: (v["x"], v["y"]) for k, v in page.evaluate("debatemap.network.getPositions()").items()}


def honest(page: Any) -> tuple[dict[str, Any], list[Any]]:
    """The reader's page after a change: no overlap, no false line, counts as drawn."""
    browser_support.settle(page, 2)  # drawn: two frames of the page's own loop
    boxes, lines = geometry_support.measure(page)
    assert geometry_support.overlaps(boxes) == []
    assert geometry_support.false_links(boxes, lines) == []
    summary = page.locator("header .summary").inner_text()
    assert summary == f"Debate map: {len(boxes)} claims, {len(lines)} links"
    return boxes, lines


def test_live_changes_are_placed_without_overlap_and_counted(served, browser) -> None:  # type: ignore[no-untyped-def]
    server, root = served
    writer, reader = open_map(browser, server.address), open_map(browser, server.address)
    before = positions(reader)
    boxes, lines = honest(reader)
    assert (
        reader.locator("header .summary").inner_text()
        == f"Debate map: {len(before)} claims, {len(lines)} links"
    )

    def change(*args: Any) -> Any:
        answer = writer.evaluate(EDIT_JS, list(args))
        assert "ok" in answer, answer
        version = writer.evaluate("debatemap.live.version()")
        reader.wait_for_function("v => debatemap.live.version() >= v", arg=version, timeout=10000)
        return answer["ok"]

    added = change("add", [{**REASON, "opposes": ["fan4"]}])  # under an argument of the wide claim
    boxes, _ = honest(reader)
    assert added in boxes and len(boxes) == len(before) + 1
    after = positions(reader)
    # Stable: the trees of the other questions do not move, and most boxes of this one stay.
    moved = sorted(n for n in before if after[n] != before[n])
    assert len(moved) <= len(before) // 2, moved
    assert "u" not in moved and "under-u" not in moved, moved

    change("link", [added, "supports", "top2"])  # a cross-link into another branch
    honest(reader)
    long_title = "A much longer title for the new claim, so that its box needs more lines than before"
    change("update", [added, {"title": long_title}])  # renamed: a taller box
    honest(reader)
    change("remove", [added, {"unlink": True}])
    boxes, _ = honest(reader)
    assert added not in boxes and set(boxes) == set(before)

    version = reader.evaluate("debatemap.live.version()")  # a file saved on disk, as an editor would
    (root / "health" / "from-disk.yaml").write_text(
        "id: from-disk\nkind: argument\ntitle: Saved from an editor on disk\ntext: A reason.\n"
        'perspective: health\nsource: s1\nquote: "A quoted sentence."\nopposes: [top0]\n',
        encoding="utf-8",
    )
    reader.wait_for_function("v => debatemap.live.version() > v", arg=version, timeout=10000)
    boxes, _ = honest(reader)
    assert "from-disk" in boxes
    assert not writer.errors and not reader.errors
