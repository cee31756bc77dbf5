"""What a changed node file must read back as: every change compares before it writes.

:func:`fields_of` is what a node's file says; :func:`same_node` asks whether a
node read back from new text says what was meant, premise groups and undercuts
included (given as in YAML: ``{"to", "with"}`` items, ``{"from", "to"}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from debatemap.model import RELATIONS, Node, PremiseGroup, Undercut
from debatemap.store.records import NODE_LIST_FIELDS, NODE_TEXT_FIELDS


def same_node(node: Node, fields: Mapping[str, Any]) -> bool:
    """Whether ``node`` reads back as ``fields`` say (premise groups and undercuts included,
    written as in YAML: ``{"to", "with"}`` items of supports/opposes, ``{"from", "to"}``)."""
    fields = _as_read(node.id, fields)
    for key, value in fields.items():
        read = getattr(node, key)
        if (tuple(value) if isinstance(value, list) else value) != read:
            return False
    return True


def _as_read(ident: str, fields: Mapping[str, Any]) -> Mapping[str, Any]:
    """``fields`` with premise groups and undercuts as the reader gives them (records)."""
    mixed = [r for r in RELATIONS if any(isinstance(i, Mapping) for i in fields.get(r) or ())]
    if not mixed and not (fields.get("undercuts") and isinstance(fields["undercuts"], list)):
        return fields
    expected = dict(fields)
    groups: list[PremiseGroup] = []
    for relation in RELATIONS:
        items = list(fields.get(relation) or ())
        expected[relation] = [i for i in items if not isinstance(i, Mapping)]
        groups += [
            PremiseGroup(relation, i["to"], (ident, *i["with"])) for i in items if isinstance(i, Mapping)
        ]
    expected.setdefault("groups", tuple(groups))
    if isinstance(fields.get("undercuts"), list):
        expected["undercuts"] = tuple(Undercut(ident, u["from"], u["to"]) for u in fields["undercuts"])
    return expected


def fields_of(node: Node) -> dict[str, Any]:
    """What a node file says, to compare a changed file with (:func:`same_node`)."""
    return {
        **{k: getattr(node, k) for k in NODE_TEXT_FIELDS},
        **{k: list(getattr(node, k)) for k in NODE_LIST_FIELDS},
        "groups": node.groups,
        "undercuts": node.undercuts,
    }
