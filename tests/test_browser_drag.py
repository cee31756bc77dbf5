"""Lines stay honest after the reader moves boxes: once a drag ends, no line passes through a box
it does not join (the moved links are routed around the boxes near them), read from the drawn page."""

from __future__ import annotations

from typing import Any

import pytest

import browser_support
import geometry_support
from map_support import graph_of
from test_browser_geometry import open_map, page_of, wide_claim_files

pytestmark = pytest.mark.browser
browser = browser_support.browser
new_page = browser_support.new_page

WHERE = """(id) => {
  const net = debatemap.network, n = net.body.nodes[id];
  return {x: n.x, y: n.y, w: n.shape.width, h: n.shape.height};
}"""
ON_SCREEN = """([x, y]) => {
  const net = debatemap.network, r = net.body.container.getBoundingClientRect();
  const p = net.canvasToDOM({x: x, y: y});
  return [r.left + p.x, r.top + p.y];
}"""


def drag(page: Any, ident: str, to: tuple[float, float]) -> None:
    """Drag a box with the mouse, as a reader does, so that its centre ends at ``to`` (canvas px)."""
    at = page.evaluate(WHERE, ident)
    start = page.evaluate(ON_SCREEN, [at["x"], at["y"]])
    end = page.evaluate(ON_SCREEN, [to[0], to[1]])
    page.mouse.move(start[0], start[1])
    page.mouse.down()
    page.mouse.move(end[0], end[1], steps=12)
    page.mouse.up()
    page.wait_for_timeout(200)
    moved = page.evaluate(WHERE, ident)
    assert abs(moved["x"] - to[0]) < 40 and abs(moved["y"] - to[1]) < 40, "the drag did not move the box"


def false_lines(page: Any) -> list[str]:
    page.evaluate("debatemap.network.redraw()")
    boxes, lines = geometry_support.measure(page)
    return geometry_support.false_links(boxes, lines)


@pytest.fixture
def wide_page(new_page, make_map, tmp_path):  # type: ignore[no-untyped-def]
    graph = graph_of(make_map(wide_claim_files()))
    page = open_map(new_page, page_of(graph, tmp_path))
    page.evaluate("debatemap.network.fit({animation: false})")
    page.wait_for_timeout(100)
    return graph, page


def test_a_box_dragged_under_a_neighbour_has_its_line_routed_around_it(wide_page) -> None:  # type: ignore[no-untyped-def]
    graph, page = wide_page
    fans = sorted((page.evaluate(WHERE, f"fan{i}")["x"], f"fan{i}") for i in range(14))
    moved, under = fans[0][1], fans[6][1]  # the leftmost argument, put right under one in the middle
    below = page.evaluate(WHERE, under)
    assert false_lines(page) == []
    drag(page, moved, (below["x"], below["y"] + below["h"] + 160))
    # Its line up to its claim would run straight up through the box above it: it goes around.
    assert false_lines(page) == []
    line = next(x for x in page.evaluate("debatemap.lines()") if x["from"] == moved and x["to"] == "top0")
    assert len(line["points"]) >= 3
    assert page.errors == []


def test_a_cross_link_dragged_across_the_map_goes_around_the_boxes(wide_page) -> None:  # type: ignore[no-untyped-def]
    graph, page = wide_page
    assert graph.has_edge("fan5", "top2")
    far = min(page.evaluate(WHERE, f"fan{i}")["x"] for i in range(14)) - 400
    row = page.evaluate(WHERE, "fan0")
    drag(page, "fan5", (far, row["y"]))  # left of the whole fan: its cross-link to top2 spans it
    assert false_lines(page) == []
    drag(page, "fan5", (far, row["y"] + 20))  # and again: the lines follow the box each time
    assert false_lines(page) == []
    assert page.errors == []


def test_an_undercutter_dragged_away_keeps_its_line_clear_of_other_boxes(new_page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An undercut's line ends on the link it attacks; dragged across the map, it goes around."""
    from test_browser_geometry import REPO

    graph = graph_of(REPO / "arguments")
    cut = graph.graph["undercuts"][0]
    page = open_map(new_page, page_of(graph, tmp_path))
    page.evaluate("debatemap.network.fit({animation: false})")
    page.wait_for_timeout(100)
    assert false_lines(page) == []
    source, target = page.evaluate(WHERE, cut["source"]), page.evaluate(WHERE, cut["target"])
    # Far below the attacked claim's row, under the boxes of its tree: a straight line crosses them.
    to = (target["x"] + 40, target["y"] + 700)
    middle = [(source["x"] + to[0]) / 2, (source["y"] + to[1]) / 2]
    page.evaluate(
        "([x, y]) => debatemap.network.moveTo({position: {x: x, y: y}, scale: 0.3, animation: false})", middle
    )
    page.wait_for_timeout(100)
    drag(page, cut["source"], to)
    lines = [x for x in page.evaluate("debatemap.lines()") if x["kind"] == "undercut"]
    assert any(x["from"] == cut["source"] for x in lines)
    assert false_lines(page) == []
    assert page.errors == []
