"""After the last line of an Argdown file: what the structures, undercuts and prose mean.

Premise-conclusion structures become premise groups, a reconstructed argument is
folded into its conclusion, undercuts find the inference they attack, and untitled
paragraphs with no relation are left out (see :mod:`debatemap.interchange.argdown_read`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from debatemap.interchange import add_group, add_relation, add_undercut

if TYPE_CHECKING:
    from debatemap.interchange.argdown_read import ArgdownReader


def finish(reader: ArgdownReader) -> None:
    """Links from inline data, premise groups, undercuts, prose left out, theses found."""
    for source, kind, target, number, column in reader.data_links:
        found = reader.statements.get(target) or reader.arguments.get(target)
        if found is None:
            reader.leave_out(
                number, column, f"'{kind}' names no statement [{target}]", "links to no statement"
            )
        else:
            add_relation(reader.graph, source, kind, found)
    conclusions = reconstruct(reader)
    for attacker, attacked, number, column in reader.undercuts:
        attacker = conclusions.get(attacker, (attacker,))[-1]
        undercut(reader, attacker, attacked, conclusions, number, column)
    for key in [k for k in reader.graph.nodes if k in conclusions]:
        fold_argument(reader, key, conclusions[key])
    declared_undercuts(reader)
    drop_prose(reader)
    for key, attrs in reader.graph.nodes(data=True):
        if (
            key not in reader.explicit_kind
            and reader.graph.out_degree(key) == 0
            and not undercutting(reader, key)
        ):
            attrs["kind"] = "thesis"


def declared_undercuts(reader: ArgdownReader) -> None:
    """Undercuts named in a statement's data say which member's link they attack."""
    for source, reason_title, target_title, line, column in reader.declared:
        reason, target = reader.statements.get(reason_title), reader.statements.get(target_title)
        if reason is None or target is None or not reader.graph.has_edge(reason, target):
            message = f"'undercuts' names no link from [{reason_title}] to [{target_title}]"
            reader.leave_out(line, column, message, "undercuts of no link")
            continue
        group = reader.graph.edges[reason, target].get("group")
        kept = [
            u
            for u in reader.graph.graph.get("undercuts") or []
            if not (
                u["source"] == source
                and u["target"] == target
                and (u["group"] or u["reason"]) == (group or reason)
            )
        ]
        reader.graph.graph["undercuts"] = kept
        add_undercut(reader.graph, source, reason, target)


def undercutting(reader: ArgdownReader, key: str) -> bool:
    return any(u["source"] == key for u in reader.graph.graph.get("undercuts") or [])


def reconstruct(reader: ArgdownReader) -> dict[str, tuple[str, str]]:
    """Premise groups from every structure; each argument's (first premise, conclusion)."""
    conclusions: dict[str, tuple[str, str]] = {}
    for argument, structure in reader.structures.items():
        members, steps = structure.members, structure.inferences
        last: tuple[str, str] | None = None
        for index, at in enumerate(steps):
            start = steps[index - 1] if index else 0
            premises = members[start:at]
            if at >= len(members) or not premises:
                message = "an inference line with no conclusion (or no premise) after it"
                reader.leave_out(structure.line, 1, message, "inferences with no conclusion")
                continue
            last = infer(reader, premises, members[at])
        if last is None:
            name = "an argument" if argument.startswith("\0") else f"<{argument}>"
            message = f"{name}: premises with no inference line ('--') and no conclusion"
            reader.leave_out(structure.line, 1, message, "premise lists with no conclusion")
        elif not argument.startswith("\0"):
            conclusions[argument] = last
    return conclusions


def infer(reader: ArgdownReader, premises: list[str], conclusion: str) -> tuple[str, str] | None:
    """One inference: the premises (a group if several) support the conclusion, or,
    when the conclusion only stands for an attack (our export's ``{group: "opposes"}``),
    oppose what it attacks. Returns the inference's (first premise, conclusion)."""
    if conclusion not in reader.negations or conclusion not in reader.graph:
        add_group(reader.graph, "supports", conclusion, premises)
        return premises[0], conclusion
    targets = sorted(b for _, b, r in reader.graph.out_edges(conclusion, data="relation") if r == "opposes")
    reader.graph.remove_node(conclusion)
    for target in targets:
        add_group(reader.graph, "opposes", target, premises)
    return (premises[0], targets[0]) if targets else None


def undercut(
    reader: ArgdownReader,
    attacker: str,
    attacked: str,
    conclusions: dict[str, tuple[str, str]],
    line: int,
    column: int,
) -> None:
    if attacked in conclusions:
        reason, target = conclusions[attacked]
        add_undercut(reader.graph, attacker, reason, target)
        return
    targets = sorted(b for _, b in reader.graph.out_edges(attacked))
    for target in targets:
        add_undercut(reader.graph, attacker, attacked, target)
    if not targets:
        title = reader.graph.nodes[attacked]["title"]
        message = f"'{title}' argues for nothing, so its undercut is read as an attack"
        reader.leave_out(line, column, message, "undercuts of an argument with no inference")
        add_relation(reader.graph, attacker, "opposes", attacked)


def fold_argument(reader: ArgdownReader, argument: str, main: tuple[str, str]) -> None:
    """A reconstructed argument is its conclusion: its relations move there."""
    reason, conclusion = main
    for _, target, relation in list(reader.graph.out_edges(argument, data="relation")):
        add_relation(reader.graph, conclusion, relation, target)
    for source, _, relation in list(reader.graph.in_edges(argument, data="relation")):
        if relation == "supports":
            add_relation(reader.graph, source, "supports", conclusion)
        else:
            add_undercut(reader.graph, source, reason, conclusion)
    attrs = reader.graph.nodes[argument]
    if attrs.get("text"):
        message = f"the description of <{argument}> is left out: the map shows its premises and conclusion"
        reader.leave_out(int(attrs.get("line") or 1), 1, message, "descriptions of reconstructed arguments")
    reader.graph.remove_node(argument)


def drop_prose(reader: ArgdownReader) -> None:
    """Leave out untitled paragraphs with no relation, as Argdown's own maps do;
    a file of nothing but such paragraphs (a list of claims) keeps them all."""
    members = {m for s in reader.structures.values() for m in s.members}
    if all(k.startswith("\0") and reader.graph.degree(k) == 0 for k in reader.graph.nodes):
        return
    for key in [k for k in reader.graph.nodes if k.startswith("\0")]:
        if reader.graph.degree(key) == 0 and key not in members and not undercutting(reader, key):
            attrs = reader.graph.nodes[key]
            message = f"text with no title and no relation is left out: '{str(attrs.get('text'))[:40]}'"
            reader.leave_out(int(attrs.get("line") or 1), 1, message, "paragraphs of prose")
            reader.graph.remove_node(key)
