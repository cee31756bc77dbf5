"""The JSON Schema of a node file, for editors (yaml-language-server) and other tools.

The schema describes the same rules the loader enforces for one file; rules
that span files (unknown ids, cycles) are only checked by ``debatemap check``.
"""

from __future__ import annotations

import json
from typing import Any

from debatemap.model import KINDS
from debatemap.store.records import MAX_ID_LENGTH

SCHEMA_ID = "https://github.com/debatemap/debatemap/schema/node.schema.json"

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": r"\S", "description": description}


def _ids(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "pattern": _SLUG, "maxLength": MAX_ID_LENGTH},
        "uniqueItems": True,
        "description": description,
    }


def node_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one ``arguments/**/<id>.yaml`` file."""
    attributed = {"required": ["perspective", "source", "quote"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "debatemap node",
        "description": "One thesis, argument or definition of a debate map; the file name is its id.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "kind", "title", "text"],
        "properties": {
            "id": {
                "type": "string",
                "pattern": _SLUG,
                "maxLength": MAX_ID_LENGTH,
                "description": "Slug (a-z, 0-9, '-'), unique in the map, equal to the file name.",
            },
            "kind": {"enum": list(KINDS), "description": "thesis, argument or definition."},
            "title": _text("Short label shown on the map."),
            "text": _text("The claim in full, in neutral words."),
            "perspective": {
                "type": "string",
                "pattern": _SLUG,
                "description": "An id from perspectives.yaml.",
            },
            "source": {"type": "string", "pattern": _SLUG, "description": "An id from sources.yaml."},
            "quote": _text("A short verbatim quote from the source."),
            "question": _text("For a thesis: the question it answers."),
            "speaker": _text("Who says it inside the source, e.g. a commenter's displayed name."),
            "contributor": _text(
                "Who added it: the name a browser gave in a classroom (debatemap serve --class)."
            ),
            "supports": _ids("Ids of the nodes this node argues for."),
            "opposes": _ids("Ids of the nodes this node argues against."),
            "tags": _ids("Free tags (slugs)."),
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": "thesis"}}}, "then": {"required": ["question"]}},
            {"if": {"properties": {"kind": {"const": "argument"}}}, "then": attributed},
            {"if": {"properties": {"kind": {"const": "definition"}}}, "then": attributed},
        ],
    }


def schema_json() -> str:
    """The schema as stable, pretty-printed JSON text (ends with a newline)."""
    return json.dumps(node_schema(), indent=2, ensure_ascii=False) + "\n"
