"""Read untrusted YAML into plain values that remember their positions.

PyYAML's loaders silently keep the last of two duplicate keys, expand aliases
(an "alias bomb" can exhaust memory) and construct arbitrary objects from
tags. So we read the *event stream* (libyaml's C parser when present) and
compose the values ourselves: a mapping is a :class:`YMap`, a sequence a
:class:`YList`, both carrying the position of every key and item. Anchors,
aliases and non-standard tags are refused before anything is built, and every
failure is a :class:`~debatemap.model.Problem`, never an exception.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from debatemap import rules
from debatemap.model import CONTROL_IN_VALUE, Position, Problem, escape_character
from debatemap.store.fileread import MAX_FILE_BYTES, read_bytes
from debatemap.store.yamlflat import parse_flat as _parse_flat
from debatemap.store.yamlvalues import BOOL_NULL_WORDS, YList, YMap

try:  # libyaml is several times faster; fall back quietly when absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# The one parser: the editing commands splice with it too (debatemap.edit.yamlwrite), so a
# file the reader accepts is a file the writer can read. libyaml counts positions from
# after a byte-order mark; the pure-Python parser counts the mark.
Loader: Any = _Loader
COUNTS_BOM: bool = _Loader.__name__ == "SafeLoader"

# Tags a person may write explicitly (``!!str 2024``); anything else could
# ask a loader to construct objects and is refused.
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}

_resolver = yaml.resolver.Resolver()
# First characters that some implicit resolver (bool, int, null, ...) claims;
# a plain scalar starting with any other character is text.
_IMPLICIT_FIRST = frozenset(k for k in _resolver.yaml_implicit_resolvers if k is not None) | {""}
_constructor = yaml.constructor.SafeConstructor()
# A character of CONTROL_IN_VALUE written raw, or a backslash (a double-quoted
# escape such as "\e", "\x01" or "\u202e" writes any of them): only a file
# holding one of these can have a value that breaks rule DM032, so only such a
# file has its values looked at. (Raw CR is not here: YAML reads it as a line break.)
_MAY_HOLD_CONTROL = re.compile("[\\\\\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_StreamEndEvent = yaml.StreamEndEvent


def _alias(where: Position) -> Problem:
    return rules.ANCHOR_OR_ALIAS.at(
        where,
        "anchors and aliases (&name, *name) are not allowed",
        "write the value out in full",
    )


def _refuse(event: Any, where: Position) -> Problem | None:
    """A problem when the event carries an anchor or a tag that could construct objects."""
    if getattr(event, "anchor", None) is not None:
        return _alias(where)
    tag = event.tag
    if tag is not None and tag != "!" and tag not in ALLOWED_TAGS:
        return rules.UNSAFE_TAG.at(
            where,
            f"YAML tag '{tag}' is not allowed (tags can construct objects)",
            "remove the tag and write plain text, lists and mappings",
        )
    return None


def _inside(text: str, where: Position) -> Position:
    """``where``, moved back into the text when libyaml points past its end (end of stream)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()  # the final line break ends the last line; it starts none
    if where.line <= len(lines):
        return where
    last = len(lines) or 1
    return Position(where.path, last, len(lines[last - 1]) + 1 if lines else 1)


def _pos(path: str, mark: Any) -> Position:
    return Position(path, mark.line + 1, mark.column + 1)


class _BadScalar(Exception):
    """An explicitly tagged scalar that its tag cannot construct (``!!int abc``)."""


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        value = event.value
        if not event.implicit[0] or value[:1] not in _IMPLICIT_FIRST:
            return value  # quoted, block, or no resolver starts with this character: text
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag in (_CORE + "str", _CORE + "timestamp", _CORE + "merge", _CORE + "value"):
        # Dates stay as written ("Mar 13, 2024" and "2024-03-13" alike).
        return event.value
    try:
        return _constructor.construct_object(yaml.ScalarNode(tag, event.value))
    except Exception:  # noqa: BLE001 - PyYAML raises ValueError, KeyError, OverflowError ...
        if event.tag is None or event.tag == "!":
            # PyYAML's resolver claims some texts that its constructor cannot build
            # (``0x_``, ``2001-13-45``): written plainly, such a value is text.
            return event.value
        raise _BadScalar(f"'{event.value}' cannot be read as {event.tag.replace(_CORE, '!!')}") from None


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return self.name


_NO_KEY = _Marker("NO_KEY")
_BAD_KEY = _Marker("BAD_KEY")


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a BOM is fine); report the first bad byte's position."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            rules.NOT_UTF8.at(
                Position(path, line, column),
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                "save the file as UTF-8",
            )
        ]


def _attach(frame: list[Any], value: Any, where: Position, problems: list[Problem]) -> None:
    """Attach a finished value to the mapping or sequence of ``frame``.

    A frame is ``[container, pending key, position of that key]``; a mapping
    frame alternates between waiting for a key (``_NO_KEY``) and for its value.
    """
    container = frame[0]
    if type(container) is YList:
        container.append(value)
        container.item_positions.append(where)
        return
    key = frame[1]
    if key is _NO_KEY:  # this value is a key
        if value is None or type(value) in (YMap, YList):
            problems.append(rules.WRONG_TYPE.at(where, "mapping keys must be plain text"))
            frame[1] = _BAD_KEY
        else:
            frame[1] = str(value)
            frame[2] = where
        return
    frame[1] = _NO_KEY
    if key is _BAD_KEY:
        return
    if key in container:
        first = container.key_positions[key]
        problems.append(
            rules.DUPLICATE_KEY.at(
                frame[2],
                f"duplicate key '{key}' in one mapping (first at line {first.line});"
                " YAML would silently keep only the last",
                "remove one of the two, or merge their values",
            )
        )
        return
    container[key] = value
    container.key_positions[key] = frame[2]
    container.value_positions[key] = where


def parse(path: str, text: str) -> tuple[Any, list[Problem]]:
    """Parse ``text``; total: every failure, whatever raised it, is a located problem."""
    odd = _ODD_BREAK.search(text)
    if odd is not None:
        return None, [_odd_break(path, text, odd.start())]
    try:
        return _parse(path, text)
    except Exception as exc:  # noqa: BLE001 - the promise is "a Problem, never an exception"
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        return None, [rules.YAML_SYNTAX.at(Position(path), f"YAML could not be read ({message})")]


# Line breaks to YAML 1.1 (and so to libyaml's line numbers) but not to editors: a
# file holding one raw would have every later position reported on the wrong line.
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def _odd_break(path: str, text: str, index: int) -> Problem:
    before = text[:index].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return rules.CONTROL_CHARACTER.at(
        Position(path, line, column),
        f"line separator {escape_character(text[index])} in the file",
        "replace it with an ordinary line break or a space: YAML counts it as a line break, editors do not",
    )


def _parse(path: str, text: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain values; return ``(value, problems)``.

    ``value`` is ``None`` when the file is empty or could not be read. Problems
    are reported with the file's path and 1-based line and column. Flat files
    take a fast path (see :func:`_parse_flat`); the loop below runs once per
    YAML event of every other file, so it is kept flat.
    """
    flat = _parse_flat(path, text)
    if flat is not None:
        return flat, []
    problems: list[Problem] = []
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()  # type(event) is tested below: fast, but opaque to mypy
            kind = type(event)
            if kind is _ScalarEvent:  # by far the most common event: handled first
                mark = event.start_mark
                where = Position(path, mark.line + 1, mark.column + 1)
                if event.anchor is not None or event.tag is not None:
                    refused = _refuse(event, where)
                    if refused:
                        problems.append(refused)
                        return None, problems
                value = event.value
                if event.tag is not None or (
                    event.implicit[0]
                    and value[:1] in _IMPLICIT_FIRST
                    and (not value[:1].isalpha() or value in BOOL_NULL_WORDS)
                ):
                    value = _scalar(event)
                if not stack:
                    root = value
                    continue
                frame = stack[-1]
                key = frame[1]
                if key is _NO_KEY or key is _BAD_KEY or type(frame[0]) is YList:
                    _attach(frame, value, where, problems)
                elif key in frame[0]:
                    _attach(frame, value, where, problems)  # reports the duplicate
                else:  # the common case, inlined: a new key's scalar value
                    container = frame[0]
                    container[key] = value
                    container.key_positions[key] = frame[2]
                    container.value_positions[key] = where
                    frame[1] = _NO_KEY
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                where = _pos(path, event.start_mark)
                refused = _refuse(event, where)
                if refused:
                    problems.append(refused)
                    return None, problems
                container = YMap(where) if kind is _MappingStartEvent else YList(where)
                stack.append([container, _NO_KEY, None])
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                container = stack.pop()[0]
                if stack:
                    _attach(stack[-1], container, container.position, problems)
                else:
                    root = container
            elif kind is yaml.AliasEvent:
                problems.append(_alias(_pos(path, event.start_mark)))
                return None, problems
            elif kind is _StreamEndEvent or event is None:
                break
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(
                        rules.NOT_A_MAPPING.at(
                            _pos(path, event.start_mark),
                            "a file holds one YAML document; found a second ('---')",
                            "put each node in a file of its own",
                        )
                    )
                    return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _inside(text, _pos(path, mark)) if mark is not None else Position(path)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        # A tab is a common cause, and invisible in most editors: name it in the hint;
        # libyaml's message does not always say so, so look at the line it stopped on.
        lines = text.splitlines()
        tab = mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]
        problems.append(
            rules.YAML_SYNTAX.at(
                where,
                f"YAML syntax error: {message}",
                "indent with spaces: YAML refuses a tab there"
                if tab
                else "check indentation, and put text containing ': ' or '#' in quotes",
            )
        )
        return None, problems
    except _BadScalar as bad:
        problems.append(rules.WRONG_TYPE.at(where, str(bad), "remove the tag, or quote the value"))
        return None, problems
    except yaml.reader.ReaderError as exc:  # control characters and the like
        # libyaml's position counts bytes of UTF-8, not characters.
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore")
        before = before.replace("\r\n", "\n").replace("\r", "\n")  # libyaml's line breaks
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        problems.append(
            rules.YAML_SYNTAX.at(
                Position(path, line, column),
                f"character U+{exc.character:04X} is not allowed in YAML",
                "remove the control character",
            )
        )
        return None, problems
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        problems.append(rules.YAML_SYNTAX.at(Position(path), f"YAML error: {message}"))
        return None, problems
    except RecursionError:
        problems.append(rules.YAML_SYNTAX.at(Position(path), "YAML nested too deeply"))
        return None, problems
    finally:
        loader.dispose()
    if root is not None and _MAY_HOLD_CONTROL.search(text) is not None:
        _find_controls(root, getattr(root, "position", Position(path)), "the document", problems)
    return root, problems


def _find_controls(value: Any, where: Position, what: str, problems: list[Problem]) -> None:
    """Report DM032 for every text (key, value or list item) in ``value`` with a control character."""
    if type(value) is YMap:
        for key, item in value.items():
            _find_controls(key, value.key_positions[key], "a key", problems)
            _find_controls(item, value.value_positions[key], f"'{key}'", problems)
    elif type(value) is YList:
        for number, (item, at) in enumerate(zip(value, value.item_positions, strict=True), 1):
            _find_controls(item, at, f"item {number} of {what}", problems)
    elif isinstance(value, str):
        found = CONTROL_IN_VALUE.search(value)
        if found is not None:
            problems.append(
                rules.CONTROL_CHARACTER.at(
                    where,
                    f"{what} holds a control character",
                    f"remove {escape_character(found.group())} (character {found.start() + 1}):"
                    " control and bidi characters can hide or disguise text",
                )
            )


def read_file(path: str, raw: bytes | None = None) -> tuple[Any, list[Problem]]:
    """Read, size-check, decode and parse one YAML file."""
    if raw is None:
        raw, problem = read_bytes(path)
        if raw is None:
            return None, [problem] if problem is not None else []
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            rules.FILE_TOO_LARGE.at(
                Position(path),
                f"file is larger than {MAX_FILE_BYTES // 1024} KiB",
                "a node file holds one argument; split it up",
            )
        ]
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    return parse(path, text)
