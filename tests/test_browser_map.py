"""The interactive map in real headless Chromium (Playwright), opened from file://."""

from __future__ import annotations

from typing import Any

import pytest

import browser_support
from debatemap.render.map.page import render_map
from map_support import XSS_QUOTE, XSS_TITLE, graph_of, hostile_map

pytestmark = pytest.mark.browser
# The shared Chromium fixtures, registered in this module under their own names.
browser = browser_support.browser
new_page = browser_support.new_page
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture
def built(make_map, tmp_path):  # type: ignore[no-untyped-def]
    """(graph, file:// URL) of the hostile test map's page."""
    graph = graph_of(hostile_map(make_map))
    page_file = tmp_path / "debate_map.html"
    page_file.write_text(render_map(graph), encoding="utf-8")
    return graph, page_file.as_uri()


def open_map(new_page, url: str) -> Any:  # type: ignore[no-untyped-def]
    page = new_page(viewport=VIEWPORT)
    page.goto(url)
    page.wait_for_function("window.debatemap && window.debatemap.drawn", timeout=30000)
    return page


def test_page_loads_offline_without_errors_or_requests(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = new_page(viewport=VIEWPORT)
    blocked: list[str] = []
    # Refuse anything but the file itself, so a stray fetch shows up even if it would fail anyway.
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else (
        blocked.append(route.request.url), route.abort()))  # fmt: skip
    page.goto(url)
    page.wait_for_function("window.debatemap && window.debatemap.drawn", timeout=30000)
    page.wait_for_load_state("load")
    browser_support.settle(page)
    assert page.errors == []
    assert page.requests == [url] and blocked == []


def test_drawn_nodes_and_edges_are_the_maps(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url)
    drawn = page.evaluate(
        "() => { const b = debatemap.network.body;"
        " return {nodes: b.nodeIndices.slice(),"
        " edges: b.edgeIndices.map(i => [b.edges[i].fromId, b.edges[i].toId])}; }"
    )
    assert sorted(drawn["nodes"]) == sorted(graph.nodes)
    assert sorted(map(tuple, drawn["edges"])) == sorted(graph.edges)
    assert page.evaluate("debatemap.nodes.length") == graph.number_of_nodes()


def details_title(page: Any) -> str:
    return str(page.locator("#details h2").text_content())


def test_search_finds_selects_and_centres_a_node(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url)
    page.locator("#search").focus()
    page.keyboard.type("second legal")
    assert "A second legal argument" in str(page.locator("#search-results").text_content())
    page.keyboard.press("Enter")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == ["b"]
    assert details_title(page) == graph.nodes["b"]["title"]
    view = page.evaluate("debatemap.network.getViewPosition()")
    where = page.evaluate("debatemap.network.getPosition('b')")
    assert abs(view["x"] - where["x"]) < 1 and abs(view["y"] - where["y"]) < 1


def test_perspective_filter_hides_exactly_that_perspectives_nodes(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url)
    page.locator("#filter-perspective label", has_text="Legal").locator("input").uncheck()
    hidden = page.evaluate(
        "() => Object.values(debatemap.network.body.nodes)"
        ".filter(n => n.options.hidden).map(n => n.id).sort()"
    )
    assert hidden == sorted(n for n, p in graph.nodes(data="perspective") if p == "legal")
    page.locator("#filter-perspective label", has_text="Legal").locator("input").check()
    assert (
        page.evaluate("Object.values(debatemap.network.body.nodes).filter(n => n.options.hidden).length") == 0
    )


def test_clicking_a_node_on_the_canvas_shows_its_quote(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url)
    page.evaluate("debatemap.network.moveTo({position: debatemap.network.getPosition('a'), scale: 1})")
    point = page.evaluate("debatemap.network.canvasToDOM(debatemap.network.getPosition('a'))")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("debatemap.network.getSelectedNodes()[0] === 'a'")
    assert graph.nodes["a"]["quote"] in str(page.locator("#details blockquote").text_content())
    assert "A source" in str(page.locator("#details cite").text_content())


def test_deep_link_opens_with_the_node_selected(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url + "#node=h2")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == ["h2"]
    assert details_title(page) == graph.nodes["h2"]["title"]
    assert "Dr. Speaker" in str(page.locator("#details").text_content())
    page.evaluate("location.hash = '#node=t'")
    page.wait_for_function("debatemap.network.getSelectedNodes()[0] === 't'")


def test_markup_in_yaml_shows_as_text_and_runs_nothing(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url + "#node=xss")
    page.mouse.move(300, 300)
    browser_support.settle(page)
    assert details_title(page) == XSS_TITLE
    assert XSS_QUOTE in str(page.locator("#details blockquote").text_content())
    assert "<img src=x onerror=window.__pwned=5>" in str(page.locator("#details cite").text_content())
    assert "Health </script>" in str(page.locator("#filter-perspective").text_content())
    assert page.locator("#outline a[href='#node=xss']").text_content() == XSS_TITLE
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, #details b, #filter-perspective b').length") == 0
    assert page.errors == []


def test_focus_mode_and_reset(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url + "#node=b")
    page.locator("#focus").check()
    visible = "() => debatemap.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"
    near = {"b"} | set(graph.successors("b")) | set(graph.predecessors("b"))
    assert page.evaluate(visible) == sorted(near)
    page.locator("#hops").fill("2")
    assert len(page.evaluate(visible)) > len(near)
    page.locator("#reset").click()
    assert page.evaluate(visible) == sorted(graph.nodes)
    assert page.evaluate("debatemap.network.getSelectedNodes()") == []


def test_outline_link_selects_on_the_map(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url)
    page.locator("#outline-box summary").click()
    page.locator("#outline a[href='#node=a']").first.click()
    assert page.evaluate("debatemap.network.getSelectedNodes()") == ["a"]


def test_missing_chromium_skips_locally_but_fails_in_ci(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        browser_support._unavailable("no chromium")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        browser_support._unavailable("no chromium")
