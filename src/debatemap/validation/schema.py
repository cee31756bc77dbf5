"""The JSON Schema of a node file, for editors (yaml-language-server) and other tools.

The schema describes the same rules the loader enforces for one file; rules
that span files (unknown ids, cycles) are only checked by ``debatemap check``.
"""

from __future__ import annotations

import json
from typing import Any

from debatemap.model import CONTROL_IN_VALUE, KINDS
from debatemap.rules.constraints import MAX_ID_LENGTH, SLUG_PATTERN

SCHEMA_ID = "https://github.com/debatemap/debatemap/schema/node.schema.json"

# Generated from the same constraints check applies (debatemap.rules.constraints and
# the model's control characters), so an editor and check agree on one file.
# "(?![\\s\\S])" is the very end in both ECMA and Python regexes; "$" would let "a\\n" pass.
_SLUG = f"^{SLUG_PATTERN}(?![\\s\\S])"
# Not blank, and no control or bidi character (DM006, DM032), written as \uXXXX.
_CONTROLS = "".join(
    c if c.isalnum() or c == "-" else f"\\u{ord(c):04x}" for c in CONTROL_IN_VALUE.pattern[1:-1]
)
_TEXT = f"^(?=[\\s\\S]*\\S)[^{_CONTROLS}]*$"
# List items are read with surrounding whitespace stripped.
_LISTED_SLUG = f"^\\s*{SLUG_PATTERN}\\s*(?![\\s\\S])"


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": _TEXT, "description": description}


def _optional(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field may be left empty (``speaker:``): check reads that as absent."""
    description = schema.pop("description")
    blank = {"type": "string", "pattern": r"^\s*$"}
    return {"anyOf": [{"type": "null"}, blank, schema], "description": description}


def _ids(description: str) -> dict[str, Any]:
    return {
        "type": ["array", "null"],
        "items": {"type": "string", "pattern": _LISTED_SLUG},
        "description": description,
    }


def _reasons(description: str) -> dict[str, Any]:
    """``supports``/``opposes``: plain ids, or premise groups ``{to: ID, with: [ID, ...]}``."""
    group = {
        "type": "object",
        "additionalProperties": False,
        "required": ["to", "with"],
        "properties": {
            "to": {**_slug("The claim the members are one reason about, together."), "pattern": _LISTED_SLUG},
            "with": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "pattern": _LISTED_SLUG},
                "description": "The other members of the group (this node is the first).",
            },
        },
        "description": "A premise group: this node and every id in 'with' are ONE reason, only together.",
    }
    return {
        "type": ["array", "null"],
        "items": {"anyOf": [{"type": "string", "pattern": _LISTED_SLUG}, group]},
        "description": description,
    }


def _undercuts() -> dict[str, Any]:
    link_end = {"type": "string", "pattern": _LISTED_SLUG}
    return {
        "type": ["array", "null"],
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {
                "from": {**link_end, "description": "The reason whose link is attacked."},
                "to": {**link_end, "description": "The claim that reason argues about."},
            },
        },
        "description": "Links this node attacks: it denies that 'from' is a reason about 'to'.",
    }


def _slug(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": _SLUG, "maxLength": MAX_ID_LENGTH, "description": description}


def node_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one ``arguments/**/<id>.yaml`` file."""
    attributed = {
        "required": ["perspective", "source", "quote"],
        "properties": {
            "perspective": _slug("An id from perspectives.yaml."),
            "source": _slug("An id from sources.yaml."),
            "quote": _text("A short verbatim quote from the source."),
        },
    }
    thesis = {"required": ["question"], "properties": {"question": _text("The question it answers.")}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "debatemap node",
        "description": "One thesis, argument or definition of a debate map; the file name is its id.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "kind", "title", "text"],
        "properties": {
            "id": _slug("Slug (a-z, 0-9, '-'), unique in the map, equal to the file name."),
            "kind": {"enum": list(KINDS), "description": "thesis, argument or definition."},
            "title": _text("Short label shown on the map."),
            "text": _text("The claim in full, in neutral words."),
            "perspective": _optional(_slug("An id from perspectives.yaml (arguments and definitions).")),
            "source": _optional(_slug("An id from sources.yaml (arguments and definitions).")),
            "quote": _optional(_text("A short verbatim quote from the source (arguments and definitions).")),
            "question": _optional(_text("For a thesis: the question it answers.")),
            "speaker": _optional(_text("Who says it inside the source, e.g. a commenter's displayed name.")),
            "contributor": _optional(
                _text("Who added it: the name a browser gave in a classroom (debatemap serve --class).")
            ),
            "supports": _reasons("Ids of the nodes this node argues for (alone, or in a premise group)."),
            "opposes": _reasons("Ids of the nodes this node argues against (alone, or in a premise group)."),
            "undercuts": _undercuts(),
            "tags": _ids("Free tags (slugs)."),
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": "thesis"}}}, "then": thesis},
            {"if": {"properties": {"kind": {"const": "argument"}}}, "then": attributed},
            {"if": {"properties": {"kind": {"const": "definition"}}}, "then": attributed},
        ],
    }


def schema_json() -> str:
    """The schema as stable, pretty-printed JSON text (ends with a newline)."""
    return json.dumps(node_schema(), indent=2, ensure_ascii=False) + "\n"
