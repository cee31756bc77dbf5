"""Plain, immutable records of a debate map. No I/O happens here.

Every record remembers where each of its values was written (file, line,
column) so that a problem can point a person at the exact spot to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

KINDS = ("thesis", "argument", "definition")
RELATIONS = ("supports", "opposes")

# Characters no value may hold (rule DM032): C0 controls other than tab and
# line feed, DEL, C1 controls, and the bidirectional embedding, override and
# isolate characters, which can make text read differently from what it is.
CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same rule for a value given to an editing command, which is stricter only where a file
# could not carry the character either: a line or paragraph separator (a line break to YAML,
# not to editors), the non-characters U+FFFE/U+FFFF, bytes that were not UTF-8 (surrogates),
# and (outside text and quote) tab and line feed.
_BODY = CONTROL_IN_VALUE.pattern[1:-1]
REFUSED_IN_TEXT = re.compile(f"[{_BODY}\u2028\u2029\ufffe\uffff\ud800-\udfff]")
REFUSED_IN_LINE = re.compile(f"[{_BODY}\t\n\u2028\u2029\ufffe\uffff\ud800-\udfff]")
# What a terminal line must not carry raw: all of the above, plus tab and the
# line breaks (one problem per line), and the Unicode line and paragraph separators.
_NOT_FOR_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_character(char: str) -> str:
    """``char`` written as an escape a person can read: ``\\x1b``, ``\\u202e``."""
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control and bidi character shown as an escape, never raw.

    Text from YAML files reaches the terminal in problems and reports; raw, an
    escape sequence could retitle the window, clear the screen or hide lines.
    """
    if _NOT_FOR_TERMINAL.search(text) is None:  # the common case: nothing to replace
        return text
    return _NOT_FOR_TERMINAL.sub(lambda match: escape_character(match.group()), text)


@dataclass(frozen=True, order=True)
class PremiseGroup:
    """Several claims that are ONE reason for (or against) a target only together.

    Written once, in the file of its first member (the *lead*): ``supports:``
    or ``opposes:`` holds ``{to: TARGET, with: [OTHER, ...]}``. ``members`` is
    the lead, then the ids of ``with`` in written order. Argdown calls this a
    premise-conclusion structure, AIF an inference node with several premises.
    """

    relation: str  # "supports" | "opposes"
    target: str
    members: tuple[str, ...]

    @property
    def key(self) -> str:
        """The group's stable name: ``relation:target:member+member`` (members sorted)."""
        return group_key(self.relation, self.target, self.members)


def group_key(relation: str, target: str, members: tuple[str, ...] | list[str]) -> str:
    """The key of the group of ``members`` that ``relation`` ``target``."""
    return f"{relation}:{target}:{'+'.join(sorted(members))}"


@dataclass(frozen=True, order=True)
class Undercut:
    """An attack on a *link*: ``source`` denies that ``reason`` is a reason about ``target``.

    It does not deny the reason or the target; it denies the inference from one
    to the other (Pollock's undercutting defeater). The attacked link is the
    plain link ``reason -> target``, or the link of the premise group that has
    ``reason`` as a member and ``target`` as its target.
    """

    source: str  # the undercutting node: the file it is written in
    reason: str  # `from:`
    target: str  # `to:`


class Position(NamedTuple):
    """Where a value was written: a path and a 1-based line and column.

    A named tuple rather than a dataclass: a large map has hundreds of
    thousands of them and tuples are several times cheaper to create.
    """

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Node:
    """One thesis, argument or definition, as written in its YAML file.

    ``positions`` maps a field name to where its value starts; list items are
    keyed ``"supports[2]"`` (the third *plain* id), a premise group this node
    leads ``"groups[0]"``, ``"groups[0].to"`` and ``"groups[0].with[1]"``, an
    undercut ``"undercuts[0]"``, ``"undercuts[0].from"`` and ``"undercuts[0].to"``.
    ``position`` is the start of the file's mapping.

    ``supports`` and ``opposes`` hold only the plain ids, each a reason on its
    own; a reason that works only together with others is in ``groups``.
    """

    id: str
    kind: str
    title: str
    text: str = ""
    perspective: str | None = None
    source: str | None = None
    quote: str | None = None
    question: str | None = None
    speaker: str | None = None
    contributor: str | None = None  # who added it in a classroom (debatemap serve --class)
    supports: tuple[str, ...] = ()
    opposes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    groups: tuple[PremiseGroup, ...] = ()  # the premise groups this node leads
    undercuts: tuple[Undercut, ...] = ()  # the links this node attacks
    position: Position = Position("<memory>")
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False)

    def where(self, key: str) -> Position:
        """Position of ``key``'s value, falling back to the node's own."""
        return self.positions.get(key, self.position)

    def targets(self, relation: str) -> tuple[str, ...]:
        """The ids this node ``supports`` or ``opposes``."""
        if relation == "supports":
            return self.supports
        if relation == "opposes":
            return self.opposes
        raise ValueError(f"unknown relation {relation!r}")

    def group_targets(self, relation: str) -> tuple[str, ...]:
        """The targets of the premise groups this node leads with ``relation``."""
        return tuple(group.target for group in self.groups if group.relation == relation)


@dataclass(frozen=True)
class Perspective:
    """A point of view the debate is argued from (legal, public health, ...)."""

    id: str
    name: str
    colour: str
    description: str = ""
    position: Position = Position("<memory>")
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Source:
    """A text that arguments are quoted from."""

    id: str
    title: str
    author: str = "not stated"
    publisher: str = "not stated"
    date: str = "not stated"
    perspective: str | None = None
    file: str | None = None
    url: str | None = None
    description: str | None = None
    lines: str | None = None  # "12-80": the source is only these lines of its file
    start: str | None = None  # the source begins at this text in its file ...
    end: str | None = None  # ... and ends with this text
    # Where an extracted text came from (add-source --from): the document's file name,
    # the day it was extracted, and the SHA-256 of the text written to the sources folder.
    original: str | None = None
    extracted: str | None = None
    sha256: str | None = None
    position: Position = Position("<memory>")
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DebateMap:
    """A whole map: nodes by id, and the two registries."""

    nodes: Mapping[str, Node]
    perspectives: Mapping[str, Perspective]
    sources: Mapping[str, Source]
    root: str = "arguments"

    def theses(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "thesis"]

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong (``error``) or worth a look (``warning``) in a map.

    Built by its rule, which gives the code and the severity:
    ``rules.MISSING_TARGET.at(where, message, hint)`` (see :mod:`debatemap.rules`).
    """

    path: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """One line in the style of ruff and mypy: ``path:line:col: severity code message``.

        Control and bidi characters (from a value or a file name) are shown as
        escapes, so a hostile file cannot drive the terminal (see :func:`terminal_safe`).
        """
        line = f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"
        if self.hint:
            line += f" (hint: {self.hint})"
        return terminal_safe(line)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }
