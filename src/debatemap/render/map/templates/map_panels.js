/* debatemap interactive map, part 4 of 6: legend and filters, focus, physics, details. */

/* ---- legend and filters ------------------------------------------------------ */
var SVG = "http://www.w3.org/2000/svg";
function svg(width, height, parts) {
  var box = document.createElementNS(SVG, "svg");
  box.setAttribute("viewBox", "0 0 " + width + " " + height); box.setAttribute("width", width);
  box.setAttribute("height", height); box.setAttribute("aria-hidden", "true"); box.setAttribute("class", "key");
  parts.forEach(function (p) {
    var shape = document.createElementNS(SVG, p[0]);
    Object.keys(p[1]).forEach(function (k) { shape.setAttribute(k, p[1][k]); });
    box.appendChild(shape);
  });
  return box;
}
function edgeKey(relation, pale) {
  var colour = relation === "supports" ? SUPPORT : OPPOSE, line = { x1: 1, y1: 7, x2: 27, y2: 7, stroke: colour,
    "stroke-width": pale ? 1 : 2, "stroke-opacity": pale ? 0.45 : 1 };
  if (relation === "opposes") line["stroke-dasharray"] = "5 3";
  var head = relation === "supports" ? ["polygon", { points: "26,2 33,7 26,12", fill: colour }]
                                     : ["rect", { x: 29, y: 1, width: 3, height: 12, fill: colour }];
  if (pale) head[1]["fill-opacity"] = 0.45;
  return svg(34, 14, [["line", line], head]);
}
function kindKey(kind) {
  if (kind === "thesis") return svg(26, 16, [["rect", { x: 1.5, y: 1.5, width: 23, height: 13, fill: THESIS_FILL, stroke: "#000", "stroke-width": 2 }]]);
  if (kind === "definition") return svg(26, 16, [["ellipse", { cx: 13, cy: 8, rx: 12, ry: 7, fill: "#ddd", stroke: "#333" }]]);
  return svg(26, 16, [["rect", { x: 0.5, y: 1.5, width: 25, height: 13, rx: 4, fill: "#ddd", stroke: "#333" }]]);
}
function swatch(colour) {
  var sw = el("span", null, "swatch");
  sw.style.background = colour; // CSSOM, allowed by the CSP; colours are validated in Python
  return sw;
}
var boxes = [];
function checkbox(fieldset, label, count, checked, onChange, key, hint, tooltip) {
  var row = el("label"), box = el("input");
  box.type = "checkbox"; box.checked = checked;
  box.addEventListener("change", function () { onChange(box.checked); applyVisibility(); });
  row.appendChild(box);
  row.appendChild(key);
  var words = el("span", label, "name");
  if (hint) words.appendChild(el("span", hint, "sub"));
  if (tooltip) row.title = tooltip;
  row.appendChild(words);
  row.appendChild(el("span", count, "count"));
  fieldset.appendChild(row);
  boxes.push(box);
}
var KINDS = { thesis: ["theses", "the claims the debate is about (dark box)"],
              argument: ["arguments", "a reason for or against a claim (rounded box)"],
              definition: ["definitions", "how a source defines a term (ellipse)"] };
function buildLegend() {
  boxes = [];
  var persp = document.getElementById("filter-perspective"), kinds = document.getElementById("filter-kind"),
      links = document.getElementById("filter-relation"), reading = document.getElementById("legend-reading");
  [persp, kinds, links].forEach(function (f) { while (f.children.length > 1) f.removeChild(f.lastChild); });
  reading.textContent = "";
  data.perspectives.forEach(function (p) { // sorted by name in Python
    checkbox(persp, p.name, p.count, state.persp[p.id] !== false, function (on) { state.persp[p.id] = on; },
             swatch(p.colour), null, p.description);
  });
  ["thesis", "argument", "definition"].forEach(function (k) {
    var count = data.nodes.filter(function (n) { return n.kind === k; }).length;
    checkbox(kinds, KINDS[k][0], count, state.kind[k], function (on) { state.kind[k] = on; }, kindKey(k), KINDS[k][1]);
  });
  [["supports", "green line, arrowhead: a reason to accept the claim it points to"],
   ["opposes", "red dashed line ending in a bar: a reason to reject it"]].forEach(function (r) {
    var count = data.edges.filter(function (e) { return e.relation === r[0]; }).length;
    checkbox(links, r[0], count, state.relation[r[0]], function (on) { state.relation[r[0]] = on; }, edgeKey(r[0], false), r[1]);
  });
  function entry(key, text) { var li = el("li"); li.appendChild(key); li.appendChild(el("span", text)); reading.appendChild(li); }
  entry(svg(34, 14, [["line", { x1: 1, y1: 5, x2: 33, y2: 5, stroke: "#444", "stroke-width": 2 }],
                     ["line", { x1: 1, y1: 11, x2: 33, y2: 11, stroke: "#444", "stroke-width": 1, "stroke-opacity": 0.45 }]]),
        "Strong curved line: the link a claim hangs from in its tree. Pale angled line: a cross-link, to a claim in another branch or tree, routed around the boxes between them.");
  if (data.groups.length) {
    entry(svg(34, 22, [["line", { x1: 5, y1: 21, x2: 5, y2: 12, stroke: SUPPORT, "stroke-width": 2 }],
                       ["line", { x1: 29, y1: 21, x2: 29, y2: 12, stroke: SUPPORT, "stroke-width": 2 }],
                       ["line", { x1: 5, y1: 12, x2: 29, y2: 12, stroke: SUPPORT, "stroke-width": 2 }],
                       ["circle", { cx: 17, cy: 12, r: 3.5, fill: SUPPORT }],
                       ["line", { x1: 17, y1: 12, x2: 17, y2: 1, stroke: SUPPORT, "stroke-width": 2.5 }]]),
          "Boxes joined by a bar and a dot: a premise group \u2014 claims that make ONE reason only together; the one line from the dot is that reason's link.");
  }
  if (data.undercuts.length) {
    entry(svg(34, 16, [["line", { x1: 1, y1: 8, x2: 24, y2: 8, stroke: UNDERCUT, "stroke-width": 2, "stroke-dasharray": "2 3" }],
                       ["circle", { cx: 28, cy: 8, r: 4, fill: "none", stroke: UNDERCUT, "stroke-width": 2 }]]),
          "Purple dotted line ending in a ring on another line: an undercut \u2014 it attacks that link (that the reason supports or opposes the claim), not either claim.");
  }
  if (style.strength) {
    entry(svg(34, 22, [["rect", { x: 1, y: 12, width: 14, height: 9, rx: 2, fill: "#ddd", stroke: "#333" }],
                       ["rect", { x: 19, y: 1, width: 14, height: 20, rx: 2, fill: "#ddd", stroke: "#333" }]]),
          "Taller box: a stronger argument (DF-QuAD strength, 0\u20131, weighing what supports and opposes it).");
  }
  entry(svg(34, 16, [["rect", { x: 2, y: 2, width: 30, height: 12, rx: 4, fill: "#ddd", stroke: "#000", "stroke-width": 3 }]]),
        "Thick border: the selected claim.");
}
buildLegend();
on("refresh", buildLegend);

function resetFilters() {
  boxes.forEach(function (b) { b.checked = true; });
  [state.persp, state.kind, state.relation].forEach(function (m) { Object.keys(m).forEach(function (k) { m[k] = true; }); });
  applyVisibility();
}
on("unhide", resetFilters);

/* ---- focus mode --------------------------------------------------------------- */
var focusBox = document.getElementById("focus"), hopsBox = document.getElementById("hops");
var focusNote = document.getElementById("focus-note");
function focusChanged() {
  state.focus = focusBox.checked;
  applyVisibility();
  if (state.focus && state.selected) fitNeighbourhood();
}
function sayFocus(visibleNear) {
  if (!state.focus) focusNote.textContent = "";
  else if (!state.selected) focusNote.textContent = "Select a claim first (click a box, search, or use the outline): then only it and the claims linked to it are shown.";
  else focusNote.textContent = "Showing " + Object.keys(visibleNear || {}).length + " claims within " + state.hops +
                               (state.hops === 1 ? " link" : " links") + " of \u201c" + (byId[state.selected].title || state.selected) + "\u201d.";
}
focusBox.addEventListener("change", focusChanged);
hopsBox.addEventListener("input", function () {
  var n = parseInt(hopsBox.value, 10);
  if (n >= 1 && n <= 9) { state.hops = n; applyVisibility(); fitNeighbourhood(); }
});
on("visibility", sayFocus);
on("select", function () { sayFocus(near); });

/* ---- physics ------------------------------------------------------------------- */
var physicsBox = document.getElementById("physics");
if (style.physics) {
  document.getElementById("physics-box").hidden = false;
  physicsBox.addEventListener("change", function () {
    if (physicsBox.checked) { loadAll(); network.setOptions({ physics: { enabled: true } }); }
    else { network.setOptions({ physics: { enabled: false } }); rest(); } // boxes stand where physics left them
  });
}
on("layout", function () { physicsBox.checked = false; });

/* ---- details panel (a bottom sheet on narrow screens) ---------------------------- */
var main = document.getElementById("main"), details = document.getElementById("details");
var detailsBody = document.getElementById("details-body");
var HINT = "Click a box, search, or pick a claim in the outline to see it here.";
api.coveredBelow = function () { // the sheet covers the map's lower part on narrow screens
  return main.classList.contains("has-selection") && getComputedStyle(details).position === "absolute" ?
    Math.min(details.offsetHeight, container.clientHeight * 0.6) : 0;
};
function field(parent, label, value) {
  if (!value) return;
  var p = el("p");
  p.appendChild(el("strong", label + ": "));
  p.appendChild(document.createTextNode(value));
  parent.appendChild(p);
}
function whose(n) { // "Legal", or the kind for theses and claims without a perspective
  var p = persById[n.perspective];
  return p ? p.name : n.kind;
}
function linkList(parent, heading, ids) {
  if (!ids.length) return;
  parent.appendChild(el("h3", heading + " (" + ids.length + ")"));
  var ul = el("ul", null, "links");
  ids.sort(function (a, b) { return (byId[a].title || a).localeCompare(byId[b].title || b); }).forEach(function (id) {
    var n = byId[id], p = persById[n.perspective], li = el("li");
    li.appendChild(n.kind === "thesis" ? swatch(THESIS_FILL) : swatch(p ? p.colour : "#bbbbbb"));
    var b = el("button", n.title || id);
    b.type = "button";
    b.addEventListener("click", function () { select(id, { from: "details" }); });
    li.appendChild(b);
    li.appendChild(el("span", whose(n), "who"));
    ul.appendChild(li);
  });
  parent.appendChild(ul);
}
function ids(list, end, relation) {
  return list.filter(function (e) { return e.relation === relation; }).map(function (e) { return e[end]; });
}
// A registry value of "not stated" is left out; "not stated (a law firm's blog)" says something.
function sourceLines(s) {
  return [["author", "Author"], ["publisher", "Publisher"], ["date", "Date"]].filter(function (f) { return s[f[0]]; })
    .map(function (f) { return /^not stated/i.test(s[f[0]]) ? f[1] + " " + s[f[0]] : f[1] + ": " + s[f[0]]; });
}
function showDetails(n) {
  detailsBody.textContent = "";
  main.classList.toggle("has-selection", !!n);
  if (!n) { detailsBody.appendChild(el("p", HINT, "hint")); return; }
  var p = persById[n.perspective], h = el("h2", n.title || n.id);
  h.id = "details-title"; h.tabIndex = -1;
  detailsBody.appendChild(h);
  var badges = el("p");
  badges.appendChild(el("span", n.kind, "badge"));
  if (p) {
    var b = el("span", p.name, "badge");
    b.style.background = p.colour; b.style.color = textColour(p.colour);
    badges.appendChild(b);
  }
  detailsBody.appendChild(badges);
  field(detailsBody, "Question", n.question);
  if (n.text) detailsBody.appendChild(el("p", n.text, "text"));
  if (n.quote) {
    var q = el("blockquote"), s = data.sources[n.source] || {};
    q.appendChild(el("p", "\u201c" + n.quote + "\u201d", "quote"));
    var cite = el("cite");
    if (s.url) { // only http(s) addresses reach the data (render/map/records.py); a click is the reader's navigation
      var a = el("a", s.title || n.source);
      a.href = s.url; a.rel = "noopener noreferrer"; a.target = "_blank";
      cite.appendChild(a);
    } else cite.appendChild(el("span", s.title || n.source, "source-title"));
    sourceLines(s).forEach(function (line) { cite.appendChild(el("span", line, "source-field")); });
    // Whether check found the passage in the source's text, now or as the map's quote record says.
    if (n.verification) cite.appendChild(el("span", (n.verified ? "\u2713 " : "? ") + n.verification, "source-field check"));
    q.appendChild(cite);
    detailsBody.appendChild(q);
  }
  field(detailsBody, "Speaker", n.speaker);
  field(detailsBody, "Added by", n.contributor);
  field(detailsBody, "Tags", (n.tags || []).join(", "));
  if (typeof n.strength === "number") field(detailsBody, "Strength (DF-QuAD, 0\u20131)", n.strength.toFixed(2));
  field(detailsBody, "Id", n.id);
  linkList(detailsBody, "Supports", ids(n.out, "to", "supports"));
  linkList(detailsBody, "Opposes", ids(n.out, "to", "opposes"));
  linkList(detailsBody, "Supported by", ids(n.into, "from", "supports"));
  linkList(detailsBody, "Opposed by", ids(n.into, "from", "opposes"));
  n.out.forEach(function (e) { // a premise group's member: one reason with the others
    if (!e.group || !groupsByKey[e.group]) return;
    var others = groupsByKey[e.group].members.filter(function (m) { return m !== n.id; });
    linkList(detailsBody, "Together with (one reason that " + e.relation + " \u201c" + (byId[e.to].title || e.to) + "\u201d)", others);
  });
  data.undercuts.forEach(function (u) {
    var link = "\u201c" + (byId[u.reason].title || u.reason) + "\u201d " + u.relation + " \u201c" + (byId[u.target].title || u.target) + "\u201d";
    if (u.source === n.id) linkList(detailsBody, "Undercuts the link: " + link, [u.reason, u.target]);
    else if (u.reason === n.id || u.target === n.id) linkList(detailsBody, "The link " + link + " is undercut by", [u.source]);
  });
}
on("select", function (ev) {
  var hadFocus = details.contains(document.activeElement);
  showDetails(ev.node);
  details.scrollTop = 0;
  if (ev.node && ev.options.from === "details") document.getElementById("details-title").focus();
  else if (!ev.node && hadFocus) container.focus(); // the panel's content is gone: don't drop focus to <body>
});
document.getElementById("details-close").addEventListener("click", function () { unselect(); container.focus(); });
