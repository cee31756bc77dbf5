/* debatemap interactive map, part 3 of 6: lines once the reader has moved boxes (a drag, physics). */
// The layout keeps every line out of the boxes it does not join; a drag or physics moves boxes
// out of the layout. While they move, a moved link is drawn straight. Once they stand still (a
// drag ends, physics settles or is switched off), each line drawn is checked against the boxes
// (a line still where the layout put it only against the boxes that moved), and one that would
// pass through a box it does not join is routed around: right-angled runs through the gaps
// beside the boxes near it, as short as can be with few bends. Worked out once per line per rest.
var moving = false, rested = 0, boxIndex = null, detours = Object.create(null);
var CELL_PX = 400, CLEARANCE = 12, BEND = 60;
function rest() { moving = false; rested++; boxIndex = null; detours = Object.create(null); }
network.on("dragStart", function (p) { if (p.nodes && p.nodes.length) moving = true; });
network.on("dragEnd", function (p) { if (p.nodes && p.nodes.length) rest(); });
network.on("startStabilizing", function () { moving = true; });
network.on("stabilized", function () { if (rested || moving) rest(); });
on("layout", function () { if (rested) rest(); });
on("refresh", function () { boxIndex = null; detours = Object.create(null); });
function cellsOf(r, fn) {
  for (var cx = Math.floor(r[0] / CELL_PX); cx <= Math.floor(r[2] / CELL_PX); cx++) {
    for (var cy = Math.floor(r[1] / CELL_PX); cy <= Math.floor(r[3] / CELL_PX); cy++) fn(cx + "," + cy);
  }
}
function boxesNow() { // every drawn box ([left, top, right, bottom]) in a grid of cells; and which moved
  var all = Object.create(null), cells = Object.create(null), movedCells = Object.create(null), moved = 0;
  network.body.nodeIndices.forEach(function (id) {
    var node = network.body.nodes[id];
    if (!node || node.options.hidden || !byId[id]) return;
    var b = boxOf(id), r = [b.x - b.w / 2, b.y - b.h / 2, b.x + b.w / 2, b.y + b.h / 2], away = !atLayout(id);
    all[id] = r;
    if (away) moved++;
    cellsOf(r, function (key) {
      (cells[key] = cells[key] || []).push(id);
      if (away) (movedCells[key] = movedCells[key] || []).push(id);
    });
  });
  return { all: all, cells: cells, movedCells: movedCells, moved: moved };
}
function through(p, q, r, inset) { // whether the segment p-q passes through the inside of box r
  var lo = 0, hi = 1, dx = q.x - p.x, dy = q.y - p.y;
  var sides = [[-dx, p.x - r[0] - inset], [dx, r[2] - inset - p.x], [-dy, p.y - r[1] - inset], [dy, r[3] - inset - p.y]];
  for (var i = 0; i < 4; i++) {
    var along = sides[i][0], room = sides[i][1];
    if (along === 0) { if (room < 0) return false; continue; }
    var u = room / along;
    if (along < 0) lo = Math.max(lo, u); else hi = Math.min(hi, u);
    if (lo > hi) return false;
  }
  return true;
}
function hitsBox(points, ends, cells, index) {
  for (var i = 1; i < points.length; i++) {
    var p = points[i - 1], q = points[i], hit = false;
    cellsOf([Math.min(p.x, q.x), Math.min(p.y, q.y), Math.max(p.x, q.x), Math.max(p.y, q.y)], function (key) {
      (cells[key] || []).forEach(function (id) { if (!hit && ends.indexOf(id) < 0 && through(p, q, index.all[id], 0.5)) hit = true; });
    });
    if (hit) return true;
  }
  return false;
}
function clearOf(e, a, b, points) {
  return clearPath(e.id, [e.from, e.to], a, b, points, atLayout(e.from) && atLayout(e.to), true);
}
// `points` as drawn from a's centre to b (b's box when `onBox`, else a point on a link), or a
// way around the boxes it would pass through other than `ends`; `still`: nothing of it moved.
function clearPath(id, ends, a, b, points, still, onBox) {
  if (moving || !rested) return points;
  var key = [a.x, a.y, b.x, b.y].join(","), kept = detours[id];
  if (kept && kept.key === key) return kept.points;
  var index = boxIndex || (boxIndex = boxesNow());
  var blocked = still ? index.moved > 0 && hitsBox(points, ends, index.movedCells, index) : hitsBox(points, ends, index.cells, index);
  var result = points;
  for (var reach = 300; blocked && reach <= 4800 && result === points; reach *= 4) result = detour(a, b, ends, index, reach, onBox) || points;
  detours[id] = { key: key, points: result };
  return result;
}
// The shortest right-angled way from a's centre to b's box (or the point b) past the boxes within `reach` of both:
// a search over the lines that run CLEARANCE px beside every such box, a bend costing BEND px.
function detour(a, b, ends, index, reach, onBox) {
  var area = [Math.min(a.x, b.x) - reach, Math.min(a.y, b.y) - reach, Math.max(a.x, b.x) + reach, Math.max(a.y, b.y) + reach];
  var boxes = [], seen = Object.create(null);
  cellsOf(area, function (key) {
    (index.cells[key] || []).forEach(function (id) {
      var r = index.all[id];
      if (seen[id] || ends.indexOf(id) >= 0) return;
      seen[id] = true;
      if (r[2] > area[0] && r[0] < area[2] && r[3] > area[1] && r[1] < area[3]) boxes.push(r);
    });
  });
  if (boxes.length > 150) return null; // too crowded to search here: the straight line stays
  var xs = [a.x, b.x, area[0], area[2]], ys = [a.y, b.y, area[1], area[3]];
  boxes.forEach(function (r) { xs.push(r[0] - CLEARANCE, r[2] + CLEARANCE); ys.push(r[1] - CLEARANCE, r[3] + CLEARANCE); });
  xs = unique(xs); ys = unique(ys);
  var nx = xs.length, ny = ys.length, size = nx * ny;
  var across = new Uint8Array(size), down = new Uint8Array(size); // 1: the run to the next point right / below is blocked
  boxes.forEach(function (r) {
    var i0 = firstAbove(xs, r[0] - 1), i1 = firstAbove(xs, r[2] + 1), j0 = firstAbove(ys, r[1] - 1), j1 = firstAbove(ys, r[3] + 1), i, j;
    for (j = j0; j < j1; j++) for (i = Math.max(0, i0 - 1); i < i1 && i < nx - 1; i++) across[j * nx + i] = 1;
    for (i = i0; i < i1; i++) for (j = Math.max(0, j0 - 1); j < j1 && j < ny - 1; j++) down[j * nx + i] = 1;
  });
  var start = ys.indexOf(a.y) * nx + xs.indexOf(a.x), goal = ys.indexOf(b.y) * nx + xs.indexOf(b.x);
  var cost = new Float64Array(size * 4).fill(Infinity), from = new Int32Array(size * 4).fill(-1), heap = [];
  for (var d = 0; d < 4; d++) { cost[start * 4 + d] = 0; heapPush(heap, [0, start * 4 + d]); }
  var found = -1;
  while (heap.length) {
    var top = heapPop(heap), state = top[1];
    if (top[0] > cost[state]) continue;
    var at = state >> 2, dir = state & 3, i0 = at % nx, j0 = (at - i0) / nx;
    if (at === goal) { found = state; break; }
    for (var step = 0; step < 4; step++) { // 0 right, 1 left, 2 down, 3 up
      var i1 = i0 + (step === 0 ? 1 : step === 1 ? -1 : 0), j1 = j0 + (step === 2 ? 1 : step === 3 ? -1 : 0);
      if (i1 < 0 || j1 < 0 || i1 >= nx || j1 >= ny) continue;
      if (step < 2 ? across[j0 * nx + Math.min(i0, i1)] : down[Math.min(j0, j1) * nx + i0]) continue;
      var next = (j1 * nx + i1) * 4 + step;
      var c = top[0] + Math.abs(xs[i1] - xs[i0]) + Math.abs(ys[j1] - ys[j0]) + (step === dir ? 0 : BEND);
      if (c < cost[next]) { cost[next] = c; from[next] = state; heapPush(heap, [c, next]); }
    }
  }
  if (found < 0) return null;
  var cornerless = [];
  for (var s = found; s >= 0; s = from[s]) {
    var cell = s >> 2, ci = cell % nx, point = { x: xs[ci], y: ys[(cell - ci) / nx] }, n = cornerless.length;
    if (n && cornerless[n - 1].x === point.x && cornerless[n - 1].y === point.y) continue;
    var p2 = cornerless[n - 2], p1 = cornerless[n - 1]; // a point on the same run as the last two replaces the last
    if (n >= 2 && ((p2.x === p1.x && p1.x === point.x) || (p2.y === p1.y && p1.y === point.y))) cornerless[n - 1] = point;
    else cornerless.push(point);
  }
  var path = cornerless.reverse(), end = path[path.length - 1], before = path[path.length - 2];
  if (!before) return null;
  if (!onBox) return path;
  var box = boxOf(ends[1]); // end on the target's edge, where the last run enters it
  if (before.x === end.x) end.y = before.y < end.y ? box.y - box.h / 2 : box.y + box.h / 2;
  else end.x = before.x < end.x ? box.x - box.w / 2 : box.x + box.w / 2;
  return path;
}
function unique(values) {
  values.sort(function (p, q) { return p - q; });
  return values.filter(function (v, i) { return i === 0 || v !== values[i - 1]; });
}
function firstAbove(sorted, value) { // the index of the first value greater than `value`
  var low = 0, high = sorted.length;
  while (low < high) { var mid = (low + high) >> 1; if (sorted[mid] > value) high = mid; else low = mid + 1; }
  return low;
}
function heapPush(heap, item) {
  heap.push(item);
  for (var i = heap.length - 1; i > 0;) {
    var up = (i - 1) >> 1;
    if (heap[up][0] <= item[0]) break;
    heap[i] = heap[up]; heap[up] = item; i = up;
  }
}
function heapPop(heap) {
  var top = heap[0], last = heap.pop();
  if (heap.length) {
    heap[0] = last;
    for (var i = 0; ;) {
      var l = 2 * i + 1, r = l + 1, m = i;
      if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
      if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
      if (m === i) break;
      heap[i] = heap[m]; heap[m] = last; i = m;
    }
  }
  return top;
}
