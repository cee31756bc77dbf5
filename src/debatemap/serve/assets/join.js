/* debatemap serve: the classroom join page. The code may come in the address (from the QR code);
 * it is taken out of the address at once, sent once, and never stored by this page. */
(function () {
  "use strict";
  var form = document.getElementById("join-form");
  var name = document.getElementById("join-name"), code = document.getElementById("join-code");
  var fromAddress = new URLSearchParams(location.search).get("code");
  if (fromAddress) {
    code.value = fromAddress;
    history.replaceState(null, "", location.pathname);
  }
  try { name.value = localStorage.getItem("debatemap-name") || ""; } catch (err) { /* storage off */ }
  (name.value ? code : name).focus();
  function show(id, text) {
    var box = document.getElementById(id);
    box.textContent = text || ""; box.hidden = !text;
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    ["join-name-error", "join-code-error", "join-error"].forEach(function (id) { show(id, ""); });
    fetch("/api/join", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: name.value, code: code.value })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) {
          try { localStorage.setItem("debatemap-name", body.name); } catch (err) { /* storage off */ }
          location.replace("/");
          return;
        }
        (body.problems || []).forEach(function (p) {
          var where = p.field === "name" ? "join-name-error" : p.field === "code" ? "join-code-error" : "join-error";
          show(where, p.message + (p.hint ? " (" + p.hint + ")" : ""));
        });
      });
    }).catch(function () { show("join-error", "The server cannot be reached."); });
  });
})();
