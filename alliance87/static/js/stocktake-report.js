/* The ten-year report's page (secretariat): each build under way polls its progress JSON every second and
   moves its bar; when it ends, the page is loaded again to show the download link or what went wrong.
   Without JavaScript the "Refresh" link does the same by hand. */
(function () {
  "use strict";
  var blocks = document.querySelectorAll("[data-report-progress]");
  if (!blocks.length) return;

  function follow(block) {
    var url = block.getAttribute("data-report-progress");
    var bar = block.querySelector("progress");
    var stage = block.querySelector("[data-report-stage]");
    var refresh = block.querySelector("[data-report-refresh]");
    if (refresh) refresh.hidden = true; // the page follows by itself
    var lastStage = stage ? stage.textContent : "";

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (state) {
          if (bar) {
            bar.value = state.percent;
            bar.textContent = state.percent + "%";
          }
          if (state.finished) {
            if (state.download_url && stage) {
              // Said once in the live region, then the page is loaded again with the link in its place.
              stage.textContent = block.getAttribute("data-ready-text") + " " + block.getAttribute("data-download-text");
            }
            window.setTimeout(function () { window.location.reload(); }, 300);
            return;
          }
          var text = state.stage_label || "";
          if (stage && text && text !== lastStage) {
            stage.textContent = text; // only a new stage is announced, not every step
            lastStage = text;
          }
          window.setTimeout(poll, 1000);
        })
        .catch(function () {
          if (refresh) refresh.hidden = false; // the poll failed: the link lets the person look again
          window.setTimeout(poll, 5000);
        });
    }
    window.setTimeout(poll, 1000);
  }

  Array.prototype.forEach.call(blocks, follow);
})();
