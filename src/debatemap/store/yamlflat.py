"""The fast path for flat node files (see :func:`parse_flat`).

Nearly every node file is a flat mapping of one-line values, the layout
``debatemap add`` writes. Reading those line by line is several times faster
than asking libyaml for its events (each event and mark is a Python object).
The fast path accepts only a narrow layout whose meaning is unambiguous and
returns ``None`` for anything else, which then goes through the full parser:
so every rule and every position stays exactly what libyaml reports.
"""

from __future__ import annotations

import re
from typing import Any

from debatemap.model import Position
from debatemap.store.yamlvalues import BOOL_NULL_WORDS, YList, YMap

# Characters other than '\n' that libyaml does not read as ordinary printable
# text: tabs, carriage returns, the other YAML line breaks (NEL, LS, PS),
# control characters, surrogates, a BOM inside the text and U+FFFE/U+FFFF;
# and the bidi controls, which the full parser reads but rule DM032 refuses.
# Any of them sends the file to the full parser, so a flat file's values never
# hold a character of :data:`~debatemap.model.CONTROL_IN_VALUE`. (Written as
# the bad set: the complement, the printable set, takes 10 ms to compile.)
_UNUSUAL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff\ufffe\uffff]"
)
# A key the fast path accepts; YAML 1.1 booleans and nulls are excluded below.
_FLAT_KEY = re.compile(r"[a-z][a-z_]*")
# A flow list the fast path accepts: plain slug-like items (never a number),
# commas with optional spaces around them, no trailing comma.
_FLAT_ITEMS = re.compile(r" *[a-z][a-z0-9-]*(?: *, *[a-z][a-z0-9-]*)* *")
_FLAT_ITEM = re.compile(r"[a-z][a-z0-9-]*")
# ``tuple.__new__`` builds a Position without running the named tuple's
# Python-level constructor: a third of the cost, and a flat file makes ~25.
_new_tuple = tuple.__new__


def _flat_items(path: str, line: int, column: int, inner: str) -> YList | None:
    """The flow list ``[inner]`` that starts at ``column``, or ``None`` if not simple."""
    items = YList(_new_tuple(Position, (path, line, column)))
    if not inner.strip(" "):  # [] or [ ]
        return items
    if _FLAT_ITEMS.fullmatch(inner) is None:
        return None
    offset = column + 1  # column of the character after '['
    positions = items.item_positions
    for match in _FLAT_ITEM.finditer(inner):
        word = match.group()
        if word in BOOL_NULL_WORDS:
            return None
        items.append(word)
        positions.append(_new_tuple(Position, (path, line, offset + match.start())))
    return items


def parse_flat(path: str, text: str) -> YMap | None:
    """The mapping of a flat file, or ``None`` when the layout is not the simple one.

    Each line is blank, a whole-line comment, or ``key: value`` at the left
    margin with exactly one space after the colon, the value one of: a
    double-quoted text with no escapes, a single-quoted text with no quote
    inside, a flow list of slug-like items, a folded block (``>-``) of equally
    indented lines, or a plain text starting with a letter that holds no ':'
    or '#' (either could end it early) and no trailing space. Anything else
    (nesting, escapes, trailing comments, duplicate keys, YAML 1.1 booleans
    and nulls, anchors, tags) returns ``None``: never a different answer.
    """
    if _UNUSUAL.search(text) is not None:
        return None
    lines = text.split("\n")
    count = len(lines)
    mapping: YMap | None = None
    index = 0
    while index < count:
        line = lines[index]
        index += 1
        if not line or line[0] == "#":  # blank lines and whole-line comments
            continue
        number = index
        key, _, rest = line.partition(": ")
        if not rest or _FLAT_KEY.fullmatch(key) is None or key in BOOL_NULL_WORDS:
            return None
        if mapping is None:
            mapping = YMap(_new_tuple(Position, (path, number, 1)))
        elif key in mapping:
            return None  # the full parser reports the duplicate
        column = len(key) + 3
        first = rest[0]
        value: Any
        if first == '"' or first == "'":
            value = rest[1:-1]
            if len(rest) < 2 or rest[-1] != first or first in value or "\\" in value and first == '"':
                return None
        elif first == "[":
            if rest[-1] != "]":
                return None
            value = _flat_items(path, number, column, rest[1:-1])
            if value is None:
                return None
        elif first.isascii() and first.isalpha():
            if ":" in rest or "#" in rest or rest[-1].isspace() or rest in BOOL_NULL_WORDS:
                return None
            value = rest
        elif rest == ">-":  # a folded block: equally indented lines, joined by spaces
            start = index
            while index < count and lines[index][:1] == " ":
                index += 1
            value = _folded(lines[start:index])
            if value is None:
                return None
        else:
            return None
        mapping[key] = value
        mapping.key_positions[key] = _new_tuple(Position, (path, number, 1))
        mapping.value_positions[key] = _new_tuple(Position, (path, number, column))
    return mapping


def _folded(block: list[str]) -> str | None:
    """The text of a ``>-`` block whose lines share one indent, or ``None``."""
    if not block:
        return None
    first = block[0]
    indent = len(first) - len(first.lstrip(" "))
    margin = first[:indent]
    for part in block:
        # Blank, less or more indented lines fold differently: full parser.
        if len(part) <= indent or part[indent] == " " or not part.startswith(margin):
            return None
    return " ".join(part[indent:] for part in block)
