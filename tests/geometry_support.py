"""Reading the drawn map's geometry from the page, and finding false links and overlaps in it.

Boxes come from vis-network (each drawn node's position and shape size: the
boxes as the browser measured them); lines from ``window.debatemap.lines()``,
the same paths the page strokes (each link's points, S-curves sampled).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# The drawn box is the node's shape around its position (getBoundingBox adds a box's corner
# radius on every side, so it is 16 px bigger than what is drawn).
MEASURE = """() => {
  const dm = window.debatemap, net = dm.network, boxes = {};
  for (const id of net.body.nodeIndices) {
    const n = net.body.nodes[id], w = n.shape.width, h = n.shape.height;
    boxes[id] = [n.x - w / 2, n.y - h / 2, n.x + w / 2, n.y + h / 2];
  }
  return {boxes: boxes, lines: dm.lines()};
}"""

Box = tuple[float, float, float, float]
CELL = 400.0


def measure(page: Any) -> tuple[dict[str, Box], list[dict[str, Any]]]:
    """``(boxes, lines)`` as drawn: id -> (left, top, right, bottom); each line's from, to, points."""
    drawn = page.evaluate(MEASURE)
    boxes = {ident: (b[0], b[1], b[2], b[3]) for ident, b in drawn["boxes"].items()}
    return boxes, drawn["lines"]


def _cells(box: Box) -> list[tuple[int, int]]:
    return [
        (cx, cy)
        for cx in range(int(box[0] // CELL), int(box[2] // CELL) + 1)
        for cy in range(int(box[1] // CELL), int(box[3] // CELL) + 1)
    ]


def _grid(boxes: dict[str, Box]) -> dict[tuple[int, int], list[str]]:
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)
    for ident, box in boxes.items():
        for cell in _cells(box):
            grid[cell].append(ident)
    return grid


def overlaps(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap (touching edges do not count)."""
    grid, found = _grid(boxes), set()
    for ident, a in boxes.items():
        for cell in _cells(a):
            for other in grid[cell]:
                b = boxes[other]
                if other > ident and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    found.add((ident, other))
    return sorted(found)


def _crosses(p: tuple[float, float], q: tuple[float, float], box: Box, inset: float = 0.5) -> bool:
    """Whether the segment p-q passes through the box's inside (Liang-Barsky clipping)."""
    left, top, right, bottom = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    dx, dy = q[0] - p[0], q[1] - p[1]
    low, high = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - left), (dx, right - p[0]), (-dy, p[1] - top), (dy, bottom - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def false_links(boxes: dict[str, Box], lines: list[dict[str, Any]]) -> list[str]:
    """Every line that passes through a box other than its own two: 'from -> to crosses id'."""
    grid, found = _grid(boxes), []
    for line in lines:
        ends = set(line.get("ends") or (line["from"], line["to"]))
        points = [tuple(p) for p in line["points"]]
        hit: set[str] = set()
        for p, q in zip(points, points[1:], strict=False):
            span = (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
            for cell in _cells(span):
                for ident in grid.get(cell, ()):
                    if ident not in ends and ident not in hit and _crosses(p, q, boxes[ident]):
                        hit.add(ident)
        kind = line.get("kind", "link") + (" (tree)" if line["tree"] else "")
        found += [f"{kind} {line['from']} -> {line['to']} crosses {ident}" for ident in sorted(hit)]
    return found
