"""Reading Argdown as people write it (https://argdown.org/syntax/).

What becomes what:

- statements ``[Title]: text`` and arguments ``<Title>: text`` become claims; their
  text may run over several lines (until a blank line, a relation or another
  element); a later ``[Title]`` is a reference to the same claim, a later
  ``[Title]: other words`` a second wording (the first is kept, the second named
  in a warning); an untitled paragraph is a claim only if it has relations;
- relations at any depth under an element, in both directions: ``+``/``<+`` and
  ``-``/``<-`` (the child argues for or against the parent), ``+>``/``->`` (the
  parent argues for or against the child), ``><`` (each opposes the other),
  ``_>``/``<_`` undercuts (an attack on an argument's inference);
- premise-conclusion structures, ``(1) ...`` lines after an argument, with ``--``
  inference lines (the rule between two ``--`` lines, or ``----``): the premises of
  each inference form one premise group for its conclusion, an intermediate
  conclusion is a premise of the next inference; the argument's own relations go
  to its conclusion (attacks on the argument undercut its last inference);
- ``#tag`` and ``#(a tag)`` in a text become tags, headings become a tag on every
  claim under them; ``{...}`` inline data fills the fields; YAML front matter
  between ``===`` lines gives the title and registries; ``//``, ``/* */`` and
  ``<!-- -->`` comments are skipped; ``**bold**`` and ``__bold__`` marks are dropped
  and ``[label](url)`` links read ``label (url)``.

What the map cannot hold (inference rules, prose, list items, the description of a
reconstructed argument, a second wording) is a located warning, counted in the import
summary; only hostile input (front matter never closed, data that cannot be read)
is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from debatemap.interchange import (
    DATA_FIELDS,
    add_claim,
    add_relation,
    as_text,
    empty_graph,
    problem,
    registry,
    short_title,
    warn,
    warning,
)
from debatemap.interchange.argdown_text import (
    data_problems,
    split_data,
    take_tags,
    unescape,
)
from debatemap.interchange.kialo import replace_links
from debatemap.rules.constraints import slugify
from debatemap.store.yamlread import parse as parse_yaml

_ELEMENT = re.compile(r"(?P<open>[\[<])(?P<title>(?:\\.|[^\]>\\\[<])+)(?P<close>[\]>])(?P<rest>.*)$")
_RELATION = re.compile(r"(?P<symbol>\+>|->|<\+|<-|_>|<_|><|\+|-)(?:\s+|$)")
_PCS = re.compile(r"\((?P<number>\d{1,6})\)\s*(?P<rest>.*)$")
_HEADING = re.compile(r"(?P<level>#{1,6})\s+(?P<title>.*?)\s*(?:\{.*\})?\s*$")
_OUTGOING = {"+>": "supports", "->": "opposes"}
_INCOMING = {"<+": "supports", "+": "supports", "<-": "opposes", "-": "opposes"}


@dataclass
class _Open:
    """An element whose text may go on over the next lines."""

    key: str
    lines: list[str]
    line: int
    column: int
    indent: int


@dataclass
class _Structure:
    """A premise-conclusion structure being read: its statements and inference lines."""

    argument: str | None
    line: int
    members: list[str] = field(default_factory=list)
    inferences: list[int] = field(default_factory=list)  # index into members of each conclusion
    in_rule: bool = False


class ArgdownReader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.graph = empty_graph()
        self.problems: list[Any] = []
        self.explicit_kind: set[str] = set()
        self.data_links: list[tuple[str, str, str, int, int]] = []
        self.statements: dict[str, str] = {}  # title -> key
        self.arguments: dict[str, str] = {}
        self.sections: list[tuple[int, str]] = []
        self.open: _Open | None = None
        self.stack: list[tuple[int, str]] = []  # (indentation, key) relations hang from
        self.structure: _Structure | None = None
        self.structures: dict[str, _Structure] = {}
        self.undercuts: list[tuple[str, str, int, int]] = []  # (attacker, attacked, line, column)
        self.untitled = 0
        self.last_argument: str | None = None
        self.negations: set[str] = set()
        self.declared: list[
            tuple[str, str, str, int, int]
        ] = []  # {undercuts: [{from, to}]} in data  # conclusions marked {group: "opposes"} by our export

    # --- what cannot be kept ---------------------------------------------------
    def leave_out(self, line: int, column: int, message: str, reason: str) -> None:
        warn(self.graph, warning(self.path, line, column, message), reason)

    # --- elements ----------------------------------------------------------------
    def key_for(self, open_char: str, title: str) -> str:
        """The claim's key: its title, unless a statement and an argument share it."""
        own, other = (
            (self.statements, self.arguments) if open_char == "[" else (self.arguments, self.statements)
        )
        if title not in own:
            own[title] = title if title not in other else f"{open_char}{title}"
        return own[title]

    def node(self, key: str, title: str, line: int, argument: bool) -> None:
        if key not in self.graph:
            add_claim(self.graph, key, title=title)
            self.graph.nodes[key]["line"] = line
            self.graph.nodes[key]["tags"] = [tag for _, tag in self.sections]
            if argument:
                self.explicit_kind.add(key)

    def element(self, content: str, line: int, column: int, indent: int) -> str | None:
        """Read ``[T]: text``, ``<T>``, ``(n) ...`` or untitled text; returns the claim's key."""
        match = _ELEMENT.match(content)
        if match is None or (match["open"], match["close"]) not in (("[", "]"), ("<", ">")):
            if match is not None:
                self.problems.append(problem(self.path, line, column, "unbalanced brackets"))
                return None
            self.untitled += 1
            key = f"\0untitled {self.untitled}"  # titled from its words when it closes
            self.node(key, key, line, False)
            self.open = _Open(key, [content], line, column, indent)
            return key
        title = unescape(match["title"])
        key = self.key_for(match["open"], title)
        self.node(key, title, line, match["open"] == "<")
        if match["open"] == "<":
            self.last_argument = key
        rest = match["rest"]
        if rest.startswith(":"):
            self.open = _Open(key, [rest[1:]], line, column, indent)
        elif rest.strip():
            tags, text = take_tags(rest)
            self.graph.nodes[key]["tags"] += tags
            if text.strip():
                self.open = _Open(key, [rest], line, column, indent)
        return key

    def close(self) -> None:
        """Finish the element whose text was open: its words, tags and data."""
        opened, self.open = self.open, None
        if opened is None:
            return
        raw = " ".join(part.strip() for part in opened.lines)
        text, data = split_data(raw)
        written = text.strip()  # the words as the file has them, kept as the claim's quote
        tags, text = take_tags(text)
        words = unescape(re.sub(r"(?<!\\)(\*\*|__)", "", replace_links(text, True)))
        key = str(opened.key)
        attrs = self.graph.nodes[key]
        if key.startswith("\0"):
            attrs["title"] = short_title(words) or "untitled"
        attrs["tags"] = list(dict.fromkeys(attrs["tags"] + tags))
        if words and attrs.get("text") and attrs["text"] != words:
            message = f"'{attrs['title']}' is defined again with other words; the first wording is kept"
            self.leave_out(opened.line, opened.column, message, "second wordings of a statement")
        elif words:
            attrs["text"], attrs["raw"] = words, written
        if data is not None:
            self.data(key, data, opened.line, opened.column)

    def data(self, key: str, data: str, line: int, column: int) -> None:
        value, found = parse_yaml(self.path, data)
        if found or not isinstance(value, dict):
            message = found[0].message if found else "data is not a mapping"
            self.problems.append(problem(self.path, line, column, f"bad inline data: {message}"))
            return
        wrong = data_problems(value)
        for message in wrong:
            self.problems.append(problem(self.path, line, column, f"bad inline data: {message}"))
        if wrong:
            return
        for relation in ("supports", "opposes"):
            for target in value.get(relation) or []:
                self.data_links.append((key, relation, unescape(target), line, column))
        for undercut in value.get("undercuts") or []:
            self.declared.append((key, unescape(undercut["from"]), unescape(undercut["to"]), line, column))
        if as_text(value.get("kind")):
            self.explicit_kind.add(key)
        if value.get("group") == "opposes":
            self.negations.add(key)
        attrs = self.graph.nodes[key]
        for name in (*DATA_FIELDS, "text"):
            if name == "tags" and isinstance(value.get("tags"), list):
                attrs["tags"] = [str(t) for t in value["tags"]]
            elif name != "tags" and as_text(value.get(name)) is not None:
                attrs[name] = value[name] if name == "text" else as_text(value[name])

    # --- relations ---------------------------------------------------------------
    def relate(self, parent: str, symbol: str, child: str, line: int, column: int) -> None:
        if symbol in _OUTGOING:
            add_relation(self.graph, parent, _OUTGOING[symbol], child)
        elif symbol in _INCOMING:
            add_relation(self.graph, child, _INCOMING[symbol], parent)
        elif symbol == "><":
            add_relation(self.graph, parent, "opposes", child)
            add_relation(self.graph, child, "opposes", parent)
        elif symbol == "_>":
            self.undercuts.append((parent, child, line, column))
        else:  # "<_"
            self.undercuts.append((child, parent, line, column))

    # --- premise-conclusion structures ---------------------------------------------
    def member(self, match: re.Match[str], line: int, column: int, indent: int) -> None:
        if self.structure is None:
            self.structure = _Structure(self.last_argument, line)
            if self.last_argument is not None:
                self.structures[self.last_argument] = self.structure
            else:
                self.structures[f"\0structure {line}"] = self.structure
        key = self.element(match["rest"], line, column + match.start("rest"), indent)
        if key is not None:
            self.structure.members.append(key)
            self.stack = [(indent, key)]

    def inference(self, content: str, line: int, column: int) -> None:
        structure = self.structure
        assert structure is not None
        dashes = content.strip("-").strip()
        if not dashes and len(content) < 4:  # "--" opens or closes the inference rule lines
            structure.in_rule = not structure.in_rule
            if structure.in_rule:
                structure.inferences.append(len(structure.members))
            return
        structure.inferences.append(len(structure.members))
        if dashes:
            self.rule(dashes, line, column)

    def rule(self, words: str, line: int, column: int) -> None:
        message = f"the inference rule '{unescape(words)[:40]}' has no place in the map and is left out"
        self.leave_out(line, column, message, "inference rules")

    def end_structure(self) -> None:
        self.structure = None

    # --- reading line by line ---------------------------------------------------------
    def starts_element(self, content: str) -> bool:
        return content[:1] in "[<" or _PCS.match(content) is not None

    def read(self, lines: list[str], offset: int) -> None:
        for number, raw in enumerate(lines, start=offset + 1):
            self.line(raw.rstrip(), number)
        self.close()

    def line(self, line: str, number: int) -> None:
        content = line.strip()
        indent = len(line) - len(line.lstrip())
        column = indent + 1
        if not content:
            self.close()
            return
        heading = _HEADING.match(content) if indent == 0 and content.startswith("#") else None
        if heading:
            self.close()
            self.end_structure()
            self.stack, self.last_argument = [], None
            level, tag = len(heading["level"]), slugify(unescape(heading["title"]), 60)
            self.sections = [(lvl, t) for lvl, t in self.sections if lvl < level] + (
                [(level, tag)] if tag else []
            )
            return
        structure = self.structure
        if structure is not None and content.startswith("--") and not _RELATION.fullmatch(content[:3]):
            self.close()
            self.inference(content, number, column)
            return
        if structure is not None and structure.in_rule:
            self.rule(content, number, column)
            return
        pcs = _PCS.match(content)
        if pcs and (indent == 0 or structure is not None):
            self.close()
            self.member(pcs, number, column, indent)
            return
        relation = _RELATION.match(content) if indent > 0 and self.stack else None
        if relation:
            self.close()
            while self.stack and self.stack[-1][0] >= indent:
                self.stack.pop()
            if not self.stack:
                self.leave_out(
                    number, column, "a relation with no element above it", "relations with no parent"
                )
                return
            parent, symbol = self.stack[-1][1], relation["symbol"]
            child = self.element(content[relation.end() :], number, column + relation.end(), indent)
            if child is not None:
                self.relate(parent, symbol, child, number, column)
                self.stack.append((indent, child))
            return
        if self.open is not None and not (indent == 0 and self.starts_element(content)):
            self.open.lines.append(content)
            return
        self.close()
        if indent == 0:
            self.end_structure()
            self.stack = []
        key = self.element(content, number, column, indent)
        if key is not None and indent == 0:
            self.stack = [(indent, key)]
            if not content.startswith("<"):
                self.last_argument = None


def front_matter(text: str, reader: ArgdownReader) -> tuple[list[str], int]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "===":
        return lines, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "===":
            value, found = parse_yaml(reader.path, "\n".join(lines[1:end]))
            for p in found:
                message = f"front matter left out: {p.message}"
                reader.leave_out(p.line + 1, p.column, message, "front matter that is not YAML")
            if isinstance(value, dict):
                reader.graph.graph["title"] = as_text(value.get("title"))
                reader.graph.graph["perspectives"] = registry(value.get("perspectives"))
                reader.graph.graph["sources"] = registry(value.get("sources"))
            return lines[end + 1 :], end + 1
    reader.problems.append(problem(reader.path, 1, 1, "front matter opened with '===' is never closed"))
    return [], len(lines)
