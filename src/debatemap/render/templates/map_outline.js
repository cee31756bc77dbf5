/* debatemap interactive map, part 5 of 5: the outline, made again from the data after refresh().
 * The page ships the outline as HTML made in Python (map_html.outline_html); this makes the same
 * lists with the DOM, for a page whose data was replaced while it was open. */
var OUTLINE_DEPTH = 40; // as map_html.OUTLINE_DEPTH: deeper chains are listed flat
function outlineLink(id) {
  var a = el("a", byId[id].title || id);
  a.href = "#node=" + id;
  return a;
}
function outlineItem(n, parentId) {
  var li = el("li"), relation = Object.create(null);
  n.out.forEach(function (e) { relation[e.to] = e.relation; });
  if (parentId !== null) {
    li.appendChild(el("b", relation[parentId] + ":", "rel-" + relation[parentId]));
    li.appendChild(document.createTextNode(" "));
  }
  li.appendChild(outlineLink(n.id));
  var p = persById[n.perspective], meta = null;
  if (n.kind === "thesis") meta = "(thesis" + (n.question ? ": " + n.question : "") + ")";
  else if (n.perspective) meta = "(" + (n.kind === "definition" ? "definition, " : "") + (p ? p.name : n.perspective) + ")";
  if (meta !== null) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", meta, "meta")); }
  Object.keys(relation).sort().forEach(function (target) {
    if (target === parentId) return;
    var also = el("span", "also " + relation[target] + ": ", "also");
    also.appendChild(outlineLink(target));
    li.appendChild(el("br"));
    li.appendChild(also);
  });
  return li;
}
function rebuildOutline() {
  var parent = Object.create(null), children = Object.create(null), nav = document.getElementById("outline");
  data.nodes.forEach(function (n) { children[n.id] = []; });
  data.edges.forEach(function (e) { if (e.tree) { parent[e.from] = e.to; children[e.to].push(e); } });
  Object.keys(children).forEach(function (id) { // supporters first, each group by id, as the layout orders them
    children[id] = children[id].sort(function (a, b) {
      return (a.relation === b.relation ? 0 : a.relation === "supports" ? -1 : 1) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);
    }).map(function (e) { return e.from; });
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
