/* debatemap interactive map, part 5 of 6: search, keyboard, header buttons, print. */

/* ---- search ------------------------------------------------------------------- */
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
    li.appendChild(el("span", whose(byId[id]) + " \u00b7 " + id, "id"));
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
  } else if (ev.key === "Escape" && matches.length) {
    matches = []; showResults(); ev.stopPropagation(); // the first Escape closes the list only
  }
});
search.addEventListener("blur", function () { matches = []; showResults(); });

/* ---- the map's keys: one tab stop that pans and zooms ---------------------------- */
function pan(dx, dy) {
  var at = network.getViewPosition(), scale = network.getScale();
  network.moveTo({ position: { x: at.x + dx / scale, y: at.y + dy / scale }, scale: scale, animation: false });
}
function zoom(factor) {
  network.moveTo({ position: network.getViewPosition(), scale: Math.min(4, Math.max(0.02, network.getScale() * factor)),
                   animation: false });
}
container.addEventListener("keydown", function (ev) {
  if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
  var step = ev.shiftKey ? 300 : 80, done = true;
  switch (ev.key) {
    case "ArrowLeft": pan(-step, 0); break;
    case "ArrowRight": pan(step, 0); break;
    case "ArrowUp": pan(0, -step); break;
    case "ArrowDown": pan(0, step); break;
    case "+": case "=": zoom(1.25); break;
    case "-": case "_": zoom(0.8); break;
    case "0": fitWhole(); break;
    case "Enter": if (state.selected) document.getElementById("details-title").focus(); else done = false; break;
    default: done = false;
  }
  if (done) ev.preventDefault();
});
document.addEventListener("keydown", function (ev) {
  if (ev.key !== "Escape" || ev.defaultPrevented) return;
  if (controls.classList.contains("open")) { toggleControls(false); toggle.focus(); }
  else if (state.selected) unselect();
});

/* ---- header: legend & filters toggle, reset, fit ----------------------------------- */
var controls = document.getElementById("controls"), toggle = document.getElementById("controls-toggle");
function toggleControls(open) {
  controls.classList.toggle("open", open);
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
}
toggle.addEventListener("click", function () {
  var open = !controls.classList.contains("open");
  toggleControls(open);
  if (open) document.getElementById("controls-close").focus(); // into the overlay it opened
});
document.getElementById("controls-close").addEventListener("click", function () { toggleControls(false); toggle.focus(); });
document.getElementById("reset").addEventListener("click", function () {
  search.value = ""; matches = []; showResults();
  focusBox.checked = false; state.focus = false; hopsBox.value = "1"; state.hops = 1;
  resetFilters(); unselect(); restoreLayout(); defaultView();
});
document.getElementById("fit").addEventListener("click", fitWhole);
function headerHeight() { // lets the stylesheet give the map the rest of the first screen
  document.documentElement.style.setProperty("--header", document.querySelector("header").offsetHeight + "px");
}
headerHeight();
window.addEventListener("resize", headerHeight);

/* ---- print: the outline is the map on paper --------------------------------------- */
var outlineBox = document.getElementById("outline-box"), wasOpen = false;
window.addEventListener("beforeprint", function () { wasOpen = outlineBox.open; outlineBox.open = true; });
window.addEventListener("afterprint", function () { outlineBox.open = wasOpen; });

// The outline comes after this script in the page, so that the map is drawn before the browser
// has parsed it; its links are handled here, delegated from the document.
document.addEventListener("click", function (ev) {
  var a = ev.target.closest ? ev.target.closest("#outline a[href^=\"#node=\"]") : null;
  if (!a) return;
  ev.preventDefault();
  select(decodeURIComponent(a.getAttribute("href").slice(6)));
  container.scrollIntoView();
  container.focus();
});
window.addEventListener("hashchange", fromHash);
fromHash();
