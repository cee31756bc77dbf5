"""Deterministic positions for the interactive map: one layered tree per thesis.

Force layouts are too slow at 10,000 nodes (sfdp 12.5 s, NetworkX spring 130 s)
and reshuffle on every edit, so the map uses a structural layout instead:

1. Every node is given one *tree parent*: a breadth-first search runs backwards
   along support/oppose edges from all theses at once, so each argument hangs
   under the thesis (and the claim) it is closest to. Nodes that reach no thesis
   form their own trees, rooted at the claims they lead to. Edges that are not
   tree edges are *cross-links* (:mod:`debatemap.render.map.forest`).
2. Each tree is drawn top-down: the thesis on top, what supports a claim to the
   left of what opposes it, each claim centred over its own arguments, all of
   them in one row (never wrapped: a second row's links would pass behind the
   first row's boxes and look like replies to them).
3. The trees are packed into shelves, the central question's tree first (theses
   in the brief's order), to fill a roughly 16:10 area. The boxes of one depth
   share a row across the whole shelf, so between two rows runs a band that holds
   no box at all.
4. Rows are set far enough apart that every tree link, drawn by the page as an
   S-curve that leaves and enters its boxes vertically, is inside its own two
   boxes whenever it is level with a row (:mod:`debatemap.render.map.curves`), and that the
   cross-links routed through each band (:mod:`debatemap.render.map.routes`) have
   their own tracks. So no line passes behind a box it does not connect.

Box sizes come from :mod:`debatemap.render.map.boxes` (the page's own label
wrapping). Everything is iterative (no recursion limit on long chains) and about
linear in the size of the graph, and iteration is over sorted ids, so the same
map always gets the same positions.
"""

from __future__ import annotations

import gc
import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from debatemap.render.map import curves, forest, joins, routes
from debatemap.render.map.boxes import ARGUMENT_WIDTH, THESIS_WIDTH, box_size

__all__ = ["ARGUMENT_WIDTH", "THESIS_WIDTH", "Layout", "compute_layout"]

GAP = 24  # horizontal space between neighbouring boxes
MIN_ROW_GAP = 56  # least empty band between two rows of boxes
ESTIMATED_ROW = 200  # a row's height, to aim the packing at 16:10 before heights are known
LINE_ROOM = 6  # a line stays this far inside a box's side (line width, arrowheads)
TREE_GAP = 160  # space between packed trees (their side channels carry cross-links)
ASPECT = 16 / 10
SHELF_STEP = 2000  # px: shelf widths are whole multiples of this


@dataclass(frozen=True)
class Layout:
    """Where each node goes, which edges form the trees, and how cross-links run.

    Attributes
    ----------
    positions : dict
        Node id -> ``(x, y)`` canvas coordinates of its centre (integers, y grows downwards).
    parent : dict
        Node id -> its tree parent's id, or ``None`` for a tree root.
    roots : list
        Tree roots in drawing order: theses largest tree first (the central
        question, as the brief orders them), then the roots of trees that reach no thesis.
    children : dict
        Node id -> its tree children, supporters first, each group by id (a premise
        group's members together), each undercutter right after the reason it attacks.
    sizes : dict
        Node id -> the ``(width, height)`` its box is drawn at, at most.
    routes : dict
        ``(source, target)`` of each cross-link -> its polyline, from the source's
        centre to the target's, through the bands between rows and the channels
        between trees.
    trees : dict
        Root -> ``(left, top, right, bottom)`` of its tree's boxes.
    junctions : dict
        Premise group key -> where its members join, above their row (the page draws
        the bar through it and one line from it to the conclusion).
    undercuts : dict
        ``(undercutter, reason, claim)`` -> the undercut's polyline, ending on the
        attacked link (a tree link's S-curve, or the middle of a cross-link's first
        run along a band).
    undercutters : dict
        Undercutter -> ``(reason, claim)`` for those drawn beside the reason, in
        ``children`` of the claim though no edge joins them.
    """

    positions: dict[str, tuple[int, int]]
    parent: dict[str, str | None]
    roots: list[str]
    children: dict[str, list[str]]
    sizes: dict[str, tuple[int, int]]
    routes: dict[tuple[str, str], list[tuple[int, int]]]
    trees: dict[str, tuple[int, int, int, int]]
    junctions: dict[str, tuple[int, int]]
    undercuts: dict[tuple[str, str, str], list[tuple[int, int]]]
    undercutters: dict[str, tuple[str, str]]

    def is_tree_edge(self, source: str, target: str) -> bool:
        """True if ``source -> target`` is the edge that hangs ``source`` under ``target``."""
        return self.parent.get(source) == target


@dataclass
class _Shelf:
    roots: list[str]
    lefts: list[int]  # each tree's left edge
    rights: list[int]  # each tree's right edge
    rows: list[int]  # y of each row (depth) of boxes
    tall: list[int]  # the tallest box in each row
    top: int = 0
    bottom: int = 0


def compute_layout(graph: nx.DiGraph, strength: Mapping[str, float] | None = None) -> Layout:
    """Lay out ``graph`` as packed, layered trees, one per thesis, and route its cross-links.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("t", kind="thesis"); g.add_node("a", kind="argument")
    >>> g.add_edge("a", "t", relation="opposes")
    >>> layout = compute_layout(g)
    >>> layout.positions["t"][1] < layout.positions["a"][1]  # the thesis is on top
    True
    """
    # Tens of thousands of small containers and nothing cyclic: the collector's passes over
    # them were a fifth of the time at 10,000 nodes (as in store.read_map).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compute_layout(graph, strength)
    finally:
        if collecting:
            gc.enable()


def _compute_layout(graph: nx.DiGraph, strength: Mapping[str, float] | None) -> Layout:
    arguments = joins.group_order(graph)
    parent, found = forest.spanning_forest(graph, arguments)
    joins.adopt_groups(graph, parent)
    undercutters = joins.place_undercutters(graph, parent, found)
    roots = [r for r in forest.central_order(graph, found) if r not in undercutters]
    beside: dict[str, list[str]] = {}
    for undercutter, (reason, _claim) in sorted(undercutters.items()):
        beside.setdefault(reason, []).append(undercutter)
    children: dict[str, list[str]] = {n: [] for n in parent}
    depth: dict[str, int] = {}
    order: list[str] = []  # breadth-first per tree: a parent always precedes its children
    tree_of: dict[str, int] = {}
    for index, root in enumerate(roots):
        depth[root] = 0
        queue = deque([root])
        while queue:
            ident = queue.popleft()
            order.append(ident)
            tree_of[ident] = index
            kids = [a for a in arguments[ident] if parent[a] == ident]
            if beside:  # an undercutter stands right after the reason (or group) whose link it attacks
                kids = joins.with_undercutters(graph, ident, kids, beside)
            children[ident] = kids
            for kid in kids:
                depth[kid] = depth[ident] + 1
            queue.extend(kids)
    strength = strength or {}
    attrs = graph._node  # the graph's own dict: a NodeView lookup costs a call each
    sizes = {n: box_size(attrs[n], n, strength.get(n)) for n in order}

    # Widths bottom-up: each claim's arguments side by side in one row, under it.
    block: dict[str, int] = {}
    for ident in reversed(order):
        kids = children[ident]
        width = sizes[ident][0]
        if kids:
            row = sum([block[k] for k in kids]) + GAP * (len(kids) - 1)
            block[ident] = row if row > width else width
        else:
            block[ident] = width

    shelves, deepest = _pack(roots, block, depth, order)
    positions_x: dict[str, int] = {}
    for shelf in shelves:
        for root, left in zip(shelf.roots, shelf.lefts, strict=True):
            _place_x(root, left, children, block, positions_x)
    shelf_of = {tree_of[root]: number for number, shelf in enumerate(shelves) for root in shelf.roots}
    node_shelf = {n: shelf_of[tree_of[n]] for n in order}
    for ident in order:
        tall = shelves[node_shelf[ident]].tall
        d, height = depth[ident], sizes[ident][1]
        if len(tall) <= d:
            tall.append(height)  # breadth-first: depth d's first box comes after all of d - 1's
        elif height > tall[d]:
            tall[d] = height

    # Bands that hold the bars of premise groups (above the members' row) keep room for them.
    barred: set[tuple[int, int]] = set()
    for group in (graph.graph.get("groups") or {}).values():
        target = group["target"]
        if all(parent.get(m) == target for m in group["members"]):
            barred.add((node_shelf[target], depth[target]))

    # How far apart rows must be for each claim's S-curves to reach its arguments cleanly.
    fan: list[list[float]] = [[0.0] * len(s.tall) for s in shelves]
    for ident in order:
        kids = children[ident]
        if not kids:
            continue
        number, d = node_shelf[ident], depth[ident]
        tall = shelves[number].tall
        x = positions_x[ident]
        widest = max(x - positions_x[kids[0]], positions_x[kids[-1]] - x)  # kids run left to right
        if widest <= ARGUMENT_WIDTH / 2 - LINE_ROOM:
            continue
        half = min(sizes[ident][0], min(sizes[k][0] for k in kids)) / 2 - LINE_ROOM
        room = joins.GROUP_ROOM if (number, d) in barred else 0  # curves clear of the bars too
        need = curves.s_curve_depth(widest, half, max(tall[d], tall[d + 1]) / 2 + LINE_ROOM + room)
        if need > fan[number][d]:
            fan[number][d] = need

    router = routes.Router(shelves, node_shelf, depth, positions_x, sizes, TREE_GAP)
    router.room = dict.fromkeys(barred, joins.GROUP_ROOM)
    for source, target in sorted(graph.edges):
        if parent.get(source) != target:
            router.add(source, target)
    positions: dict[str, tuple[int, int]] = {}
    joined: dict[str, tuple[int, int]] = {}
    for cut in graph.graph.get("undercuts") or []:
        reason, claim = cut["reason"], cut["target"]
        if parent.get(reason) != claim:  # the attacked link is a cross-link: onto its route
            key = ("undercut", cut["source"], reason, claim)
            router.add_undercut_of_link(cut["source"], (reason, claim), key)
            continue
        xs = (positions_x[cut["source"]], positions_x[reason], positions_x[claim])
        key = ("undercut", cut["source"], reason, claim)
        band = (node_shelf[claim], depth[claim])

        def on_curve(y: float, cut: dict[str, object] = cut) -> tuple[float, float]:
            child, top = joins.attacked_curve(cut, positions, joined)
            return joins.s_curve_x(child, top, y), y

        router.add_undercut(cut["source"], band, (min(xs), max(xs)), on_curve, key)
    router.assign_tracks()

    top = 0
    for number, shelf in enumerate(shelves):
        shelf.top = top
        y = top + router.band_height(number, -1) + shelf.tall[0] // 2
        shelf.rows = [y]
        for d in range(len(shelf.tall) - 1):
            gap = max(MIN_ROW_GAP, router.band_height(number, d))
            step = max(shelf.tall[d] / 2 + shelf.tall[d + 1] / 2 + gap, fan[number][d])
            y += math.ceil(step)
            shelf.rows.append(y)
        last = len(shelf.tall) - 1
        shelf.bottom = y + shelf.tall[last] // 2 + router.band_height(number, last)
        top = shelf.bottom + TREE_GAP
    for ident in order:
        positions[ident] = (positions_x[ident], shelves[node_shelf[ident]].rows[depth[ident]])

    def row_top(ident: str) -> float:
        shelf = shelves[node_shelf[ident]]
        return shelf.rows[depth[ident]] - shelf.tall[depth[ident]] / 2

    joined.update(joins.junctions(graph, parent, positions_x, row_top))
    lines = router.polylines(positions)
    trees: dict[str, tuple[int, int, int, int]] = {}
    for shelf in shelves:
        for root, left, right in zip(shelf.roots, shelf.lefts, shelf.rights, strict=True):
            rows = deepest[root]
            bottom = shelf.rows[rows] + shelf.tall[rows] // 2
            trees[root] = (left, shelf.rows[0] - shelf.tall[0] // 2, right, bottom)
    return Layout(
        positions=positions,
        parent=parent,
        roots=roots,
        children=children,
        sizes=sizes,
        routes={(k[0], k[1]): v for k, v in lines.items() if isinstance(k, tuple) and len(k) == 2},
        trees=trees,
        junctions=joined,
        undercuts={(k[1], k[2], k[3]): v for k, v in lines.items() if isinstance(k, tuple) and len(k) == 4},
        undercutters=undercutters,
    )


def _pack(
    roots: list[str], block: dict[str, int], depth: dict[str, int], order: list[str]
) -> tuple[list[_Shelf], dict[str, int]]:
    """Shelves of trees, largest first, filling rows up to a width that makes the whole ~16:10;
    and each tree's deepest row."""
    deepest: dict[str, int] = dict.fromkeys(roots, 0)
    current = ""
    for ident in order:  # trees are contiguous in ``order``, each starting at its root
        if depth[ident] == 0:
            current = ident
        if depth[ident] > deepest[current]:
            deepest[current] = depth[ident]
    area = sum((block[r] + TREE_GAP) * ((deepest[r] + 1) * ESTIMATED_ROW + TREE_GAP) for r in roots)
    # Rounded up to a whole SHELF_STEP: a claim added or removed rarely changes it, so the
    # other trees keep their shelves (and places) while a map is edited live.
    aimed = math.ceil(math.sqrt(area * ASPECT) / SHELF_STEP) * SHELF_STEP
    shelf_width = max(max((block[r] for r in roots), default=0), aimed)
    shelves: list[_Shelf] = []
    x = 0
    for root in roots:
        if not shelves or (x and x + block[root] > shelf_width):
            shelves.append(_Shelf([], [], [], [], []))
            x = 0
        shelf = shelves[-1]
        shelf.roots.append(root)
        shelf.lefts.append(x)
        shelf.rights.append(x + block[root])
        x += block[root] + TREE_GAP
    return shelves, deepest


def _place_x(
    root: str, left: int, children: dict[str, list[str]], block: dict[str, int], positions: dict[str, int]
) -> None:
    """Horizontal places of one tree: each claim centred over its own row of arguments."""
    stack = [(root, left)]
    while stack:
        ident, x0 = stack.pop()
        width = block[ident]
        positions[ident] = x0 + width // 2
        kids = children[ident]
        if not kids:
            continue
        row = sum(block[k] for k in kids) + GAP * (len(kids) - 1)
        x = x0 + (width - row) // 2
        for kid in kids:
            stack.append((kid, x))
            x += block[kid] + GAP
