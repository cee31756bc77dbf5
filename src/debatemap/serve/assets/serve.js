/* debatemap serve: live updates and editing on top of the map page (map_*.js).
 * Runs only in the page that `debatemap serve` sends. Every change goes to the server, which
 * writes it through the same checked, locked, atomic editing layer as the command line;
 * a refused change comes back as problems, shown next to the field they concern.
 * All text reaches the DOM through textContent. If the server stops, the map goes on working
 * as the plain offline map and the editing buttons are switched off. */
(function () {
  "use strict";
  var api = window.debatemap;
  var settingsBlock = document.getElementById("debatemap-serve");
  if (!api || !api.refresh || !settingsBlock) return;
  var settings = JSON.parse(settingsBlock.textContent);
  var version = settings.version, online = true, myName = null, waiting = [];
  var editable = !settings.readOnly;
  // Who this browser is. A student (class mode, joined with the code) sees only the actions
  // it may take: Edit, Rename, Link and Remove on the claims it added (the server says which
  // ids those are, never anyone else's), no new perspectives or sources, nothing while paused.
  var me = { teacher: !settings.classroom, mine: Object.create(null), paused: false, loaded: false };
  function mayChange(id) { return me.teacher || !!me.mine[id]; }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function button(text, onClick, cls) {
    var b = el("button", text, cls);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function problem(message, hint, field) {
    return { path: "<page>", line: 1, column: 1, severity: "error", code: settings.refusedCode, message: message, hint: hint || null, field: field || null };
  }
  function where(p) {
    return p.path && p.path.charAt(0) !== "<" ? p.path + ":" + p.line + ":" + p.column + ": " : "";
  }
  function describe(p) { return where(p) + (p.code ? p.code + " " : "") + p.message + (p.hint ? " (hint: " + p.hint + ")" : ""); }

  /* ---- talking to the server ---------------------------------------------------- */
  function request(path, body) {
    var options = { method: body === undefined ? "GET" : "POST", credentials: "same-origin", headers: {} };
    if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) return answer;
        throw answer.problems || [problem("the server refused (" + response.status + ")")];
      });
    }, function () {
      throw [problem("the server cannot be reached", "is debatemap serve still running?")];
    });
  }
  function untilVersion(wanted) { // the change is in this page before the promise resolves
    if (version >= wanted) return Promise.resolve();
    return new Promise(function (resolve) {
      waiting.push({ version: wanted, resolve: resolve });
      setTimeout(resolve, 3000); // the event stream is down: resolve anyway; the next event catches up
    });
  }
  function operation(name, body) {
    if (!editable) return Promise.reject([problem("this map is served read-only")]);
    return request("/api/edit/" + name, body).then(function (answer) {
      return untilVersion(answer.version).then(function () { return answer.result; });
    });
  }
  function linkBody(source, relation, target, options) {
    var body = { source: source, relation: relation, target: target };
    if (options && options.with !== undefined) { body.with = options.with; }
    if (options && options.from !== undefined) { body.from = options.from; }
    return body;
  }
  function own(id) { // the answer can come after the event that drew the claim: redraw its buttons then
    me.mine[id] = true;
    if (id === selected) refreshToolbar();
    return id;
  }
  api.edit = {
    add: function (fields) { return operation("add", { fields: fields || {} }).then(own); },
    update: function (id, fields) { return operation("update", { id: id, fields: fields || {} }); },
    rename: function (old, fresh) {
      return operation("rename", { old: old, new: fresh }).then(function (id) {
        if (me.mine[old]) { delete me.mine[old]; own(id); }
        if (selected === old) selected = id;
        return id;
      });
    },
    // options: {with: [ids]} for a premise group; {from: id} with relation "undercuts" for an undercut
    link: function (source, relation, target, options) { return operation("link", linkBody(source, relation, target, options)); },
    unlink: function (source, relation, target, options) { return operation("unlink", linkBody(source, relation, target, options)); },
    remove: function (id, options) {
      return operation("remove", { id: id, unlink: !!(options && options.unlink) }).then(function (done) { delete me.mine[id]; return done; });
    },
    addSource: function (id, fields) { return operation("addSource", { id: id, fields: fields || {} }); },
    addPerspective: function (id, fields) { return operation("addPerspective", { id: id, fields: fields || {} }); },
    // A document (PDF, web page, .docx, .md, .txt) whose text the server extracts into sources/ID.txt;
    // resolves to the server's answer: {result: id, report: [lines], warnings: [...], fields: {...}}.
    uploadSource: function (id, file, fields) { return upload(id, file, fields || {}); }
  };
  var UPLOAD_MAX = 20 * 1024 * 1024; // UPLOAD_MAX in serve/upload.py: the server refuses more
  function upload(id, file, fields) {
    if (!editable) return Promise.reject([problem("this map is served read-only")]);
    if (file.size > UPLOAD_MAX) return Promise.reject([problem("the file is over the limit of 20 MiB", "save only the part you quote", "file")]);
    var form = new FormData();
    form.append("id", id);
    Object.keys(fields).forEach(function (k) { form.append(k, fields[k]); });
    form.append("file", file, file.name);
    return fetch("/api/upload-source", { method: "POST", credentials: "same-origin", body: form }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) throw answer.problems || [problem("the server refused (" + response.status + ")")];
        return untilVersion(answer.version).then(function () { return answer; });
      });
    }, function () { throw [problem("the server cannot be reached", "is debatemap serve still running?")]; });
  }

  /* ---- status and the map's problems --------------------------------------------- */
  var header = document.querySelector("header");
  var status = el("p", "", "serve-status");
  status.id = "serve-status"; status.setAttribute("role", "status");
  header.appendChild(status);
  var who = el("span", "", "serve-who");
  header.appendChild(who);
  var problemsBox = el("section", null, "serve-problems");
  problemsBox.id = "serve-problems"; problemsBox.setAttribute("role", "alert"); problemsBox.hidden = true;
  header.parentNode.insertBefore(problemsBox, header.nextSibling);

  function setStatus() {
    status.textContent = !online ? "Offline: the map still works; editing is off until the server is back."
      : settings.readOnly ? "Live (read-only)" : me.paused && !me.teacher ? "Live: the teacher has paused writing"
      : "Live: changes appear as they are saved";
    status.className = "serve-status " + (online ? "online" : "offline");
    who.textContent = myName ? "You: " + myName : "";
    document.body.classList.toggle("serve-offline", !online);
  }
  function showMapProblems(list) {
    problemsBox.textContent = "";
    problemsBox.hidden = !list.length;
    if (!list.length) return;
    problemsBox.appendChild(el("h2", "The map's files have " + list.length + " problem" + (list.length === 1 ? "" : "s") +
      "; the map below is the last version without them. Fix the file and save it:"));
    var ul = el("ul");
    list.slice(0, 20).forEach(function (p) { ul.appendChild(el("li", describe(p))); });
    problemsBox.appendChild(ul);
  }

  function patched(delta) { // the whole map again, from the page's own and what changed
    var nodes = Object.create(null);
    api.data.nodes.forEach(function (n) { nodes[n.id] = n; });
    delta.removed.forEach(function (id) { delete nodes[id]; });
    delta.nodes.forEach(function (n) { nodes[n.id] = n; });
    Object.keys(delta.moved).forEach(function (id) { nodes[id].x = delta.moved[id][0]; nodes[id].y = delta.moved[id][1]; });
    var data = { nodes: Object.keys(nodes).sort().map(function (id) { return nodes[id]; }) };
    Object.keys(delta).forEach(function (k) { if (["nodes", "moved", "removed"].indexOf(k) < 0) data[k] = delta[k]; });
    return data;
  }
  function apply(snapshot) {
    if (snapshot.version <= version) return;
    if (snapshot.delta && snapshot.base !== version) { // missed a version: take the whole map
      request("/api/map").then(apply, function () { /* the next event tries again */ });
      return;
    }
    version = snapshot.version;
    var data = snapshot.delta ? patched(snapshot.delta) : snapshot.data;
    if (data) api.refresh(data); // keeps each reader's view, filters and selection; redraws the outline
    showMapProblems(snapshot.problems || []);
    waiting = waiting.filter(function (w) { if (w.version <= version) { w.resolve(); return false; } return true; });
    document.dispatchEvent(new CustomEvent("debatemap:updated", { detail: { version: version } }));
  }
  function listen() {
    if (!window.EventSource) return;
    var stream = new EventSource("/api/events?since=" + version);
    var latest = null; // versions that arrive while the page is busy: only the newest is drawn
    stream.addEventListener("map", function (ev) {
      if (latest === null) setTimeout(function () { var text = latest; latest = null; apply(JSON.parse(text)); }, 0);
      latest = ev.data;
    });
    stream.addEventListener("class", function (ev) { // the teacher paused or resumed writing
      me.paused = !!JSON.parse(ev.data).paused;
      setStatus(); refreshToolbar();
      document.dispatchEvent(new CustomEvent("debatemap:class", { detail: { paused: me.paused } }));
    });
    stream.addEventListener("open", function () { online = true; loadSession(); setStatus(); refreshToolbar(); });
    stream.addEventListener("error", function () { online = false; setStatus(); refreshToolbar(); });
  }
  api.live = { version: function () { return version; }, online: function () { return online; } };

  /* ---- the dialog ---------------------------------------------------------------- */
  var dialog = el("dialog", null, "serve-dialog");
  dialog.id = "serve-dialog";
  document.body.appendChild(dialog);
  // Escape closes the dialog only; the map's own Escape (close the details) must not see it too.
  dialog.addEventListener("keydown", function (ev) { if (ev.key === "Escape") ev.stopPropagation(); });
  function openDialog(title) {
    dialog.textContent = "";
    var form = el("form");
    form.method = "dialog"; form.noValidate = true;
    form.appendChild(el("h2", title));
    var general = el("p", null, "serve-error"); general.hidden = true; general.dataset.for = "";
    form.appendChild(general);
    dialog.appendChild(form);
    if (!dialog.open) dialog.showModal();
    return form;
  }
  function closeDialog() { if (dialog.open) dialog.close(); }
  function showProblems(form, problems) {
    form.querySelectorAll(".serve-error").forEach(function (box) { box.textContent = ""; box.hidden = true; });
    (problems || []).forEach(function (p) {
      var box = form.querySelector('.serve-error[data-for="' + (p.field || "") + '"]') ||
                form.querySelector('.serve-error[data-for=""]');
      box.hidden = false;
      box.appendChild(el("span", describe(p)));
      var input = form.querySelector('[name="' + p.field + '"]');
      if (input) input.setAttribute("aria-invalid", "true");
    });
    var first = form.querySelector(".serve-error:not([hidden])");
    if (first) first.scrollIntoView({ block: "nearest" });
  }
  function row(form, label, name, control, note) {
    var wrap = el("div", null, "serve-field");
    var l = el("label", label);
    control.name = name; control.id = "serve-" + name;
    l.htmlFor = control.id;
    wrap.appendChild(l);
    if (note) wrap.appendChild(el("span", note, "hint"));
    wrap.appendChild(control);
    var error = el("p", null, "serve-error"); error.hidden = true; error.dataset.for = name;
    error.id = "serve-" + name + "-error"; control.setAttribute("aria-describedby", error.id);
    wrap.appendChild(error);
    form.appendChild(wrap);
    return control;
  }
  function input(value, tag) {
    var i = el(tag || "input");
    if (tag === "textarea") i.rows = 3;
    i.value = value || "";
    return i;
  }
  function select(options, value) {
    var s = el("select");
    options.forEach(function (o) {
      var option = el("option", o[1]); option.value = o[0];
      if (o[0] === value) option.selected = true;
      s.appendChild(option);
    });
    return s;
  }
  function actions(form, label, run) {
    var bar = el("div", null, "serve-actions");
    var go = el("button", label, "serve-primary"); go.type = "submit";
    bar.appendChild(go);
    bar.appendChild(button("Cancel", closeDialog));
    form.appendChild(bar);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      go.disabled = true;
      run().then(function () { closeDialog(); }, function (problems) { showProblems(form, problems); })
        .then(function () { go.disabled = false; });
    });
  }

  /* ---- pickers: perspectives, sources, quotes, claims ------------------------------- */
  var NEW = "\u0000new";
  function perspectiveOptions() { // only the teacher adds perspectives and sources in a class
    return [["", "(choose)"]].concat(api.data.perspectives.map(function (p) { return [p.id, p.name]; }),
      me.teacher ? [[NEW, "+ New perspective\u2026"]] : []);
  }
  function sourceOptions() {
    return [["", "(choose)"]].concat(Object.keys(api.data.sources).sort().map(function (id) {
      return [id, api.data.sources[id].title || id];
    }), me.teacher ? [[NEW, "+ New source\u2026"]] : []);
  }
  function refill(control, options, value) {
    var fresh = select(options, value);
    control.textContent = "";
    Array.prototype.slice.call(fresh.childNodes).forEach(function (o) { control.appendChild(o); });
    control.value = value;
  }
  function newEntry(form, control, kind) { // a small form inside the form, for a new perspective or source
    var box = el("fieldset", null, "serve-new");
    box.appendChild(el("legend", kind === "perspective" ? "New perspective" : "New source"));
    var fields = kind === "perspective" ? [["id", "Id (a-z, 0-9, -)"], ["name", "Name"], ["colour", "Colour"], ["description", "Description"]]
      : [["id", "Id (a-z, 0-9, -)"], ["title", "Title"], ["author", "Author"], ["publisher", "Publisher"], ["date", "Date"], ["file", "Text file in the sources folder"], ["url", "Address (https://...)"]];
    var inputs = {};
    var sub = { querySelector: function (q) { return box.querySelector(q); }, querySelectorAll: function (q) { return box.querySelectorAll(q); } };
    var general = el("p", null, "serve-error"); general.hidden = true; general.dataset.for = "";
    box.appendChild(general);
    fields.forEach(function (f) {
      var i = input(f[0] === "colour" ? "#888888" : "");
      if (f[0] === "colour") i.type = "color";
      inputs[f[0]] = row(box, f[1], kind + "-" + f[0], i);
      inputs[f[0]].dataset.key = f[0];
    });
    var documentInput = null, report = null;
    if (kind === "source") { // the teacher's upload: the server extracts the text (add-source --from)
      documentInput = el("input"); documentInput.type = "file";
      documentInput.accept = ".pdf,.html,.htm,.docx,.md,.markdown,.txt,application/pdf,text/html,text/plain";
      row(box, "Or a document to take the text from", kind + "-document", documentInput,
        "PDF, saved web page, Word .docx, Markdown or text, at most 20 MiB; title, author and date are read from it");
    }
    box.appendChild(button("Add " + kind, function () {
      var values = {};
      Object.keys(inputs).forEach(function (k) { if (k !== "id" && inputs[k].value.trim()) values[k] = inputs[k].value; });
      var id = inputs.id.value.trim();
      var file = documentInput && documentInput.files && documentInput.files[0];
      var call = kind === "perspective" ? api.edit.addPerspective(id, values)
        : file ? api.edit.uploadSource(id, file, values).then(function (answer) {
          report = el("p", (answer.report || []).concat((answer.warnings || []).map(function (w) { return "warning: " + w; })).join("\n"), "hint serve-report");
          report.id = "serve-source-report";
        }, function (problems) {
          throw problems.map(function (p) { return p.field === "file" ? Object.assign({}, p, { field: "document" }) : p; });
        })
        : api.edit.addSource(id, values);
      call.then(function () {
        refill(control, kind === "perspective" ? perspectiveOptions() : sourceOptions(), id);
        if (report) control.parentNode.appendChild(report);
        box.remove();
      }, function (problems) {
        showProblems(sub, problems.map(function (p) {
          return Object.assign({}, p, { field: p.field && p.field !== "id" ? kind + "-" + p.field : p.field === "id" ? kind + "-id" : "" });
        }));
      });
    }));
    control.parentNode.appendChild(box);
    inputs.id.focus();
  }
  function quotePicker(form, sourceControl, quoteControl) {
    var box = el("div", null, "serve-quote");
    var words = input(""); words.type = "search"; words.placeholder = "words from the passage";
    words.setAttribute("aria-label", "Search the source's text");
    var results = el("ul", null, "serve-passages"), text = el("pre", null, "serve-source-text");
    text.hidden = true; text.tabIndex = 0;
    box.appendChild(words);
    box.appendChild(button("Search", search));
    box.appendChild(button("Show the whole text", whole));
    var useSelection = button("Use the selected words", function () {
      var picked = String(window.getSelection ? window.getSelection() : "").trim();
      if (picked && text.contains(window.getSelection().anchorNode)) quoteControl.value = picked;
    });
    useSelection.hidden = true;
    box.appendChild(useSelection);
    box.appendChild(results); box.appendChild(text);
    words.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); search(); } });
    function source() {
      var id = sourceControl.value;
      if (!id || id === NEW) { showProblems(form, [problem("choose the source first", null, "source")]); return null; }
      return id;
    }
    function search() {
      var id = source();
      if (!id || !words.value.trim()) return;
      request("/api/sources/" + encodeURIComponent(id) + "?q=" + encodeURIComponent(words.value)).then(function (answer) {
        results.textContent = "";
        if (!answer.passages.length) results.appendChild(el("li", "No passage matches those words.", "hint"));
        answer.passages.forEach(function (p) {
          var li = el("li");
          li.appendChild(button(p.text, function () { quoteControl.value = p.text; results.textContent = ""; }, "serve-passage"));
          li.appendChild(el("span", "line " + p.line, "hint"));
          results.appendChild(li);
        });
      }, function (problems) { showProblems(form, problems.map(function (p) { return Object.assign({}, p, { field: "quote" }); })); });
    }
    function whole() {
      var id = source();
      if (!id) return;
      request("/api/sources/" + encodeURIComponent(id)).then(function (answer) {
        text.textContent = answer.text; text.hidden = false; useSelection.hidden = false;
      }, function (problems) { showProblems(form, problems.map(function (p) { return Object.assign({}, p, { field: "quote" }); })); });
    }
    quoteControl.parentNode.appendChild(box);
  }
  function claimPicker(onPick, exclude) { // search the map's claims by title, text or id
    var wrap = el("div", null, "serve-claims");
    var q = input(""); q.type = "search"; q.placeholder = "search claims"; q.setAttribute("aria-label", "Search claims");
    var list = el("ul", null, "serve-claim-list");
    wrap.appendChild(q); wrap.appendChild(list);
    q.addEventListener("input", function () {
      var term = q.value.trim().toLowerCase();
      list.textContent = "";
      if (!term) return;
      api.data.nodes.filter(function (n) {
        return n.id !== exclude && ((n.title || "").toLowerCase().indexOf(term) >= 0 || n.id.indexOf(term) >= 0);
      }).slice(0, 12).forEach(function (n) {
        var li = el("li");
        li.appendChild(button(n.title || n.id, function () { onPick(n); list.textContent = ""; q.value = n.title || n.id; }, "serve-claim"));
        li.appendChild(el("span", n.id, "hint"));
        list.appendChild(li);
      });
    });
    return wrap;
  }

  /* ---- the forms --------------------------------------------------------------------- */
  function nodeForm(title, node, run) {
    var form = openDialog(title);
    var thesis = node && node.kind === "thesis";
    var f = {};
    f.title = row(form, "Title", "title", input(node && node.title), "a short label for the map");
    f.text = row(form, "Text", "text", input(node && node.text, "textarea"), "the claim in full, in neutral words");
    if (thesis) f.question = row(form, "Question", "question", input(node.question));
    if (!thesis) {
      f.perspective = row(form, "Perspective", "perspective", select(perspectiveOptions(), node && node.perspective), "whose voice it is");
      f.source = row(form, "Source", "source", select(sourceOptions(), node && node.source));
      f.quote = row(form, "Quote", "quote", input(node && node.quote, "textarea"), "picked from the source's text, verbatim");
      f.quote.readOnly = true;
      quotePicker(form, f.source, f.quote);
      [["perspective", f.perspective], ["source", f.source]].forEach(function (pair) {
        pair[1].addEventListener("change", function () { if (pair[1].value === NEW) newEntry(form, pair[1], pair[0]); });
      });
    }
    f.speaker = row(form, "Speaker", "speaker", input(node && node.speaker), "only if not the source's author");
    f.tags = row(form, "Tags", "tags", input(node && (node.tags || []).join(", ")), "topics, separated by commas");
    actions(form, title.indexOf("Edit") === 0 ? "Save" : "Add", function () {
      var fields = {};
      Object.keys(f).forEach(function (k) {
        var value = f[k].value === NEW ? "" : f[k].value;
        if (k === "tags") fields.tags = value.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
        else fields[k] = value;
      });
      return run(fields);
    });
    f.title.focus();
  }
  function addReason(target, relation) {
    var word = relation === "supports" ? "for" : "against";
    nodeForm("Add a reason " + word + ": " + (target.title || target.id), null, function (fields) {
      var clean = {};
      Object.keys(fields).forEach(function (k) { if (k === "tags" ? fields.tags.length : fields[k].trim()) clean[k] = fields[k]; });
      clean.kind = "argument";
      clean[relation] = [target.id];
      return api.edit.add(clean);
    });
  }
  function editNode(node) {
    nodeForm("Edit: " + (node.title || node.id), node, function (fields) {
      var changed = {};
      Object.keys(fields).forEach(function (k) {
        var before = k === "tags" ? (node.tags || []).join(",") : node[k] || "";
        var after = k === "tags" ? fields.tags.join(",") : fields[k];
        if (before !== after) changed[k] = k === "tags" ? fields.tags : after;
      });
      return Object.keys(changed).length ? api.edit.update(node.id, changed) : Promise.resolve(node.id);
    });
  }
  function links(node) {
    var form = openDialog("Links of: " + (node.title || node.id));
    var relation = row(form, "This claim", "relation", select([["supports", "supports"], ["opposes", "opposes"]], "supports"));
    var target = null, chosen = el("p", "No claim chosen yet.", "hint");
    var picker = claimPicker(function (n) { target = n; chosen.textContent = "Chosen: " + (n.title || n.id); }, node.id);
    row(form, "the claim", "target", picker.querySelector("input"));
    form.querySelector(".serve-field:last-child").appendChild(picker.querySelector("ul"));
    form.appendChild(chosen);
    actions(form, "Link", function () {
      if (!target) return Promise.reject([problem("search for a claim and choose it", null, "target")]);
      return api.edit.link(node.id, relation.value, target.id);
    });
    var existing = node.out.map(function (e) { return [node.id, e.relation, e.to]; })
      .concat(node.into.map(function (e) { return [e.from, e.relation, node.id]; }));
    if (!existing.length) return;
    form.appendChild(el("h3", "Current links"));
    var ul = el("ul", null, "serve-links");
    existing.forEach(function (l) {
      var li = el("li"), other = api.data.nodes.filter(function (n) { return n.id === (l[0] === node.id ? l[2] : l[0]); })[0];
      li.appendChild(el("span", (l[0] === node.id ? "this " + l[1] + ": " : l[1] + " this: ") + ((other && other.title) || "")));
      if (mayChange(l[0])) li.appendChild(button("Unlink", function () { // a link lives in its source's file
        api.edit.unlink(l[0], l[1], l[2]).then(function () { li.remove(); }, function (problems) { showProblems(form, problems); });
      }));
      ul.appendChild(li);
    });
    form.appendChild(ul);
  }
  function removeNode(node) {
    var form = openDialog("Remove: " + (node.title || node.id));
    var count = node.out.length + node.into.length;
    form.appendChild(el("p", count ? "Its " + count + " link" + (count === 1 ? "" : "s") + " will be removed with it (from the other claims' files too)."
      : "It has no links."));
    form.appendChild(el("p", "Its file is deleted. This cannot be undone from the page.", "hint"));
    actions(form, "Remove", function () { return api.edit.remove(node.id, { unlink: true }); });
  }
  function renameNode(node) {
    var form = openDialog("Rename: " + (node.title || node.id));
    form.appendChild(el("p", "The id names its file and every link to it; all of them change together.", "hint"));
    var id = row(form, "New id", "id", input(node.id), "a-z, 0-9 and -");
    actions(form, "Rename", function () { return api.edit.rename(node.id, id.value.trim()).then(function (fresh) { api.select(fresh); }); });
    id.focus(); id.select();
  }

  /* ---- the toolbar under the selected claim -------------------------------------- */
  var toolbar = el("div", null, "serve-toolbar"), selected = null;
  toolbar.setAttribute("role", "group"); toolbar.setAttribute("aria-label", "Change this claim");
  function current() { return selected ? api.data.nodes.filter(function (n) { return n.id === selected; })[0] : null; }
  function withName(action, records) {
    return function () {
      var node = current();
      if (!node) return;
      // Only an addition records a name; Edit, Link and Remove never ask for one.
      if (records && settings.classroom && !myName) askName(function () { action(node); }); else action(node);
    };
  }
  var ACTIONS = [["+ Reason for", function (n) { addReason(n, "supports"); }, true, false],
    ["\u2212 Reason against", function (n) { addReason(n, "opposes"); }, true, false],
    ["Link\u2026", links, false, true], ["Edit", editNode, false, true], ["Rename\u2026", renameNode, false, true],
    ["Remove\u2026", removeNode, false, true]]; // [label, action, records a name, only on one's own claims]
  var pausedNote = el("p", "The teacher has paused writing.", "hint");
  function refreshToolbar() { // the buttons this browser may use on the selected claim, and no others
    toolbar.textContent = "";
    if (!selected) return;
    if (me.paused && !me.teacher) { toolbar.appendChild(pausedNote); return; }
    ACTIONS.forEach(function (a) {
      if (a[3] && !mayChange(selected)) return;
      var b = button(a[0], withName(a[1], a[2]));
      b.disabled = !online;
      toolbar.appendChild(b);
    });
  }
  api.on("select", function (ev) { // after the details panel is drawn: the buttons go under the badges
    selected = ev.node ? ev.node.id : null;
    refreshToolbar();
    var body = document.getElementById("details-body");
    if (editable && ev.node && body) body.insertBefore(toolbar, body.children[2] || null);
  });
  function askName(then) {
    var form = openDialog("Your name");
    form.appendChild(el("p", "It is recorded with each claim you add.", "hint"));
    var name = row(form, "Name", "name", input(""));
    actions(form, "OK", function () {
      return request("/api/name", { name: name.value }).then(function (answer) { myName = answer.name; setStatus(); setTimeout(then, 0); });
    });
  }

  function loadSession() {
    return request("/api/session").then(function (s) {
      myName = s.name;
      me.teacher = s.teacher !== false;
      me.paused = !!s.paused;
      me.loaded = true;
      me.mine = Object.create(null);
      (s.mine || []).forEach(own);
      setStatus(); refreshToolbar();
      document.dispatchEvent(new CustomEvent("debatemap:session", { detail: { teacher: me.teacher, paused: me.paused } }));
    }, function () { online = false; setStatus(); });
  }
  api.live.me = function () { return { teacher: me.teacher, paused: me.paused, loaded: me.loaded, mine: Object.keys(me.mine).sort() }; };
  loadSession();
  showMapProblems(settings.problems || []);
  setStatus();
  listen();
})();
