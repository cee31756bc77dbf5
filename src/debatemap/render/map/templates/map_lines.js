/* debatemap interactive map, part 2 of 6: the links and the overview labels, drawn on vis-network's canvas.
 * Tree links are S-curves that leave and enter their boxes vertically; the layout (layout.py) spaces the
 * rows so that such a curve is inside its own two boxes whenever it is level with a row of boxes.
 * Cross-links follow the routes the layout made for them (routes.py) through the empty bands between
 * rows and channels between trees. So no line passes behind a box it does not connect (and once boxes
 * were dragged, map_moved.js routes the lines they broke).
 * When boxes are too small to read, overview labels (theses first, then what is closest to them)
 * are drawn at a legible size over them, as many as fit without overlapping. */
var MAX_LABELS = 250, MAX_TRIED = 5000; // per frame: labels drawn, candidates looked at
var ranked = null, lastLabels = [], groupsByKey = Object.create(null);
var UNDERCUT = "#6a3d9a"; // an attack on a link: purple, dotted, ending in a ring on the link
function indexJoins() { groupsByKey = Object.create(null); data.groups.forEach(function (g) { groupsByKey[g.key] = g; }); }
indexJoins();
on("refresh", indexJoins);

function rankNodes() { // theses in the page's order, then each depth of the trees in turn
  var kids = Object.create(null), depth = Object.create(null), queue = [];
  data.edges.forEach(function (e) { if (e.tree) (kids[e.to] = kids[e.to] || []).push(e.from); });
  data.roots.forEach(function (r) { if (byId[r] && !(r in depth)) { depth[r] = 0; queue.push(r); } });
  for (var i = 0; i < queue.length; i++) {
    (kids[queue[i]] || []).forEach(function (k) { if (!(k in depth)) { depth[k] = depth[queue[i]] + 1; queue.push(k); } });
  }
  data.nodes.forEach(function (n) { if (!(n.id in depth)) queue.push(n.id); });
  ranked = queue.map(function (id) { return byId[id]; });
}
// Ranked when first needed (the first zoomed-out frame), not before the first draw: at 10,000
// nodes the ranking costs about as much as that draw.
on("refresh", function () { ranked = null; });

function boxOf(id) { // the drawn box: centre and size (the layout's width until vis-network has measured it)
  var node = network.body.nodes[id], n = byId[id];
  var thesis = n && n.kind === "thesis";
  var width = node && node.shape && node.shape.width ? node.shape.width : thesis ? style.thesisWidth : style.argumentWidth;
  var height = node && node.shape && node.shape.height ? node.shape.height : 40;
  return { x: node ? node.x : n.x, y: node ? node.y : n.y, w: width, h: height };
}
function atLayout(id) { // still where the layout put it (physics off, not dragged)
  var node = network.body.nodes[id], n = byId[id];
  return node && Math.abs(node.x - n.x) < 0.5 && Math.abs(node.y - n.y) < 0.5;
}
function curvePoint(a, b, t) { // the S-curve from a's centre to b's: control points half-way, vertical ends
  var mid = (a.y + b.y) / 2, s = 1 - t;
  return { x: s * s * s * a.x + 3 * s * s * t * a.x + 3 * s * t * t * b.x + t * t * t * b.x,
           y: s * s * s * a.y + 3 * s * s * t * mid + 3 * s * t * t * mid + t * t * t * b.y };
}
// The line of a link, as points from its source's centre to the point where it meets the target's box.
function linkPath(e) {
  var a = boxOf(e.from), b = boxOf(e.to), points = [], i;
  if (e.tree) {
    var edgeY = a.y > b.y ? b.y + b.h / 2 : b.y - b.h / 2, low = 0, high = 1;
    for (i = 0; i < 22; i++) { // where the curve meets the target's box edge
      var m = (low + high) / 2;
      if ((curvePoint(a, b, m).y - edgeY) * (a.y - b.y) > 0) low = m; else high = m;
    }
    for (i = 0; i <= 24; i++) points.push(curvePoint(a, b, low * i / 24));
    return rested ? clearOf(e, a, b, points) : points;
  }
  if (e.route && atLayout(e.from) && atLayout(e.to)) {
    for (i = 0; i < e.route.length; i++) points.push({ x: e.route[i][0], y: e.route[i][1] });
    var last = points[points.length - 1], before = points[points.length - 2];
    last.y = before.y > last.y ? b.y + b.h / 2 : b.y - b.h / 2; // end on the box, entered from above or below
    return points;
  }
  // Moved by physics or a drag: the route no longer fits; a straight line to the box's edge, or,
  // once the boxes stand still and that line would pass through another box, a way around it.
  var dx = b.x - a.x, dy = b.y - a.y, f = 1;
  if (dx || dy) f = 1 - Math.min(Math.abs(b.w / 2 / (dx || 1e-9)), Math.abs(b.h / 2 / (dy || 1e-9)), 1);
  return clearOf(e, a, b, [{ x: a.x, y: a.y }, { x: a.x + dx * f, y: a.y + dy * f }]);
}

function arrowHead(ctx, from, to, supports, size) {
  var angle = Math.atan2(to.y - from.y, to.x - from.x), c = Math.cos(angle), s = Math.sin(angle);
  ctx.setLineDash([]);
  ctx.beginPath();
  if (supports) {
    ctx.moveTo(to.x, to.y);
    ctx.lineTo(to.x - size * c + size * 0.45 * s, to.y - size * s - size * 0.45 * c);
    ctx.lineTo(to.x - size * c - size * 0.45 * s, to.y - size * s + size * 0.45 * c);
    ctx.closePath(); ctx.fill();
  } else {
    var back = 2;
    ctx.moveTo(to.x - back * c + size * 0.6 * s, to.y - back * s - size * 0.6 * c);
    ctx.lineTo(to.x - back * c - size * 0.6 * s, to.y - back * s + size * 0.6 * c);
    ctx.lineWidth = Math.max(3, ctx.lineWidth + 1); ctx.stroke();
  }
}
function viewBox(margin) {
  var w = container.clientWidth, h = container.clientHeight;
  var a = network.DOMtoCanvas({ x: -margin, y: -margin }), b = network.DOMtoCanvas({ x: w + margin, y: h + margin });
  return [a.x, a.y, b.x, b.y];
}
function outside(points, view) {
  var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  points.forEach(function (p) { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); });
  return x1 < view[0] || x0 > view[2] || y1 < view[1] || y0 > view[3];
}
// A premise group is drawn joined (members' stubs, the bar, one curve to the claim) while all of
// its members hang from the claim and nothing was moved; else its links are drawn one by one.
function joinedGroup(key) {
  var g = groupsByKey[key];
  if (!g || !g.junction || !atLayout(g.target)) return null;
  for (var i = 0; i < g.members.length; i++) if (!atLayout(g.members[i]) || !loaded[g.members[i]]) return null;
  return g;
}
function drawnLinks() {
  return data.edges.filter(function (e) { return edgeLoaded[e.id] && !edgeHidden(e) && !(e.group && e.tree && joinedGroup(e.group)); });
}
function groupParts(g) { // [{points, ends, arrow}] of one joined group
  var target = boxOf(g.target), bar = g.junction[1], parts = [], xs = [];
  g.members.forEach(function (m) {
    var b = boxOf(m);
    xs.push(b.x);
    parts.push({ from: m, ends: [m], points: [{ x: b.x, y: b.y }, { x: b.x, y: bar }] });
  });
  parts.push({ from: g.members[0], ends: g.members.slice(), points: [{ x: Math.min.apply(null, xs), y: bar }, { x: Math.max.apply(null, xs), y: bar }] });
  // One curve: the S-curve from the junction's column at the members' row to the claim, drawn from the bar up.
  var row = boxOf(g.members[0]).y, start = { x: g.junction[0], y: row }, curve = [], low = 0, high = 1, i;
  var edgeY = row > target.y ? target.y + target.h / 2 : target.y - target.h / 2;
  for (i = 0; i < 22; i++) { var m = (low + high) / 2; if ((curvePoint(start, target, m).y - bar) * (row - target.y) > 0) low = m; else high = m; }
  var from = high; low = from; high = 1;
  for (i = 0; i < 22; i++) { var n = (low + high) / 2; if ((curvePoint(start, target, n).y - edgeY) * (row - target.y) > 0) low = n; else high = n; }
  for (i = 0; i <= 24; i++) curve.push(curvePoint(start, target, from + (low - from) * i / 24));
  parts.push({ from: g.members[0], ends: g.members.concat([g.target]), points: curve, arrow: true, junction: true });
  return parts;
}
function undercutPath(u) { // from the undercutter to the point on the link it attacks
  var points = [], id = "undercut>" + u.source + ">" + u.reason + ">" + u.target, a = boxOf(u.source);
  var still = atLayout(u.source) && atLayout(u.reason) && atLayout(u.target);
  if (u.route && still) {
    u.route.forEach(function (p) { points.push({ x: p[0], y: p[1] }); });
    return rested ? clearPath(id, [u.source], a, points[points.length - 1], points, true, false) : points;
  }
  var g = u.group ? joinedGroup(u.group) : null, end;
  var start = g ? { x: g.junction[0], y: boxOf(g.members[0]).y } : boxOf(u.reason);
  var link = !g && rested && !moving && byId[u.reason] && byId[u.reason].out.filter(function (x) { return x.to === u.target; })[0];
  if (link) { var drawn = linkPath(link); end = drawn[Math.floor(drawn.length / 2)]; } // on the link as drawn now
  else end = curvePoint(start, boxOf(u.target), 0.5);
  return clearPath(id, [u.source], a, end, [{ x: a.x, y: a.y }, end], still, false);
}
function undercutShown(u) {
  return loaded[u.source] && loaded[u.reason] && loaded[u.target] && !nodeHidden(byId[u.source]) &&
         !nodeHidden(byId[u.reason]) && !nodeHidden(byId[u.target]) && state.relation.opposes !== false;
}
function stroke(ctx, points) {
  ctx.beginPath();
  ctx.moveTo(points[0].x, points[0].y);
  for (var i = 1; i < points.length; i++) ctx.lineTo(points[i].x, points[i].y);
  ctx.stroke();
}
function drawJoins(ctx, view) {
  data.groups.forEach(function (g) {
    if (!joinedGroup(g.key) || nodeHidden(byId[g.target]) || !state.relation[g.relation]) return;
    var parts = groupParts(g), supports = g.relation === "supports", colour = supports ? SUPPORT : OPPOSE;
    var mine = state.selected === g.target || g.members.indexOf(state.selected) >= 0;
    ctx.globalAlpha = 1; ctx.strokeStyle = colour; ctx.fillStyle = colour;
    parts.forEach(function (part) {
      if (outside(part.points, view)) return;
      ctx.lineWidth = (part.junction ? 2.5 : 2) + (mine ? 1.5 : 0);
      ctx.setLineDash(supports ? [] : [9, 6]);
      stroke(ctx, part.points);
      if (part.junction) { // the junction: where the premises become one reason
        ctx.setLineDash([]); ctx.beginPath(); ctx.arc(part.points[0].x, part.points[0].y, 6, 0, 2 * Math.PI); ctx.fill();
        arrowHead(ctx, part.points[part.points.length - 2], part.points[part.points.length - 1], supports, supports ? 11 : 9);
      }
    });
  });
  data.undercuts.forEach(function (u) {
    if (!undercutShown(u)) return;
    var points = undercutPath(u);
    if (outside(points, view)) return;
    var mine = state.selected === u.source || state.selected === u.reason || state.selected === u.target;
    ctx.globalAlpha = 1; ctx.strokeStyle = UNDERCUT; ctx.fillStyle = UNDERCUT;
    ctx.lineWidth = 2 + (mine ? 1.5 : 0); ctx.setLineDash([2, 4]);
    stroke(ctx, points);
    var end = points[points.length - 1]; // where it meets the link: a ring on it, and a bar
    ctx.setLineDash([]); ctx.beginPath(); ctx.arc(end.x, end.y, 5, 0, 2 * Math.PI); ctx.lineWidth = 2.5; ctx.stroke();
  });
  ctx.setLineDash([]);
}
// Whether a link can be in view, from its ends (a curve stays between them) or its route's extent,
// before its path is worked out: at 10,000 nodes most links are off screen in every frame.
function mayShow(e, view) {
  var a = network.body.nodes[e.from], b = network.body.nodes[e.to];
  if (!a || !b) return false;
  var x0 = Math.min(a.x, b.x) - 150, x1 = Math.max(a.x, b.x) + 150, y0 = Math.min(a.y, b.y) - 100, y1 = Math.max(a.y, b.y) + 100;
  if (!e.tree && e.route) {
    if (!e.extent) e.extent = e.route.reduce(function (r, p) {
      return [Math.min(r[0], p[0]), Math.min(r[1], p[1]), Math.max(r[2], p[0]), Math.max(r[3], p[1])];
    }, [Infinity, Infinity, -Infinity, -Infinity]);
    x0 = Math.min(x0, e.extent[0]); y0 = Math.min(y0, e.extent[1]); x1 = Math.max(x1, e.extent[2]); y1 = Math.max(y1, e.extent[3]);
  }
  return !(x1 < view[0] || x0 > view[2] || y1 < view[1] || y0 > view[3]);
}
function drawLinks(ctx) {
  var view = viewBox(40), scale = network.getScale();
  drawnLinks().forEach(function (e) {
    if (!mayShow(e, view)) return;
    var points = linkPath(e);
    if (points.length < 2 || outside(points, view)) return;
    var supports = e.relation === "supports", mine = state.selected === e.from || state.selected === e.to;
    var colour = supports ? SUPPORT : OPPOSE;
    ctx.globalAlpha = e.tree || mine ? 1 : style.large ? 0.45 : 0.6;
    ctx.strokeStyle = colour; ctx.fillStyle = colour;
    ctx.lineWidth = (e.tree ? 2 : 1.5) + (mine ? 1.5 : 0);
    ctx.setLineDash(supports ? [] : [9, 6]);
    ctx.beginPath();
    ctx.moveTo(points[0].x, points[0].y);
    for (var i = 1; i < points.length; i++) ctx.lineTo(points[i].x, points[i].y);
    ctx.stroke();
    if (scale * 10 > 2) arrowHead(ctx, points[points.length - 2], points[points.length - 1], supports, supports ? 11 : 9);
  });
  ctx.globalAlpha = 1; ctx.setLineDash([]);
  drawJoins(ctx, view);
}

/* ---- overview labels ---------------------------------------------------------------- */
function labelFor(n) {
  var thesis = n.kind === "thesis";
  return { text: thesis ? (n.question || n.title || n.id) : (n.title || n.id), px: thesis ? 14 : 12,
           perLine: thesis ? 26 : 24, lines: thesis ? 3 : 2, bold: thesis };
}
// Where a thesis's label is tried, in order: [lines (0: as many as it takes), shift in label heights
// from its box (negative: above)]. Near first; then ever further up and down the screen.
var THESIS_TRIES = [[0, 0], [0, -1], [0, 1], [2, -1.5], [2, 1.5], [1, 0], [1, -1], [1, 1], [1, -2], [1, 2]];
for (var away = 2; away <= 14; away += 0.5) THESIS_TRIES.push([2, -away], [2, away]);
function drawOverview(ctx) {
  lastLabels = [];
  var scale = network.getScale();
  if (14 * scale >= LEGIBLE) return; // every box's own label is legible (theses' are bigger)
  if (ranked === null) rankNodes();
  var ratio = network.canvas.pixelRatio || 1, w = container.clientWidth, h = container.clientHeight;
  var cells = Object.create(null), CELL = 80, tried = 0, far = 400, leaders = [], painted = []; // far: placements tried away from boxes
  function free(r, mark) {
    for (var cx = Math.floor(r[0] / CELL); cx <= Math.floor(r[2] / CELL); cx++) {
      for (var cy = Math.floor(r[1] / CELL); cy <= Math.floor(r[3] / CELL); cy++) {
        var key = cx + "," + cy, list = cells[key];
        if (mark) { (cells[key] = list || []).push(r); continue; }
        if (list) for (var i = 0; i < list.length; i++) {
          var o = list[i];
          if (r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3]) return false;
        }
      }
    }
    return true;
  }
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.textBaseline = "middle"; ctx.textAlign = "center";
  for (var i = 0; i < ranked.length && lastLabels.length < MAX_LABELS && tried < MAX_TRIED; i++) {
    var n = ranked[i];
    if (!n || !loaded[n.id] || hiddenNow[n.id]) continue;
    var size = n.kind === "thesis" ? 20 : n.kind === "definition" ? 13 : 14;
    if (size * scale >= LEGIBLE) continue; // vis-network draws this one's own label
    var node = network.body.nodes[n.id];
    if (!node) continue;
    var at = network.canvasToDOM({ x: node.x, y: node.y });
    if (at.x < -60 || at.x > w + 60 || at.y < -30 || at.y > h + 30) continue;
    tried++;
    var label = labelFor(n), placed = null;
    // A thesis tries harder to be named (its tree's question): above or below its box, or on one line;
    // failing that (a narrow phone: the trees stand close), further up or down, joined to its box by
    // a leader line, so every tree is named on screen.
    var tries = n.kind === "thesis" ? THESIS_TRIES : [[label.lines, 0]];
    for (var k = 0; k < tries.length && !placed && (k < 10 || far > 0); k++) {
      if (k >= 10) far--;
      placed = fit(label, tries[k][0] || label.lines, tries[k][1], at);
    }
    if (!placed) continue;
    var rect = placed.rect, lines = placed.lines;
    free([rect[0] - 4, rect[1] - 3, rect[2] + 4, rect[3] + 3], true);
    var leader = at.y < rect[1] - 6 || at.y > rect[3] + 6;
    if (leader) leaders.push([Math.max(rect[0] + 6, Math.min(rect[2] - 6, at.x)), at.y < rect[1] ? rect[1] : rect[3], at.x, at.y]);
    painted.push([n, rect, lines, placed.font, label.px]);
    lastLabels.push({ id: n.id, text: lines.join(" "), px: label.px, box: rect, leader: leader });
  }
  // Leader lines first (thin, grey, dotted, a dot on the box), so that they pass behind the labels.
  ctx.strokeStyle = "#555555"; ctx.fillStyle = "#555555"; ctx.lineWidth = 1;
  leaders.forEach(function (l) {
    ctx.setLineDash([2, 2]); ctx.beginPath(); ctx.moveTo(l[0], l[1]); ctx.lineTo(l[2], l[3]); ctx.stroke();
    ctx.setLineDash([]); ctx.beginPath(); ctx.arc(l[2], l[3], 3, 0, 2 * Math.PI); ctx.fill();
  });
  painted.forEach(function (item) {
    var n = item[0], rect = item[1], px = item[4];
    var p = persById[n.perspective], fill = n.kind === "thesis" ? THESIS_FILL : p ? p.colour : "#bbbbbb";
    ctx.fillStyle = fill; ctx.strokeStyle = n.id === state.selected ? "#000000" : "#333333";
    ctx.lineWidth = n.id === state.selected ? 3 : 1;
    ctx.beginPath(); ctx.rect(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1]); ctx.fill(); ctx.stroke();
    ctx.fillStyle = textColour(fill);
    ctx.font = item[3];
    item[2].forEach(function (line, j) { ctx.fillText(line, (rect[0] + rect[2]) / 2, rect[1] + 3 + (j + 0.5) * (px + 3)); });
  });
  ctx.restore();
  // One placement of a label: `count` lines at most, centred on the box (shift 0), above it (-1) or below (1).
  function fit(label, count, shift, at) {
    var lines = wrap(shorten(label.text, label.perLine * count - 2), label.perLine).split("\n");
    var guess = Math.min(label.perLine, label.text.length) * label.px * 0.55 + 12, height = lines.length * (label.px + 3) + 6;
    var y = at.y + shift * (height + 4);
    var rect = [at.x - guess / 2, y - height / 2, at.x + guess / 2, y + height / 2];
    if (rect[1] < 2 || rect[3] > h - 2 || !free(rect, false)) return null; // whole on screen, or not at all
    var font = (label.bold ? "bold " : "") + label.px + "px system-ui, DejaVu Sans, sans-serif", width = 0;
    ctx.font = font;
    lines.forEach(function (line) { width = Math.max(width, ctx.measureText(line).width); });
    width += 12;
    var x = Math.max(width / 2 + 4, Math.min(w - width / 2 - 4, at.x)); // kept on screen, not cut at its edge
    rect = [x - width / 2, y - height / 2, x + width / 2, y + height / 2];
    return free(rect, false) ? { rect: rect, lines: lines, font: font } : null;
  }
}
network.on("beforeDrawing", drawLinks);
network.on("afterDrawing", drawOverview);

/* ---- what tests and serve read ------------------------------------------------------ */
function xy(points) { return points.map(function (p) { return [p.x, p.y]; }); }
// Every drawn line, as the points it passes through, and the boxes it may touch (its ends): links,
// the parts of joined premise groups (kind "group") and undercuts (kind "undercut", ending on a link).
api.lines = function () {
  var lines = drawnLinks().map(function (e) {
    return { from: e.from, to: e.to, tree: !!e.tree, kind: "link", ends: [e.from, e.to], points: xy(linkPath(e)) };
  });
  data.groups.forEach(function (g) {
    if (!joinedGroup(g.key) || nodeHidden(byId[g.target])) return;
    groupParts(g).forEach(function (part) {
      lines.push({ from: part.from, to: g.target, tree: true, kind: "group", group: g.key, ends: part.ends,
                   junction: !!part.junction, points: xy(part.points) });
    });
  });
  data.undercuts.forEach(function (u) {
    if (undercutShown(u)) lines.push({ from: u.source, to: u.target, reason: u.reason, tree: false, kind: "undercut", ends: [u.source], points: xy(undercutPath(u)) });
  });
  return lines;
};
api.overviewLabels = function () { return lastLabels.slice(); }; // the labels of the last frame drawn
var summary = document.querySelector("header .summary");
on("refresh", function () { summary.textContent = "Debate map: " + data.nodes.length + " claims, " + data.edges.length + " links"; });
api.linkPoint = function (from, to) { // a point on the drawn link from -> to (its middle), for tests
  var e = byId[from] && byId[from].out.filter(function (x) { return x.to === to; })[0];
  if (!e) return null;
  var g = e.group && e.tree ? joinedGroup(e.group) : null;
  return g ? xy(groupParts(g).pop().points) : xy(linkPath(e));
};

/* ---- what a line says, on hover ------------------------------------------------------- */
// Pointing at a line shows what it claims ("A" supports "B"); the same links are listed as text
// in the details panel of either claim and in the outline, for the keyboard and screen readers.
var lineTip = el("div", "", "vis-tooltip");
lineTip.id = "line-tip"; lineTip.setAttribute("role", "tooltip");
container.appendChild(lineTip);
var tipFrame = 0, tipAt = null;
function hideTip() { lineTip.style.visibility = "hidden"; lineTip.textContent = ""; }
function segmentDistance(p, a, b) {
  var dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy;
  var t = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}
function nearest(at, points, best) { // best: {distance, ...}; true when `points` pass closer
  var closer = false;
  for (var i = 1; i < points.length; i++) {
    var d = segmentDistance(at, points[i - 1], points[i]);
    if (d <= best.distance) { best.distance = d; closer = true; }
  }
  return closer;
}
function quoted(id) { return "\u201c" + (byId[id].title || id) + "\u201d"; }
function lineAt(dom) { // what the drawn line nearest the point says, if it is within 6 screen px of it
  var scale = network.getScale(), reach = 6 / scale, at = network.DOMtoCanvas(dom), best = { distance: reach, text: null };
  if (moving || network.getNodeAt(dom) !== undefined) return null; // a box's own tooltip, or a drag
  var around = [at.x - reach, at.y - reach, at.x + reach, at.y + reach];
  drawnLinks().forEach(function (e) {
    if (mayShow(e, around) && nearest(at, linkPath(e), best)) best.text = quoted(e.from) + " " + e.relation + " " + quoted(e.to);
  });
  data.groups.forEach(function (g) { // a joined premise group: its members, together, for or against the claim
    if (!joinedGroup(g.key) || nodeHidden(byId[g.target]) || !state.relation[g.relation]) return;
    groupParts(g).forEach(function (part) {
      if (!outside(part.points, around) && nearest(at, part.points, best)) {
        best.text = g.members.map(quoted).join(" and ") + ", together, " +
                    (g.relation === "supports" ? "support " : "oppose ") + quoted(g.target);
      }
    });
  });
  data.undercuts.forEach(function (u) {
    if (!undercutShown(u)) return;
    var points = undercutPath(u);
    if (!outside(points, around) && nearest(at, points, best)) {
      best.text = quoted(u.source) + " undercuts the link: " + quoted(u.reason) + " " + u.relation + " " + quoted(u.target);
    }
  });
  return best.text;
}
function showTip() {
  tipFrame = 0;
  var text = tipAt && lineAt(tipAt);
  if (!text) { hideTip(); return; }
  lineTip.textContent = text;
  lineTip.style.left = Math.min(tipAt.x + 14, Math.max(0, container.clientWidth - lineTip.offsetWidth - 4)) + "px";
  lineTip.style.top = (tipAt.y + 16) + "px";
  lineTip.style.visibility = "visible";
}
container.addEventListener("mousemove", function (ev) {
  var r = container.getBoundingClientRect();
  tipAt = ev.buttons ? null : { x: ev.clientX - r.left, y: ev.clientY - r.top };
  if (!tipFrame) tipFrame = requestAnimationFrame(showTip);
});
container.addEventListener("mouseleave", function () { tipAt = null; hideTip(); });
