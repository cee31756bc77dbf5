"""Change one field of a node file in place; every other byte stays where it was.

The companions of :func:`debatemap.yamlwrite.add_target`: pure functions of
text that splice at the positions the YAML parser reports. A changed value is
written in the style :func:`~debatemap.yamlwrite.dump_node` gives new files
(double quotes for quotes and questions, folded text when long, ``[a, b]``
lists); comments on other lines, blank lines, key order and the quoting of
other values are kept. A layout we will not splice into raises
:class:`~debatemap.yamlwrite.UnsupportedLayout`; the caller reads every result
back and compares it with what was asked, so a splice can never silently
write something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

from debatemap.edit.yamlwrite import (
    NODE_KEY_ORDER,
    TopLevel,
    UnsupportedLayout,
    dump,
    event_end,
    event_start,
    insertion_point,
    line_end,
    line_start,
    list_items,
    remove_target,
    scalar,
    styled,
)

__all__ = ["remove_field", "replace_target", "set_field"]


def _top(text: str) -> TopLevel:
    top = TopLevel(text)
    if top.flow:
        raise UnsupportedLayout("the file is written as a flow mapping ({...})")
    return top


def _value_end(events: list[yaml.Event], key: str) -> int:
    """Index just past the last character of a value (not past a comment after it)."""
    first = events[0]
    if isinstance(first, yaml.ScalarEvent):
        return event_end(first)
    if isinstance(first, yaml.SequenceStartEvent):
        if first.flow_style:
            return event_end(events[-1])  # the closing ']'
        return event_end(list_items(events, key)[-1])
    raise UnsupportedLayout(f"'{key}' holds a mapping")


def _rendered(key: str, value: str | Sequence[str]) -> str:
    """``key: value`` as :func:`~debatemap.yamlwrite.dump_node` writes it, without the last newline."""
    value_styled = styled(key, list(value) if not isinstance(value, str) else value)
    return dump({key: value_styled}).rstrip("\n")


def set_field(text: str, key: str, value: str | Sequence[str]) -> str:
    """``text`` with the top-level ``key`` set to ``value`` (added in README order if absent)."""
    if key not in NODE_KEY_ORDER:
        raise UnsupportedLayout(f"'{key}' is not a node field")
    top = _top(text)
    new = _rendered(key, value)
    if key not in top.keys:
        at = insertion_point(text, top, key)
        if at == len(text) and text and not text.endswith("\n"):
            text, at = text + "\n", at + 1
        return text[:at] + new + "\n" + text[at:]
    start = event_start(top.keys[key])
    indented = start != line_start(text, start)
    if indented and "\n" in new:
        raise UnsupportedLayout("the fields are indented; a value on several lines cannot be spliced in")
    end = _value_end(top.values[key], key)
    old = text[start:end]
    if old.endswith("\n"):  # a block scalar ends with its line breaks (and blank lines after it)
        header = re.search(r"[ \t]+#[^\n]*", old.split("\n", 1)[0])  # `text: >-  # a comment`
        if header:
            first, _, others = new.partition("\n")
            new = first + header.group() + ("\n" + others if others else "")
        return text[:start] + new + "\n" * (len(old) - len(old.rstrip("\n"))) + text[end:]
    rest = text[end : line_end(text, end)]
    if "\n" in new and rest.strip():
        # A comment after the old one-line value: on its own line at column 0, so that it
        # neither becomes part of the new folded text nor is lost.
        return text[:start] + new + "\n" + text[end:].lstrip(" \t")
    return text[:start] + new + text[end:]


def remove_field(text: str, key: str) -> str:
    """``text`` without the top-level ``key`` (a comment on its line is kept on its own line)."""
    top = _top(text)
    if key not in top.keys:
        return text
    key_start = event_start(top.keys[key])
    start = line_start(text, key_start)
    if text[start:key_start].strip():
        raise UnsupportedLayout(f"'{key}' does not start its line")
    end = _value_end(top.values[key], key)
    if text[start:end].endswith("\n"):  # a block scalar: its line breaks go with it
        stripped = text[start:end].rstrip("\n")
        end = start + len(stripped) + 1
        return text[:start] + text[end:]
    after_line = line_end(text, end)
    rest = text[end:after_line].strip()
    kept = rest + "\n" if rest.startswith("#") else ""
    if rest and not rest.startswith("#"):
        raise UnsupportedLayout(f"something follows '{key}' on its line")
    return text[:start] + kept + text[after_line:]


def replace_target(text: str, relation: str, old: str, new: str) -> str:
    """``text`` with the id ``old`` in the list ``relation`` changed to ``new``.

    If the list names ``new`` already, ``old`` is removed instead: a link is
    never written twice.
    """
    top = _top(text)
    value = top.values.get(relation, [])
    if not value or not isinstance(value[0], yaml.SequenceStartEvent):
        return text
    items = list_items(value, relation)
    if any(item.value == new for item in items):
        return remove_target(text, relation, old)
    replacement = scalar(new)
    for item in reversed(items):
        if item.value == old:
            if "\n" in text[event_start(item) : event_end(item)]:
                raise UnsupportedLayout(f"the id '{old}' is written across lines")
            text = text[: event_start(item)] + replacement + text[event_end(item) :]
    return text
