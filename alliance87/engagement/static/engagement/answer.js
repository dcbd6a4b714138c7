// The answering page keeps what is typed on this device until it is submitted, so a lost connection or
// a reload loses nothing: every change is written to localStorage under the page's key, with the version
// of the saved draft it was typed on. On load, what was typed on the current version is put back (a
// newer save from elsewhere makes it stale, and it is dropped). The thank-you page clears it. Without
// this file the page still reads, saves and submits.
(function () {
  "use strict";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  var clear = document.querySelector("[data-cx-clear]");
  if (clear) {
    var store = storage();
    var prefix = clear.getAttribute("data-cx-clear");
    if (store) {
      for (var i = store.length - 1; i >= 0; i--) {
        var name = store.key(i);
        if (name && name.indexOf(prefix) === 0) store.removeItem(name);
      }
    }
    return;
  }

  var form = document.querySelector("[data-cx-form]");
  if (!form) return;
  var key = form.getAttribute("data-cx-key");
  var version = form.getAttribute("data-cx-version") || "";
  var store = storage();

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.type !== "submit";
    });
  }

  function collect() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (!(el.name in values)) values[el.name] = [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function restore(values) {
    fields().forEach(function (el) {
      if (!(el.name in values)) return;
      var value = values[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else if (typeof value === "string") {
        el.value = value;
      }
    });
  }

  function answered(section) {
    return Array.prototype.some.call(section.querySelectorAll("input, textarea, select"), function (el) {
      if (el.type === "radio" || el.type === "checkbox") return el.checked;
      return el.value.trim() !== "";
    });
  }

  var count = document.querySelector("[data-cx-answered]");
  var bar = document.querySelector("[data-cx-progress]");
  function progress() {
    var done = Array.prototype.filter.call(form.querySelectorAll("[data-cx-question]"), answered).length;
    if (count) count.textContent = String(done);
    if (bar) bar.value = done;
  }

  var timer = null;
  function keep() {
    progress();
    if (!store) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      try {
        store.setItem(key, JSON.stringify({ version: version, values: collect() }));
      } catch (e) { /* storage full or refused: the page still works */ }
    }, 150);
  }

  if (store) {
    var kept = null;
    try { kept = JSON.parse(store.getItem(key) || "null"); } catch (e) { kept = null; }
    if (kept && kept.version === version && kept.values) {
      var before = JSON.stringify(collect());
      restore(kept.values);
      if (JSON.stringify(collect()) !== before) {
        var note = document.querySelector("[data-cx-restored]");
        if (note) note.hidden = false;
      }
    } else if (kept) {
      store.removeItem(key); // typed on an older save: the page shows the newer answers
    }
  }
  progress();
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);

  var offline = document.querySelector("[data-cx-offline]");
  function showOffline() { if (offline) offline.hidden = navigator.onLine !== false; }
  window.addEventListener("online", showOffline);
  window.addEventListener("offline", showOffline);
  showOffline();

  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (store) {
      try { store.setItem(key, JSON.stringify({ version: version, values: collect() })); } catch (e) { /* kept as typed */ }
    }
    if (navigator.onLine === false) {
      // Sending now would end on the browser's error page; the answers stay here until the connection is back.
      event.preventDefault();
      showOffline();
      if (offline) offline.focus();
    }
  });
})();
