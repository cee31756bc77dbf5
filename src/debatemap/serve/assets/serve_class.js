/* debatemap serve --class: the teacher's join screen, on the teacher's own page.
 * A "Join screen" button in the header opens a view meant for the projector: the join address,
 * the code and a QR code of both, large; who has joined (names and how many claims each added);
 * and a switch that pauses writing for every student. Built only once the server says this
 * browser is the teacher's; a student's page never asks for any of it (the server refuses anyway).
 * All text reaches the DOM through textContent; the QR code is an SVG data: address in an <img>. */
(function () {
  "use strict";
  var api = window.debatemap;
  if (!api || !api.live) return;
  var built = false, screen = null, timer = null, parts = {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function call(path, body) {
    var options = { method: body ? "POST" : "GET", credentials: "same-origin", headers: {} };
    if (body) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(path, options).then(function (r) {
      return r.json().then(function (answer) {
        if (!r.ok) throw new Error(((answer.problems || [])[0] || {}).message || "refused");
        return answer;
      });
    });
  }
  function show(picture) {
    parts.address.textContent = picture.join;
    parts.code.textContent = picture.code;
    if (parts.qr.getAttribute("src") !== picture.qr) parts.qr.src = picture.qr;
    parts.pause.checked = picture.paused;
    parts.state.textContent = picture.paused ? "Writing is paused: students can read but not change the map."
      : "Students can add claims.";
    parts.count.textContent = picture.students.length === 1 ? "1 student has joined" : picture.students.length + " students have joined";
    parts.list.textContent = "";
    picture.students.forEach(function (s) {
      var li = el("li");
      li.appendChild(el("span", s.name, "class-name"));
      li.appendChild(el("span", s.claims === 1 ? "1 claim" : s.claims + " claims", "hint"));
      parts.list.appendChild(li);
    });
    parts.error.hidden = true;
  }
  function load() {
    return call("/api/class").then(show, function (err) { parts.error.textContent = err.message; parts.error.hidden = false; });
  }
  function open() {
    screen.hidden = false;
    document.body.classList.add("class-projecting");
    load();
    timer = setInterval(load, 3000); // who has joined changes while it is on the wall
    parts.close.focus();
  }
  function close() {
    screen.hidden = true;
    document.body.classList.remove("class-projecting");
    clearInterval(timer); timer = null;
    opener.focus();
  }
  var opener = null;
  function build() {
    built = true;
    opener = el("button", "Join screen", "class-open");
    opener.type = "button"; opener.id = "class-open";
    opener.addEventListener("click", open);
    document.querySelector("header").appendChild(opener);
    screen = el("section", null, "class-screen");
    screen.id = "class-screen"; screen.hidden = true;
    screen.setAttribute("role", "dialog"); screen.setAttribute("aria-label", "Join screen");
    var join = el("div", null, "class-join");
    var where = el("div", null, "class-where");
    where.appendChild(el("p", "To join, open", "class-lead"));
    parts.address = el("p", "", "class-address"); parts.address.id = "class-address";
    where.appendChild(parts.address);
    join.appendChild(where);
    var words = el("div", null, "class-words");
    words.appendChild(el("p", "and type the code", "class-lead"));
    parts.code = el("p", "", "class-code"); parts.code.id = "class-code";
    words.appendChild(parts.code);
    words.appendChild(el("p", "or scan the square with a phone's camera.", "class-lead"));
    join.appendChild(words);
    parts.qr = el("img", null, "class-qr"); parts.qr.id = "class-qr";
    parts.qr.alt = "QR code of the join address with the code";
    join.appendChild(parts.qr);
    screen.appendChild(join);
    var side = el("div", null, "class-side");
    var switchLabel = el("label", null, "class-switch");
    parts.pause = el("input"); parts.pause.type = "checkbox"; parts.pause.id = "class-pause";
    parts.pause.setAttribute("role", "switch");
    switchLabel.appendChild(parts.pause);
    switchLabel.appendChild(el("span", "Pause writing for everyone"));
    side.appendChild(switchLabel);
    parts.state = el("p", "", "hint");
    side.appendChild(parts.state);
    parts.pause.addEventListener("change", function () {
      var wanted = parts.pause.checked;
      call("/api/class/pause", { paused: wanted }).then(load, function (err) {
        parts.pause.checked = !wanted; parts.error.textContent = err.message; parts.error.hidden = false;
      });
    });
    parts.count = el("h2", "", "class-count"); parts.count.id = "class-count";
    side.appendChild(parts.count);
    parts.list = el("ul", null, "class-students"); parts.list.id = "class-students";
    side.appendChild(parts.list);
    parts.error = el("p", "", "serve-error"); parts.error.hidden = true;
    side.appendChild(parts.error);
    parts.close = el("button", "Back to the map", "class-close");
    parts.close.type = "button";
    parts.close.addEventListener("click", close);
    side.appendChild(parts.close);
    screen.appendChild(side);
    screen.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { ev.stopPropagation(); close(); } });
    document.body.appendChild(screen);
  }
  document.addEventListener("debatemap:session", function (ev) { if (ev.detail.teacher && !built) build(); });
  document.addEventListener("debatemap:class", function () { if (screen && !screen.hidden) load(); });
})();
