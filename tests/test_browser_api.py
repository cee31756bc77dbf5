"""window.debatemap for code that drives the page (serve's live updates), and large maps drawn in steps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import browser_support
from debatemap.render.map.page import render_map
from debatemap.render.map.records import LARGE_MAP
from map_support import graph_of, hostile_map

pytestmark = pytest.mark.browser
browser = browser_support.browser
new_page = browser_support.new_page
REPO = Path(__file__).resolve().parent.parent


def open_map(new_page, url: str) -> Any:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 1400, "height": 900})
    page.goto(url)
    page.wait_for_function("window.debatemap && window.debatemap.drawn", timeout=60000)
    return page


@pytest.fixture
def built(make_map, tmp_path):  # type: ignore[no-untyped-def]
    graph = graph_of(hostile_map(make_map))
    page_file = tmp_path / "debate_map.html"
    page_file.write_text(render_map(graph), encoding="utf-8")
    return graph, page_file.as_uri()


def test_refresh_makes_the_same_outline_as_the_page_ships(new_page, built) -> None:  # type: ignore[no-untyped-def]
    _, url = built
    page = open_map(new_page, url)
    shipped = page.evaluate("document.getElementById('outline').innerHTML.trim()")
    assert shipped.count("<li>") == 5  # t, a, b, xss, h2
    page.evaluate("debatemap.refresh(debatemap.data)")
    assert page.evaluate("document.getElementById('outline').innerHTML.trim()") == shipped


def test_refresh_replaces_the_data_and_keeps_view_filters_and_selection(new_page, built) -> None:  # type: ignore[no-untyped-def]
    graph, url = built
    page = open_map(new_page, url + "#node=b")
    page.locator("#filter-kind label", has_text="definitions").locator("input").uncheck()
    page.evaluate("debatemap.network.moveTo({position: {x: 123, y: 45}, scale: 0.9})")
    page.evaluate(
        """() => {
        const plain = (k, v) => k === 'out' || k === 'into' ? undefined : v;
        const next = JSON.parse(JSON.stringify(debatemap.data, plain));
        next.nodes = next.nodes.filter(n => n.id !== 'xss');
        next.edges = next.edges.filter(e => e.from !== 'xss' && e.to !== 'xss');
        next.nodes.find(n => n.id === 'b').title = 'Retitled while open';
        next.nodes.push({id: 'new', kind: 'argument', title: 'A new argument', perspective: 'legal',
                         x: 0, y: 600});
        next.edges.push({from: 'new', to: 'b', relation: 'opposes', tree: true});
        debatemap.refresh(next);
    }"""
    )
    view = page.evaluate("debatemap.network.getViewPosition()")
    assert view == pytest.approx({"x": 123, "y": 45})
    assert page.evaluate("debatemap.network.getScale()") == pytest.approx(0.9)
    assert page.evaluate("debatemap.network.getSelectedNodes()") == ["b"]
    assert page.locator("#details h2").text_content() == "Retitled while open"
    assert "A new argument" in str(page.locator("#details").text_content())  # b is now opposed by it
    ids = page.evaluate("debatemap.nodes.getIds().sort()")
    assert ids == sorted((set(graph.nodes) - {"xss"}) | {"new"})
    assert page.evaluate("debatemap.edges.get('new>b').to") == "b"
    assert page.evaluate("debatemap.edges.get('xss>a')") is None
    outline = page.locator("#outline")
    assert outline.locator("a[href='#node=xss']").count() == 0
    assert outline.locator("a[href='#node=new']").text_content() == "A new argument"
    hidden = page.evaluate("debatemap.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert hidden == ["h2"]  # the definitions filter still applies
    assert page.locator("#filter-kind label", has_text="arguments").locator(".count").text_content() == "3"
    page.evaluate(
        "debatemap.refresh(Object.assign({}, debatemap.data,"
        " {nodes: debatemap.data.nodes.filter(n => n.id !== 'b'),"
        " edges: debatemap.data.edges.filter(e => e.from !== 'b' && e.to !== 'b')}))"
    )
    assert page.evaluate("debatemap.network.getSelectedNodes()") == []  # the selected claim is gone
    assert page.errors == []


@pytest.fixture(scope="module")
def large(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("large") / "map"
    size = LARGE_MAP + 500
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(size), str(root), "--seed", "3"]
    subprocess.run(generate, check=True, capture_output=True)
    graph = graph_of(root)
    page_file = root.parent / "debate_map.html"
    page_file.write_text(render_map(graph), encoding="utf-8")
    return graph, page_file.as_uri()


def test_a_large_map_draws_its_first_view_then_all_of_it(new_page, large) -> None:  # type: ignore[no-untyped-def]
    graph, url = large
    page = new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(
        "document.addEventListener('debatemap:drawn',"
        " () => { window.__atFirstDraw = debatemap.nodes.length; });"
    )
    page.goto(url)
    page.wait_for_function("window.debatemap && debatemap.drawn && debatemap.complete()", timeout=60000)
    first = page.evaluate("window.__atFirstDraw")
    assert 0 < first < graph.number_of_nodes() / 4  # only what the first view shows, and its margin
    assert page.evaluate("debatemap.nodes.length") == graph.number_of_nodes()
    drawn = page.evaluate("debatemap.edges.get().map(e => [e.from, e.to])")
    assert sorted(map(tuple, drawn)) == sorted(graph.edges)
    assert page.errors == []


def test_a_deep_link_far_from_the_start_of_a_large_map_is_selected_and_shown(new_page, large) -> None:  # type: ignore[no-untyped-def]
    graph, url = large
    data = json.loads(Path(url[len("file://"):]).read_text(encoding="utf-8").split('id="debatemap-data">')[1]
                      .split("</script>")[0])  # fmt: skip
    far = max(data["nodes"], key=lambda n: n["x"] + n["y"])["id"]
    page = open_map(new_page, f"{url}#node={far}")
    assert page.evaluate("debatemap.network.getSelectedNodes()") == [far]
    assert page.evaluate(f"debatemap.nodes.get({far!r}) !== null")
    where = page.evaluate(f"debatemap.network.canvasToDOM(debatemap.network.getPosition({far!r}))")
    the_map = page.locator("#map").bounding_box()
    assert 0 < where["x"] < the_map["width"] and 0 < where["y"] < the_map["height"]
    assert page.locator("#details h2").text_content() == graph.nodes[far]["title"]
