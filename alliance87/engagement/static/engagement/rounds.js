// The voting page: after htmx swaps in the next statement, the keyboard's focus goes to it, so Tab reaches
// its Agree button next and a screen reader reads the new statement. Without this file (or without htmx)
// each vote is a plain form that reloads the page at the next statement.
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var card = document.getElementById("rd-card");
    if (!card || !(event.target === card || event.target.contains(card) || card.contains(event.target))) return;
    var focus = card.querySelector("[data-rd-focus]");
    if (focus) focus.focus();
  });
})();
