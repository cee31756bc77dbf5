"""Pointing at a line says what it claims: "A" supports "B" (read from the drawn page)."""

from __future__ import annotations

from typing import Any

import pytest

import browser_support
import test_browser_drag
import test_browser_geometry
from test_browser_drag import ON_SCREEN
from test_browser_geometry import open_map

pytestmark = pytest.mark.browser
browser = browser_support.browser
new_page = browser_support.new_page
wide_page = test_browser_drag.wide_page  # the fixture: the 14-argument map, whole in view
joins = test_browser_geometry.joins  # the fixture: the premise-group and undercut example map


def point_on(page: Any, source: str, target: str, points: list[list[float]] | None = None) -> list[float]:
    """The middle of the longest run of the drawn link ``source -> target`` (or of ``points``),
    brought to the middle of the screen at full size."""
    if points is None:
        points = page.evaluate("([a, b]) => debatemap.linkPoint(a, b)", [source, target])
    runs = list(zip(points, points[1:], strict=False))
    p, q = max(runs, key=lambda r: abs(r[1][0] - r[0][0]) + abs(r[1][1] - r[0][1]))
    middle = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]
    page.evaluate(
        "([x, y]) => debatemap.network.moveTo({position: {x: x, y: y}, scale: 1, animation: false})", middle
    )
    page.wait_for_timeout(100)
    return page.evaluate(ON_SCREEN, middle)


def tip(page: Any) -> tuple[str, str]:
    page.wait_for_timeout(150)
    text, shown = page.evaluate(
        "() => { const t = document.getElementById('line-tip'); return [t.textContent, t.style.visibility]; }"
    )
    return text, shown


def title(graph: Any, ident: str) -> str:
    return "\u201c" + graph.nodes[ident]["title"] + "\u201d"


@pytest.mark.parametrize(("source", "target"), [("fan5", "top2"), ("top1", "t")])
def test_a_line_pointed_at_says_who_supports_or_opposes_whom(wide_page, source, target) -> None:  # type: ignore[no-untyped-def]
    graph, page = wide_page
    x, y = point_on(page, source, target)
    page.mouse.move(x, y)
    relation = graph.edges[source, target]["relation"]
    assert tip(page) == (f"{title(graph, source)} {relation} {title(graph, target)}", "visible")
    page.mouse.move(x, y - 400)  # away from every line: the tip goes
    page.mouse.move(5, 5)
    text, shown = tip(page)
    assert shown != "visible" or not text
    assert page.errors == []


def test_a_premise_group_and_an_undercut_say_what_they_claim(new_page, joins) -> None:  # type: ignore[no-untyped-def]
    graph, url = joins
    page = open_map(new_page, url)
    lines = page.evaluate("debatemap.lines()")
    cut = next(x for x in lines if x["kind"] == "undercut")
    relation = graph.edges[cut["reason"], cut["to"]]["relation"]
    page.mouse.move(*point_on(page, cut["from"], cut["to"], cut["points"]))
    said = f"{title(graph, cut['from'])} undercuts the link: {title(graph, cut['reason'])} {relation} "
    assert tip(page) == (said + title(graph, cut["to"]), "visible")
    joined = next(x for x in lines if x["kind"] == "group" and x["junction"])
    group = graph.graph["groups"][joined["group"]]
    page.mouse.move(*point_on(page, joined["from"], joined["to"], joined["points"]))
    members = " and ".join(title(graph, m) for m in group["members"])
    verb = "support" if group["relation"] == "supports" else "oppose"
    assert tip(page) == (f"{members}, together, {verb} {title(graph, group['target'])}", "visible")
    assert page.errors == []
