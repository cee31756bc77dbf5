"""The outline beside the map: the trees as nested lists, for keyboards, screen readers and print."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import markupsafe
import networkx as nx
from markupsafe import escape

from debatemap.render.map import layout as layout_mod

OUTLINE_DEPTH = 40


def _outline_item(
    graph: nx.DiGraph,
    ident: str,
    parent: str | None,
    names: Mapping[str, str],
    cuts: Mapping[str, list[Mapping[str, Any]]],
    link: Callable[[str], str],
) -> str:
    """One outline entry (without its closing tag): relation, link, kind/perspective, cross-links."""
    attrs, targets = graph._node[ident], graph._succ[ident]  # plain dicts: views are slow at 10,000
    parts = ["<li>"]
    if parent is not None and parent in targets:
        relation = targets[parent]["relation"]
        together = _together(graph, ident, targets[parent].get("group"))
        parts.append(f'<b class="rel-{relation}">{relation}{escape(together) if together else ""}:</b> ')
    parts.append(link(ident))
    if attrs.get("kind") == "thesis":
        question = f": {attrs['question']}" if attrs.get("question") else ""
        parts.append(f' <span class="meta">(thesis{escape(question)})</span>')
    elif attrs.get("perspective"):
        kind = "definition, " if attrs.get("kind") == "definition" else ""
        name = names.get(attrs["perspective"], attrs["perspective"])
        parts.append(f' <span class="meta">({kind}{escape(name)})</span>')
    for target in sorted(targets):
        if target != parent:
            relation = targets[target]["relation"] + _together(graph, ident, targets[target].get("group"))
            parts.append(f'<br><span class="also">also {escape(relation)}: {link(target)}</span>')
    for cut in cuts.get(ident, ()):
        parts.append(
            f'<br><span class="also">undercuts the link: {link(cut["reason"])} '
            f"{escape(cut['relation'])} {link(cut['target'])}</span>"
        )
    return "".join(parts)


def _together(graph: nx.DiGraph, ident: str, group: str | None) -> str:
    """' (together with ...)' for a premise group's member, else ''."""
    if not group:
        return ""
    members = graph.graph["groups"][group]["members"]
    others = [graph.nodes[m].get("title") or m for m in members if m != ident]
    return " (together with " + "; ".join(others) + ")"


def outline_html(graph: nx.DiGraph, layout: layout_mod.Layout) -> markupsafe.Markup:
    """The trees as nested ``<ul>`` lists, every YAML value escaped.

    Built iteratively here rather than by a recursive Jinja loop: at 10,000
    nodes that loop alone took about a second, and a long chain of arguments
    would exceed Python's recursion limit. Past ``OUTLINE_DEPTH`` levels a chain
    is listed flat (each entry still says what it answers).
    """
    names = {pid: p.get("name") or pid for pid, p in graph.graph.get("perspectives", {}).items()}
    cuts: dict[str, list[Mapping[str, Any]]] = {}
    for cut in graph.graph.get("undercuts") or []:
        cuts.setdefault(cut["source"], []).append(cut)
    titles = graph._node  # the graph's own dict (a NodeView lookup costs a call each)
    links: dict[str, str] = {}

    def link(ident: str) -> str:
        """A node's outline link, made once: most nodes are also named by the claims linking to them."""
        made = links.get(ident)
        if made is None:
            made = f'<a href="#node={escape(ident)}">{escape(titles[ident].get("title") or ident)}</a>'
            links[ident] = made
        return made

    out: list[str] = ["<ul>"] if layout.roots else []
    # Tokens: a node id (with its depth) to write, or closing markup to emit as is.
    stack: list[tuple[str, int] | str] = [(root, 0) for root in reversed(layout.roots)]
    while stack:
        token = stack.pop()
        if isinstance(token, str):
            out.append(token)
            continue
        ident, depth = token
        out.append(_outline_item(graph, ident, layout.parent[ident], names, cuts, link))
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
