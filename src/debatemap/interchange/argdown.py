"""Argdown (https://argdown.org): export the map, and import the part of Argdown it uses.

Every node becomes an Argdown statement titled with its id, its text as the
statement text, and every other field as inline data::

    [raids-drive-sex-work-underground]: Police raids find few ... {kind: "argument", title: "...", ...}
      -> [raids-rescue-victims]

``+>`` is ``supports`` and ``->`` is ``opposes``. The front matter carries the
perspectives and sources registries, so a round trip loses nothing. In the
text every ASCII punctuation character is backslash-escaped (Argdown reads
``//`` as a comment and ``*``, ``_``, ``[``, ``#`` ... as markup); inside the
data, braces, brackets and slashes are written as ``\\u007b``-style escapes
because Argdown ends the data block at the first ``}`` and reads ``//`` as a
comment.

The reader understands that same shape plus the common hand-written forms:
statements ``[title]`` and arguments ``<title>`` with or without text and
data, relation trees under them (``+>``, ``->``, ``<+``, ``<-``, ``+``,
``-``, undercuts ``_>``/``<_`` read as ``opposes``, contradictions ``><`` as
mutual ``opposes``), headings and comments. Premise-conclusion structures
(``(1) ...``) are refused with their position.
"""

from __future__ import annotations

import json
import os
import string
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap.interchange import DATA_FIELDS, read_text, sorted_edges
from debatemap.interchange.argdown_finish import parse_argdown
from debatemap.interchange.argdown_text import unescape

_PUNCTUATION = set(string.punctuation)
# "/" too, so no "//" or "/*" in a value can be taken for a comment.
_DATA_ESCAPES = {"{": "\\u007b", "}": "\\u007d", "[": "\\u005b", "]": "\\u005d", "/": "\\u002f"}


def escape_text(text: str) -> str:
    """Argdown text on one line with every ASCII punctuation character escaped."""
    return "".join("\\" + c if c in _PUNCTUATION else c for c in " ".join(text.split()))


def _data_value(value: Any) -> str:
    encoded = json.dumps(value, ensure_ascii=False)
    return (
        "".join(_DATA_ESCAPES.get(c, c) for c in encoded)
        if isinstance(value, str)
        else _data(value)
        if isinstance(value, dict)
        else ("[" + ", ".join(_data_value(v) for v in value) + "]")
    )


def _data(fields: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_data_value(value)}" for key, value in fields.items()) + "}"


def _front_matter(graph: nx.DiGraph) -> list[str]:
    lines = ["==="]
    lines.append(f"title: {json.dumps(graph.graph.get('title') or 'debatemap export', ensure_ascii=False)}")
    for name in ("perspectives", "sources"):
        entries = graph.graph.get(name) or {}
        lines.append(f"{name}:" + (" {}" if not entries else ""))
        for ident in sorted(entries):
            lines.append(f"  {ident}:")
            for key, value in entries[ident].items():
                if value is not None:
                    lines.append(f"    {key}: {json.dumps(str(value), ensure_ascii=False)}")
    return lines + ["===", ""]


def generate_argdown(graph: nx.DiGraph) -> str:
    """The map as Argdown text (see the module doc).

    Examples
    --------
    >>> from debatemap.interchange import empty_graph, add_claim, add_relation
    >>> g = empty_graph()
    >>> add_claim(g, "t", kind="thesis", title="T", text="It is so.", question="Is it?")
    >>> add_claim(g, "a", title="A", text="Yes.")
    >>> add_relation(g, "a", "supports", "t")
    >>> print(generate_argdown(g).split("===")[-1].strip())
    [a]: Yes\\. {kind: "argument", title: "A"}
      +> [t]
    <BLANKLINE>
    [t]: It is so\\. {kind: "thesis", title: "T", question: "Is it?"}
    """
    out = _front_matter(graph)
    outgoing: dict[str, list[tuple[str, str]]] = {}  # each node's edges, in sorted_edges' order
    inferences = _inferences(graph)
    for a, relation, b in sorted_edges(graph):
        if (a, b) not in inferences["as_argument"]:
            outgoing.setdefault(a, []).append((relation, b))
    for ident in sorted(graph.nodes):
        attrs = graph.nodes[ident]
        text = str(attrs.get("text") or "")
        fields = {k: attrs.get(k) for k in DATA_FIELDS if attrs.get(k) not in (None, "", [])}
        undercuts = [u for u in graph.graph.get("undercuts") or [] if u["source"] == ident]
        if undercuts:  # which member's link each undercut attacks, which `_>` cannot say
            fields["undercuts"] = [{"from": u["reason"], "to": u["target"]} for u in undercuts]
        if text != " ".join(text.split()):
            fields["text"] = text  # line breaks and runs of spaces do not survive statement text
        out.append(
            f"[{ident}]: {escape_text(text) or escape_text(str(attrs.get('title') or ident))} {_data(fields)}"
        )
        for relation, b in outgoing.get(ident, []):
            out.append(f"  {'+>' if relation == 'supports' else '->'} [{b}]")
        out.append("")
    out += inferences["lines"]
    return "\n".join(out)


def _inferences(graph: nx.DiGraph) -> dict[str, Any]:
    """Premise groups and undercut links written as Argdown arguments with a
    premise-conclusion structure, and the undercuts (``_>``) of those arguments.

    A group ``supports`` its target: the members are the premises, the target the
    conclusion. A group that ``opposes`` its target concludes in a statement that
    attacks the target, marked ``{group: "opposes"}`` so the reader folds it back.
    A plain link that is undercut is written the same way, with one premise.
    """
    groups = dict(graph.graph.get("groups") or {})
    undercuts = sorted(
        graph.graph.get("undercuts") or [], key=lambda u: (u["source"], u["reason"], u["target"])
    )
    as_argument: set[tuple[str, str]] = set()
    for undercut in undercuts:
        if not undercut.get("group") and graph.has_edge(undercut["reason"], undercut["target"]):
            relation = graph.edges[undercut["reason"], undercut["target"]]["relation"]
            key = f"{relation}:{undercut['target']}:{undercut['reason']}"
            groups[key] = {
                "relation": relation,
                "target": undercut["target"],
                "members": [undercut["reason"]],
            }
            as_argument.add((undercut["reason"], undercut["target"]))
    lines: list[str] = []
    for number, key in enumerate(sorted(groups), start=1):
        group = groups[key]
        members = list(group["members"])  # the lead first: the file the group is written in
        as_argument |= {(m, group["target"]) for m in members}
        lines += [f"<{_argument_title(key)}>", ""]
        lines += [f"({i}) [{m}]" for i, m in enumerate(members, start=1)]
        lines.append("----")
        if group["relation"] == "supports":
            lines.append(f"({len(members) + 1}) [{group['target']}]")
        else:
            conclusion = f"against-{number}-{group['target']}"
            lines.append(f"({len(members) + 1}) [{conclusion}]: Against {escape_text(group['target'])}\\. "
                         '{group: "opposes"}')  # fmt: skip
            lines.append(f"  -> [{group['target']}]")
        lines.append("")
        for undercut in undercuts:
            if undercut.get("group") == key or (
                len(group["members"]) == 1
                and (undercut["reason"], undercut["target"]) == (group["members"][0], group["target"])
            ):
                lines += [f"[{undercut['source']}]", f"  _> <{_argument_title(key)}>", ""]
    return {"as_argument": as_argument, "lines": lines}


def _argument_title(key: str) -> str:
    """An argument's title from a group key: ``a and b supports t`` (ids hold no markup)."""
    relation, target, members = key.split(":", 2)
    return f"{' and '.join(members.split('+'))} {relation} {target}"


def write_argdown(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_argdown` to ``path`` (UTF-8)."""
    Path(path).write_text(generate_argdown(graph), encoding="utf-8")


def read_argdown(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read an Argdown file (see :func:`parse_argdown`)."""
    return parse_argdown(read_text(path), str(path))


__all__ = ["escape_text", "generate_argdown", "parse_argdown", "read_argdown", "unescape", "write_argdown"]
