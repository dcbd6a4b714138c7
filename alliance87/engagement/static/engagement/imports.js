// The import pages send their file with XMLHttpRequest when they can, to show the upload's progress: a
// 50 MB export over a conference's Wi-Fi takes minutes, and a page that only spins looks broken. Once
// uploaded, the server reads and checks every line (up to a minute), which the page says. The answer is
// the page the server would have shown: the report (after its redirect) or the form with what is wrong,
// put in place of this page's body, with its address and title. Without this file the form posts as
// usual and the browser shows its own progress.
(function () {
  "use strict";

  function percent(value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "percent" }).format(value);
    } catch (e) {
      return Math.round(value * 100) + "%";
    }
  }

  function show(html, url) {
    var page = new DOMParser().parseFromString(html, "text/html");
    if (!page.body || !page.querySelector("main")) {
      window.location.assign(url);
      return;
    }
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    if (url && url !== window.location.href) window.history.replaceState(null, "", url);
    bind();
    var first = document.querySelector("[data-import-errors]") || document.querySelector("main h1");
    if (first) {
      if (!first.hasAttribute("tabindex")) first.setAttribute("tabindex", "-1");
      first.focus();
    }
  }

  function send(form, event) {
    if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
    event.preventDefault();
    var wait = form.querySelector("[data-import-wait]");
    var bar = form.querySelector("[data-import-progress]");
    var step = form.querySelector("[data-import-step]");
    var shown = form.querySelector("[data-import-percent]");
    var button = form.querySelector("button[type=submit]");
    var data = new FormData(form);
    if (button) button.disabled = true;
    if (wait) wait.hidden = false;
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable || !bar) return;
      bar.value = Math.round((e.loaded / e.total) * 100);
      if (shown) shown.textContent = percent(e.loaded / e.total);
    });
    request.upload.addEventListener("load", function () {
      if (bar) bar.removeAttribute("value"); // no measure of the reading: the bar says "working"
      if (shown) shown.textContent = "";
      if (step) step.textContent = step.getAttribute("data-import-reading");
    });
    request.addEventListener("load", function () {
      show(request.responseText, request.responseURL);
    });
    request.addEventListener("error", function () {
      if (bar) bar.value = 0;
      if (shown) shown.textContent = "";
      if (step) step.textContent = step.getAttribute("data-import-lost");
      if (button) button.disabled = false;
    });
    request.send(data);
  }

  function bind() {
    var forms = document.querySelectorAll("form[data-import-form]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", send.bind(null, forms[i]));
    }
  }

  bind();
})();
