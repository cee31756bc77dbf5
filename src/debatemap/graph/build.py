"""The map as a NetworkX graph, and structural questions about it.

An edge ``a -> b`` with ``relation="supports"`` (or ``"opposes"``) means
*a argues for (against) b*. Node attributes carry every field the renderers
need; ``graph.graph`` carries the two registries as plain dicts.

A premise group (claims that are one reason only together) gives each member an
edge ``member -> target`` that also carries ``group=<the group's key>``; plain
edges have no ``group``. ``graph.graph["groups"]`` maps each key to its
``relation``, ``target`` and ``members``. An undercut attacks a link, not a claim,
so it is no edge: ``graph.graph["undercuts"]`` lists ``source`` (the attacker),
``reason`` and ``target`` (the link's ends) and the attacked link's ``relation``
and ``group`` (``None`` for a plain link).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from debatemap.model import RELATIONS, DebateMap
from debatemap.validation.reasons import resolve


def build_graph(debate: DebateMap) -> nx.DiGraph:
    """Build the directed support/oppose graph of ``debate``.

    Nodes are added in id order and edges in (source, relation, target)
    order, so iteration over the graph is deterministic. Edges to ids that
    are not in the map are left out (``check`` reports them).

    Examples
    --------
    >>> from debatemap.model import DebateMap, Node
    >>> a = Node(id="a", kind="thesis", title="A", question="A?")
    >>> b = Node(id="b", kind="argument", title="B", supports=("a",))
    >>> g = build_graph(DebateMap({"a": a, "b": b}, {}, {}))
    >>> g.edges["b", "a"]["relation"]
    'supports'
    """
    graph = nx.DiGraph()
    graph.graph["perspectives"] = {
        p.id: {"name": p.name, "colour": p.colour, "description": p.description}
        for p in sorted(debate.perspectives.values(), key=lambda p: p.id)
    }
    graph.graph["sources"] = {
        s.id: {
            "title": s.title,
            "author": s.author,
            "publisher": s.publisher,
            "date": s.date,
            "perspective": s.perspective,
            "url": s.url,
            "file": s.file,
        }
        for s in sorted(debate.sources.values(), key=lambda s: s.id)
    }
    for ident in sorted(debate.nodes):
        node = debate.nodes[ident]
        graph.add_node(
            ident,
            kind=node.kind,
            title=node.title,
            text=node.text,
            perspective=node.perspective,
            source=node.source,
            quote=node.quote,
            question=node.question,
            speaker=node.speaker,
            contributor=node.contributor,
            tags=list(node.tags),
            path=node.position.path,
        )
    for ident in sorted(debate.nodes):
        node = debate.nodes[ident]
        for relation in RELATIONS:
            for target in node.targets(relation):
                if target in debate.nodes and target != ident and not graph.has_edge(ident, target):
                    graph.add_edge(ident, target, relation=relation)
    _add_groups_and_undercuts(graph, debate)
    return graph


def _add_groups_and_undercuts(graph: nx.DiGraph, debate: DebateMap) -> None:
    """Group edges and the two registries of groups and undercuts (only the sound ones)."""
    graph.graph["groups"], graph.graph["undercuts"] = {}, []
    if not any(node.groups or node.undercuts for node in debate.nodes.values()):
        return  # most maps: nothing more to resolve
    found = resolve(debate)
    groups: dict[str, dict[str, object]] = {}
    for reason in sorted(found.groups, key=lambda reason: reason.group or ""):
        assert reason.group is not None
        groups[reason.group] = {
            "relation": reason.relation,
            "target": reason.target,
            "members": list(reason.members),
        }
        for member in reason.members:
            graph.add_edge(member, reason.target, relation=reason.relation, group=reason.group)
    graph.graph["groups"] = groups
    graph.graph["undercuts"] = [
        {
            "source": undercut.source,
            "reason": undercut.reason,
            "target": undercut.target,
            "relation": attacked.relation,
            "group": attacked.group,
        }
        for undercut, attacked in sorted(found.undercuts, key=lambda pair: pair[0])
    ]


def incoming(graph: nx.DiGraph, ident: str, relation: str) -> list[str]:
    """Ids of the nodes that ``relation`` (support or oppose) ``ident``, sorted."""
    return sorted(a for a, _, r in graph.in_edges(ident, data="relation") if r == relation)


def outgoing(graph: nx.DiGraph, ident: str, relation: str) -> list[str]:
    """Ids that ``ident`` supports or opposes, sorted."""
    return sorted(b for _, b, r in graph.out_edges(ident, data="relation") if r == relation)


def neighbourhood(graph: nx.DiGraph, ident: str, hops: int = 1) -> set[str]:
    """Ids within ``hops`` edges of ``ident``, in either direction."""
    return set(nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), ident, cutoff=hops))


def crossing(graph: nx.DiGraph, edges: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Edges whose two ends have different, known perspectives."""
    result = []
    for a, b in edges:
        pa, pb = graph.nodes[a].get("perspective"), graph.nodes[b].get("perspective")
        if pa and pb and pa != pb:
            result.append((a, b))
    return result
