"""Rules that span files: references, edges, structure and quotes.

:func:`validate` turns a :class:`~debatemap.model.DebateMap` into a list of
:class:`~debatemap.model.Problem`; :func:`check` reads a map from disk and
runs every rule. Problems are data: the CLI prints them, tests assert on them.

Each problem names its rule from :mod:`debatemap.rules` (``rules.MISSING_TARGET``, ...),
which holds every code once with its severity and explanation; the README's and the
docs' tables of codes, ``check --explain`` and SARIF's rule list are generated from it.
The editing commands refuse a value over its cap with the same DM031, as an error,
and add DM033 (a change that cannot be made); see :mod:`debatemap.edit`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debatemap import rules
from debatemap.model import RELATIONS, DebateMap, Problem
from debatemap.rules.constraints import (
    LIMITS,
    SOURCE_TITLE_LIMIT,
    did_you_mean,
    missing_node_hint,
)
from debatemap.store.reader import read_map
from debatemap.validation.links import DEFINITION_HINT, definitions_in_links
from debatemap.validation.reasons import Resolved, resolve
from debatemap.validation.record import compare_record
from debatemap.validation.texts import QuoteReport, load_texts, sources_folder, text_problems, verify


def _references(debate: DebateMap) -> list[Problem]:
    problems: list[Problem] = []
    for source in debate.sources.values():
        if source.perspective and source.perspective not in debate.perspectives:
            problems.append(
                rules.UNKNOWN_PERSPECTIVE.at(
                    source.positions.get("perspective", source.position),
                    f"source '{source.id}' names unknown perspective '{source.perspective}'",
                    did_you_mean(source.perspective, debate.perspectives),
                )
            )
    for node in debate.nodes.values():
        if node.perspective and node.perspective not in debate.perspectives:
            problems.append(
                rules.UNKNOWN_PERSPECTIVE.at(
                    node.where("perspective"),
                    f"unknown perspective '{node.perspective}'",
                    did_you_mean(node.perspective, debate.perspectives)
                    or "add it to perspectives.yaml (debatemap add-perspective)",
                )
            )
        if node.source and node.source not in debate.sources:
            problems.append(
                rules.UNKNOWN_SOURCE.at(
                    node.where("source"),
                    f"unknown source '{node.source}'",
                    did_you_mean(node.source, debate.sources)
                    or "add it to sources.yaml (debatemap add-source)",
                )
            )
    return problems


def _edges(debate: DebateMap) -> list[Problem]:
    problems: list[Problem] = []
    for node in debate.nodes.values():
        seen: dict[str, str] = {}
        for relation in RELATIONS:
            for i, target in enumerate(node.targets(relation)):
                if target in debate.nodes and target != node.id and target not in seen:
                    seen[target] = relation  # the common case: nothing to report
                    continue
                where = node.where(f"{relation}[{i}]")
                if target == node.id:
                    problems.append(
                        rules.SELF_LINK.at(
                            where,
                            f"'{node.id}' {relation} itself",
                            f"remove '{target}' from {relation}",
                        )
                    )
                elif target not in debate.nodes:
                    problems.append(
                        rules.MISSING_TARGET.at(
                            where,
                            f"{relation} names '{target}', which is not in the map",
                            missing_node_hint(target, debate.nodes),
                        )
                    )
                if target in seen:
                    if seen[target] == relation:
                        problems.append(
                            rules.DUPLICATE_TARGET.at(
                                where,
                                f"'{target}' is listed twice in {relation}",
                                "remove one",
                            )
                        )
                    else:
                        problems.append(
                            rules.SUPPORTS_AND_OPPOSES.at(
                                where,
                                f"'{node.id}' both supports and opposes '{target}'",
                                "keep one relation: an argument cannot be for and against the same claim",
                            )
                        )
                seen.setdefault(target, relation)
    return problems


def _structure(debate: DebateMap, found: Resolved) -> list[Problem]:
    problems: list[Problem] = []
    connected: set[str] = set()
    supports: dict[str, list[str]] = defaultdict(list)
    for reason in found.reasons:  # plain links and premise groups: each member argues
        connected.add(reason.target)
        connected.update(reason.members)
        if reason.relation == "supports":
            for member in reason.members:
                supports[member].append(reason.target)
    connected.update(undercut.source for undercut, _ in found.undercuts)
    connected |= found.unsound  # a group or undercut in error is reported as such, not as isolation
    for node in debate.nodes.values():
        if node.id not in connected and node.kind != "definition":  # a glossary entry may stand alone
            problems.append(
                rules.ISOLATED_NODE.at(
                    node.position,
                    f"'{node.id}' is connected to nothing",
                    "add supports/opposes, or link another node to it (debatemap link)",
                )
            )
    for component in _support_cycles(supports):
        if len(component) > 1:
            members = sorted(component)
            first = debate.nodes[members[0]]
            problems.append(
                rules.SUPPORT_CYCLE.at(
                    first.where("supports"),
                    f"cycle of supports among {', '.join(members)}",
                    "an argument should not, through others, support itself",
                )
            )
    return problems


def _reasoning(debate: DebateMap, found: Resolved) -> list[Problem]:
    """Warnings about how the map argues: definitions used as arguments (DM040) and
    claims from which no chain of links arrives at a thesis (DM041). O(nodes + links)."""
    problems: list[Problem] = []
    arguing_about: dict[str, list[str]] = defaultdict(list)  # target -> nodes arguing about it
    for reason in found.reasons:
        arguing_about[reason.target].extend(reason.members)
    for undercut, attacked in found.undercuts:  # attacking a link into T is arguing about T
        arguing_about[attacked.target].append(undercut.source)
    for node in debate.nodes.values():
        if node.kind == "definition":
            # A definition may back a claim about what a word or law means; opposing a
            # claim, or arguing a thesis directly, uses it as an argument.
            theses = [t for t in node.supports if t in debate.nodes and debate.nodes[t].kind == "thesis"]
            opposed = [t for t in node.opposes if t in debate.nodes]
            for relation, used in (("opposes", opposed), ("supports", theses)):
                if used:
                    problems.append(
                        rules.DEFINITION_ARGUES.at(
                            node.where(relation),
                            f"definition '{node.id}' {relation} {', '.join(sorted(set(used)))}",
                            DEFINITION_HINT,
                        )
                    )
    problems += definitions_in_links(debate, found)
    theses = [n.id for n in debate.nodes.values() if n.kind == "thesis"]
    if not theses:  # a map that has no thesis yet: nothing to reach
        return problems
    reaches = set(theses)
    frontier = list(theses)
    while frontier:  # backwards from every thesis: who argues about what reaches one
        for arguer in arguing_about.get(frontier.pop(), ()):
            if arguer not in reaches:
                reaches.add(arguer)
                frontier.append(arguer)
    arguers = {member for members in arguing_about.values() for member in members}
    for node in debate.nodes.values():
        linked = bool(node.supports or node.opposes or node.groups or node.undercuts)
        linked = linked or node.id in arguing_about or node.id in arguers
        if node.id not in reaches and linked and node.id not in found.unsound:  # else DM019 or an error
            problems.append(
                rules.REACHES_NO_THESIS.at(
                    node.position,
                    f"'{node.id}' reaches no thesis through its links",
                    "link it (or the claim it argues about) to what it is a reason for or against",
                )
            )
    return problems


def _support_cycles(supports: dict[str, list[str]]) -> list[set[str]]:
    """The groups of nodes that support each other in a cycle.

    Whether there is any cycle is cheap to find (Kahn's algorithm: peel off
    nodes nothing left supports; a cycle is what cannot be peeled); NetworkX
    (slow to import) is only asked for the groups when there is one.
    """
    if not _has_cycle(supports):
        return []
    import networkx as nx

    graph = nx.DiGraph([(a, b) for a, targets in supports.items() for b in targets])
    return [c for c in nx.strongly_connected_components(graph) if len(c) > 1]


def _has_cycle(supports: dict[str, list[str]]) -> bool:
    """True when following ``supports`` edges can lead back to where it started."""
    # Only nodes that support something can lie on a cycle.
    incoming = dict.fromkeys(supports, 0)
    for targets in supports.values():
        for target in targets:
            if target in incoming:
                incoming[target] += 1
    ready = [node for node, count in incoming.items() if count == 0]
    peeled = 0
    while ready:
        node = ready.pop()
        peeled += 1
        for target in supports[node]:
            if target in incoming:
                incoming[target] -= 1
                if incoming[target] == 0:
                    ready.append(target)
    return peeled < len(incoming)


def _lengths(debate: DebateMap) -> list[Problem]:
    """Values longer than ``debatemap add`` would accept: a warning, so hand edits and the
    commands agree on what a tidy map holds without breaking a map that already exists."""
    problems: list[Problem] = []

    def measure(record: Any, fields: tuple[str, ...], what: str, caps: dict[str, int]) -> None:
        for name in fields:
            value = getattr(record, name)
            if isinstance(value, str) and len(value) > caps[name]:
                problems.append(
                    rules.TOO_LONG.at(
                        record.positions.get(name, record.position),
                        f"{what}'{name}' is {len(value)} characters long; "
                        f"debatemap add would cap it at {caps[name]}",
                        "shorten it, or raise the cap in debatemap/rules/constraints.py (LIMITS)",
                    )
                )

    for node in debate.nodes.values():
        measure(node, ("title", "text", "quote", "question", "speaker", "contributor"), "", LIMITS)
    for perspective in debate.perspectives.values():
        measure(perspective, ("name", "description"), f"perspective '{perspective.id}': ", LIMITS)
    source_caps = {**LIMITS, "title": SOURCE_TITLE_LIMIT}
    for source in debate.sources.values():
        fields = ("title", "author", "publisher", "date", "url", "file", "description")
        measure(source, fields, f"source '{source.id}': ", source_caps)
    return problems


def validate(debate: DebateMap, sources_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every cross-file problem of ``debate``; quotes too when ``sources_dir`` is given
    (then every source's text must be there: a missing one is a DM026 error)."""
    found = resolve(debate)
    problems = _references(debate) + _edges(debate) + _structure(debate, found) + _lengths(debate)
    problems += found.problems + _reasoning(debate, found)
    if sources_dir is not None:
        texts = load_texts(debate, Path(sources_dir))
        problems += text_problems(texts, require=True) + verify(debate.nodes.values(), texts)
    return problems


@dataclass
class Checked:
    """What :func:`check_map` found: the map, its problems, and how its quotes fared."""

    debate: DebateMap
    problems: list[Problem]
    quotes: QuoteReport
    sources_dir: Path
    record: dict[str, Any] | None = None  # the quote record as the present texts give it


def check_map(
    root: str | os.PathLike[str],
    sources_dir: str | os.PathLike[str] | None = None,
    parallel: bool = False,
    require_sources: bool = False,
) -> Checked:
    """Read the map at ``root`` and run every rule, quotes included wherever their text is.

    Texts are looked for in ``sources_dir`` when given, else in ``root/sources``. A
    source whose text is not there leaves its quotes unverified (counted in
    ``quotes``); that is a DM026 error with ``require_sources``, or when
    ``sources_dir`` was given (a folder named on purpose should hold every text).
    """
    debate, problems = read_map(root, parallel=parallel)
    problems += validate(debate)
    folder = sources_folder(root, sources_dir)
    texts = load_texts(debate, folder)
    report = QuoteReport()
    problems += text_problems(texts, require_sources or sources_dir is not None)
    problems += verify(debate.nodes.values(), texts, report)
    record_problems, record = compare_record(root, debate, texts, require_sources, report)
    problems += record_problems
    return Checked(debate, sort_problems(problems), report, folder, record)


def check(
    root: str | os.PathLike[str],
    sources_dir: str | os.PathLike[str] | None = None,
    parallel: bool = False,
    *,
    require_sources: bool = False,
) -> tuple[DebateMap, list[Problem]]:
    """Read the map at ``root`` and run every rule; problems sorted by place.

    ``parallel`` reads a large map on every core (the CLI sets it). Quotes are
    verified against the texts in ``sources_dir``, else in ``root/sources``
    (see :func:`check_map`, which also says how many could not be verified).
    """
    found = check_map(root, sources_dir, parallel, require_sources)
    return found.debate, found.problems


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order, each once."""
    return sorted(
        set(problems),
        key=lambda p: (p.path, p.line, p.column, p.severity, p.code, p.message, p.hint or ""),
    )


def counts(problems: list[Problem]) -> dict[str, int]:
    tally: dict[str, int] = defaultdict(int)
    for problem in problems:
        tally[problem.severity] += 1
    return dict(tally)
