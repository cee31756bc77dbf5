/* debatemap interactive map: builds the vis-network view, legend, filters, search,
 * focus mode, details panel and deep links from the JSON data block.
 * All YAML text reaches the DOM through textContent (never innerHTML); vis-network
 * draws labels on the canvas and shows string tooltips as plain text. */
(function () {
  "use strict";
  performance.mark("debatemap:start");
  var data = JSON.parse(document.getElementById("debatemap-data").textContent);
  var style = data.style;
  var READABLE = 0.75; // smallest zoom at which 14px labels stay legible
  var SUPPORT = "#1b6e34", OPPOSE = "#b2182b", THESIS_FILL = "#263238";
  var byId = Object.create(null), persById = Object.create(null);
  var adjacency = Object.create(null), haystack = [];
  var state = { selected: null, focus: false, hops: 1, persp: {}, kind: {}, relation: {} };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function textColour(hex) { // dark text on light fills, white on dark ones
    var r = parseInt(hex.substr(1, 2), 16), g = parseInt(hex.substr(3, 2), 16), b = parseInt(hex.substr(5, 2), 16);
    return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? "#111111" : "#ffffff";
  }
  function shorten(text, max) { return text.length > max ? text.slice(0, max - 1) + "\u2026" : text; }
  // Labels are wrapped here, by characters, rather than by vis-network's widthConstraint.maximum:
  // vis measures every growing prefix of every label on the canvas, which took ~4 s at 10,000 nodes.
  function wrap(text, perLine) {
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      while (word.length > perLine) { // a very long word (a URL, a number run) is cut
        if (line) { lines.push(line); line = ""; }
        lines.push(word.slice(0, perLine - 1) + "-"); word = word.slice(perLine - 1);
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= perLine) line += " " + word;
      else { lines.push(line); line = word; }
    });
    if (line) lines.push(line);
    return lines.join("\n");
  }

  data.perspectives.forEach(function (p) { persById[p.id] = p; state.persp[p.id] = true; });
  ["thesis", "argument", "definition"].forEach(function (k) { state.kind[k] = true; });
  ["supports", "opposes"].forEach(function (r) { state.relation[r] = true; });
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    n.out = []; n.into = []; adjacency[n.id] = [];
    haystack.push([n.id, (n.title || "").toLowerCase(), (n.id + " " + (n.text || "")).toLowerCase()]);
  });
  data.edges.forEach(function (e) {
    byId[e.from].out.push(e); byId[e.to].into.push(e);
    adjacency[e.from].push(e.to); adjacency[e.to].push(e.from);
  });

  function visNode(n) {
    var thesis = n.kind === "thesis", definition = n.kind === "definition";
    var p = persById[n.perspective];
    var fill = thesis ? THESIS_FILL : (p ? p.colour : "#bbbbbb");
    var width = thesis ? style.thesisWidth : style.argumentWidth;
    var node = {
      id: n.id, x: n.x, y: n.y, label: wrap(shorten(n.title || n.id, thesis ? 110 : definition ? 51 : 80),
                                            thesis ? 21 : definition ? 17 : 22),
      title: (n.title || n.id) + (p ? " \u2014 " + p.name : thesis ? " \u2014 thesis" : ""),
      shape: definition ? "ellipse" : "box",
      color: { background: fill, border: thesis ? "#000000" : "#333333",
               highlight: { background: fill, border: "#000000" } },
      font: { color: textColour(fill), size: thesis ? 20 : definition ? 13 : 14, face: "system-ui, DejaVu Sans, sans-serif",
              bold: thesis ? { color: textColour(fill) } : undefined },
      borderWidth: thesis ? 3 : 1, borderWidthSelected: thesis ? 6 : 4,
      widthConstraint: { minimum: definition ? 110 : width }, // an ellipse is ~1.6x its text

      shapeProperties: { borderRadius: thesis ? 0 : 8 }
    };
    if (style.strength && typeof n.strength === "number" && !thesis && !definition) {
      node.heightConstraint = { minimum: Math.round(30 + 70 * n.strength), valign: "middle" };
    }
    return node;
  }
  function visEdge(e) {
    var supports = e.relation === "supports";
    return {
      id: e.from + ">" + e.to, from: e.from, to: e.to,
      color: { color: supports ? SUPPORT : OPPOSE, highlight: supports ? SUPPORT : OPPOSE,
               opacity: e.tree ? 1 : style.large ? 0.3 : 0.45 }, // cross-links recede
      dashes: supports ? false : [9, 6], width: e.tree ? 2 : 1,
      arrows: { to: { enabled: true, type: supports ? "arrow" : "bar", scaleFactor: supports ? 0.8 : 1.1 } },
      title: (byId[e.from].title || e.from) + " \u2014 " + e.relation + " \u2192 " + (byId[e.to].title || e.to)
    };
  }

  performance.mark("debatemap:parsed");
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 1 },
    physics: { enabled: false, solver: "forceAtlas2Based", stabilization: false },
    nodes: { shadow: false, margin: 8 },
    edges: { smooth: false, shadow: false, selectionWidth: 1.5, hoverWidth: 0 },
    interaction: { hover: false, tooltipDelay: 250, hideEdgesOnDrag: style.large, hideEdgesOnZoom: style.large,
                   keyboard: { enabled: true, bindToWindow: false }, multiselect: false }
  });

  performance.mark("debatemap:network");
  /* ---- view ---------------------------------------------------------------- */
  function defaultView() {
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    data.nodes.forEach(function (n) {
      minX = Math.min(minX, n.x - 150); maxX = Math.max(maxX, n.x + 150);
      minY = Math.min(minY, n.y - 80); maxY = Math.max(maxY, n.y + 80);
    });
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    if (!data.nodes.length) return;
    var fit = Math.min(w / (maxX - minX), h / (maxY - minY), 1.2);
    if (fit >= READABLE) {
      network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale: fit, animation: false });
    } else { // too big to read whole: start at the first thesis, its tree below it
      var first = byId[data.roots[0]];
      network.moveTo({ position: { x: first.x, y: first.y - 90 + h / 2 / READABLE }, scale: READABLE, animation: false });
    }
  }
  defaultView();

  /* ---- visibility: filters and focus ---------------------------------------- */
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
  var hiddenNow = Object.create(null), edgeHiddenNow = Object.create(null);
  function applyVisibility() {
    var near = state.focus && state.selected ? neighbourhood(state.selected, state.hops) : null;
    var nodeChanges = [], edgeChanges = [], hidden = Object.create(null);
    data.nodes.forEach(function (n) {
      var hide = !state.kind[n.kind] || (n.perspective && state.persp[n.perspective] === false) ||
                 (near !== null && !near[n.id]);
      hidden[n.id] = hide;
      if (!!hiddenNow[n.id] !== hide) { hiddenNow[n.id] = hide; nodeChanges.push({ id: n.id, hidden: hide }); }
    });
    data.edges.forEach(function (e) {
      var hide = !state.relation[e.relation] || hidden[e.from] || hidden[e.to], id = e.from + ">" + e.to;
      if (!!edgeHiddenNow[id] !== hide) { edgeHiddenNow[id] = hide; edgeChanges.push({ id: id, hidden: hide }); }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
  }

  function checkbox(fieldset, label, count, checked, onChange, swatch) {
    var row = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); applyVisibility(); });
    row.appendChild(box);
    if (swatch) row.appendChild(swatch);
    row.appendChild(el("span", label));
    row.appendChild(el("span", count, "count"));
    document.getElementById(fieldset).appendChild(row);
    return box;
  }
  function edgeSwatch(relation) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 34 12"); svg.setAttribute("class", "edge-swatch"); svg.setAttribute("aria-hidden", "true");
    var line = document.createElementNS(ns, "line"), colour = relation === "supports" ? SUPPORT : OPPOSE;
    line.setAttribute("x1", "1"); line.setAttribute("y1", "6"); line.setAttribute("x2", "27"); line.setAttribute("y2", "6");
    line.setAttribute("stroke", colour); line.setAttribute("stroke-width", "2");
    if (relation === "opposes") line.setAttribute("stroke-dasharray", "5 3");
    var head = document.createElementNS(ns, relation === "supports" ? "polygon" : "rect");
    if (relation === "supports") head.setAttribute("points", "26,1 33,6 26,11");
    else { head.setAttribute("x", "29"); head.setAttribute("y", "0"); head.setAttribute("width", "3"); head.setAttribute("height", "12"); }
    head.setAttribute("fill", colour);
    svg.appendChild(line); svg.appendChild(head);
    return svg;
  }
  var boxes = [];
  data.perspectives.forEach(function (p) {
    var sw = el("span", null, "swatch");
    sw.style.background = p.colour; // CSSOM, allowed by the CSP; colour validated in Python
    sw.title = p.description;
    boxes.push(checkbox("filter-perspective", p.name, p.count, true, function (on) { state.persp[p.id] = on; }, sw));
  });
  ["thesis", "argument", "definition"].forEach(function (k) {
    var count = data.nodes.filter(function (n) { return n.kind === k; }).length;
    boxes.push(checkbox("filter-kind", k, count, true, function (on) { state.kind[k] = on; }, el("span", null, "swatch " + k)));
  });
  ["supports", "opposes"].forEach(function (r) {
    var count = data.edges.filter(function (e) { return e.relation === r; }).length;
    boxes.push(checkbox("filter-relation", r, count, true, function (on) { state.relation[r] = on; }, edgeSwatch(r)));
  });
  var focusBox = document.getElementById("focus"), hopsBox = document.getElementById("hops");
  focusBox.addEventListener("change", function () { state.focus = focusBox.checked; applyVisibility(); });
  hopsBox.addEventListener("input", function () {
    var n = parseInt(hopsBox.value, 10);
    if (n >= 1 && n <= 9) { state.hops = n; applyVisibility(); }
  });
  if (style.physics) {
    document.getElementById("physics-box").hidden = false;
    var physicsBox = document.getElementById("physics");
    physicsBox.addEventListener("change", function () { network.setOptions({ physics: { enabled: physicsBox.checked } }); });
  }

  /* ---- details panel ------------------------------------------------------- */
  var details = document.getElementById("details");
  function field(parent, label, value) {
    if (!value) return;
    var p = el("p");
    p.appendChild(el("strong", label + ": "));
    p.appendChild(document.createTextNode(value));
    parent.appendChild(p);
  }
  function linkList(parent, heading, ids) {
    if (!ids.length) return;
    parent.appendChild(el("h3", heading + " (" + ids.length + ")"));
    var ul = el("ul");
    ids.sort().forEach(function (id) {
      var li = el("li"), b = el("button", byId[id].title || id);
      b.type = "button";
      b.addEventListener("click", function () { select(id); });
      li.appendChild(b); ul.appendChild(li);
    });
    parent.appendChild(ul);
  }
  function ids(list, end, relation) {
    return list.filter(function (e) { return e.relation === relation; }).map(function (e) { return e[end]; });
  }
  function showDetails(n) {
    details.textContent = "";
    if (!n) { details.appendChild(el("p", "Click a box, search, or pick a claim in the outline to see it here.", "hint")); return; }
    var p = persById[n.perspective];
    details.appendChild(el("h2", n.title || n.id));
    var badges = el("p");
    badges.appendChild(el("span", n.kind, "badge"));
    if (p) {
      var b = el("span", p.name, "badge");
      b.style.background = p.colour; b.style.color = textColour(p.colour);
      badges.appendChild(b);
    }
    details.appendChild(badges);
    field(details, "Question", n.question);
    if (n.text) details.appendChild(el("p", n.text, "text"));
    if (n.quote) {
      var q = el("blockquote"), s = data.sources[n.source] || {};
      q.appendChild(el("p", "\u201c" + n.quote + "\u201d", "quote"));
      var cite = [s.title || n.source, s.author && "by " + s.author, s.publisher, s.date].filter(Boolean).join(" \u2014 ");
      q.appendChild(el("cite", cite));
      details.appendChild(q);
    }
    field(details, "Speaker", n.speaker);
    field(details, "Added by", n.contributor);
    field(details, "Tags", (n.tags || []).join(", "));
    if (typeof n.strength === "number") field(details, "Strength (DF-QuAD, 0\u20131)", n.strength.toFixed(2));
    field(details, "Id", n.id);
    linkList(details, "Supports", ids(n.out, "to", "supports"));
    linkList(details, "Opposes", ids(n.out, "to", "opposes"));
    linkList(details, "Supported by", ids(n.into, "from", "supports"));
    linkList(details, "Opposed by", ids(n.into, "from", "opposes"));
  }

  /* ---- selection and deep links -------------------------------------------- */
  function setHash(id) {
    try { history.replaceState(null, "", id ? "#node=" + encodeURIComponent(id) : location.pathname + location.search); }
    catch (err) { /* some file:// setups refuse replaceState; the link still works */ }
  }
  function select(id, options) {
    var n = byId[id];
    if (!n) return false;
    options = options || {};
    if (hiddenNow[id] && !state.focus) resetFilters();
    state.selected = id;
    if (state.focus) applyVisibility();
    network.selectNodes([id]);
    if (options.centre !== false) {
      network.focus(id, { scale: Math.max(network.getScale(), READABLE), animation: false });
    }
    showDetails(n);
    setHash(id);
    return true;
  }
  function unselect() {
    state.selected = null;
    network.unselectAll();
    showDetails(null);
    setHash(null);
    if (state.focus) applyVisibility();
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0], { centre: false });
    else if (!params.edges.length) unselect();
  });
  function fromHash() {
    var m = /^#node=(.+)$/.exec(location.hash);
    if (m) select(decodeURIComponent(m[1]));
  }
  window.addEventListener("hashchange", fromHash);
  // Delegated from the document: the outline comes after this script in the page, so that
  // the map is drawn before the browser has parsed the (long) outline.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("#outline a[href^=\"#node=\"]") : null;
    if (!a) return;
    ev.preventDefault();
    select(decodeURIComponent(a.getAttribute("href").slice(6)));
    container.scrollIntoView();
    container.focus();
  });

  /* ---- search -------------------------------------------------------------- */
  var search = document.getElementById("search"), results = document.getElementById("search-results");
  var matches = [], active = 0;
  function find(query) {
    var q = query.trim().toLowerCase(), inTitle = [], inText = [];
    if (!q) return [];
    for (var i = 0; i < haystack.length && inTitle.length < 30; i++) {
      if (haystack[i][1].indexOf(q) >= 0) inTitle.push(haystack[i][0]);
      else if (inText.length < 30 && haystack[i][2].indexOf(q) >= 0) inText.push(haystack[i][0]);
    }
    return inTitle.concat(inText).slice(0, 30);
  }
  function showResults() {
    results.textContent = "";
    matches.forEach(function (id, i) {
      var li = el("li", byId[id].title || id);
      li.id = "search-result-" + i; li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.appendChild(el("span", id, "id"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      results.appendChild(li);
    });
    results.hidden = !matches.length;
    search.setAttribute("aria-expanded", matches.length ? "true" : "false");
    if (matches.length) search.setAttribute("aria-activedescendant", "search-result-" + active);
    else search.removeAttribute("aria-activedescendant");
  }
  function choose(i) {
    if (!matches[i]) return;
    select(matches[i]);
    matches = []; showResults();
  }
  search.addEventListener("input", function () { matches = find(search.value); active = 0; showResults(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!matches.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      showResults(); ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (!matches.length) matches = find(search.value);
      choose(active); ev.preventDefault();
    } else if (ev.key === "Escape") {
      matches = []; showResults();
    }
  });
  search.addEventListener("blur", function () { matches = []; showResults(); });

  /* ---- reset, print, the public handle -------------------------------------- */
  function resetFilters() {
    boxes.forEach(function (b) { b.checked = true; });
    Object.keys(state.persp).forEach(function (k) { state.persp[k] = true; });
    Object.keys(state.kind).forEach(function (k) { state.kind[k] = true; });
    Object.keys(state.relation).forEach(function (k) { state.relation[k] = true; });
    applyVisibility();
  }
  document.getElementById("reset").addEventListener("click", function () {
    search.value = ""; matches = []; showResults();
    focusBox.checked = false; state.focus = false;
    resetFilters(); unselect(); defaultView();
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  var wasOpen = false;
  window.addEventListener("beforeprint", function () {
    var box = document.getElementById("outline-box"); wasOpen = box.open; box.open = true;
  });
  window.addEventListener("afterprint", function () { document.getElementById("outline-box").open = wasOpen; });

  var api = window.debatemap = {
    network: network, nodes: nodes, edges: edges, data: data, select: select,
    drawn: false, firstDrawMs: null
  };

  /* ---- live data (debatemap serve) ------------------------------------------
   * Put a newer version of the map in place without reloading: the DataSets are
   * updated in place (only what changed), so each reader keeps zoom, position,
   * filters and selection. A built map never calls this. */
  var drawnNodes = Object.create(null), drawnEdges = Object.create(null);
  function remember(store, item) { store[item.id] = JSON.stringify(item); }
  function sync(dataSet, drawn, items) {
    var seen = Object.create(null), changed = [], gone = [];
    items.forEach(function (item) {
      seen[item.id] = true;
      var text = JSON.stringify(item);
      if (drawn[item.id] !== text) { drawn[item.id] = text; changed.push(item); }
    });
    Object.keys(drawn).forEach(function (id) { if (!seen[id]) { gone.push(id); delete drawn[id]; } });
    if (gone.length) dataSet.remove(gone);
    if (changed.length) dataSet.update(changed);
  }
  var primed = false; // what is drawn, remembered on the first update (a built map never pays for it)
  api.replaceData = function (next) {
    if (!primed) {
      data.nodes.forEach(function (n) { remember(drawnNodes, visNode(n)); });
      data.edges.forEach(function (e) { remember(drawnEdges, visEdge(e)); });
      primed = true;
    }
    ["perspectives", "sources", "nodes", "edges", "roots"].forEach(function (k) { data[k] = next[k]; });
    [byId, persById, adjacency, hiddenNow, edgeHiddenNow].forEach(function (o) {
      Object.keys(o).forEach(function (k) { delete o[k]; });
    });
    haystack.length = 0;
    data.perspectives.forEach(function (p) { persById[p.id] = p; if (!(p.id in state.persp)) state.persp[p.id] = true; });
    data.nodes.forEach(function (n) {
      byId[n.id] = n; n.out = []; n.into = []; adjacency[n.id] = [];
      haystack.push([n.id, (n.title || "").toLowerCase(), (n.id + " " + (n.text || "")).toLowerCase()]);
    });
    data.edges.forEach(function (e) {
      byId[e.from].out.push(e); byId[e.to].into.push(e);
      adjacency[e.from].push(e.to); adjacency[e.to].push(e.from);
    });
    sync(nodes, drawnNodes, data.nodes.map(visNode));
    sync(edges, drawnEdges, data.edges.map(visEdge));
    nodes.forEach(function (n) { if (n.hidden) hiddenNow[n.id] = true; });
    edges.forEach(function (e) { if (e.hidden) edgeHiddenNow[e.id] = true; });
    applyVisibility();
    var summary = document.querySelector("header .summary");
    if (summary) summary.textContent = data.nodes.length + " claims, " + data.edges.length + " links";
    if (state.selected && byId[state.selected]) {
      network.selectNodes([state.selected]);
      showDetails(byId[state.selected]);
    } else if (state.selected) {
      unselect();
    }
  };
  api.selected = function () { return state.selected; };
  network.once("afterDrawing", function () {
    api.drawn = true;
    api.firstDrawMs = performance.now(); // ms since navigation started
    document.dispatchEvent(new CustomEvent("debatemap:drawn"));
  });
  fromHash();
})();
