"""The interactive map: one self-contained, offline HTML page built from the graph.

The page is our own Jinja2 template (autoescaped) around vis-network. The
vis-network script is read at build time from the installed ``pyvis`` package,
which ships it, so no third-party code is committed here; pyvis's own page code
is not used (it loads from CDNs and injects raw HTML). Everything the page
needs is inlined: no request leaves it, and it works from ``file://``.

Untrusted YAML text reaches the page only (a) through Jinja2's autoescape (the
outline) and (b) inside one ``<script type="application/json">`` block whose
``<``, ``>`` and ``&`` are written as ``\\u`` escapes; the page script builds the
DOM with ``textContent`` only. A Content-Security-Policy with the hashes of the
two inline scripts is the backstop: any other script, and any fetch, is refused.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import networkx as nx
from markupsafe import escape

from debatemap.render import layout as layout_mod
from debatemap.render.handout_model import stated
from debatemap.store.records import NODE_TEXT_FIELDS

# Maps above this many nodes hide edges while dragging/zooming (panning at 10,000
# nodes went from 502 ms to 191 ms a frame) and offer no physics toggle.
LARGE_MAP = 1000
PHYSICS_MAX = 500
OUTLINE_DEPTH = 40
VIS_VERSIONS = ("vis-9.1.2", "vis-9.0.4")  # newest first, as shipped by pyvis 0.3.2
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_WEB_URL = re.compile(r"https?://\S+", re.IGNORECASE)  # shown as a link; nothing else is
DEFAULT_TITLE = "Debate map"
SCRIPTS = ("map_core.js", "map_panels.js", "map_keys.js", "map_outline.js")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@functools.lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The standalone vis-network script shipped inside the installed pyvis package.

    Raises
    ------
    RuntimeError
        If pyvis is not installed or no longer ships the script.
    """
    # find_spec locates pyvis without importing it: its __init__ pulls in IPython-era
    # dependencies and cost 0.6 s, more than rendering a 1,000-node map.
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pyvis package (which ships vis-network) is not installed")
    base = Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib"
    for version in VIS_VERSIONS:
        script = base / version / "vis-network.min.js"
        if script.is_file():
            text = script.read_text(encoding="utf-8")
            # The source map is not shipped; a devtools fetch for it would be a request.
            text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
            return _inline_safe(text)
    raise RuntimeError(f"no vis-network.min.js found under {base}; reinstall pyvis")


def _inline_safe(script: str) -> str:
    """Make a script safe inside ``<script>...</script>`` (only ``</script`` can end it)."""
    if "<!--" in script:
        raise RuntimeError("script contains '<!--', which would change how HTML parses it")
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _asset(name: str) -> str:
    return (resources.files("debatemap.render") / "templates" / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_asset),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp_hash(text: str) -> str:
    """The CSP source (``'sha256-...'``) that allows exactly this inline script or style."""
    return _csp_hash(text)


def render_template(name: str, **values: Any) -> str:
    """One of our own templates, autoescaped (``debatemap serve``'s join page uses it)."""
    return _environment().get_template(name).render(**values)


def script_json(value: Any) -> str:
    """JSON for a ``<script>`` data block: ``<``, ``>`` and ``&`` as ``\\u`` escapes.

    >>> script_json({"title": "</script><b>"})
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _node_record(
    graph: nx.DiGraph, ident: str, xy: tuple[int, int], strength: Mapping[str, float] | None
) -> dict[str, Any]:
    """One node as the page sees it; absent fields (None, empty) are left out."""
    attrs = graph.nodes[ident]
    record: dict[str, Any] = {"id": ident, "x": xy[0], "y": xy[1]}
    for key in NODE_TEXT_FIELDS[1:]:  # every text field but the id, already there
        if attrs.get(key):
            record[key] = attrs[key]
    if attrs.get("tags"):
        record["tags"] = list(attrs["tags"])
    status = graph.graph.get("quote_status", {}).get(ident)  # set by build (see cli._common)
    if status is not None:
        record["verified"], record["verification"] = status
    if strength is not None and ident in strength:
        record["strength"] = round(float(strength[ident]), 4)
    return record


def _source_record(source: Mapping[str, Any]) -> dict[str, str]:
    """A source as the page shows it: unknown ("not stated") fields and unsafe URLs left out."""
    record = {k: str(source[k]) for k in ("title", "author", "publisher", "date") if stated(source.get(k))}
    url = " ".join(str(source.get("url") or "").split())
    if _WEB_URL.fullmatch(url):
        record["url"] = url
    return record


def default_title(graph: nx.DiGraph, layout: layout_mod.Layout | None = None) -> str:
    """A title that says what the map is about, from its theses' questions.

    One thesis: its question. Several: the question of the thesis whose tree
    holds the most claims, and how many more questions there are.

    >>> g = nx.DiGraph()
    >>> g.add_node("t", kind="thesis", title="T", question="Is T true?")
    >>> default_title(g)
    'Is T true?'
    """
    theses = sorted(n for n, kind in graph.nodes(data="kind") if kind == "thesis")
    if not theses:
        return DEFAULT_TITLE
    layout = layout or layout_mod.compute_layout(graph)

    def tree_size(root: str) -> int:
        count, stack = 0, [root]
        while stack:
            count += 1
            stack.extend(layout.children.get(stack.pop(), []))
        return count

    top = min(theses, key=lambda t: (-tree_size(t), t))
    attrs = graph.nodes[top]
    question = " ".join(str(attrs.get("question") or attrs.get("title") or top).split())
    others = len(theses) - 1
    if not others:
        return question
    return f"{question} \u2014 and {others} more question{'s' if others > 1 else ''}"


def map_data(
    graph: nx.DiGraph, layout: layout_mod.Layout, strength: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-able data (deterministic order)."""
    counts = Counter(p for _, p in graph.nodes(data="perspective") if p)
    perspectives = [
        {
            "id": pid,
            "name": p.get("name") or pid,
            "colour": p["colour"] if _COLOUR.fullmatch(str(p.get("colour", ""))) else "#999999",
            "description": p.get("description") or "",
            "count": counts.get(pid, 0),
        }
        for pid, p in sorted(graph.graph.get("perspectives", {}).items())
    ]
    perspectives.sort(key=lambda p: (str(p["name"]).casefold(), p["id"]))  # the legend's order
    sources = {sid: _source_record(s) for sid, s in sorted(graph.graph.get("sources", {}).items())}
    return {
        "perspectives": perspectives,
        "sources": sources,
        "nodes": [_node_record(graph, n, layout.positions[n], strength) for n in sorted(graph)],
        "edges": [
            {"from": a, "to": b, "relation": r, "tree": layout.is_tree_edge(a, b)}
            for a, b, r in sorted(graph.edges(data="relation"), key=lambda e: (e[0], e[1]))
        ],
        "roots": layout.roots,
        "style": {
            "argumentWidth": layout_mod.ARGUMENT_WIDTH,
            "thesisWidth": layout_mod.THESIS_WIDTH,
            "large": graph.number_of_nodes() > LARGE_MAP,
            "physics": graph.number_of_nodes() <= PHYSICS_MAX,
            "strength": strength is not None,
        },
    }


def _outline_item(graph: nx.DiGraph, ident: str, parent: str | None, names: Mapping[str, str]) -> str:
    """One outline entry (without its closing tag): relation, link, kind/perspective, cross-links."""
    attrs, targets = graph.nodes[ident], graph.succ[ident]  # plain dicts: views are slow at 10,000
    parts = ["<li>"]
    if parent is not None:
        relation = targets[parent]["relation"]
        parts.append(f'<b class="rel-{relation}">{relation}:</b> ')
    parts.append(f'<a href="#node={escape(ident)}">{escape(attrs.get("title") or ident)}</a>')
    if attrs.get("kind") == "thesis":
        question = f": {attrs['question']}" if attrs.get("question") else ""
        parts.append(f' <span class="meta">(thesis{escape(question)})</span>')
    elif attrs.get("perspective"):
        kind = "definition, " if attrs.get("kind") == "definition" else ""
        name = names.get(attrs["perspective"], attrs["perspective"])
        parts.append(f' <span class="meta">({kind}{escape(name)})</span>')
    for target in sorted(targets):
        if target != parent:
            title = graph.nodes[target].get("title") or target
            relation = targets[target]["relation"]
            link = f'<a href="#node={escape(target)}">{escape(title)}</a>'
            parts.append(f'<br><span class="also">also {relation}: {link}</span>')
    return "".join(parts)


def outline_html(graph: nx.DiGraph, layout: layout_mod.Layout) -> markupsafe.Markup:
    """The trees as nested ``<ul>`` lists, every YAML value escaped.

    Built iteratively here rather than by a recursive Jinja loop: at 10,000
    nodes that loop alone took about a second, and a long chain of arguments
    would exceed Python's recursion limit. Past ``OUTLINE_DEPTH`` levels a chain
    is listed flat (each entry still says what it answers).
    """
    names = {pid: p.get("name") or pid for pid, p in graph.graph.get("perspectives", {}).items()}
    out: list[str] = ["<ul>"] if layout.roots else []
    # Tokens: a node id (with its depth) to write, or closing markup to emit as is.
    stack: list[tuple[str, int] | str] = [(root, 0) for root in reversed(layout.roots)]
    while stack:
        token = stack.pop()
        if isinstance(token, str):
            out.append(token)
            continue
        ident, depth = token
        out.append(_outline_item(graph, ident, layout.parent[ident], names))
        kids = layout.children.get(ident, [])
        if kids and depth < OUTLINE_DEPTH:
            out.append("<ul>")
            stack.append("</ul></li>")
            stack.extend((k, depth + 1) for k in reversed(kids))
        else:  # a leaf, or too deep: its arguments follow as its siblings
            stack.extend((k, depth) for k in reversed(kids))
            stack.append("</li>")
    if out:
        out.append("</ul>")
    return markupsafe.Markup("".join(out))


def app_script() -> str:
    """The page's own script: its parts joined inside one function, so they share names."""
    body = "".join(f"\n/* ---- {name} ---- */\n" + _asset(name) for name in SCRIPTS)
    return _inline_safe('(function () {\n"use strict";' + body + "})();\n")


def render_map(
    graph: nx.DiGraph,
    strength: Mapping[str, float] | None = None,
    title: str | None = None,
    *,
    extra_css: str = "",
    extra_scripts: Sequence[str] = (),
    extra_data: Any = None,
    connect_src: str | None = None,
) -> str:
    """Render ``graph`` (from :func:`debatemap.graph.build_graph`) as one HTML page.

    Parameters
    ----------
    graph : nx.DiGraph
        The map's graph; it is not modified.
    strength : mapping, optional
        Node id -> argument strength in [0, 1] (e.g. DF-QuAD); shown as box
        height and in the details panel when given.
    title : str, optional
        The page's title (header, ``<title>``, printout); by default
        :func:`default_title`.
    extra_css, extra_scripts, extra_data, connect_src
        For ``debatemap serve``: a stylesheet appended to the page's own, scripts
        run after the map's (inlined and hashed into the CSP like it), a JSON value
        for them (``<script type="application/json" id="debatemap-serve">``) and
        the CSP's ``connect-src`` (``'self'``). A built map passes none of them.

    Returns
    -------
    str
        The page; same graph, same string (byte for byte).

    Examples
    --------
    >>> from debatemap.model import DebateMap, Node
    >>> from debatemap.graph import build_graph
    >>> g = build_graph(DebateMap({"t": Node(id="t", kind="thesis", title="T", question="?")}, {}, {}))
    >>> render_map(g).startswith("<!DOCTYPE html>")
    True
    """
    layout = layout_mod.compute_layout(graph)
    vis_js, app_js, css = vis_network_js(), app_script(), _asset("map.css") + extra_css
    extras = [_inline_safe(s) for s in extra_scripts]
    scripts = (vis_js, app_js, *extras)
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(_csp_hash(s) for s in scripts)}; "
        f"style-src {_csp_hash(css)}; "
        + (f"connect-src {connect_src}; " if connect_src else "")
        + "img-src data:; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("map.html.j2")
    return template.render(
        title=" ".join((title or "").split()) or default_title(graph, layout),
        csp=csp,
        css=_markup(css),
        data_json=_markup(script_json(map_data(graph, layout, strength))),
        vis_js=_markup(vis_js),
        app_js=_markup(app_js),
        extra_scripts=[_markup(s) for s in extras],
        extra_data=None if extra_data is None else _markup(script_json(extra_data)),
        outline=outline_html(graph, layout),
        counts={"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()},
    )


def _markup(text: str) -> markupsafe.Markup:
    """Mark already-safe text (our own CSS/JS, escaped JSON) as not to be escaped again."""
    return markupsafe.Markup(text)
