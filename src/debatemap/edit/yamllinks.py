"""Splice premise groups and undercuts into a node file, keeping every other byte.

The companions of :func:`debatemap.edit.yamlwrite.add_target` for the list
entries that are mappings: a premise group ``{to: T, with: [B, ...]}`` in
``supports``/``opposes`` and an undercut ``{from: R, to: T}`` in ``undercuts``.
New entries are written in block style, as the README shows them::

    supports:
      - plain-id
      - to: target
        with: [other-member]

A flow list of plain ids (``supports: [a]``, the layout ``add`` writes) becomes
a block list when a mapping joins it; its comment stays on the key's line. A
layout these functions do not understand raises
:class:`~debatemap.edit.yamlwrite.UnsupportedLayout`; callers read every result
back and compare it with what was meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import yaml

from debatemap.edit import yamlfields, yamlwrite
from debatemap.edit.yamlwrite import (
    TopLevel,
    UnsupportedLayout,
    event_end,
    event_start,
    insertion_point,
    line_end,
    line_start,
    scalar,
)

INDENT = "  - "  # how a new block list starts its items
_DASH = re.compile(r"[ \t]*-[ \t]+")


@dataclass
class Entry:
    """One item of a top-level list: a plain id, or a mapping of ids (a group or an undercut)."""

    start: int
    end: int  # just past its last character (never past a comment after it)
    value: str | None = None  # the id, for a plain item
    fields: dict[str, str | list[str]] = field(default_factory=dict)  # for a mapping
    scalars: list[yaml.ScalarEvent] = field(default_factory=list)  # every value written in it

    def ids(self, key: str) -> list[str]:
        found = self.fields.get(key)
        return [found] if isinstance(found, str) else list(found or [])


def _mapping(events: list[yaml.Event], i: int, key: str) -> tuple[Entry, int]:
    """The mapping entry starting at ``events[i]``; the index after its end."""
    start_event = events[i]
    entry = Entry(event_start(start_event), 0)
    i += 1
    last: yaml.Event = start_event
    while not isinstance(events[i], yaml.MappingEndEvent):
        name = events[i]
        if not isinstance(name, yaml.ScalarEvent):
            raise UnsupportedLayout(f"an entry of '{key}' has a key that is not plain text")
        value = events[i + 1]
        if isinstance(value, yaml.ScalarEvent):
            entry.fields[name.value] = value.value
            entry.scalars.append(value)
            last, i = value, i + 2
            continue
        if not isinstance(value, yaml.SequenceStartEvent):
            raise UnsupportedLayout(f"an entry of '{key}' holds something other than ids")
        i += 2
        items: list[str] = []
        while not isinstance(events[i], yaml.SequenceEndEvent):
            item = events[i]
            if not isinstance(item, yaml.ScalarEvent):
                raise UnsupportedLayout(f"an entry of '{key}' holds something other than ids")
            items.append(item.value)
            entry.scalars.append(item)
            last, i = item, i + 1
        if value.flow_style:
            last = events[i]  # the closing ']'
        entry.fields[name.value] = items
        i += 1
    end_event = events[i]
    flow = bool(getattr(start_event, "flow_style", False))
    entry.end = event_end(end_event if flow else last)
    return entry, i + 1


def entries(events: list[yaml.Event], key: str) -> list[Entry]:
    """The items of the top-level list whose value events are ``events``."""
    found: list[Entry] = []
    i = 1
    while i < len(events) - 1:
        event = events[i]
        if isinstance(event, yaml.ScalarEvent):
            found.append(Entry(event_start(event), event_end(event), event.value, scalars=[event]))
            i += 1
        elif isinstance(event, yaml.MappingStartEvent):
            entry, i = _mapping(events, i, key)
            found.append(entry)
        else:
            raise UnsupportedLayout(f"'{key}' holds a list inside a list")
    return found


def _top(text: str) -> TopLevel:
    top = TopLevel(text)
    if top.flow:
        raise UnsupportedLayout("the file is written as a flow mapping ({...})")
    return top


def _block(lines: Sequence[str], prefix: str) -> str:
    """An entry's lines as block list text, each continuation line under the first."""
    under = " " * len(prefix)
    return prefix + lines[0] + "\n" + "".join(under + line + "\n" for line in lines[1:])


def _ended(text: str, at: int) -> tuple[str, int]:
    """``text`` with a final newline if ``at`` is its end and it had none."""
    if at == len(text) and text and not text.endswith("\n"):
        return text + "\n", at + 1
    return text, at


def add_entry(text: str, key: str, lines: Sequence[str]) -> str:
    """``text`` with an entry (its ``lines``, e.g. ``["to: t", "with: [b]"]``) appended to list ``key``."""
    top = _top(text)
    if key not in top.keys:
        at = insertion_point(text, top, key)
        text, at = _ended(text, at)
        return text[:at] + f"{key}:\n" + _block(lines, INDENT) + text[at:]
    value = top.values[key]
    first = value[0]
    key_line_end = line_end(text, event_end(top.keys[key]))
    if isinstance(first, yaml.ScalarEvent):  # `supports:` or `supports: null`
        if first.style or first.value not in ("", "~", "null", "Null", "NULL"):
            raise UnsupportedLayout(f"'{key}' is not a list")
        text = text[: event_start(first)].rstrip(" \t") + text[event_end(first) :]
        at = line_end(text, event_end(top.keys[key]))
        text, at = _ended(text, at)
        return text[:at] + _block(lines, INDENT) + text[at:]
    if not isinstance(first, yaml.SequenceStartEvent):
        raise UnsupportedLayout(f"'{key}' is not a list")
    found = entries(value, key)
    if first.flow_style:
        closing = value[-1]
        if "\n" in text[event_start(first) : event_end(closing)] or any(e.value is None for e in found):
            raise UnsupportedLayout(f"'{key}' is a flow list over several lines; write it one item per line")
        # [a, b] -> a block list, the line's comment kept on the key's line
        before_value = text[: event_start(first)].rstrip(" \t")
        rest = text[event_end(closing) : key_line_end]
        moved = [scalar(e.value) for e in found if e.value is not None]
        block = "".join(_block([ident], INDENT) for ident in moved) + _block(lines, INDENT)
        head = before_value + rest
        head = head if head.endswith("\n") else head + "\n"
        return head + block + text[key_line_end:]
    if not found:
        raise UnsupportedLayout(f"'{key}' is an empty block list")
    prefix = text[line_start(text, found[0].start) : found[0].start]
    if not _DASH.fullmatch(prefix):
        raise UnsupportedLayout(f"the items of '{key}' are not one per line")
    at = line_end(text, found[-1].end)
    text, at = _ended(text, at)
    return text[:at] + _block(lines, prefix) + text[at:]


def remove_entries(text: str, key: str, matches: Callable[[Entry], bool]) -> str:
    """``text`` without the entries of list ``key`` that ``matches`` accepts."""
    while True:
        top = _top(text)
        value = top.values.get(key, [])
        if not value or not isinstance(value[0], yaml.SequenceStartEvent):
            return text
        found = entries(value, key)
        hits = [k for k, entry in enumerate(found) if matches(entry)]
        if not hits:
            return text
        text = _remove(text, top.keys[key], bool(value[0].flow_style), found, hits[0])


def _remove(text: str, key: yaml.ScalarEvent, flow: bool, found: list[Entry], k: int) -> str:
    entry = found[k]
    if flow:
        if k > 0:
            start, end = found[k - 1].end, entry.end
        elif len(found) > 1:
            start, end = entry.start, found[1].start
        else:
            start, end = entry.start, entry.end
        return text[:start] + text[end:]
    start = line_start(text, entry.start)
    end = line_end(text, entry.end)
    if not _DASH.fullmatch(text[start : entry.start]) or not re.fullmatch(
        r"[ \t]*(#.*)?\n?", text[entry.end : end]
    ):
        raise UnsupportedLayout("the list items are not one per line")
    text = text[:start] + text[end:]
    if len(found) == 1:  # leave an explicit empty list, not a bare key
        colon = re.compile(r"[ \t]*:").match(text, event_end(key))
        assert colon is not None
        text = text[: colon.end()] + " []" + text[colon.end() :]
    return text


def rename_in_entries(text: str, key: str, old: str, new: str) -> str:
    """``text`` with the id ``old`` changed to ``new`` inside every mapping entry of ``key``."""
    top = _top(text)
    value = top.values.get(key, [])
    if not value or not isinstance(value[0], yaml.SequenceStartEvent):
        return text
    spots = [s for e in entries(value, key) if e.value is None for s in e.scalars if s.value == old]
    replacement = scalar(new)
    for spot in sorted(spots, key=event_start, reverse=True):
        if "\n" in text[event_start(spot) : event_end(spot)]:
            raise UnsupportedLayout(f"the id '{old}' is written across lines")
        text = text[: event_start(spot)] + replacement + text[event_end(spot) :]
    return text


def group_lines(target: str, others: Sequence[str]) -> list[str]:
    return [f"to: {scalar(target)}", f"with: [{', '.join(scalar(o) for o in others)}]"]


def undercut_lines(reason: str, target: str) -> list[str]:
    return [f"from: {scalar(reason)}", f"to: {scalar(target)}"]


def is_group(target: str, others: Sequence[str]) -> Callable[[Entry], bool]:
    """Accepts the group entry about ``target`` whose ``with`` holds ``others`` (in any order)."""
    return lambda e: (
        e.value is None and e.fields.get("to") == target and sorted(e.ids("with")) == sorted(others)
    )


def is_undercut(reason: str, target: str) -> Callable[[Entry], bool]:
    return lambda e: e.value is None and e.fields.get("from") == reason and e.fields.get("to") == target


def set_with(text: str, relation: str, target: str, others: Sequence[str], kept: Sequence[str]) -> str:
    """``text`` with the ``with`` list of one group (``others``) replaced by ``kept``."""
    top = _top(text)
    value = top.values.get(relation, [])
    match = is_group(target, others)
    for entry in entries(value, relation) if value else []:
        if match(entry):
            spots = [s for s in entry.scalars if s.value in others and s.value != target]
            start, end = event_start(spots[0]), event_end(spots[-1])
            if "\n" in text[start:end]:
                raise UnsupportedLayout("the group's 'with' is written across lines")
            return text[:start] + ", ".join(scalar(k) for k in kept) + text[end:]
    raise UnsupportedLayout(f"no premise group about '{target}' with {', '.join(others)}")


# --- plain ids in a list that also holds groups (the plain-list functions refuse those) -------


def _mixed(text: str, key: str) -> list[Entry] | None:
    """The entries of list ``key`` if some of them are mappings; ``None`` for a list of ids only."""
    top = _top(text)
    value = top.values.get(key, [])
    if not value or not isinstance(value[0], yaml.SequenceStartEvent):
        return None
    found = entries(value, key)
    return found if any(e.value is None for e in found) else None


def add_target(text: str, relation: str, target: str) -> str:
    """:func:`debatemap.edit.yamlwrite.add_target`, also into a list that holds premise groups."""
    found = _mixed(text, relation)
    if found is None:
        return yamlwrite.add_target(text, relation, target)
    if getattr(_top(text).values[relation][0], "flow_style", False):
        return text[: found[-1].end] + f", {scalar(target)}" + text[found[-1].end :]
    return add_entry(text, relation, [scalar(target)])


def remove_target(text: str, relation: str, target: str) -> str:
    """:func:`debatemap.edit.yamlwrite.remove_target`, also from a list that holds premise groups."""
    if _mixed(text, relation) is None:
        return yamlwrite.remove_target(text, relation, target)
    return remove_entries(text, relation, lambda entry: entry.value == target)


def replace_target(text: str, relation: str, old: str, new: str) -> str:
    """:func:`debatemap.edit.yamlfields.replace_target`, also in a list that holds premise groups."""
    found = _mixed(text, relation)
    if found is None:
        return yamlfields.replace_target(text, relation, old, new)
    if any(entry.value == new for entry in found):
        return remove_target(text, relation, old)
    for entry in reversed(found):
        if entry.value == old:
            text = text[: entry.start] + scalar(new) + text[entry.end :]
    return text
