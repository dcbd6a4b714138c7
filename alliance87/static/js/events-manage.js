/* The organiser's pages, enhanced. Without this script every control still works: the Move buttons
   and the forms post and the page comes back. With it:
   - "Move up" / "Move down" post in the background, the agenda and the checks are replaced in place,
     the keyboard focus stays on the moved item's button, and the change is announced;
   - items can be dragged into a new order (posted to the reorder address, then the same as above);
   - the list of people of the network can be narrowed by typing. */
(function () {
  "use strict";

  var agendaSection = document.querySelector("[aria-labelledby='agenda-title']");
  var announcer = document.getElementById("agenda-announce");

  function announce(text) {
    if (!announcer) return;
    // Empty first, so the same words said twice are announced twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function list() {
    return document.getElementById("agenda-list");
  }

  /* Post a form's data; the server redirects back to the agenda page, which replaces the parts that changed. */
  function send(url, body, focusAfter) {
    var current = list();
    if (current) current.classList.add("is-busy");
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text().then(function (html) { return { html: html, url: response.url }; });
      })
      .then(function (answer) {
        var page = new DOMParser().parseFromString(answer.html, "text/html");
        if (!page.getElementById("agenda-list")) {
          // Not the agenda (signed out meanwhile, say): show the page the server answered with.
          window.location.assign(answer.url);
          return;
        }
        ["agenda-list", "flags"].forEach(function (id) {
          var fresh = page.getElementById(id);
          var old = document.getElementById(id);
          if (fresh && old) old.replaceWith(document.importNode(fresh, true));
        });
        var total = page.querySelector(".em-total");
        var oldTotal = document.querySelector(".em-total");
        if (total && oldTotal) oldTotal.replaceWith(document.importNode(total, true));
        var message = page.querySelector(".messages .message");
        enhanceAgenda();
        if (focusAfter) focusAfter();
        announce(message ? message.textContent.trim() : "");
      })
      .catch(function () {
        if (current) current.classList.remove("is-busy");
        announce(announcer ? announcer.dataset.error : "");
      });
  }

  function focusMoved(itemId, direction) {
    return function () {
      var item = document.getElementById("item-" + itemId);
      if (!item) return;
      var target = item.querySelector("button[data-move='" + direction + "']") ||
        item.querySelector("button[data-move]") || item.querySelector("a");
      if (target) {
        target.focus();
        item.scrollIntoView({ block: "nearest" });
      }
    };
  }

  /* Move up / Move down */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("em-move")) return;
    event.preventDefault();
    var item = form.closest(".em-item");
    var direction = form.querySelector("input[name='direction']").value;
    send(form.action, new FormData(form), focusMoved(item.dataset.item, direction));
  });

  /* Drag and drop */
  var dragged = null;

  function clearMarks() {
    document.querySelectorAll(".is-drop-before, .is-drop-after").forEach(function (el) {
      el.classList.remove("is-drop-before", "is-drop-after");
    });
  }

  function enhanceAgenda() {
    var agenda = list();
    if (!agenda || agenda.tagName !== "OL") return;
    agenda.classList.add("is-sortable");
    agenda.querySelectorAll(".em-item").forEach(function (item) { item.setAttribute("draggable", "true"); });
  }

  if (agendaSection) {
    enhanceAgenda();

    agendaSection.addEventListener("dragstart", function (event) {
      var item = event.target.closest && event.target.closest(".em-item");
      if (!item) return;
      dragged = item;
      item.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.item);
    });

    agendaSection.addEventListener("dragover", function (event) {
      var item = event.target.closest && event.target.closest(".em-item");
      if (!dragged || !item || item === dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      var box = item.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      clearMarks();
      item.classList.add(after ? "is-drop-after" : "is-drop-before");
    });

    agendaSection.addEventListener("dragleave", function (event) {
      var item = event.target.closest && event.target.closest(".em-item");
      if (item && !item.contains(event.relatedTarget)) item.classList.remove("is-drop-before", "is-drop-after");
    });

    agendaSection.addEventListener("drop", function (event) {
      var item = event.target.closest && event.target.closest(".em-item");
      if (!dragged || !item || item === dragged) return;
      event.preventDefault();
      var after = item.classList.contains("is-drop-after");
      clearMarks();
      item.parentNode.insertBefore(dragged, after ? item.nextSibling : item);
      var form = document.getElementById(list().dataset.reorderForm);
      var body = new FormData(form);
      list().querySelectorAll(".em-item").forEach(function (el) { body.append("item", el.dataset.item); });
      body.append("moved", dragged.dataset.item);
      var movedId = dragged.dataset.item;
      send(form.action, body, function () {
        var moved = document.getElementById("item-" + movedId);
        if (moved) moved.scrollIntoView({ block: "nearest" });
      });
    });

    agendaSection.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("is-dragging");
      dragged = null;
      clearMarks();
    });
  }

  /* People: narrow the list of people of the network by typing. */
  var filter = document.getElementById("person-filter");
  if (filter) {
    var select = document.getElementById(filter.getAttribute("aria-controls"));
    var count = document.getElementById("person-filter-count");
    var all = Array.prototype.map.call(select.options, function (option) {
      return { value: option.value, text: option.text, key: option.text.toLowerCase() };
    });
    filter.closest(".em-person-filter").hidden = false;
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = select.value;
      var matches = all.filter(function (entry) {
        return entry.value === "" || entry.value === chosen ||
          words.every(function (word) { return entry.key.indexOf(word) !== -1; });
      });
      select.replaceChildren.apply(select, matches.map(function (entry) {
        var option = new Option(entry.text, entry.value);
        option.selected = entry.value === chosen;
        return option;
      }));
      var n = matches.filter(function (entry) { return entry.value !== ""; }).length;
      // The words come translated from the page: data-one, data-many ("%(n)s" stands for the number), data-none.
      var said = n === 0 ? count.dataset.none : n === 1 ? count.dataset.one : count.dataset.many.replace("%(n)s", n);
      count.textContent = words.length ? said : "";
    });
  }
})();
