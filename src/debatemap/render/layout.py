"""Deterministic positions for the interactive map: one layered tree per thesis.

Force layouts are too slow at 10,000 nodes (sfdp 12.5 s, NetworkX spring 130 s)
and reshuffle on every edit, so the map uses a structural layout instead:

1. Every node is given one *tree parent*: a breadth-first search runs backwards
   along support/oppose edges from all theses at once, so each argument hangs
   under the thesis (and the claim) it is closest to. Nodes that reach no thesis
   form their own trees, rooted at the claims they lead to. Edges that are not
   tree edges are *cross-links*, drawn over the trees.
2. Each tree is drawn top-down: the thesis on top, what supports a claim to the
   left of what opposes it, each claim centred over its own arguments. A claim
   with many arguments wraps them into several rows so no tree gets absurdly
   wide.
3. The trees are packed into shelves, in thesis-id order, to fill a roughly
   16:10 area.

Everything is iterative (no recursion limit on long chains) and linear in the
size of the graph, and iteration is over sorted ids, so the same map always gets
the same positions.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import networkx as nx

# Box sizes in canvas pixels; the page draws boxes of exactly these widths.
ARGUMENT_WIDTH = 190
THESIS_WIDTH = 280
GAP = 24  # horizontal space between neighbouring boxes
ARGUMENT_ROW = 150  # vertical distance from an argument's row to its arguments' row
THESIS_ROW = 230  # theses are taller (bigger font, longer titles)
ROW_LIMIT = 7  # at most this many argument widths side by side under one claim
TREE_GAP = 160  # space between packed trees
ASPECT = 16 / 10


@dataclass(frozen=True)
class Layout:
    """Where each node goes and which edges form the trees.

    Attributes
    ----------
    positions : dict
        Node id -> ``(x, y)`` canvas coordinates (integers, y grows downwards).
    parent : dict
        Node id -> its tree parent's id, or ``None`` for a tree root.
    roots : list
        Tree roots in drawing order: theses (by id) first, then the roots of
        trees that reach no thesis.
    children : dict
        Node id -> its tree children, supporters first, each group by id.
    """

    positions: dict[str, tuple[int, int]]
    parent: dict[str, str | None]
    roots: list[str]
    children: dict[str, list[str]]

    def is_tree_edge(self, source: str, target: str) -> bool:
        """True if ``source -> target`` is the edge that hangs ``source`` under ``target``."""
        return self.parent.get(source) == target


def argument_lists(graph: nx.DiGraph) -> dict[str, list[str]]:
    """For every node, the nodes arguing about it: supporters then opposers, each by id."""
    lists: dict[str, list[str]] = {}
    for claim, incoming in graph.pred.items():
        ranked = sorted((0 if attrs.get("relation") == "supports" else 1, a) for a, attrs in incoming.items())
        lists[claim] = [a for _, a in ranked]
    return lists


def spanning_forest(
    graph: nx.DiGraph, arguments: dict[str, list[str]] | None = None
) -> tuple[dict[str, str | None], list[str]]:
    """Give every node one tree parent; return ``(parent, roots)``.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("t", kind="thesis"); g.add_node("a", kind="argument")
    >>> g.add_edge("a", "t", relation="supports")
    >>> spanning_forest(g)
    ({'t': None, 'a': 't'}, ['t'])
    """
    if arguments is None:
        arguments = argument_lists(graph)
    parent: dict[str, str | None] = {}
    roots: list[str] = []

    def grow(starts: list[str]) -> None:
        queue = deque(starts)
        for start in starts:
            parent[start] = None
            roots.append(start)
        while queue:
            claim = queue.popleft()
            for argument in arguments[claim]:
                if argument not in parent:
                    parent[argument] = claim
                    queue.append(argument)

    grow(sorted(n for n, kind in graph.nodes(data="kind") if kind == "thesis"))
    # What reaches no thesis is closed under "argues about", so it has its own
    # sinks (claims that argue about nothing); a pure cycle gets its smallest id.
    rest = sorted(n for n in graph if n not in parent)
    grow([n for n in rest if graph.out_degree(n) == 0])
    for ident in rest:
        if ident not in parent:
            grow([ident])
    return parent, roots


def _width(graph: nx.DiGraph, ident: str) -> int:
    return THESIS_WIDTH if graph.nodes[ident].get("kind") == "thesis" else ARGUMENT_WIDTH


def _row_height(graph: nx.DiGraph, ident: str) -> int:
    return THESIS_ROW if graph.nodes[ident].get("kind") == "thesis" else ARGUMENT_ROW


def _rows(widths: list[int]) -> list[list[int]]:
    """Split children (by index) into rows no wider than ROW_LIMIT argument boxes."""
    limit = ROW_LIMIT * (ARGUMENT_WIDTH + GAP)
    rows: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if rows[-1] and used + width > limit:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += width + GAP
    return rows


def _arrange(kids: list[str], children: dict[str, list[str]], block: dict[str, tuple[int, int]]) -> list[str]:
    """Order a claim's arguments for drawing.

    In one row: supporters left, opposers right. When they wrap into several
    rows, arguments that have no arguments of their own come first, in a compact
    grid, and the ones with subtrees come last: their edges then cross only the
    grid's single rows of boxes instead of whole subtrees.
    """
    if len(_rows([block[k][0] for k in kids])) == 1:
        return kids
    return [k for k in kids if not children[k]] + [k for k in kids if children[k]]


def _measure(
    graph: nx.DiGraph, order: list[str], children: dict[str, list[str]]
) -> dict[str, tuple[int, int]]:
    """Width and height of each node's block (the node and everything under it), bottom-up.

    Also puts each claim's arguments in drawing order, in ``children``.
    """
    block: dict[str, tuple[int, int]] = {}
    for ident in reversed(order):  # children always come after their parent in ``order``
        kids = children[ident]
        width, height = _width(graph, ident), _row_height(graph, ident)
        if kids:
            kids = children[ident] = _arrange(kids, children, block)
            sizes = [block[k] for k in kids]
            rows = _rows([w for w, _ in sizes])
            width = max(width, max(sum(sizes[i][0] for i in row) + GAP * (len(row) - 1) for row in rows))
            height += sum(max(sizes[i][1] for i in row) for row in rows)
        block[ident] = (width, height)
    return block


def _place_tree(
    graph: nx.DiGraph,
    root: str,
    children: dict[str, list[str]],
    block: dict[str, tuple[int, int]],
    left: int,
    top: int,
    positions: dict[str, tuple[int, int]],
) -> None:
    """Place one tree with its block's top-left corner at ``(left, top)``."""
    stack = [(root, left, top)]
    while stack:
        ident, x0, y0 = stack.pop()
        width = block[ident][0]
        positions[ident] = (x0 + width // 2, y0)
        kids = children[ident]
        if not kids:
            continue
        y = y0 + _row_height(graph, ident)
        for row in _rows([block[k][0] for k in kids]):
            row_width = sum(block[kids[i]][0] for i in row) + GAP * (len(row) - 1)
            x = x0 + (width - row_width) // 2
            for i in row:
                stack.append((kids[i], x, y))
                x += block[kids[i]][0] + GAP
            y += max(block[kids[i]][1] for i in row)


def compute_layout(graph: nx.DiGraph) -> Layout:
    """Lay out ``graph`` as packed, layered trees, one per thesis.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("t", kind="thesis"); g.add_node("a", kind="argument")
    >>> g.add_edge("a", "t", relation="opposes")
    >>> layout = compute_layout(g)
    >>> layout.positions["t"][1] < layout.positions["a"][1]  # the thesis is on top
    True
    """
    arguments = argument_lists(graph)
    parent, roots = spanning_forest(graph, arguments)
    children: dict[str, list[str]] = {n: [] for n in parent}
    order: list[str] = []  # breadth-first per tree: a parent always precedes its children
    for root in roots:
        queue = deque([root])
        while queue:
            ident = queue.popleft()
            order.append(ident)
            kids = [a for a in arguments[ident] if parent[a] == ident]
            children[ident] = kids
            queue.extend(kids)
    drawn = dict(children)  # _measure reorders wrapped rows in here; the outline keeps ``children``
    block = _measure(graph, order, drawn)

    # Shelf packing: fill rows of trees up to a width that makes the whole ~16:10.
    area = sum((block[r][0] + TREE_GAP) * (block[r][1] + TREE_GAP) for r in roots)
    shelf_width = max(max((block[r][0] for r in roots), default=0), int(math.sqrt(area * ASPECT)))
    positions: dict[str, tuple[int, int]] = {}
    x = y = shelf_height = 0
    for root in roots:
        width, height = block[root]
        if x and x + width > shelf_width:
            x, y, shelf_height = 0, y + shelf_height + TREE_GAP, 0
        _place_tree(graph, root, drawn, block, x, y, positions)
        x += width + TREE_GAP
        shelf_height = max(shelf_height, height)
    return Layout(positions=positions, parent=parent, roots=roots, children=children)
