"""debatemap serve in real Chromium: editing from the page, live updates between browsers and from disk."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import browser_support
import classroom
from debatemap import rules
from serve_support import RunningServer, running_server

pytestmark = pytest.mark.browser
browser = browser_support.browser

SOURCE_TEXT = (
    "Skip to content\n"
    "A quoted sentence. Police raids find few trafficked people and push sex work out of sight.\n\n"
    "Workers then avoid health services. The end.\n"
)
REASON = {
    "title": "Raids push work out of sight",
    "text": "Raids move sex work where it cannot be seen.",
    "perspective": "legal",
    "source": "s1",
    "quote": "Police raids find few trafficked people",
}
EDIT_JS = "async ([op, args]) => { try { return {ok: await window.debatemap.edit[op](...args)}; } catch (e) { return {problems: e}; } }"  # noqa: E501


@pytest.fixture
def map_root(make_map: Callable[..., Path]) -> Path:
    root = make_map()
    (root / "sources").mkdir()
    (root / "sources" / "s1.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return root


@pytest.fixture
def server(map_root: Path) -> Iterator[RunningServer]:
    with running_server(map_root) as running:
        yield running


@pytest.fixture
def contexts(browser: Any) -> Iterator[Callable[[], Any]]:
    made: list[Any] = []

    def make() -> Any:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def open_map(context: Any, address: str) -> Any:
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(address)
    page.wait_for_function("() => window.debatemap && window.debatemap.drawn && window.debatemap.edit")
    page.wait_for_function("() => document.getElementById('serve-status').textContent.indexOf('Live') === 0")
    return page


def call(page: Any, operation: str, *args: Any) -> dict[str, Any]:
    return page.evaluate(EDIT_JS, [operation, list(args)])


# Waits end on the event; the bound only stops a broken test. How fast updates arrive is
# measured in benchmarks/bench_serve.py, not asserted here: a loaded machine is not a bug.
WAIT_MS = 15_000


def has_node(page: Any, ident: str, timeout: float = WAIT_MS) -> None:
    page.wait_for_function("id => !!window.debatemap.nodes.get(id)", arg=ident, timeout=timeout)


def test_a_change_in_one_browser_appears_in_another_keeping_its_view(server, contexts) -> None:
    writer, reader = open_map(contexts(), server.address), open_map(contexts(), server.address)
    reader.evaluate("window.debatemap.select('t'); window.marker = 'not reloaded'")
    reader.evaluate(
        "window.debatemap.network.moveTo({position: {x: 123, y: -45}, scale: 1.7, animation: false})"
    )
    view = reader.evaluate(
        "[window.debatemap.network.getViewPosition(), window.debatemap.network.getScale()]"
    )
    answer = call(writer, "add", {**REASON, "opposes": ["t"]})
    assert answer == {"ok": "raids-push-work-out-of-sight"}
    assert writer.evaluate("!!window.debatemap.nodes.get('raids-push-work-out-of-sight')")  # before resolving
    has_node(reader, "raids-push-work-out-of-sight")
    assert reader.evaluate("window.marker") == "not reloaded"
    assert (
        reader.evaluate("[window.debatemap.network.getViewPosition(), window.debatemap.network.getScale()]")
        == view
    )
    assert reader.evaluate("window.debatemap.network.getSelectedNodes()") == ["t"]
    assert "Opposed by (1)" in reader.locator("#details").inner_text()
    assert reader.evaluate("window.debatemap.edges.get('raids-push-work-out-of-sight>t') !== null")
    reader.locator("#outline-box summary").click()  # the text outline follows too
    reader.locator("#outline a[href='#node=raids-push-work-out-of-sight']").wait_for(timeout=WAIT_MS)
    call(writer, "update", "raids-push-work-out-of-sight", {"title": "Raids hide <b>work</b>"})
    reader.wait_for_function(
        "() => window.debatemap.nodes.get('raids-push-work-out-of-sight').label.indexOf('<b>') > 0"
    )
    link = reader.locator("#outline a[href='#node=raids-push-work-out-of-sight']")
    reader.wait_for_function(
        "s => document.querySelector(s).textContent === 'Raids hide <b>work</b>'",
        arg="#outline a[href='#node=raids-push-work-out-of-sight']",
    )
    assert link.evaluate("a => a.children.length") == 0  # text, not markup
    assert not writer.errors and not reader.errors


def test_adding_a_reason_with_the_buttons_quotes_the_source_verbatim(server, contexts, map_root) -> None:
    page = open_map(contexts(), server.address)
    page.evaluate("window.debatemap.select('t')")
    page.get_by_role("button", name="+ Reason for").click()
    page.fill("#serve-title", REASON["title"])
    page.fill("#serve-text", REASON["text"])
    page.select_option("#serve-perspective", "legal")
    page.select_option("#serve-source", "s1")
    assert page.locator("#serve-quote").evaluate("q => q.readOnly")  # picked, not typed
    page.get_by_label("Search the source's text").fill("raids trafficked")
    page.get_by_role("button", name="Search", exact=True).click()
    passage = page.locator(".serve-passage").first
    assert passage.inner_text().startswith("Police raids find few trafficked people")
    passage.click()
    page.get_by_role("button", name="Add", exact=True).click()
    has_node(page, "raids-push-work-out-of-sight")
    written = (map_root / "legal" / "raids-push-work-out-of-sight.yaml").read_text(encoding="utf-8")
    assert "Police raids find few trafficked people and push sex work out of sight." in written
    assert "supports: [t]" in written
    assert not page.locator("#serve-dialog").evaluate("d => d.open")


def test_a_refused_change_shows_problems_next_to_their_fields_and_writes_nothing(
    server, contexts, map_root
) -> None:
    page = open_map(contexts(), server.address)
    before = sorted(p.name for p in map_root.rglob("*.yaml"))
    page.evaluate("window.debatemap.select('t')")
    page.get_by_role("button", name="\u2212 Reason against").click()
    page.fill("#serve-title", "Only a title")
    page.get_by_role("button", name="Add", exact=True).click()
    text_error = page.locator("#serve-text-error")
    text_error.wait_for(state="visible")
    assert "DM005" in text_error.inner_text() and "'text'" in text_error.inner_text()
    assert "perspective" in page.locator("#serve-perspective-error").inner_text()
    assert page.locator("#serve-text").get_attribute("aria-invalid") == "true"
    assert page.locator("#serve-title-error").is_hidden()
    problems = call(page, "add", {"title": "x"})["problems"]
    assert {"path", "line", "column", "code", "message", "hint"} <= set(problems[0])
    assert sorted(p.name for p in map_root.rglob("*.yaml")) == before


def test_edit_link_and_remove_through_the_buttons(server, contexts, map_root) -> None:
    page, other = open_map(contexts(), server.address), open_map(contexts(), server.address)
    call(page, "add", {**REASON, "supports": ["t"]})
    page.evaluate("window.debatemap.select('a')")
    page.get_by_role("button", name="Edit").click()
    page.fill("#serve-title", "An argument, reworded")
    page.get_by_role("button", name="Save").click()
    other.wait_for_function(
        "() => window.debatemap.nodes.get('a').label.indexOf('reworded') >= 0", timeout=WAIT_MS
    )
    assert "title: An argument, reworded" in (map_root / "legal" / "a.yaml").read_text(encoding="utf-8")

    page.get_by_role("button", name="Link\u2026").click()
    page.select_option("#serve-relation", "opposes")
    page.fill("#serve-target", "raids")
    page.locator(".serve-claim").first.click()
    page.get_by_role("button", name="Link", exact=True).click()
    other.wait_for_function(
        "() => !!window.debatemap.edges.get('a>raids-push-work-out-of-sight')", timeout=WAIT_MS
    )
    assert "raids-push-work-out-of-sight" in (map_root / "legal" / "a.yaml").read_text(encoding="utf-8")

    page.evaluate("window.debatemap.select('raids-push-work-out-of-sight')")
    page.get_by_role("button", name="Remove\u2026").click()
    assert "2 links will be removed" in page.locator("#serve-dialog").inner_text()
    page.get_by_role("button", name="Remove", exact=True).click()
    other.wait_for_function(
        "() => !window.debatemap.nodes.get('raids-push-work-out-of-sight')", timeout=WAIT_MS
    )
    assert not (map_root / "legal" / "raids-push-work-out-of-sight.yaml").exists()
    assert "raids-push-work-out-of-sight" not in (map_root / "legal" / "a.yaml").read_text(encoding="utf-8")
    assert page.evaluate("window.debatemap.network.getSelectedNodes()") == []
    assert not page.errors and not other.errors


def test_files_saved_on_disk_appear_and_a_broken_one_is_reported_in_place(server, contexts, map_root) -> None:
    page = open_map(contexts(), server.address)
    page.evaluate("window.debatemap.select('a')")
    node = (map_root / "legal" / "a.yaml").read_text(encoding="utf-8").replace("id: a", "id: b")
    (map_root / "legal" / "b.yaml").write_text(
        node.replace("An argument", "Saved in an editor"), encoding="utf-8"
    )
    has_node(page, "b")
    (map_root / "legal" / "b.yaml").write_text("id: b\nkind: argument\ntitle: [oops\n", encoding="utf-8")
    box = page.locator("#serve-problems")
    box.wait_for(state="visible", timeout=WAIT_MS)
    assert "arguments/legal/b.yaml:" in box.inner_text()
    assert page.evaluate("!!window.debatemap.nodes.get('b')")  # the last good map stays drawn
    assert page.evaluate("window.debatemap.select('t')") is True  # and keeps working
    (map_root / "legal" / "b.yaml").unlink()
    box.wait_for(state="hidden", timeout=WAIT_MS)
    page.wait_for_function("() => !window.debatemap.nodes.get('b')", timeout=WAIT_MS)
    assert not page.errors


def test_the_page_is_still_the_offline_map_when_the_server_stops(map_root, contexts) -> None:
    with running_server(map_root) as running:
        page = open_map(contexts(), running.address)
    page.wait_for_function(
        "() => document.getElementById('serve-status').textContent.indexOf('Offline') === 0"
    )
    assert page.evaluate("window.debatemap.select('a')") is True
    assert "An argument" in page.locator("#details h2").inner_text()
    assert page.get_by_role("button", name="Edit").is_disabled()
    page.fill("#search", "thesis")
    assert page.locator("#search-results li").count() >= 1
    problems = call(page, "add", REASON)["problems"]
    assert "cannot be reached" in problems[0]["message"]
    assert not page.errors


def test_read_only_shows_the_live_map_without_editing(map_root, contexts) -> None:
    with running_server(map_root, read_only=True) as running:
        page = open_map(contexts(), running.address)
        page.evaluate("window.debatemap.select('a')")
        assert page.get_by_role("button", name="Edit").count() == 0
        refused = call(page, "add", REASON)["problems"][0]  # refused by the page itself, as the server would
        assert "read-only" in refused["message"] and refused["code"] == rules.IMPOSSIBLE_CHANGE.code
        (map_root / "legal" / "a.yaml").write_text(
            (map_root / "legal" / "a.yaml").read_text(encoding="utf-8").replace("An argument", "Changed"),
            encoding="utf-8",
        )
        page.wait_for_function(
            "() => window.debatemap.nodes.get('a').label.indexOf('Changed') === 0", timeout=WAIT_MS
        )


def test_three_class_browsers_adding_at_once_lose_nothing(map_root, contexts) -> None:
    """The in-suite size of the class stress test; benchmarks/bench_class_browsers.py runs 25 browsers."""
    classroom.writers_add_at_once(map_root, contexts, writers=3, each=3, reason=REASON)


def test_new_perspectives_and_sources_are_added_from_the_form(server, contexts, map_root) -> None:
    page = open_map(contexts(), server.address)
    page.evaluate("window.debatemap.select('t')")
    page.get_by_role("button", name="+ Reason for").click()
    page.select_option("#serve-perspective", "\u0000new")
    page.fill("#serve-perspective-id", "Sex Workers")  # not a slug: refused next to the id
    page.fill("#serve-perspective-name", "Sex workers")
    page.get_by_role("button", name="Add perspective").click()
    page.locator("#serve-perspective-id-error").wait_for(state="visible")
    assert "slug" in page.locator("#serve-perspective-id-error").inner_text()
    page.fill("#serve-perspective-id", "workers")
    page.get_by_role("button", name="Add perspective").click()
    page.wait_for_function("() => document.getElementById('serve-perspective').value === 'workers'")
    assert "workers:" in (map_root / "perspectives.yaml").read_text(encoding="utf-8")
    page.select_option("#serve-source", "\u0000new")
    page.fill("#serve-source-id", "s2")
    page.fill("#serve-source-title", "A second source")
    page.fill("#serve-source-file", "s1.txt")
    page.get_by_role("button", name="Add source").click()
    page.wait_for_function("() => document.getElementById('serve-source').value === 's2'")
    assert "s2:" in (map_root / "sources.yaml").read_text(encoding="utf-8")
    assert page.locator("#serve-perspective option").count() == 5  # (choose), legal, health, workers, + new


def test_another_site_cannot_change_the_map_and_the_page_talks_only_to_its_server(
    server, contexts, map_root
) -> None:
    context = contexts()
    victim = open_map(context, server.address)  # the session cookie is in this browser
    before = sorted(p.name for p in map_root.rglob("*.yaml"))
    evil = context.new_page()
    evil.route("http://evil.example/", lambda route: route.fulfill(body="<html><body>hi</body></html>",
                                                                     content_type="text/html"))  # fmt: skip
    evil.goto("http://evil.example/")
    outcome = evil.evaluate(
        """async ([url, body]) => {
             try {
               const r = await fetch(url, {method: 'POST', credentials: 'include', mode: 'no-cors',
                                           headers: {'Content-Type': 'text/plain'}, body});
               return 'sent ' + r.type;
             } catch (e) { return 'blocked'; } }""",
        [server.url("/api/edit/add"), '{"fields": {"title": "Planted"}}'],
    )
    assert outcome in ("sent opaque", "blocked")
    assert sorted(p.name for p in map_root.rglob("*.yaml")) == before
    # From the served page itself, anything but its own server is refused by the CSP.
    blocked = victim.evaluate(
        "async () => { try { await fetch('http://evil.example/'); return 'fetched'; }"
        " catch (e) { return 'blocked'; } }"
    )
    assert blocked == "blocked"


def test_a_reader_in_focus_mode_sees_a_claim_that_joins_the_neighbourhood(server, contexts) -> None:
    writer, reader = open_map(contexts(), server.address), open_map(contexts(), server.address)
    call(writer, "add", {**REASON, "title": "Unlinked for now", "supports": []})
    call(writer, "add", {**REASON, "title": "Linked elsewhere", "supports": ["unlinked-for-now"]})
    reader.evaluate("window.debatemap.select('t')")
    reader.locator("#focus").check()
    hidden = "id => window.debatemap.nodes.get(id).hidden === true"
    reader.wait_for_function(hidden, arg="unlinked-for-now")
    call(writer, "link", "unlinked-for-now", "supports", "t")
    reader.wait_for_function("id => window.debatemap.nodes.get(id).hidden === false", arg="unlinked-for-now")
    assert reader.evaluate(hidden, "linked-elsewhere")  # two links away: still out of focus
    call(writer, "unlink", "unlinked-for-now", "supports", "t")
    reader.wait_for_function(hidden, arg="unlinked-for-now")


def test_in_class_the_teacher_gives_a_name_once_before_adding(map_root, contexts) -> None:
    with running_server(map_root, classroom=True) as running:
        page = open_map(contexts(), running.address)  # the teacher's address, with the token
        page.evaluate("window.debatemap.select('t')")
        page.get_by_role("button", name="+ Reason for").click()
        page.fill("#serve-name", "   ")
        page.get_by_role("button", name="OK").click()
        page.locator("#serve-name-error").wait_for(state="visible")
        page.fill("#serve-name", "Ms Teacher")
        page.get_by_role("button", name="OK").click()
        page.locator("#serve-title").wait_for()  # then the form it was asked for
        assert "You: Ms Teacher" in page.locator("header").inner_text()
        answer = call(page, "add", {**REASON, "supports": ["t"]})
        node = page.evaluate("id => window.debatemap.data.nodes.find(n => n.id === id)", answer["ok"])
        assert node["contributor"] == "Ms Teacher"
