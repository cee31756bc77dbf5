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
import re
import string
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap.interchange import (
    InterchangeError,
    add_claim,
    add_relation,
    as_text,
    empty_graph,
    problem,
    read_text,
    registry,
    sorted_edges,
)
from debatemap.store.yamlread import parse as parse_yaml

DATA_FIELDS = ("kind", "title", "perspective", "source", "quote", "question", "speaker", "tags")
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
    edges = sorted_edges(graph)
    for ident in sorted(graph.nodes):
        attrs = graph.nodes[ident]
        text = str(attrs.get("text") or "")
        fields = {k: attrs.get(k) for k in DATA_FIELDS if attrs.get(k) not in (None, "", [])}
        if "\n" in text.strip() or text != text.strip():
            fields["text"] = text  # line breaks do not survive one-line statement text
        out.append(
            f"[{ident}]: {escape_text(text) or escape_text(str(attrs.get('title') or ident))} {_data(fields)}"
        )
        for a, relation, b in edges:
            if a == ident:
                out.append(f"  {'+>' if relation == 'supports' else '->'} [{b}]")
        out.append("")
    return "\n".join(out)


def write_argdown(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_argdown` to ``path`` (UTF-8)."""
    Path(path).write_text(generate_argdown(graph), encoding="utf-8")


# --- reading -------------------------------------------------------------------

_ELEMENT = re.compile(r"(?P<open>[\[<])(?P<title>(?:\\.|[^\]>\\])+)(?P<close>[\]>])(?P<rest>.*)$")
_RELATION = re.compile(r"(?P<symbol>\+>|->|<\+|<-|_>|<_|><|\+|-)\s+")
_OUTGOING = {"+>": "supports", "->": "opposes", "_>": "opposes"}
_INCOMING = {"<+": "supports", "+": "supports", "<-": "opposes", "-": "opposes", "<_": "opposes"}


def _strip_comments(line: str, in_block: bool) -> tuple[str, bool]:
    """Remove ``//`` and ``/* */`` comments that are not backslash-escaped."""
    out: list[str] = []
    i = 0
    while i < len(line):
        if in_block:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i, in_block = end + 2, False
        elif line[i] == "\\" and i + 1 < len(line):
            out.append(line[i : i + 2])
            i += 2
        elif line.startswith("//", i):
            break
        elif line.startswith("/*", i):
            in_block, i = True, i + 2
        else:
            out.append(line[i])
            i += 1
    return "".join(out), in_block


def unescape(text: str) -> str:
    """Argdown text with backslash escapes resolved and spaces folded."""
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def _split_data(rest: str) -> tuple[str, str | None]:
    """``text {data}`` -> (text, data); the data block is the ``{...}`` that ends the line,
    found by matching braces from the end (so ``{tags: {x: y}}`` is one block)."""
    stripped = rest.rstrip()
    if not stripped.endswith("}"):
        return rest, None
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        if i > 0 and stripped[i - 1] == "\\":
            continue  # an escaped brace is text
        depth += {"}": 1, "{": -1}.get(stripped[i], 0)
        if depth == 0:
            return stripped[:i], stripped[i:]
    return rest, None


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else "null"


def _data_problems(value: dict[str, Any]) -> list[str]:
    """What is wrong with the types in a statement's inline data, one line each."""
    wrong = []
    for key in (*DATA_FIELDS, "text"):
        item = value.get(key)
        if key == "tags":
            if item is not None and (
                not isinstance(item, list) or not all(isinstance(t, (str, int, float)) for t in item)
            ):
                wrong.append(f"'tags' must be a list of words, not {_kind_of(item)}")
        elif item is not None and not isinstance(item, str):
            wrong.append(f"'{key}' must be text, not {_kind_of(item)} (put it in quotes)")
    for key in ("supports", "opposes"):
        item = value.get(key)
        if item is not None and (not isinstance(item, list) or not all(isinstance(t, str) for t in item)):
            wrong.append(f"'{key}' must be a list of statement titles, not {_kind_of(item)}")
    return wrong


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.graph = empty_graph()
        self.problems: list[Any] = []
        self.ids: dict[str, str] = {}
        self.explicit_kind: set[str] = set()
        self.data_links: list[tuple[str, str, str, int, int]] = []  # (id, relation, target, line, col)

    def element(self, match: re.Match[str], line: int, column: int) -> str | None:
        title = unescape(match["title"])
        if (match["open"], match["close"]) not in (("[", "]"), ("<", ">")):
            self.problems.append(problem(self.path, line, column, f"unbalanced brackets around '{title}'"))
            return None
        ident = self.ids.setdefault(title, title)
        if ident not in self.graph:
            add_claim(self.graph, ident, title=title)
        rest = match["rest"]
        self.graph.nodes[ident].setdefault("line", line)
        if rest.startswith(":"):
            self.define(ident, rest[1:], line, column)
        elif rest.strip():
            self.problems.append(problem(self.path, line, column, f"unexpected text after '{title}'"))
        return ident

    def define(self, ident: str, rest: str, line: int, column: int) -> None:
        text, data = _split_data(rest)
        attrs = self.graph.nodes[ident]
        attrs["text"] = unescape(text) or attrs.get("text")
        if data is None:
            return
        value, found = parse_yaml(self.path, data)
        if found or not isinstance(value, dict):
            message = found[0].message if found else "data is not a mapping"
            self.problems.append(problem(self.path, line, column, f"bad inline data: {message}"))
            return
        wrong = _data_problems(value)
        for message in wrong:
            self.problems.append(problem(self.path, line, column, f"bad inline data: {message}"))
        if wrong:
            return
        for relation in ("supports", "opposes"):
            for target in value.get(relation) or []:
                self.data_links.append((ident, relation, unescape(target), line, column))
        if as_text(value.get("kind")):
            self.explicit_kind.add(ident)
        for key in (*DATA_FIELDS, "text"):
            if key == "tags" and isinstance(value.get("tags"), list):
                attrs["tags"] = [str(t) for t in value["tags"]]
            elif key != "tags" and as_text(value.get(key)) is not None:
                attrs[key] = value[key] if key == "text" else as_text(value[key])


def _front(text: str, reader: _Reader) -> tuple[list[str], int]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "===":
        return lines, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "===":
            value, found = parse_yaml(reader.path, "\n".join(lines[1:end]))
            for p in found:
                reader.problems.append(
                    problem(reader.path, p.line + 1, p.column, f"front matter: {p.message}")
                )
            if isinstance(value, dict):
                reader.graph.graph["title"] = as_text(value.get("title"))
                reader.graph.graph["perspectives"] = registry(value.get("perspectives"))
                reader.graph.graph["sources"] = registry(value.get("sources"))
            return lines[end + 1 :], end + 1
    reader.problems.append(problem(reader.path, 1, 1, "front matter opened with '===' is never closed"))
    return [], len(lines)


def parse_argdown(text: str, path: str = "<argdown>") -> nx.DiGraph:
    """Read Argdown text into a graph; :class:`InterchangeError` on what it cannot read."""
    reader = _Reader(path)
    lines, offset = _front(text, reader)
    stack: list[tuple[int, str]] = []  # (indentation, id) of the elements relations hang from
    in_block = False
    for number, raw in enumerate(lines, start=offset + 1):
        line, in_block = _strip_comments(raw, in_block)
        content = line.strip()
        if not content or content.startswith("#") or content == "===":
            continue
        indent = len(line) - len(line.lstrip())
        column = indent + 1
        while stack and stack[-1][0] >= indent:
            stack.pop()
        relation = _RELATION.match(content) if stack else None
        if relation:
            target_text = content[relation.end() :]
            column += relation.end()
        else:
            target_text = content
        match = _ELEMENT.match(target_text)
        if match is None:
            hint = "debatemap reads statements [..], arguments <..> and relations under them"
            reader.problems.append(problem(path, number, column, f"cannot read '{content[:40]}'", hint))
            continue
        ident = reader.element(match, number, column)
        if ident is None:
            continue
        if relation:
            parent, symbol = stack[-1][1], relation["symbol"]
            if symbol in _OUTGOING:
                add_relation(reader.graph, parent, _OUTGOING[symbol], ident)
            elif symbol in _INCOMING:
                add_relation(reader.graph, ident, _INCOMING[symbol], parent)
            else:  # contradiction: each opposes the other
                add_relation(reader.graph, parent, "opposes", ident)
                add_relation(reader.graph, ident, "opposes", parent)
        stack.append((indent, ident))
    for source, kind, target, number, column in reader.data_links:
        if target in reader.ids:
            add_relation(reader.graph, source, kind, reader.ids[target])
        else:
            reader.problems.append(problem(path, number, column, f"'{kind}' names no statement [{target}]"))
    if reader.problems:
        raise InterchangeError(reader.problems)
    _default_kinds(reader.graph, reader.explicit_kind)
    return reader.graph


def _default_kinds(graph: nx.DiGraph, explicit: set[str]) -> None:
    """Without a ``kind`` in its data, a claim that argues about nothing is a thesis."""
    for ident in graph.nodes:
        attrs = graph.nodes[ident]
        if ident not in explicit and graph.out_degree(ident) == 0:
            attrs["kind"] = "thesis"


def read_argdown(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read an Argdown file (see :func:`parse_argdown`)."""
    return parse_argdown(read_text(path), str(path))
