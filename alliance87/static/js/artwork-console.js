// The moderators' console. Progressive enhancement: without this file (and htmx) every button is a form
// that posts and comes back. With it: keyboard shortcuts (J/K to move, A approve, R reject, S send to
// safeguarding, H hide), the selection and the focus kept while htmx swaps the live part in, a
// confirmation before erasing a region, and — when artwork-stream.js is there — a refresh as soon as the
// console's WebSocket hears of a change (htmx polls every few seconds otherwise).
(() => {
  "use strict";
  const root = document.querySelector("[data-artwork-console]");
  if (!root) return;

  let selected = null; // the selected card: "queue-<pk>" or "recent-<pk>"
  let acted = null; // where the card we acted on stood ({list, index}), to select its successor

  const cards = (list) => Array.from(document.querySelectorAll(`#aw-live ${list ? `[data-${list}] ` : ""}[data-card]`));
  const listOf = (card) => (card.closest("[data-queue]") ? "queue" : "recent");

  let placeOfSelected = null; // {list, index} of the selected card, for when it leaves

  function select(card, focus = true) {
    cards().forEach((el) => el.removeAttribute("aria-current"));
    if (!card) {
      selected = null;
      placeOfSelected = null;
      return;
    }
    selected = card.dataset.card;
    placeOfSelected = { list: listOf(card), index: cards(listOf(card)).indexOf(card) };
    card.setAttribute("aria-current", "true");
    if (focus) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest" });
    }
  }

  function selectedCard() {
    return selected ? document.querySelector(`#aw-live [data-card="${selected}"]`) : null;
  }

  function move(step) {
    const list = cards();
    if (!list.length) return;
    const index = list.indexOf(selectedCard());
    const next = index < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + step));
    select(list[next]);
  }

  function typing(target) {
    return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
      return;
    }
    if (!["a", "r", "s", "h"].includes(key)) return;
    let card = selectedCard();
    if (!card) {
      card = cards()[0];
      if (card) select(card, false);
    }
    const button = card && card.querySelector(`button[data-key="${key}"]`);
    if (!button) return;
    event.preventDefault();
    // A card htmx swapped in a moment ago is only wired up when the swap settles (20 ms later): wire it now,
    // or the key would post the plain form and reload the whole console.
    if (window.htmx) window.htmx.process(card);
    button.click();
  });

  // A click or focus on a card selects it.
  document.addEventListener("focusin", (event) => {
    const card = event.target.closest && event.target.closest("#aw-live [data-card]");
    if (card && card.dataset.card !== selected) select(card, false);
  });

  // Before a step: remember where the card stood. After any swap: keep the selection (or move it to the
  // card that took the acted one's place) and never leave the focus on nothing.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    // Only a step on a card moves the selection; the live part's own refreshes leave it be.
    const card = event.target.closest && event.target.closest("[data-card]");
    if (card) acted = { list: listOf(card), index: cards(listOf(card)).indexOf(card) };
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (!event.target || event.target.id !== "aw-live") return;
    let card = selectedCard();
    const lostFocus = !document.activeElement || document.activeElement === document.body;
    // The selected card left (acted on here, or by another moderator): take the one now in its place.
    const place = acted || placeOfSelected;
    if (!card && place) {
      const list = cards(place.list).length ? cards(place.list) : cards();
      if (list.length) card = list[Math.min(place.index, list.length - 1)];
    }
    if (card) select(card, lostFocus);
    acted = null;
  });

  // Erasing is the one step that cannot be taken back: ask first.
  // An incomplete region is not asked about: the server says what is wrong beside each field.
  root.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.dataset.confirm && form.checkValidity() && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // Live: ask htmx for the live part at once when the console's WebSocket hears of a change, every 2 s
  // while it is not live (or there is no stream library), every 15 s when it is (a safety net). An
  // unchanged log answers 204, so a poll that finds nothing costs one small query.
  const connection = root.querySelector("[data-connection]");
  const labelsEl = document.getElementById("artwork-stream-labels");
  const labels = labelsEl ? JSON.parse(labelsEl.textContent) : {};
  const pollMs = (Number(root.dataset.pollSeconds) || 2) * 1000;
  let live = false;
  let lastAsked = 0;
  const changed = () => {
    lastAsked = Date.now();
    document.body.dispatchEvent(new CustomEvent("artwork:changed"));
  };
  window.setInterval(() => {
    if (document.hidden) return;
    if (Date.now() - lastAsked >= (live ? 15000 : pollMs) - 50) changed();
  }, pollMs);
  if (connection) connection.textContent = labels.closed || connection.textContent;
  if (root.hasAttribute("data-stream") && typeof window.ArtworkStream === "function") {
    // eslint-disable-next-line no-new
    new window.ArtworkStream(root.dataset.socketUrl, {
      since: Number(root.dataset.since) || 0,
      labels,
      onEntries: changed,
      onReload: changed,
      onStatus: (status) => {
        live = status.state === "live";
        if (connection && status.label) connection.textContent = status.label;
      },
    });
  }
})();
