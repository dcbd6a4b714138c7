// Upload progress for the commitment progress forms: a progressive enhancement, the form works without it.
// With files chosen, the form is sent in the background and a <progress> shows how much has gone; once the
// server answers with where the report now shows (JSON, asked for by the X-Upload-Progress header), that page
// opens. If the server refuses the report (nothing is
// saved then), the form is sent again the ordinary way so its errors show next to their fields.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var box = form.querySelector(".c-upload");
    var bar = box && box.querySelector("progress");
    if (!bar || !window.FormData || !window.XMLHttpRequest) return;
    var plain = false;
    form.addEventListener("submit", function (event) {
      if (plain) return;
      var chosen = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
        return input.files && input.files.length;
      });
      if (!chosen) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      box.hidden = false;
      bar.value = 0;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("X-Upload-Progress", "1");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        bar.value = 100;
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
        if (xhr.status === 200 && answer && answer.location) {
          window.location.assign(answer.location);
          return;
        }
        plain = true; // refused or unexpected: the ordinary post shows the page the server gives
        if (button) button.disabled = false;
        form.submit();
      });
      xhr.addEventListener("error", function () {
        plain = true;
        if (button) button.disabled = false;
        form.submit();
      });
      xhr.send(new FormData(form));
    });
  });
})();
