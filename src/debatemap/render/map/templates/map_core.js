/* debatemap interactive map, part 1 of 6: data, drawing, view, visibility, selection.
 * render/map/page.py joins the six parts (map_core, map_lines, map_moved, map_panels, map_keys, map_outline)
 * inside one function, so they share these names; window.debatemap is the only global.
 * All YAML text reaches the DOM through textContent (never innerHTML); vis-network draws
 * labels on the canvas and shows string tooltips as plain text. */
performance.mark("debatemap:start");
var data = JSON.parse(document.getElementById("debatemap-data").textContent);
var READABLE = 0.75; // the first view's least zoom: 14px labels at 10.5px, thesis titles at 15px
var LEGIBLE = 9; // px: a label drawn smaller is replaced by an overview label (map_lines.js)
var SUPPORT = "#1b6e34", OPPOSE = "#b2182b", THESIS_FILL = "#263238";
var LONG_WORD = 28; // only words longer than this (URLs, number runs) are ever split in a label
var CHUNK = 2500; // nodes added per step after the first draw of a large map
var style, byId, persById, adjacency, haystack;
var state = { selected: null, focus: false, hops: 1, persp: {}, kind: {}, relation: {} };
var listeners = Object.create(null);
var container = document.getElementById("map");

function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function on(name, fn) { (listeners[name] = listeners[name] || []).push(fn); }
function emit(name, arg) { (listeners[name] || []).forEach(function (fn) { fn(arg); }); }
function textColour(hex) { // dark text on light fills, white on dark ones
  var r = parseInt(hex.substr(1, 2), 16), g = parseInt(hex.substr(3, 2), 16), b = parseInt(hex.substr(5, 2), 16);
  return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? "#111111" : "#ffffff";
}
// Shortened at a word boundary; the tooltip and the details panel keep the whole title.
function shorten(text, max) {
  if (text.length <= max) return text;
  var cut = text.lastIndexOf(" ", max - 1);
  if (cut < max / 2) cut = max - 1;
  return text.slice(0, cut).replace(/[\s,;:.\u2013\u2014-]+$/, "") + "\u2026";
}
// Labels are wrapped here, by words, rather than by vis-network's widthConstraint.maximum:
// vis measures every growing prefix of every label, which took ~4 s at 10,000 nodes.
// A word longer than the line stays whole (its box grows a little) unless it is very long.
function wrap(text, perLine) {
  var lines = [], line = "";
  text.split(/\s+/).forEach(function (word) {
    if (!word) return;
    while (word.length > LONG_WORD) {
      if (line) { lines.push(line); line = ""; }
      lines.push(word.slice(0, LONG_WORD - 1) + "-"); word = word.slice(LONG_WORD - 1);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= perLine) line += " " + word;
    else { lines.push(line); line = word; }
  });
  if (line) lines.push(line);
  return lines.join("\n");
}

function index() {
  style = data.style;
  byId = Object.create(null); persById = Object.create(null); adjacency = Object.create(null); haystack = [];
  data.perspectives.forEach(function (p) { persById[p.id] = p; if (!(p.id in state.persp)) state.persp[p.id] = true; });
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    n.out = []; n.into = []; adjacency[n.id] = [];
    haystack.push([n.id, (n.title || "").toLowerCase(), (n.id + " " + (n.text || "")).toLowerCase()]);
  });
  data.edges.forEach(function (e) {
    e.id = e.from + ">" + e.to;
    byId[e.from].out.push(e); byId[e.to].into.push(e);
    adjacency[e.from].push(e.to); adjacency[e.to].push(e.from);
  });
  data.groups = data.groups || []; data.undercuts = data.undercuts || [];
  data.undercuts.forEach(function (u) { // an undercut is near the link's two ends (focus mode)
    [u.reason, u.target].forEach(function (end) { adjacency[u.source].push(end); adjacency[end].push(u.source); });
  });
}
["thesis", "argument", "definition"].forEach(function (k) { state.kind[k] = true; });
["supports", "opposes"].forEach(function (r) { state.relation[r] = true; });
index();

/* ---- visibility: filters and focus ------------------------------------------ */
var near = null; // ids within state.hops links of the selection while focus mode is on
function neighbourhood(id, hops) {
  var seen = Object.create(null), frontier = [id];
  seen[id] = true;
  for (var d = 0; d < hops; d++) {
    var next = [];
    frontier.forEach(function (a) {
      adjacency[a].forEach(function (b) { if (!seen[b]) { seen[b] = true; next.push(b); } });
    });
    frontier = next;
  }
  return seen;
}
function nodeHidden(n) {
  return !state.kind[n.kind] || (!!n.perspective && state.persp[n.perspective] === false) ||
         (near !== null && !near[n.id]);
}
function edgeHidden(e) { return !state.relation[e.relation] || nodeHidden(byId[e.from]) || nodeHidden(byId[e.to]); }

function visNode(n) {
  var thesis = n.kind === "thesis", definition = n.kind === "definition";
  var p = persById[n.perspective];
  var fill = thesis ? THESIS_FILL : (p ? p.colour : "#bbbbbb");
  var width = thesis ? style.thesisWidth : style.argumentWidth;
  var strong = style.strength && typeof n.strength === "number" && !thesis && !definition;
  return {
    id: n.id, x: n.x, y: n.y, hidden: nodeHidden(n),
    label: wrap(shorten(n.title || n.id, thesis ? 120 : definition ? 90 : 90), thesis ? 21 : definition ? 20 : 22),
    title: (n.title || n.id) + (p ? " \u2014 " + p.name : thesis ? " \u2014 thesis" : ""),
    shape: definition ? "ellipse" : "box",
    color: { background: fill, border: thesis ? "#000000" : "#333333",
             highlight: { background: fill, border: "#000000" } },
    font: { color: textColour(fill), size: thesis ? 20 : definition ? 13 : 14, face: "system-ui, DejaVu Sans, sans-serif",
            bold: thesis ? { color: textColour(fill) } : undefined },
    borderWidth: thesis ? 3 : 1, borderWidthSelected: thesis ? 6 : 4,
    // The label area; vis-network adds its margin on each side, so boxes are drawn exactly
    // style.argumentWidth / style.thesisWidth wide (what the layout spaced them for).
    widthConstraint: { minimum: definition ? 110 : width - 2 * style.margin },
    heightConstraint: strong ? { minimum: Math.round(30 + 70 * n.strength), valign: "middle" } : false,
    shapeProperties: { borderRadius: thesis ? 0 : 8 }
  };
}
// vis-network keeps every link (physics springs, the DataSets the tests and serve read) but
// draws none: it can draw only straight lines or one-bend curves, which pass behind boxes.
// map_lines.js draws them instead: tree links as S-curves, cross-links along their routes.
function visEdge(e) {
  return {
    id: e.id, from: e.from, to: e.to, hidden: edgeHidden(e), chosen: false, width: 1,
    color: { color: "#000000", highlight: "#000000", opacity: 0 }, arrows: { to: { enabled: false } }
  };
}

/* ---- drawing: a large map draws what is in view first, then the rest ---------- */
// vis-network spends ~0.13 ms per node building its objects, ~1.3 s at 10,000 nodes. A large map
// therefore starts with the nodes inside (and around) the first view, draws, and adds the rest
// in steps between frames; anything that needs the whole map (fit, physics) waits for it.
var loaded = Object.create(null), edgeLoaded = Object.create(null), pending = [];
var nodes = new vis.DataSet(), edges = new vis.DataSet(), network = null;
function load(list, redraw) {
  var newEdges = [];
  list = list.filter(function (n) { return !loaded[n.id]; });
  list.forEach(function (n) { loaded[n.id] = true; });
  list.forEach(function (n) {
    n.out.concat(n.into).forEach(function (e) {
      if (!edgeLoaded[e.id] && loaded[e.from] && loaded[e.to]) { edgeLoaded[e.id] = true; newEdges.push(visEdge(e)); }
    });
  });
  batch(function () {
    if (list.length) nodes.add(list.map(visNode));
    if (newEdges.length) edges.add(newEdges);
  }, redraw);
}
// With physics off, vis-network redraws the whole map synchronously after every DataSet change
// (all edges: they are not culled to the view). Several changes in a row get one redraw, later,
// or none (redraw === false) when another step follows and will redraw anyway.
function batch(change, redraw) {
  if (!network) { change(); return; }
  var emitter = network.body.emitter;
  emitter.emit("_blockRedraw");
  try { change(); } finally { emitter.emit("_allowRedraw"); if (redraw !== false) emitter.emit("_requestRedraw"); }
}
function loadAround(x, y, scale) { // the nodes a view centred on (x, y) at this scale shows, with a margin
  var w = (container.clientWidth || 800) / scale, h = (container.clientHeight || 600) / scale;
  load(data.nodes.filter(function (n) { return Math.abs(n.x - x) < w && Math.abs(n.y - y) < h; }));
}
function completed() { api.completeMs = performance.now(); emit("complete"); }
function loadAll() {
  if (!pending.length) return;
  var rest = pending; pending = [];
  load(rest);
  completed();
}
function loadStep() {
  if (!pending.length) return;
  var step = pending.splice(0, CHUNK);
  load(step, !pending.length); // the map on screen is redrawn when the user moves it, and at the end
  if (pending.length) setTimeout(loadStep, 0); else completed();
}

// The first view: the whole map if its labels can be read whole; else the central question's tree
// (data.roots[0], the thesis the most claims argue about: the page's title) if it can;
// else that thesis at the top, whole and readable, with as much of its tree as fits below.
var EDGE = 24; // px of screen kept clear around what the first view shows
function startView() {
  var w = container.clientWidth || 800, h = container.clientHeight || 600;
  if (!data.nodes.length) return { position: { x: 0, y: 0 }, scale: 1 };
  var all = [Infinity, Infinity, -Infinity, -Infinity];
  Object.keys(data.trees).forEach(function (root) {
    var t = data.trees[root];
    all = [Math.min(all[0], t[0]), Math.min(all[1], t[1]), Math.max(all[2], t[2]), Math.max(all[3], t[3])];
  });
  function fitting(box) {
    var scale = Math.min((w - 2 * EDGE) / (box[2] - box[0]), (h - 2 * EDGE) / (box[3] - box[1]), 1.2);
    return { position: { x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2 }, scale: scale };
  }
  var least = (LEGIBLE + 0.2) / 14; // every argument's label still drawn, at 9 px or more
  var whole = fitting(all);
  if (whole.scale >= least) return whole;
  var root = data.roots[0], tree = fitting(data.trees[root]);
  if (tree.scale >= least) return tree;
  var thesis = byId[root], box = data.trees[root];
  var width = (thesis.kind === "thesis" ? style.thesisWidth : style.argumentWidth) + 8;
  var scale = Math.min(READABLE, (w - 2 * EDGE) / width); // narrower only if the screen is
  var top = box[1]; // the thesis's box top: its row is the tree's first
  return { position: { x: thesis.x, y: top - EDGE / scale + h / 2 / scale }, scale: scale };
}

performance.mark("debatemap:parsed");
// The map's height is the screen less the header's (map.css); set it before the first view is
// chosen, or vis-network rescales that view when the map is resized a moment later.
document.documentElement.style.setProperty("--header", document.querySelector("header").offsetHeight + "px");
var start = startView();
if (style.large) {
  loadAround(start.position.x, start.position.y, start.scale);
  pending = data.nodes.filter(function (n) { return !loaded[n.id]; });
} else {
  load(data.nodes);
}
network = new vis.Network(container, { nodes: nodes, edges: edges }, {
  autoResize: true,
  layout: { improvedLayout: false, randomSeed: 1 },
  // Physics pushes boxes apart (avoidOverlap) without pulling the trees into the middle
  // (no central gravity), so they spread rather than tangle; Reset view restores the layout.
  physics: { enabled: false, solver: "barnesHut", stabilization: false, maxVelocity: 12,
             barnesHut: { gravitationalConstant: -4000, centralGravity: 0, springLength: 170,
                          springConstant: 0.02, damping: 0.3, avoidOverlap: 0.6 } },
  // Labels smaller than LEGIBLE px on screen are not drawn; map_lines.js's overview labels take over.
  nodes: { shadow: false, margin: style.margin, scaling: { label: { drawThreshold: LEGIBLE + 1 } } },
  edges: { smooth: false, shadow: false, selectionWidth: 1.5, hoverWidth: 0 },
  interaction: { hover: false, tooltipDelay: 250, hideEdgesOnDrag: style.large, hideEdgesOnZoom: style.large,
                 keyboard: false, multiselect: false }
});
// vis-network makes its own frame a second, unlabelled tab stop; #map is the one stop (map_keys.js).
network.canvas.frame.tabIndex = -1;
performance.mark("debatemap:network");

/* ---- view ------------------------------------------------------------------- */
function defaultView() { var v = startView(); network.moveTo({ position: v.position, scale: v.scale, animation: false }); }
network.moveTo({ position: start.position, scale: start.scale, animation: false });
function fitWhole() { loadAll(); network.fit({ animation: false }); }
// Physics moves nodes away from the computed layout; this puts every node back and stops it.
function restoreLayout() {
  network.setOptions({ physics: { enabled: false } });
  data.nodes.forEach(function (n) { if (loaded[n.id]) network.moveNode(n.id, n.x, n.y); });
  emit("layout");
}

var hiddenNow = Object.create(null), edgeHiddenNow = Object.create(null);
function applyVisibility() {
  near = state.focus && state.selected ? neighbourhood(state.selected, state.hops) : null;
  var nodeChanges = [], edgeChanges = [];
  data.nodes.forEach(function (n) {
    var hide = nodeHidden(n);
    if (loaded[n.id] && !!hiddenNow[n.id] !== hide) nodeChanges.push({ id: n.id, hidden: hide });
    hiddenNow[n.id] = hide;
  });
  data.edges.forEach(function (e) {
    var hide = edgeHidden(e);
    if (edgeLoaded[e.id] && !!edgeHiddenNow[e.id] !== hide) edgeChanges.push({ id: e.id, hidden: hide });
    edgeHiddenNow[e.id] = hide;
  });
  batch(function () {
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
  });
  emit("visibility", near);
}
function fitNeighbourhood() {
  if (!near) return;
  var ids = Object.keys(near);
  load(ids.map(function (id) { return byId[id]; }));
  network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.2 });
}

/* ---- selection and deep links ------------------------------------------------ */
function setHash(id) {
  try { history.replaceState(null, "", id ? "#node=" + encodeURIComponent(id) : location.pathname + location.search); }
  catch (err) { /* some file:// setups refuse replaceState; the link still works */ }
}
// select(id, {centre: false}) keeps the view; {from: "details"} moves focus to the new details.
function select(id, options) {
  var n = byId[id];
  if (!n) return false;
  options = options || {};
  if (nodeHidden(n) && !state.focus) emit("unhide", n);
  state.selected = id;
  if (state.focus) applyVisibility();
  var scale = Math.max(network.getScale(), READABLE);
  if (!loaded[id]) loadAround(n.x, n.y, scale);
  network.selectNodes([id]);
  emit("select", { node: n, options: options });
  if (state.focus) fitNeighbourhood();
  else if (options.centre !== false) {
    network.focus(id, { scale: scale, animation: false, offset: { x: 0, y: -api.coveredBelow() / 2 } });
  }
  setHash(id);
  return true;
}
function unselect() {
  state.selected = null;
  network.unselectAll();
  if (state.focus) applyVisibility();
  emit("select", { node: null, options: {} });
  setHash(null);
}
network.on("click", function (params) { // links are not drawn by vis-network: a click beside a box is on nothing
  if (params.nodes.length) select(params.nodes[0], { centre: false });
  else unselect();
});
function fromHash() {
  var m = /^#node=(.+)$/.exec(location.hash);
  if (m) select(decodeURIComponent(m[1]));
}

/* ---- the public handle --------------------------------------------------------- */
// Replaces the map's data (same shape as the embedded JSON) and keeps the view, the filters and,
// if the claim still exists, the selection: for a page that is updated while it is open.
// Only nodes and edges that look different are updated: vis-network measures every updated
// label again, which at 1,000 nodes took ~0.4 s when all were (serve sends a version per change).
var drawnNodes = null, drawnEdges = null; // id -> JSON of what is in the DataSets, from the first refresh on
function changed(items, drawn) { // visibility is left to applyVisibility, which reads the DataSets
  return items.filter(function (item) {
    var hidden = item.hidden;
    item.hidden = undefined; // JSON.stringify leaves it out
    var text = JSON.stringify(item);
    item.hidden = hidden;
    if (drawn[item.id] === text) return false;
    drawn[item.id] = text;
    return true;
  });
}
function refresh(next) {
  if (drawnNodes === null) {
    drawnNodes = Object.create(null); drawnEdges = Object.create(null);
    changed(data.nodes.filter(function (n) { return loaded[n.id]; }).map(visNode), drawnNodes);
    changed(data.edges.filter(function (e) { return edgeLoaded[e.id]; }).map(visEdge), drawnEdges);
  }
  pending = [];
  data = next;
  index();
  loaded = Object.create(null);
  data.nodes.forEach(function (n) { loaded[n.id] = true; });
  var fresh = changed(data.nodes.map(visNode), drawnNodes);
  edgeLoaded = Object.create(null);
  data.edges.forEach(function (e) { edgeLoaded[e.id] = true; });
  var freshEdges = changed(data.edges.map(visEdge), drawnEdges);
  var goneNodes = Object.keys(drawnNodes).filter(function (id) { return !loaded[id]; });
  var goneEdges = Object.keys(drawnEdges).filter(function (id) { return !edgeLoaded[id]; });
  goneNodes.forEach(function (id) { delete drawnNodes[id]; });
  goneEdges.forEach(function (id) { delete drawnEdges[id]; });
  batch(function () {
    edges.remove(goneEdges);
    nodes.remove(goneNodes);
    nodes.update(fresh);
    edges.update(freshEdges);
  });
  hiddenNow = Object.create(null); edgeHiddenNow = Object.create(null);
  nodes.forEach(function (n) { hiddenNow[n.id] = !!n.hidden; }); // as drawn, so every difference is put right
  edges.forEach(function (e) { edgeHiddenNow[e.id] = !!e.hidden; });
  applyVisibility();
  emit("refresh", data);
  if (state.selected && byId[state.selected]) select(state.selected, { centre: false });
  else if (state.selected) unselect();
}
var api = window.debatemap = {
  network: network, nodes: nodes, edges: edges, data: data, select: select, unselect: unselect,
  refresh: function (next) { refresh(next); api.data = data; },
  restoreLayout: restoreLayout,
  on: on, // on("select" | "visibility" | "refresh" | "complete" | "layout", fn)
  complete: function () { return !pending.length; },
  coveredBelow: function () { return 0; }, // height of whatever covers the map's lower part (a sheet)
  drawn: false, firstDrawMs: null, completeMs: null // ms since navigation: first draw; every node in
};
network.once("afterDrawing", function () {
  api.drawn = true;
  api.firstDrawMs = performance.now(); // ms since navigation started
  document.dispatchEvent(new CustomEvent("debatemap:drawn"));
  if (pending.length) setTimeout(loadStep, 0); else if (api.completeMs === null) api.completeMs = api.firstDrawMs;
});
