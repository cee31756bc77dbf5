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

from typing import Any

import yaml

from .model import Position, Problem

try:  # libyaml is several times faster; fall back quietly when absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024

# Tags a person may write explicitly (``!!str 2024``); anything else could
# ask a loader to construct objects and is refused.
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class YMap(dict[str, Any]):
    """A mapping with the position of itself, its keys and its values."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.key_positions: dict[str, Position] = {}
        self.value_positions: dict[str, Position] = {}


class YList(list[Any]):
    """A sequence with the position of itself and of each item."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.item_positions: list[Position] = []


def _pos(path: str, mark: Any) -> Position:
    return Position(path, mark.line + 1, mark.column + 1)


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted or block scalar: always text
            return event.value
        tag = _resolver.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag in (_CORE + "str", _CORE + "timestamp", _CORE + "merge", _CORE + "value"):
        # Dates stay as written ("Mar 13, 2024" and "2024-03-13" alike).
        return event.value
    return _constructor.construct_object(yaml.ScalarNode(tag, event.value))


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
            Problem(
                path,
                line,
                column,
                "error",
                "DM021",
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                "save the file as UTF-8",
            )
        ]


def parse(path: str, text: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain values; return ``(value, problems)``.

    ``value`` is ``None`` when the file is empty or could not be read. Problems
    are reported with the file's path and 1-based line and column.
    """
    problems: list[Problem] = []
    stack: list[tuple[Any, Any]] = []  # (container, pending key or None)
    root: Any = None
    documents = 0

    def add(value: Any, where: Position) -> None:
        """Attach a finished value to the container on top of the stack."""
        nonlocal root
        if not stack:
            root = value
            return
        container, key = stack[-1]
        if isinstance(container, YList):
            container.append(value)
            container.item_positions.append(where)
            return
        if key is _NO_KEY:  # this value is a key
            if isinstance(value, (YMap, YList)) or value is None:
                problems.append(
                    Problem.at(where, "error", "DM007", "mapping keys must be plain text")
                )
                stack[-1] = (container, _BAD_KEY)
                return
            stack[-1] = (container, (str(value), where))
            return
        if key is not _BAD_KEY:
            name, key_where = key
            if name in container:
                first = container.key_positions[name]
                problems.append(
                    Problem.at(
                        key_where,
                        "error",
                        "DM008",
                        f"duplicate key '{name}' in one mapping (first at line {first.line});"
                        " YAML would silently keep only the last",
                        "remove one of the two, or merge their values",
                    )
                )
            else:
                container[name] = value
                container.key_positions[name] = key_where
                container.value_positions[name] = where
        stack[-1] = (container, _NO_KEY)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            where = _pos(path, event.start_mark)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(
                        Problem.at(
                            where,
                            "error",
                            "DM002",
                            "a file holds one YAML document; found a second ('---')",
                            "put each node in a file of its own",
                        )
                    )
                    return None, problems
                continue
            if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
                problems.append(
                    Problem.at(
                        where,
                        "error",
                        "DM023",
                        "anchors and aliases (&name, *name) are not allowed",
                        "write the value out in full",
                    )
                )
                return None, problems
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!" and tag not in ALLOWED_TAGS:
                problems.append(
                    Problem.at(
                        where,
                        "error",
                        "DM022",
                        f"YAML tag '{tag}' is not allowed (tags can construct objects)",
                        "remove the tag and write plain text, lists and mappings",
                    )
                )
                return None, problems
            if kind is yaml.ScalarEvent:
                add(_scalar(event), where)
            elif kind is yaml.MappingStartEvent:
                stack.append((YMap(where), _NO_KEY))
            elif kind is yaml.SequenceStartEvent:
                stack.append((YList(where), None))
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                container, _ = stack.pop()
                add(container, container.position)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _pos(path, mark) if mark is not None else Position(path)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        problems.append(
            Problem.at(
                where,
                "error",
                "DM001",
                f"YAML syntax error: {message}",
                "check indentation, and put text containing ': ' or '#' in quotes",
            )
        )
        return None, problems
    except yaml.reader.ReaderError as exc:  # control characters and the like
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        problems.append(
            Problem(
                path,
                line,
                column,
                "error",
                "DM001",
                f"character U+{exc.character:04X} is not allowed in YAML",
                "remove the control character",
            )
        )
        return None, problems
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        problems.append(Problem(path, 1, 1, "error", "DM001", f"YAML error: {message}"))
        return None, problems
    except RecursionError:
        problems.append(Problem(path, 1, 1, "error", "DM001", "YAML nested too deeply"))
        return None, problems
    return root, problems




def read_file(path: str, raw: bytes | None = None) -> tuple[Any, list[Problem]]:
    """Read, size-check, decode and parse one YAML file."""
    if raw is None:
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            return None, [Problem(path, 1, 1, "error", "DM030", f"cannot read file: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                path,
                1,
                1,
                "error",
                "DM024",
                f"file is larger than {MAX_FILE_BYTES // 1024} KiB",
                "a node file holds one argument; split it up",
            )
        ]
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    return parse(path, text)
