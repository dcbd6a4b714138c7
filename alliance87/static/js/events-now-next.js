// "Now" and "Next" on a public programme. Progressive enhancement: the programme reads without it.
//
// Markup (events/programme.html): <ol class="programme" data-live-url="/ws/events/<slug>/run/"> whose
// <li>s carry data-item (the agenda item's pk), data-starts and data-ends (ISO 8601 with offset) and
// may hold an empty <span data-now-next> for the label. Optional data-now-label / data-next-label on the
// <ol> give the words in the page's language (English, French and Spanish are built in).
//
// By the clock, re-evaluated every 15 seconds: the item whose time contains now is "Now", the first
// one starting later is "Next". While the event's run-of-show is running (or paused), its live
// messages win: the segment the moderator is on is "Now", whatever the printed times say; once the
// show has ended nothing in it is "Now".
(() => {
  "use strict";
  const lists = Array.from(document.querySelectorAll("ol.programme"));
  if (!lists.length) return;

  const WORDS = {
    en: ["Now", "Next"],
    fr: ["En cours", "À suivre"],
    es: ["Ahora", "A continuación"],
  };
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const live = {}; // live-url → {state, current, next} from the run-of-show
  const EVERY_MS = 15000;
  const NEAR_MS = 12 * 3600 * 1000; // follow the live show of lists within 12 hours of now

  function itemsOf(list) {
    return Array.from(list.querySelectorAll("li[data-item][data-starts]"));
  }

  function words(list) {
    const builtIn = WORDS[lang] || WORDS.en;
    return [list.dataset.nowLabel || builtIn[0], list.dataset.nextLabel || builtIn[1]];
  }

  function labelOf(item) {
    let label = item.querySelector("[data-now-next]");
    if (!label) {
      label = document.createElement("span");
      label.className = "now-next";
      label.dataset.nowNext = "";
      item.prepend(label);
    }
    return label;
  }

  function byClock(items, now) {
    let current = null;
    let next = null;
    for (const item of items) {
      const starts = Date.parse(item.dataset.starts);
      const ends = Date.parse(item.dataset.ends);
      if (!current && starts <= now && now < ends) current = item;
      if (starts > now && (!next || starts < Date.parse(next.dataset.starts))) next = item;
    }
    return [current, next];
  }

  function byLiveShow(items, show) {
    const find = (pk) => (pk === null ? null : items.find((item) => Number(item.dataset.item) === pk) || null);
    return [find(show.current), find(show.next)];
  }

  function evaluate(list) {
    const items = itemsOf(list);
    const show = live[list.dataset.liveUrl];
    let current = null;
    let next = null;
    if (show && (show.state === "running" || show.state === "paused") && show.current !== null) {
      [current, next] = byLiveShow(items, show);
    } else if (!show || show.state !== "ended") {
      [current, next] = byClock(items, Date.now());
    }
    const [nowWord, nextWord] = words(list);
    for (const item of items) {
      const isCurrent = item === current;
      if (isCurrent) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
      const text = isCurrent ? nowWord : item === next ? nextWord : "";
      const label = item.querySelector("[data-now-next]");
      if (text || label) {
        const target = label || labelOf(item);
        if (target.textContent !== text) target.textContent = text;
      }
    }
  }

  function evaluateAll() {
    lists.forEach(evaluate);
  }

  function near(list) {
    const items = itemsOf(list);
    if (!items.length) return false;
    const first = Date.parse(items[0].dataset.starts);
    const last = Date.parse(items[items.length - 1].dataset.ends);
    const now = Date.now();
    return first - NEAR_MS <= now && now <= last + NEAR_MS;
  }

  function follow(path, attempt) {
    const url = new URL(path, window.location.href);
    url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("lang", lang);
    const socket = new WebSocket(url);
    let refused = false;
    socket.addEventListener("open", () => {
      attempt = 0;
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "state") {
        if (live[path] && message.version < live[path].version) return; // overtaken by a newer state
        live[path] = {
          version: message.version,
          state: message.state,
          current: message.current ? message.current.pk : null,
          next: message.next ? message.next.pk : null,
        };
        lists.filter((list) => list.dataset.liveUrl === path).forEach(evaluate);
      } else if (message.type === "error" && message.code === "not_found") {
        refused = true;
      }
    });
    socket.addEventListener("close", () => {
      if (refused) return;
      // Lost: fall back on the clock until the show is followed again.
      delete live[path];
      lists.filter((list) => list.dataset.liveUrl === path).forEach(evaluate);
      const delay = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() / 2);
      window.setTimeout(() => follow(path, attempt + 1), delay);
    });
  }

  evaluateAll();
  window.setInterval(evaluateAll, EVERY_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") evaluateAll();
  });

  if ("WebSocket" in window) {
    const paths = new Set(lists.filter((list) => list.dataset.liveUrl).map((list) => list.dataset.liveUrl));
    const nearPaths = new Set(lists.filter((list) => list.dataset.liveUrl && near(list)).map((l) => l.dataset.liveUrl));
    // One programme: always follow its show (a rehearsal may run on any day). A conference's many
    // sessions: only those happening around now.
    (paths.size <= 1 ? paths : nearPaths).forEach((path) => follow(path, 0));
  }
})();
