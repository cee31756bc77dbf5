"""The interactive map page, without a browser: escaping, embedded data, determinism, CSP, layout."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from conftest import ARGUMENT
from debatemap.render.map import layout as layout_mod
from debatemap.render.map.page import render_map, script_json
from map_support import XSS_QUOTE, XSS_TITLE, graph_of, hostile_map

REPO = Path(__file__).resolve().parent.parent


class PageParts(HTMLParser):
    """Collects scripts (with their attributes), the CSP and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.handlers: list[str] = []  # on* event-handler attributes
        self.csp: str | None = None
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers.extend(name for name, _ in attrs if name.startswith("on"))
        named = dict(attrs)
        for name in ("src", "href", "action", "data", "poster", "srcset"):
            if named.get(name) is not None:
                self.urls.append(str(named[name]))
        if tag == "meta" and (named.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = named.get("content")
        if tag == "script":
            self._script, self._text = named, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def parts(page: str) -> PageParts:
    parser = PageParts()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture
def hostile(make_map):  # type: ignore[no-untyped-def]
    graph = graph_of(hostile_map(make_map))
    return graph, render_map(graph)


def embedded_data(page: str) -> dict:  # type: ignore[type-arg]
    (script,) = [text for attrs, text in parts(page).scripts if attrs.get("type") == "application/json"]
    return json.loads(script)


def test_script_json_escapes_markup_characters() -> None:
    text = script_json({"t": "</script><!-- & >"})
    assert not set("<>&") & set(text)
    assert json.loads(text) == {"t": "</script><!-- & >"}


def test_hostile_text_never_ends_a_script_or_becomes_a_tag(hostile) -> None:  # type: ignore[no-untyped-def]
    graph, page = hostile
    # Only our three script elements close; no YAML text opened or closed one.
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 3
    assert [attrs.get("type") for attrs, _ in parts(page).scripts] == ["application/json", None, None]
    for raw in (
        XSS_TITLE,
        "<img src=x onerror=window.__pwned=5>",
        "<b onmouseover",
        "<script>window.__pwned=4",
    ):
        assert raw not in page
    # The outline shows the hostile title as escaped text.
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in page
    assert "img" not in parts(page).tags and not parts(page).handlers


def test_json_block_holds_the_graph(hostile) -> None:  # type: ignore[no-untyped-def]
    graph, page = hostile
    data = embedded_data(page)
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    by_id = {n["id"]: n for n in data["nodes"]}
    for ident, attrs in graph.nodes(data=True):
        for key in ("kind", "title", "text", "perspective", "source", "quote", "question", "speaker"):
            assert by_id[ident].get(key) == (attrs[key] or None), (ident, key)
        assert by_id[ident].get("tags", []) == attrs["tags"]
    assert by_id["xss"]["title"] == XSS_TITLE and by_id["xss"]["quote"] == XSS_QUOTE
    edges = {(e["from"], e["to"], e["relation"]) for e in data["edges"]}
    assert edges == {(a, b, r) for a, b, r in graph.edges(data="relation")}
    assert {p["id"]: p["count"] for p in data["perspectives"]} == {"health": 2, "legal": 2}
    assert data["sources"]["s2"]["title"] == "<img src=x onerror=window.__pwned=5>"


def test_same_graph_gives_byte_identical_pages(make_map) -> None:  # type: ignore[no-untyped-def]
    root = hostile_map(make_map)
    first, second = render_map(graph_of(root)), render_map(graph_of(root))
    assert first.encode("utf-8") == second.encode("utf-8")


def test_page_loads_nothing_from_anywhere(hostile) -> None:  # type: ignore[no-untyped-def]
    _, page = hostile
    found = parts(page)
    assert not [u for u in found.urls if not u.startswith("#")], found.urls
    assert not {"link", "iframe", "img", "object", "embed"} & set(found.tags)
    assert not [attrs for attrs, _ in found.scripts if "src" in attrs]
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "sourceMappingURL" not in page


def test_csp_allows_exactly_the_inline_scripts(hostile) -> None:  # type: ignore[no-untyped-def]
    _, page = hostile
    found = parts(page)
    assert found.csp is not None
    policy = dict(d.strip().split(" ", 1) for d in found.csp.split(";"))
    assert policy["default-src"] == "'none'"
    executable = [text for attrs, text in found.scripts if attrs.get("type") is None]
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in executable
    }
    assert set(policy["script-src"].split()) == hashes
    assert "unsafe" not in found.csp and "http" not in found.csp


def test_strength_is_optional_and_embedded_when_given(make_map) -> None:  # type: ignore[no-untyped-def]
    graph = graph_of(make_map())
    plain = embedded_data(render_map(graph))
    assert all("strength" not in n for n in plain["nodes"]) and plain["style"]["strength"] is False
    strong = embedded_data(render_map(graph, strength={"a": 0.25, "t": 0.625}))
    assert {n["id"]: n["strength"] for n in strong["nodes"]} == {"a": 0.25, "t": 0.625}


# ---- layout ------------------------------------------------------------------------------


def random_map(n: int, seed: int) -> nx.DiGraph:
    """Theses and arguments that each argue about an earlier node, plus some cross-links."""
    import random

    rng = random.Random(seed)
    graph = nx.DiGraph()
    for i in range(n):
        graph.add_node(f"n{i}", kind="thesis" if i % 25 == 0 else "argument")
        if i % 25:
            graph.add_edge(
                f"n{i}", f"n{rng.randrange(i - i % 25, i)}", relation=rng.choice(["supports", "opposes"])
            )
            if rng.random() < 0.2:
                target = f"n{rng.randrange(0, i)}"
                if not graph.has_edge(f"n{i}", target):
                    graph.add_edge(f"n{i}", target, relation="opposes")
    return graph


def boxes_overlap(layout: layout_mod.Layout) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes, at the sizes the layout made room for, intersect."""
    positions = layout.positions

    def box(n: str) -> tuple[float, float, float, float]:
        x, y = positions[n]
        width, height = layout.sizes[n]
        assert width >= layout_mod.ARGUMENT_WIDTH and height >= 30
        return x - width / 2, x + width / 2, y - height / 2, y + height / 2

    nodes = sorted(positions, key=lambda n: positions[n])
    clashes = []
    for i, a in enumerate(nodes):
        ax0, ax1, ay0, ay1 = box(a)
        for b in nodes[i + 1 :]:
            bx0, bx1, by0, by1 = box(b)
            if bx0 >= ax1:
                break  # sorted by x centre; wider thesis boxes are checked from both sides below
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                clashes.append((a, b))
    return clashes


def test_layout_places_every_node_without_overlap_and_theses_on_top() -> None:
    graph = random_map(600, seed=3)
    result = layout_mod.compute_layout(graph)
    assert set(result.positions) == set(graph)
    assert not boxes_overlap(result)
    for node, parent in result.parent.items():
        if parent is not None:
            assert graph.has_edge(node, parent)
            assert result.positions[node][1] > result.positions[parent][1]
    theses = [n for n in graph if graph.nodes[n]["kind"] == "thesis"]
    # The brief's order: the most claims reaching a thesis first, ties by id.
    assert result.roots[:24] == sorted(theses, key=lambda t: (-len(nx.ancestors(graph, t)), t))


def test_layout_is_deterministic_and_ignores_insertion_order() -> None:
    graph = random_map(300, seed=5)
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(data=True))))
    assert layout_mod.compute_layout(graph).positions == layout_mod.compute_layout(shuffled).positions


def test_layout_copes_with_long_chains_cycles_and_no_thesis() -> None:
    graph = nx.DiGraph()
    for i in range(5000):  # deeper than Python's recursion limit
        graph.add_node(f"c{i}", kind="argument")
        if i:
            graph.add_edge(f"c{i}", f"c{i - 1}", relation="supports")
    graph.add_node("x", kind="argument")
    graph.add_node("y", kind="argument")
    graph.add_edge("x", "y", relation="opposes")
    graph.add_edge("y", "x", relation="opposes")
    result = layout_mod.compute_layout(graph)
    assert set(result.positions) == set(graph)
    assert "c0" in result.roots and ("x" in result.roots) != ("y" in result.roots)
    page = render_map(graph)  # the outline must not recurse 5000 deep either
    assert page.count("<li>") == graph.number_of_nodes()


# ---- the build command ----------------------------------------------------------------------


def test_build_writes_the_map_and_refuses_a_broken_map(make_map, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_map()
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "debatemap", "build", str(root), "-o", str(out)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (out / "debate_map.html").read_text(encoding="utf-8")
    assert {n["id"] for n in embedded_data(page)["nodes"]} == {"t", "a"}
    assert str(out / "debate_map.html") in done.stdout

    broken = make_map({"legal/a.yaml": ARGUMENT.replace("supports: [t]", "supports: [nowhere]")})
    out2 = tmp_path / "out2"
    done = subprocess.run([sys.executable, "-m", "debatemap", "build", str(broken), "-o", str(out2)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 1 and "DM014" in done.stdout
    assert not out2.exists()
