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

import functools
import gc
import importlib.util
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import networkx as nx

from debatemap.render.common import csp_hash, template_text
from debatemap.render.map import layout as layout_mod
from debatemap.render.map.outline import outline_html
from debatemap.render.map.records import default_title, map_data

VIS_VERSIONS = ("vis-9.1.2", "vis-9.0.4")  # newest first, as shipped by pyvis 0.3.2
SCRIPTS = ("map_core.js", "map_lines.js", "map_moved.js", "map_panels.js", "map_keys.js", "map_outline.js")
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


def _asset(name: str) -> str:
    return template_text("debatemap.render.map", name)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_asset),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def script_json(value: Any) -> str:
    """JSON for a ``<script>`` data block: ``<``, ``>`` and ``&`` as ``\\u`` escapes.

    >>> script_json({"title": "</script><b>"})
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # One C pass per character (none of the escapes holds another's character): a regex with
    # a Python callback per match took 0.07 s on a 10,000-node map's data.
    for char, escaped in _JSON_ESCAPES.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


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
    # Building the page makes hundreds of thousands of small containers and nothing cyclic;
    # the collector rescanning them cost about a fifth of the time at 10,000 nodes.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _render(graph, strength, title, extra_css, extra_scripts, extra_data, connect_src)
    finally:
        if collecting:
            gc.enable()


def _render(
    graph: nx.DiGraph,
    strength: Mapping[str, float] | None,
    title: str | None,
    extra_css: str,
    extra_scripts: Sequence[str],
    extra_data: Any,
    connect_src: str | None,
) -> str:
    layout = layout_mod.compute_layout(graph, strength)
    vis_js, app_js, css = vis_network_js(), app_script(), _asset("map.css") + extra_css
    extras = [_inline_safe(s) for s in extra_scripts]
    scripts = (vis_js, app_js, *extras)
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(csp_hash(s) for s in scripts)}; "
        f"style-src {csp_hash(css)}; "
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
