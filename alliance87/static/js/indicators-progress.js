// The landing of an indicator file: a progressive enhancement of the import page, which works without it (its
// "Refresh" link shows how far the landing is). Every second the page asks progress.json and moves the bar; the
// live region is told only when the stage changes or another tenth is done, so a screen reader is not flooded.
// Once the landing ends (landed, failed or interrupted) the page is loaded again: the server shows the outcome.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-import-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var lastSaid = "";
  function say(state) {
    var tenth = Math.floor((state.percent || 0) / 10);
    var key = (state.stage || "") + "|" + tenth + "|" + state.status;
    if (key !== lastSaid && text) {
      text.textContent = state.text;
      lastSaid = key;
    }
  }
  function tick() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (state) {
        if (bar) {
          bar.value = state.percent || 0;
          bar.textContent = (state.percent || 0) + "%";
        }
        say(state);
        if (state.interrupted || state.status === "landed" || state.status === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(tick, 1000);
      })
      .catch(function () {
        window.setTimeout(tick, 3000);
      });
  }
  window.setTimeout(tick, 1000);
})();
