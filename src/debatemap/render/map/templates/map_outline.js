/* debatemap interactive map, part 6 of 6: the outline, made again from the data after refresh().
 * The page ships the outline as HTML made in Python (render/map/outline.py); this makes the same
 * lists with the DOM, for a page whose data was replaced while it was open. */
var OUTLINE_DEPTH = 40; // as outline.py's OUTLINE_DEPTH: deeper chains are listed flat
function outlineLink(id) {
  var a = el("a", byId[id].title || id);
  a.href = "#node=" + id;
  return a;
}
function outlineItem(n, parentId) {
  var li = el("li"), relation = Object.create(null);
  n.out.forEach(function (e) { relation[e.to] = e.relation; });
  var groupOf = Object.create(null);
  n.out.forEach(function (e) { if (e.group) groupOf[e.to] = e.group; });
  function together(target) { // " (together with ...)" for a premise group's member
    var g = groupOf[target] && groupsByKey[groupOf[target]];
    if (!g) return "";
    return " (together with " + g.members.filter(function (m) { return m !== n.id; })
      .map(function (m) { return byId[m].title || m; }).join("; ") + ")";
  }
  if (parentId !== null && relation[parentId]) {
    li.appendChild(el("b", relation[parentId] + together(parentId) + ":", "rel-" + relation[parentId]));
    li.appendChild(document.createTextNode(" "));
  }
  li.appendChild(outlineLink(n.id));
  var p = persById[n.perspective], meta = null;
  if (n.kind === "thesis") meta = "(thesis" + (n.question ? ": " + n.question : "") + ")";
  else if (n.perspective) meta = "(" + (n.kind === "definition" ? "definition, " : "") + (p ? p.name : n.perspective) + ")";
  if (meta !== null) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", meta, "meta")); }
  Object.keys(relation).sort().forEach(function (target) {
    if (target === parentId) return;
    var also = el("span", "also " + relation[target] + together(target) + ": ", "also");
    also.appendChild(outlineLink(target));
    li.appendChild(el("br"));
    li.appendChild(also);
  });
  data.undercuts.forEach(function (u) {
    if (u.source !== n.id) return;
    var cut = el("span", "undercuts the link: ", "also");
    cut.appendChild(outlineLink(u.reason));
    cut.appendChild(document.createTextNode(" " + u.relation + " "));
    cut.appendChild(outlineLink(u.target));
    li.appendChild(el("br"));
    li.appendChild(cut);
  });
  return li;
}
function rebuildOutline() {
  var parent = Object.create(null), children = Object.create(null), nav = document.getElementById("outline");
  data.nodes.forEach(function (n) { children[n.id] = []; });
  data.edges.forEach(function (e) { if (e.tree) { parent[e.from] = e.to; children[e.to].push(e); } });
  Object.keys(children).forEach(function (id) { // supporters first, each group by id, as the layout orders them
    children[id] = children[id].sort(function (a, b) { // as the layout: a premise group's members together
      var ka = a.group || a.from, kb = b.group || b.from;
      return (a.relation === b.relation ? 0 : a.relation === "supports" ? -1 : 1) || (ka < kb ? -1 : ka > kb ? 1 : 0) ||
             (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);
    }).map(function (e) { return e.from; });
  });
  data.undercuts.forEach(function (u) { // an undercutter drawn beside the reason is listed after it (or its group)
    if (!u.beside || !children[u.target]) return;
    var list = children[u.target], at = list.indexOf(u.reason);
    if (at < 0) return;
    var g = u.group && groupsByKey[u.group];
    if (g) g.members.forEach(function (m) { at = Math.max(at, list.indexOf(m)); });
    list.splice(at + 1, 0, u.source);
  });
  nav.textContent = "";
  if (!data.roots.length) return;
  var top = el("ul"), stack = data.roots.slice().reverse().map(function (r) { return [r, 0, top]; });
  nav.appendChild(top);
  while (stack.length) {
    var entry = stack.pop(), id = entry[0], depth = entry[1], list = entry[2];
    var li = outlineItem(byId[id], id in parent ? parent[id] : null), kids = children[id];
    list.appendChild(li);
    var into = list, next = depth;
    if (kids.length && depth < OUTLINE_DEPTH) { into = el("ul"); li.appendChild(into); next = depth + 1; }
    for (var k = kids.length - 1; k >= 0; k--) stack.push([kids[k], next, into]);
  }
}
on("refresh", rebuildOutline);
