"""The links of one node file: plain ids, premise groups and undercuts, with their positions.

``supports:`` and ``opposes:`` list either plain ids (each a reason on its own, as
always) or mappings ``{to: TARGET, with: [ID, ...]}``: this node and every id in
``with`` are ONE reason for (against) TARGET, only together. ``undercuts:`` lists
mappings ``{from: REASON, to: TARGET}``: this node attacks the link from REASON to
TARGET, not either claim. Only the shape is checked here (keys, types); whether the
ids exist, a group has two members or an undercut names a real link is
:mod:`debatemap.validation.links`'s job, which sees the whole map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from debatemap import rules
from debatemap.model import RELATIONS, Position, Problem
from debatemap.rules.constraints import did_you_mean
from debatemap.store.yamlvalues import YList, YMap

GROUP_KEYS = ("to", "with")
UNDERCUT_KEYS = ("from", "to")
GROUP_HINT = "a premise group is written '- to: TARGET' with 'with: [OTHER-ID, ...]' on the next line"
UNDERCUT_HINT = "write each undercut as '- from: REASON' with 'to: TARGET' on the next line"


def describe(value: Any) -> str:
    """What ``value`` is, in a person's words (for 'must be X, found Y')."""
    if isinstance(value, bool):
        return "a boolean (yes/no/true/false/on/off are booleans in YAML)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (YMap, dict)):
        return "a mapping"
    if isinstance(value, (YList, list)):
        return "a list"
    if value is None:
        return "nothing"
    return "text"


@dataclass
class Links:
    """What one file says it links to; groups and undercuts without their lead/source yet."""

    plain: dict[str, tuple[str, ...]] = field(default_factory=dict)  # relation -> ids
    groups: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # relation, to, with
    undercuts: list[tuple[str, str]] = field(default_factory=list)  # from, to
    positions: dict[str, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_links(mapping: YMap) -> Links:
    """The plain links, premise groups and undercuts of one node's mapping."""
    links = Links()
    for relation in RELATIONS:
        links.plain[relation] = _relation(mapping, relation, links)
    if mapping.get("undercuts") is not None:
        _undercuts(mapping, links)
    return links


def _where(mapping: YMap, key: str) -> Position:
    return mapping.value_positions.get(key, mapping.position)


def _not_a_list(mapping: YMap, key: str, value: Any, hint: str | None) -> Problem:
    return rules.WRONG_TYPE.at(
        _where(mapping, key), f"field '{key}' must be a list, found {describe(value)}", hint
    )


def _relation(mapping: YMap, relation: str, links: Links) -> tuple[str, ...]:
    value = mapping.get(relation)
    if value is None:
        return ()
    if not isinstance(value, YList):
        hint = f"write it as a list: {relation}: [{value}]" if isinstance(value, str) else None
        links.problems.append(_not_a_list(mapping, relation, value, hint))
        return ()
    ids: list[str] = []
    for item, where in zip(value, value.item_positions, strict=True):
        if isinstance(item, str) and item.strip():
            links.positions[f"{relation}[{len(ids)}]"] = where
            ids.append(item.strip())
        elif isinstance(item, YMap):
            _group(item, relation, links)
        else:
            links.problems.append(
                rules.WRONG_TYPE.at(
                    where,
                    f"items of '{relation}' must be an id or a premise group, found {describe(item)}",
                    GROUP_HINT if isinstance(item, YList) else None,
                )
            )
    return tuple(ids)


def _unknown_keys(item: YMap, allowed: tuple[str, ...], what: str, links: Links) -> bool:
    clean = True
    for key in item:
        if key in allowed:
            continue
        clean = False
        if key == "from" and "to" in allowed:
            hint = "an attack on a link goes under 'undercuts:', not under supports/opposes"
        else:
            hint = did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}"
        links.problems.append(
            rules.UNKNOWN_KEY.at(item.key_positions[key], f"unknown key '{key}' in {what}", hint)
        )
    return clean


def _id(item: YMap, key: str, what: str, hint: str, links: Links) -> str | None:
    """The id under ``key`` of a group or undercut, or ``None`` after reporting why not."""
    if key not in item:
        links.problems.append(
            rules.MISSING_FIELD.at(item.position, f"missing required field '{key}' in {what}", hint)
        )
        return None
    value = item[key]
    if isinstance(value, str) and value.strip():
        return value.strip()
    found = "empty" if value is None or isinstance(value, str) else describe(value)
    links.problems.append(
        (rules.WRONG_TYPE if found != "empty" else rules.EMPTY_FIELD).at(
            _where(item, key),
            f"'{key}' in {what} must be an id, found {found}",
            hint,
        )
    )
    return None


def _group(item: YMap, relation: str, links: Links) -> None:
    what = f"a premise group in '{relation}'"
    before = len(links.problems)
    _unknown_keys(item, GROUP_KEYS, what, links)
    target = _id(item, "to", what, "'to:' names the claim the members argue about together", links)
    members: list[str] = []
    found = item.get("with")
    index = len(links.groups)
    prefix = f"groups[{index}]"
    at: dict[str, Position] = {prefix: item.position}
    if "with" not in item:
        links.problems.append(
            rules.MISSING_FIELD.at(
                item.position,
                f"missing required field 'with' in {what}",
                "'with:' lists the other members; a reason on its own is a plain id",
            )
        )
    elif not isinstance(found, YList):
        hint = f"write it as a list: with: [{found}]" if isinstance(found, str) else None
        links.problems.append(_not_a_list(item, "with", found, hint))
    else:
        at[f"{prefix}.with"] = _where(item, "with")
        for member, where in zip(found, found.item_positions, strict=True):
            if isinstance(member, str) and member.strip():
                at[f"{prefix}.with[{len(members)}]"] = where
                members.append(member.strip())
            else:
                links.problems.append(
                    rules.WRONG_TYPE.at(where, f"items of 'with' must be ids, found {describe(member)}")
                )
    if target is None or len(links.problems) > before:
        return
    at[f"{prefix}.to"] = _where(item, "to")
    links.positions.update(at)
    links.groups.append((relation, target, tuple(members)))


def _undercuts(mapping: YMap, links: Links) -> None:
    value = mapping["undercuts"]
    if not isinstance(value, YList):
        links.problems.append(_not_a_list(mapping, "undercuts", value, UNDERCUT_HINT))
        return
    what = "an undercut"
    for item, where in zip(value, value.item_positions, strict=True):
        if not isinstance(item, YMap):
            links.problems.append(
                rules.WRONG_TYPE.at(
                    where,
                    f"items of 'undercuts' must be mappings of 'from' and 'to', found {describe(item)}",
                    UNDERCUT_HINT,
                )
            )
            continue
        before = len(links.problems)
        _unknown_keys(item, UNDERCUT_KEYS, what, links)
        reason = _id(item, "from", what, "'from:' names the reason whose link is attacked", links)
        target = _id(item, "to", what, "'to:' names the claim the attacked link argues about", links)
        if reason is None or target is None or len(links.problems) > before:
            continue
        prefix = f"undercuts[{len(links.undercuts)}]"
        links.positions[prefix] = where
        links.positions[f"{prefix}.from"] = _where(item, "from")
        links.positions[f"{prefix}.to"] = _where(item, "to")
        links.undercuts.append((reason, target))
