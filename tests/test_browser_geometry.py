"""The drawn map shows only links that exist: geometry read from the page in headless Chromium.

Every test here reads the boxes as vis-network drew them and the lines as the page
stroked them (``geometry_support``), so it fails on a line passing behind a box it
does not connect, or on two boxes overlapping, whatever the layout meant to do.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import browser_support
import geometry_support
from debatemap.graph.strength import dfquad_strength
from debatemap.render.map.layout import compute_layout
from debatemap.render.map.page import render_map
from map_support import graph_of

pytestmark = pytest.mark.browser
browser = browser_support.browser
new_page = browser_support.new_page
REPO = Path(__file__).resolve().parent.parent
DESKTOP, PHONE = (1400, 900), (390, 844)


def wide_claim_files(count: int = 14) -> dict[str, str | None]:
    """A thesis with three arguments, one of which has ``count`` arguments of its own (a wide
    fan, the case that used to wrap into rows), and cross-links into and across the fan."""
    files: dict[str, str | None] = {}
    if not count:
        return files

    def node(ident: str, title: str, perspective: str, links: str) -> str:
        return (
            f"id: {ident}\nkind: argument\ntitle: {title}\ntext: A reason.\nperspective: {perspective}\n"
            f'source: s1\nquote: "A quoted sentence."\n{links}'
        )

    for i in range(3):
        relation = "opposes" if i == 1 else "supports"
        title = f"Top-level reason number {i} about uniforms and brand bullying"
        files[f"legal/top{i}.yaml"] = node(f"top{i}", title, "legal", f"{relation}: [t]\n")
    for i in range(count):
        links = "opposes: [top0]\n" if i % 3 == 0 else "supports: [top0]\n"
        if i in (5, count - 1):
            links = "supports: [top0, top2]\nopposes: [fan0]\n" if i == 5 else links + "opposes: [fan0]\n"
        title = f"Students would rather wear their own clothes, reason {i}"
        files[f"health/fan{i}.yaml"] = node(f"fan{i}", title, "health", links)
    return files


def page_of(graph: Any, folder: Path) -> str:
    page_file = folder / "debate_map.html"
    page_file.write_text(render_map(graph, strength=dfquad_strength(graph)), encoding="utf-8")
    return page_file.as_uri()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):  # type: ignore[no-untyped-def]
    graph = graph_of(REPO / "arguments")
    return graph, page_of(graph, tmp_path_factory.mktemp("shipped"))


@pytest.fixture
def wide(make_map, tmp_path):  # type: ignore[no-untyped-def]
    graph = graph_of(make_map(wide_claim_files()))
    return graph, page_of(graph, tmp_path)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A generated map of 300 nodes (several theses, cross-links between trees)."""
    root = tmp_path_factory.mktemp("generated") / "map"
    command = [sys.executable, str(REPO / "benchmarks" / "generate.py"), "300", str(root), "--seed", "7"]
    subprocess.run(command, check=True, capture_output=True)
    graph = graph_of(root)
    return graph, page_of(graph, root.parent)


def open_map(new_page, url: str, size: tuple[int, int] = DESKTOP) -> Any:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    page.wait_for_function(
        "window.debatemap && window.debatemap.drawn && window.debatemap.complete()", timeout=60000
    )
    return page


def assert_honest(page: Any, graph: Any) -> list[dict[str, Any]]:
    page.evaluate("debatemap.network.fit({animation: false})")  # every box measured and drawn
    page.wait_for_timeout(100)
    boxes, lines = geometry_support.measure(page)
    assert set(boxes) == set(graph.nodes)
    groups = graph.graph.get("groups") or {}
    joined = sum(len(groups[key]["members"]) for key in compute_layout(graph).junctions)
    plain = [line for line in lines if line["kind"] == "link"]
    assert len(plain) == graph.number_of_edges() - joined  # every link drawn, a group's as one
    assert geometry_support.overlaps(boxes) == []
    assert geometry_support.false_links(boxes, lines) == []
    assert page.errors == []
    return list(lines)


def test_no_line_crosses_a_box_it_does_not_connect_on_the_shipped_map(new_page, shipped) -> None:  # type: ignore[no-untyped-def]
    graph, url = shipped
    assert_honest(open_map(new_page, url), graph)


def test_a_claim_with_fourteen_arguments_gets_unambiguous_lines(new_page, wide) -> None:  # type: ignore[no-untyped-def]
    graph, url = wide
    assert graph.in_degree("top0") == 14
    page = open_map(new_page, url)
    assert_honest(page, graph)
    lines = {(line["from"], line["to"]): line for line in page.evaluate("debatemap.lines()")}
    assert not lines[("fan5", "top2")]["tree"]  # the cross-link is drawn, along its route
    assert len(lines[("fan5", "top2")]["points"]) >= 4


def test_a_generated_map_of_three_hundred_claims_has_no_false_line(new_page, generated) -> None:  # type: ignore[no-untyped-def]
    graph, url = generated
    assert_honest(open_map(new_page, url), graph)


def test_boxes_are_drawn_as_wide_as_the_layout_spaced_them(new_page, shipped) -> None:  # type: ignore[no-untyped-def]
    graph, url = shipped
    page = open_map(new_page, url)
    page.evaluate("debatemap.network.fit({animation: false})")
    page.wait_for_timeout(100)
    boxes, _ = geometry_support.measure(page)
    sizes = compute_layout(graph, dfquad_strength(graph)).sizes  # as the page was made
    for ident, (left, top, right, bottom) in boxes.items():
        width, height = sizes[ident]
        assert right - left <= width and bottom - top <= height, ident
        if graph.nodes[ident]["kind"] == "argument":
            assert abs((right - left) - 206) < 2  # the label area and vis-network's margins, as spaced


# ---- the first view ------------------------------------------------------------------------


def view_of(page: Any, ident: str) -> dict[str, float]:
    """The box of ``ident`` on screen (DOM px within the map), the map's size and the scale."""
    return page.evaluate(
        """id => { const net = debatemap.network, n = net.body.nodes[id];
        const w = n.shape.width / 2, h = n.shape.height / 2;
        const a = net.canvasToDOM({x: n.x - w, y: n.y - h}), c = net.canvasToDOM({x: n.x + w, y: n.y + h});
        const map = document.getElementById('map');
        return {left: a.x, top: a.y, right: c.x, bottom: c.y, width: map.clientWidth,
                height: map.clientHeight, scale: net.getScale()}; }""",
        ident,
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_map_opens_on_the_central_question_whole_and_readable(new_page, shipped, size) -> None:  # type: ignore[no-untyped-def]
    graph, url = shipped
    central = compute_layout(graph).roots[0]
    assert central == "treat-sex-work-and-trafficking-as-distinct"
    page = open_map(new_page, url, size)
    assert graph.nodes[central]["question"] in str(page.locator("h1").text_content())
    seen = view_of(page, central)
    assert seen["left"] >= 0 and seen["top"] >= 0, seen
    assert seen["right"] <= seen["width"] and seen["bottom"] <= seen["height"], seen
    assert 20 * seen["scale"] >= 14  # the thesis's title at 14 px or more


@pytest.mark.parametrize(("files", "size"), [(2, DESKTOP), (0, PHONE)], ids=["desktop", "phone"])
def test_a_small_map_opens_whole_and_uncropped(new_page, make_map, tmp_path, files, size) -> None:  # type: ignore[no-untyped-def]
    graph = graph_of(make_map(wide_claim_files(files) if files else {}))
    page = open_map(new_page, page_of(graph, tmp_path), size)
    for ident in graph:
        seen = view_of(page, ident)
        assert seen["left"] >= 0 and seen["top"] >= 0, (ident, seen)
        assert seen["right"] <= seen["width"] and seen["bottom"] <= seen["height"], (ident, seen)


# ---- the overview ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_whole_map_names_every_question_and_no_label_is_drawn_illegibly(new_page, shipped, size) -> None:  # type: ignore[no-untyped-def]
    graph, url = shipped
    page = open_map(new_page, url, size)
    page.locator("#fit").click()
    page.wait_for_timeout(150)  # the next frame
    labels = page.evaluate("debatemap.overviewLabels()")
    by_id = {label["id"]: label for label in labels}
    theses = [n for n, kind in graph.nodes(data="kind") if kind == "thesis"]
    width, height = page.evaluate("(m => [m.clientWidth, m.clientHeight])(document.getElementById('map'))")
    for thesis in theses:  # which tree is which question, on screen
        assert thesis in by_id, thesis
        words = by_id[thesis]["text"].rstrip("\u2026")
        assert len(words) >= 12 and graph.nodes[thesis]["question"].startswith(words)
        left, top, right, bottom = by_id[thesis]["box"]
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, (thesis, by_id[thesis]["box"])
    assert all(label["px"] >= 12 for label in labels)
    boxes = [label["box"] for label in labels]
    assert not [
        (a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]  # fmt: skip
    legible_or_hidden = """() => { const net = debatemap.network, s = net.getScale();
        return net.body.nodeIndices.filter(id => { const n = net.body.nodes[id];
            return n.labelModule.visible() && n.labelModule.fontOptions.size * s < 9; }); }"""
    for scale in (0.05, 0.2, 0.4, 0.6, 0.9):
        page.evaluate(f"debatemap.network.moveTo({{scale: {scale}, animation: false}})")
        page.wait_for_timeout(150)
        assert page.evaluate(legible_or_hidden) == [], scale  # vis-network draws no label under 9 px
        shown = page.evaluate("debatemap.overviewLabels()")
        if scale < 0.6:
            assert shown, scale  # ... and the overview labels take over while boxes are small
        # Importance first: no argument is labelled while a thesis in view is not.
        kinds = [graph.nodes[label["id"]]["kind"] for label in shown]
        if "thesis" in kinds:
            assert kinds.index("thesis") == 0


# ---- premise groups and undercuts (issue 19) ---------------------------------------------------


@pytest.fixture(scope="module")
def joins(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The model's example map of premise groups and undercuts."""
    graph = graph_of(REPO / "tests" / "maps" / "groups_undercuts")
    assert graph.graph["groups"] and graph.graph["undercuts"]
    return graph, page_of(graph, tmp_path_factory.mktemp("joins"))


def _distance(point: list[float], path: list[list[float]]) -> float:
    """How far ``point`` is from the polyline ``path``."""
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(path, path[1:], strict=False):
        dx, dy = x2 - x1, y2 - y1
        t = (
            0.0
            if not (dx or dy)
            else max(0.0, min(1.0, ((point[0] - x1) * dx + (point[1] - y1) * dy) / (dx * dx + dy * dy)))
        )
        best = min(best, ((point[0] - x1 - t * dx) ** 2 + (point[1] - y1 - t * dy) ** 2) ** 0.5)
    return best


def test_a_premise_group_is_drawn_as_one_reason_and_an_undercut_ends_on_its_link(new_page, joins) -> None:  # type: ignore[no-untyped-def]
    graph, url = joins
    page = open_map(new_page, url)
    lines = assert_honest(page, graph)  # no false line with groups and undercuts either
    for key, group in graph.graph["groups"].items():
        parts = [line for line in lines if line.get("group") == key]
        reasons = [line for line in parts if line["junction"]]
        assert len(reasons) == 1 and reasons[0]["to"] == group["target"]  # ONE line to the conclusion
        assert not [
            line for line in lines if line["kind"] == "link" and line["from"] in group["members"]
            and line["to"] == group["target"]
        ]  # fmt: skip
        stubs = {line["from"] for line in parts if len(line["ends"]) == 1}
        assert stubs == set(group["members"])  # every member joins the bar
        junction = reasons[0]["points"][0]
        bar = [line for line in parts if len(line["ends"]) == len(group["members"])][0]["points"]
        assert _distance(junction, bar) < 1  # ... at the junction, on the bar
    for cut in graph.graph["undercuts"]:
        drawn = [
            line for line in lines if line["kind"] == "undercut" and line["from"] == cut["source"]
            and line["reason"] == cut["reason"]
        ]  # fmt: skip
        assert len(drawn) == 1
        link = page.evaluate("([a, b]) => debatemap.linkPoint(a, b)", [cut["reason"], cut["target"]])
        assert _distance(drawn[0]["points"][-1], link) < 1.5  # it ends ON the link it attacks


def test_an_undercut_of_a_cross_link_is_routed_around_boxes(new_page, make_map, tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = wide_claim_files()  # fan5 -> top2 is a cross-link, from the fan's row up to the row above
    for name, links in (("cut-above", "opposes: [t]\n"), ("cut-below", "supports: [fan9]\n")):
        files[f"legal/{name}.yaml"] = (
            f"id: {name}\nkind: argument\ntitle: The fan's reason does not bear on the top reason\n"
            f'text: A reason.\nperspective: legal\nsource: s1\nquote: "A quoted sentence."\n{links}'
            "undercuts:\n  - from: fan5\n    to: top2\n"
        )
    graph = graph_of(make_map(files))
    assert {cut["source"] for cut in graph.graph["undercuts"]} == {"cut-above", "cut-below"}
    page = open_map(new_page, page_of(graph, tmp_path))
    lines = assert_honest(page, graph)  # the undercuts pass behind no box
    link = next(line["points"] for line in lines if (line["from"], line["to"]) == ("fan5", "top2"))
    for cut in ("cut-above", "cut-below"):
        drawn = [line for line in lines if line["kind"] == "undercut" and line["from"] == cut]
        assert len(drawn) == 1 and len(drawn[0]["points"]) >= 3, drawn  # routed, not one straight stroke
        assert _distance(drawn[0]["points"][-1], link) < 1.5  # ... and it ends ON the cross-link
    assert page.errors == []


def test_the_legend_outline_details_and_focus_know_groups_and_undercuts(new_page, joins) -> None:  # type: ignore[no-untyped-def]
    graph, url = joins
    page = open_map(new_page, url)
    legend = page.locator("#legend-reading").inner_text()
    assert "premise group" in legend and "undercut" in legend
    outline = str(page.locator("#outline").text_content())
    assert "together with" in outline and "undercuts the link" in outline
    cut = sorted(graph.graph["undercuts"], key=lambda c: c["source"])[0]
    page.evaluate("id => debatemap.select(id)", cut["source"])
    details = page.locator("#details").inner_text()
    assert "Undercuts the link" in details and graph.nodes[cut["reason"]]["title"] in details
    page.locator("#focus").check(force=True)
    shown = page.evaluate("debatemap.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert {cut["source"], cut["reason"], cut["target"]} <= set(shown)  # focus follows the undercut
    member = next(iter(graph.graph["groups"].values()))["members"][0]
    page.evaluate("id => debatemap.select(id)", member)
    assert "Together with" in page.locator("#details").inner_text()
    page.evaluate("() => debatemap.refresh(debatemap.data)")  # the outline made again in the page
    assert "undercuts the link" in str(page.locator("#outline").text_content())
    assert page.errors == []
