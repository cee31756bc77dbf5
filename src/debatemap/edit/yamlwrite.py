"""Write YAML a person will keep editing: new files tidy, old files barely touched.

Two jobs, both pure functions of text (no I/O; :mod:`.edit` decides what to
write and where):

- :func:`dump_node` and :func:`dump_registry_entry` emit *new* YAML with a fixed
  key order, plain scalars where they read back unchanged, double quotes
  otherwise (and always for quotes and questions), folded block scalars for
  long text and flow lists (``[a, b]``).
- :func:`add_target`, :func:`remove_target` and :func:`append_registry_entry`
  change an *existing* file by splicing text at the positions the YAML parser
  reports, so every comment, blank line, indent and quoting style elsewhere
  stays byte for byte. (ruamel.yaml's round-trip mode keeps comments but
  re-indents block lists and moves trailing comments, which is why we splice.)

Anything with a layout these functions do not understand raises
:class:`UnsupportedLayout` rather than guessing; the caller re-reads every
result anyway to check it says what was meant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

NODE_KEY_ORDER = (
    "id",
    "kind",
    "title",
    "question",
    "text",
    "perspective",
    "source",
    "quote",
    "speaker",
    "contributor",
    "supports",
    "opposes",
    "undercuts",
    "tags",
)
FOLD_AT = 60  # text longer than this is written as a folded block scalar (>-)
_STR = "tag:yaml.org,2002:str"


class UnsupportedLayout(ValueError):
    """The file is laid out in a way we will not splice into (edit it by hand)."""


class _Folded(str):
    pass


class _Literal(str):
    pass


class _Quoted(str):
    pass


class _Flow(list):  # type: ignore[type-arg]
    pass


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
            "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\"}  # fmt: skip


def _double_quoted_char(char: str) -> str:
    """``char`` inside a YAML double-quoted scalar: itself if printable, else its escape."""
    if char in _ESCAPES:
        return _ESCAPES[char]
    category = unicodedata.category(char)
    if char == " " or (category[0] != "C" and category not in ("Zl", "Zp")):
        return char
    code = ord(char)
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"


class _Dumper(yaml.SafeDumper):
    """SafeDumper that prefers double quotes and never folds quoted or plain lines."""

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        # Single quotes read oddly next to the README's examples; double them.
        return '"' if style == "'" else style

    def analyze_scalar(self, scalar: str) -> Any:
        # PyYAML counts characters beyond the Basic Multilingual Plane (emoji) as needing
        # escapes; judged as any other printable character, a title with an emoji stays plain.
        analysis = super().analyze_scalar(_ASTRAL.sub("\ue000", scalar))
        analysis.scalar = scalar
        return analysis

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        """One line (a quote must stay searchable in its source), every printable character
        as itself (PyYAML would write an emoji as ``\\U0001F6AB``), the rest escaped."""
        self.write_indicator('"', True)
        data = "".join(_double_quoted_char(c) for c in text)
        self.column += len(data)
        self.stream.write(data)
        self.write_indicator('"', False)

    def write_plain(self, text: str, split: bool = True) -> None:
        super().write_plain(text, split=False)

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "  - item" under its key, as the README writes lists

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the reader refuses anchors and aliases


_Dumper.add_representer(_Folded, lambda d, v: d.represent_scalar(_STR, str(v), style=">"))
_Dumper.add_representer(_Literal, lambda d, v: d.represent_scalar(_STR, str(v), style="|"))
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar(_STR, str(v), style='"'))
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _dump(value: Any, indent: int = 2) -> str:
    return str(
        yaml.dump(
            value,
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=72,
            indent=indent,  # a folded line ends at the first space past column 72
        )
    )


def _flow_ids(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _Flow(v) if isinstance(v, list) else v for k, v in entry.items()}


def _styled(key: str, value: Any) -> Any:
    if isinstance(value, (list, tuple)) and any(isinstance(item, Mapping) for item in value):
        # premise groups and undercuts: one per item, their ids in flow lists (as the README shows)
        return [_flow_ids(item) if isinstance(item, Mapping) else item for item in value]
    if isinstance(value, (list, tuple)):
        return _Flow(value)
    if key in ("quote", "question"):
        return _Quoted(value)
    if key in ("text", "description") and "\n" in value:
        return _Literal(value)
    if key in ("text", "description") and len(value) > FOLD_AT:
        return _Folded(value)
    return value


def dump_node(fields: Mapping[str, Any], header: str | None = None) -> str:
    """The YAML text of a new node file, keys in the README's order.

    ``fields`` maps field names to text or lists of text; ``None`` values are
    left out. ``header`` is an optional comment line (without ``#``) put first.

    >>> print(dump_node({"id": "a", "kind": "argument", "title": "A", "supports": ["t"]}), end="")
    id: a
    kind: argument
    title: A
    supports: [t]
    """
    ordered = {k: _styled(k, fields[k]) for k in NODE_KEY_ORDER if fields.get(k) is not None}
    ordered.update({k: _styled(k, v) for k, v in fields.items() if k not in ordered and v is not None})
    body = _dump(ordered)
    return f"# {header}\n{body}" if header else body


def dump_registry_entry(ident: str, fields: Mapping[str, str | None], indent: int = 2) -> str:
    """One ``id:`` entry of ``perspectives.yaml`` or ``sources.yaml``."""
    styled = {
        k: (_Quoted(v) if k in ("colour", "date", "title", "lines", "start", "end") else _styled(k, v))
        for k, v in fields.items()
        if v is not None
    }
    return _dump({ident: styled}, indent=indent)


def _scalar(value: str) -> str:
    """A slug as it should appear in a list: plain unless YAML would read it as non-text."""
    return _dump([value]).removeprefix("- ").rstrip("\n")


# --- splicing into existing text --------------------------------------------


def _start(event: yaml.Event) -> int:
    """Where ``event`` starts in the text (the pure-Python parser always sets its marks)."""
    assert event.start_mark is not None
    return int(event.start_mark.index)


def _end(event: yaml.Event) -> int:
    assert event.end_mark is not None
    return int(event.end_mark.index)


class _TopLevel:
    """The events of a file's top-level mapping, by key."""

    def __init__(self, text: str) -> None:
        self.keys: dict[str, yaml.ScalarEvent] = {}
        self.values: dict[str, list[yaml.Event]] = {}
        self.flow = False
        self.empty_document = True
        self.start = self.end = 0
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))  # pure Python: marks index characters
        depth, key = 0, None
        for event in events:
            if isinstance(
                event,
                (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent),
            ):
                continue
            self.empty_document = False
            if depth == 0:
                if not isinstance(event, yaml.MappingStartEvent):
                    raise UnsupportedLayout("the file is not a mapping of fields")
                self.flow = bool(event.flow_style)
                self.start = _start(event)
                depth = 1
                continue
            if depth == 1 and key is None:
                if isinstance(event, yaml.MappingEndEvent):
                    self.end = _end(event)
                    depth = 0
                    continue
                if not isinstance(event, yaml.ScalarEvent):
                    raise UnsupportedLayout("a key is not plain text")
                key = event.value
                self.keys[key] = event
                self.values[key] = []
                continue
            assert key is not None
            self.values[key].append(event)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if depth == 1:
                key = None


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just past the newline ending the line that holds ``index``."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _after_colon(text: str, key: yaml.ScalarEvent) -> int:
    match = re.compile(r"[ \t]*:").match(text, _end(key))
    if not match:
        raise UnsupportedLayout(f"cannot find the ':' after '{key.value}'")
    return match.end()


def _items(events: list[yaml.Event], relation: str) -> list[yaml.ScalarEvent]:
    items = [e for e in events[1:-1] if isinstance(e, yaml.ScalarEvent)]
    if len(items) != len(events) - 2:  # premise groups: see debatemap.edit.yamllinks
        raise UnsupportedLayout(f"'{relation}' holds something other than ids")
    return items


def _insertion_point(text: str, top: _TopLevel, relation: str) -> int:
    """Where a missing ``relation:`` line goes: before the next key in README order."""
    later = NODE_KEY_ORDER[NODE_KEY_ORDER.index(relation) + 1 :]
    following = [top.keys[k] for k in later if k in top.keys]
    if not following:
        return len(text)
    index = _line_start(text, min(_start(e) for e in following))
    # Comment lines directly above that key belong to it; go above them.
    while index > 0:
        previous = _line_start(text, index - 1)
        if not text[previous:index].lstrip().startswith("#"):
            break
        index = previous
    return index


def add_target(text: str, relation: str, target: str) -> str:
    """``text`` with ``target`` appended to the top-level list ``relation``."""
    top = _TopLevel(text)
    if top.flow:
        raise UnsupportedLayout("the file is written as a flow mapping ({...})")
    item = _scalar(target)
    if relation not in top.keys:
        at = _insertion_point(text, top, relation)
        if at == len(text) and text and not text.endswith("\n"):
            text, at = text + "\n", at + 1
        return text[:at] + f"{relation}: [{item}]\n" + text[at:]
    value = top.values[relation]
    first = value[0]
    if isinstance(first, yaml.ScalarEvent):
        if (
            first.style
            or first.tag not in (None, "!")
            or first.value not in ("", "~", "null", "Null", "NULL")
        ):
            raise UnsupportedLayout(f"'{relation}' is not a list")
        if _start(first) == _end(first):  # `supports:` with nothing after it
            at = _after_colon(text, top.keys[relation])
            return text[:at] + f" [{item}]" + text[at:]
        return text[: _start(first)] + f"[{item}]" + text[_end(first) :]
    if not isinstance(first, yaml.SequenceStartEvent):
        raise UnsupportedLayout(f"'{relation}' is not a list")
    items = _items(value, relation)
    if first.flow_style:
        if not items:
            at, end = _start(first) + 1, _start(value[-1])
            if text[at:end].strip(" \t"):  # a comment or line break inside: keep it, put the id first
                return text[:at] + item + text[at:]
            return text[:at] + item + text[end:]  # "[ ]" -> "[id]", no stray space
        at = _end(items[-1])
        return text[:at] + f", {item}" + text[at:]
    last = items[-1]
    prefix = text[_line_start(text, _start(last)) : _start(last)]
    if not re.fullmatch(r"[ \t]*-[ \t]+", prefix):
        raise UnsupportedLayout(f"the items of '{relation}' are not one per line")
    at = _line_end(text, _end(last))
    if at == len(text) and not text.endswith("\n"):
        text, at = text + "\n", at + 1
    return text[:at] + prefix + item + "\n" + text[at:]


def remove_target(text: str, relation: str, target: str) -> str:
    """``text`` with every ``target`` removed from the top-level list ``relation``."""
    while True:
        top = _TopLevel(text)
        value = top.values.get(relation, [])
        if not value or not isinstance(value[0], yaml.SequenceStartEvent):
            return text
        items = _items(value, relation)
        matches = [i for i, e in enumerate(items) if e.value == target]
        if not matches:
            return text
        text = _remove_item(text, top.keys[relation], bool(value[0].flow_style), items, matches[0])


def _remove_item(
    text: str, key: yaml.ScalarEvent, flow: bool, items: Sequence[yaml.ScalarEvent], k: int
) -> str:
    item = items[k]
    if flow:
        if k > 0:  # take the comma before it: "[a, b]" -> "[a]"
            start, end = _end(items[k - 1]), _end(item)
        elif len(items) > 1:  # first of several: take it and the comma after it
            start, end = _start(item), _start(items[1])
        else:
            start, end = _start(item), _end(item)
        return text[:start] + text[end:]
    start = _line_start(text, _start(item))
    end = _line_end(text, _end(item))
    if not re.fullmatch(r"[ \t]*-[ \t]+", text[start : _start(item)]) or not re.fullmatch(
        r"[ \t]*(#.*)?\n?", text[_end(item) : end]
    ):
        raise UnsupportedLayout("the list items are not one per line")
    text = text[:start] + text[end:]
    if len(items) == 1:  # leave an explicit empty list, not a bare key
        at = _after_colon(text, key)
        text = text[:at] + " []" + text[at:]
    return text


def append_registry_entry(text: str, ident: str, fields: Mapping[str, str | None]) -> str:
    """``text`` of a registry with a new entry added at the end, all else untouched."""
    top = _TopLevel(text) if text.strip() else None
    indent = 2
    if top is not None and not top.empty_document:
        if top.flow:
            if top.keys:
                raise UnsupportedLayout("the registry is written as a flow mapping ({...})")
            # An empty `{}`: the only case where existing text has to go.
            entry = dump_registry_entry(ident, fields).rstrip("\n")
            return text[: top.start] + entry + text[top.end :]
        match = re.search(r"^([ \t]+)[^\s#]", text, flags=re.MULTILINE)
        if match and " " * len(match.group(1)) == match.group(1) and 2 <= len(match.group(1)) <= 9:
            indent = len(match.group(1))
    if text and not text.endswith("\n"):
        text += "\n"
    return text + dump_registry_entry(ident, fields, indent)


# The splicing helpers, shared with :mod:`.yamlfields` (which edits single fields the same way).
TopLevel = _TopLevel
dump = _dump
styled = _styled
scalar = _scalar
insertion_point = _insertion_point
list_items = _items
line_start = _line_start
line_end = _line_end
event_start = _start
event_end = _end
