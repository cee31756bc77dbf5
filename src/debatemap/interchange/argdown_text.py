"""The text of an Argdown file: comments, escapes, tags and inline data.

Helpers of :mod:`debatemap.interchange.argdown_read`, kept apart because they
work on characters, not on the structure of the debate.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from debatemap.interchange import DATA_FIELDS
from debatemap.rules.constraints import slugify

_TAG = re.compile(r"(?:^|(?<=\s))#(?:\((?P<long>[^)]*)\)|(?P<short>[\w-]+))")


def unescape(text: str) -> str:
    """Argdown text with backslash escapes resolved and spaces folded."""
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


_COMMENT_OR_ESCAPE = re.compile(r"\\.|/\*|<!--|(?<!:)//", re.DOTALL)


def strip_comments(text: str) -> str:
    """``text`` without ``//``, ``/* */`` and ``<!-- -->`` comments; line breaks kept.

    A ``//`` right after ``:`` is a URL's, not a comment; escaped characters are text.
    One pass: each search starts where the last comment or escape ended.
    """
    out: list[str] = []
    position, size = 0, len(text)
    while (found := _COMMENT_OR_ESCAPE.search(text, position)) is not None:
        token = found.group()
        if token.startswith("\\"):
            out.append(text[position : found.end()])
            position = found.end()
            continue
        out.append(text[position : found.start()])
        if token == "//":
            end = text.find("\n", found.end())
            position = size if end < 0 else end
            continue
        closer = "*/" if token == "/*" else "-->"
        end = text.find(closer, found.end())
        end = size if end < 0 else end + len(closer)
        out.append("\n" * text.count("\n", found.start(), end))
        position = end
    out.append(text[position:])
    return "".join(out)


def split_data(rest: str) -> tuple[str, str | None]:
    """``text {data}`` -> (text, data); the data block is the ``{...}`` that ends the text,
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


def data_problems(value: dict[str, Any]) -> list[str]:
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
    undercuts = value.get("undercuts")
    if undercuts is not None and (
        not isinstance(undercuts, list)
        or not all(isinstance(u, dict) and isinstance(u.get("from"), str) and isinstance(u.get("to"), str)
                   for u in undercuts)
    ):  # fmt: skip
        wrong.append(f"'undercuts' must be a list of {{from: ..., to: ...}}, not {_kind_of(undercuts)}")
    for key in ("supports", "opposes"):
        item = value.get(key)
        if item is not None and (not isinstance(item, list) or not all(isinstance(t, str) for t in item)):
            wrong.append(f"'{key}' must be a list of statement titles, not {_kind_of(item)}")
    return wrong


@lru_cache(maxsize=4096)
def _tag(words: str) -> str:
    return slugify(words, 60)


def take_tags(text: str) -> tuple[list[str], str]:
    """``#tag`` and ``#(a tag)`` out of a text, as slugs, and the text without them."""
    tags = [_tag(m["long"] or m["short"] or "") for m in _TAG.finditer(text)]
    return [t for t in tags if t], _TAG.sub("", text) if tags else text
