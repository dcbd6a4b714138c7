// The artwork's venue screens: the live wall, the time-lapse replay, the launch's reveal.
//
// The page arrives with the mosaic drawn by the server (an SVG: every empty tile, then one path per
// colour, then the drawings) and the same state as JSON (#artwork-screen-config). This script keeps a
// model of the filled cells and redraws the colours' paths from it when something changes, once per
// animation frame. Contributors' words only ever go in through textContent.
//
// wall:   follows the wall's WebSocket (ArtworkStream) from the snapshot's number; new marks pop in, new
//         messages join a gentle ticker (one every few seconds), the counters follow.
// replay: loads the public log page by page (log.json) and plays it in the chosen length of time.
// launch: covers the banner until "Reveal" (Space, Enter or the button), then uncovers it: a sweep, or
//         a plain fade for those who ask for less motion. It follows the wall too.
(() => {
  "use strict";
  const root = document.querySelector("[data-artwork-screen]");
  if (!root) return;
  const config = readJSON("artwork-screen-config") || {};
  const labels = readJSON("artwork-screen-labels") || {};
  const mode = config.mode || root.dataset.artworkScreen;
  const svg = root.querySelector(".aw-mosaic svg");
  if (!svg) return;
  const SVG_NS = "http://www.w3.org/2000/svg";
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const numbers = new Intl.NumberFormat(config.language || document.documentElement.lang || undefined);
  let regionNames = null;
  try {
    regionNames = new Intl.DisplayNames([config.language || document.documentElement.lang || "en"], { type: "region" });
  } catch (error) {
    regionNames = null;
  }

  const fields = {};
  root.querySelectorAll("[data-field]").forEach((el) => {
    fields[el.dataset.field] = el;
  });

  function readJSON(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  }

  function setText(name, text) {
    const el = fields[name];
    if (el && el.textContent !== text) el.textContent = text;
  }

  // --- Geometry, as printing.Geometry ------------------------------------------------------------
  const g = config.geometry;
  const cellW = g.width / g.columns;
  const cellH = g.height / g.rows;
  const half = g.gap / 2;

  function n(value) {
    return String(Math.round(value * 1000) / 1000);
  }

  function tile(x, y) {
    const left = x * cellW + half;
    const top = y * cellH + half;
    return [left, top, cellW - g.gap, cellH - g.gap];
  }

  function rectPath(x, y) {
    const [left, top, w, h] = tile(x, y);
    return `M${n(left)} ${n(top)}h${n(w)}v${n(h)}h${n(-w)}z`;
  }

  function inkFor(colour) {
    const channel = (pair) => {
      const c = parseInt(pair, 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const lum = 0.2126 * channel(colour.slice(1, 3)) + 0.7152 * channel(colour.slice(3, 5)) + 0.0722 * channel(colour.slice(5, 7));
    return lum > 0.3 ? "#1B1B1F" : "#FFFFFF";
  }

  function drawingPath(x, y, strokes) {
    const [left, top, w, h] = tile(x, y);
    const inset = 0.12 * Math.min(w, h);
    const bx = left + inset;
    const by = top + inset;
    const bw = w - 2 * inset;
    const bh = h - 2 * inset;
    let d = "";
    for (const stroke of strokes || []) {
      const points = stroke.map(([px, py]) => [bx + px * bw, by + py * bh]);
      if (!points.length) continue;
      if (points.length === 1) points.push(points[0]);
      d += `M${n(points[0][0])} ${n(points[0][1])}`;
      for (const [px, py] of points.slice(1)) d += `L${n(px)} ${n(py)}`;
    }
    return d;
  }

  // --- The model: cell "x,y" → contribution; its paths redrawn per colour --------------------------
  const cells = new Map();
  const cellOf = new Map(); // contribution id → "x,y"
  const dirty = new Set();
  let inksDirty = false;
  let frame = null;
  const filledGroup = svg.querySelector(".cells-filled") || svg.appendChild(document.createElementNS(SVG_NS, "g"));
  const drawingsGroup = svg.querySelector(".drawings") || svg.appendChild(document.createElementNS(SVG_NS, "g"));
  const strokeWidth = n(Math.max(0.2, 0.045 * Math.min(cellW, cellH)));
  const popLayer = document.createElementNS(SVG_NS, "g");
  popLayer.setAttribute("class", "pops");
  svg.appendChild(popLayer);

  function schedule() {
    if (frame === null) frame = window.requestAnimationFrame(redraw);
  }

  function pathFor(group, attribute, value, make) {
    let path = group.querySelector(`path[${attribute}="${value}"]`);
    if (!path) {
      path = document.createElementNS(SVG_NS, "path");
      path.setAttribute(attribute, value);
      make(path);
      group.appendChild(path);
    }
    return path;
  }

  function redraw() {
    frame = null;
    if (dirty.size) {
      const byColour = new Map([...dirty].map((colour) => [colour, []]));
      for (const [key, c] of cells) {
        if (byColour.has(c.colour)) {
          const [x, y] = key.split(",").map(Number);
          byColour.get(c.colour).push(rectPath(x, y));
        }
      }
      for (const [colour, parts] of byColour) {
        const path = pathFor(filledGroup, "data-colour", colour, (p) => p.setAttribute("fill", colour));
        path.setAttribute("d", parts.join(""));
      }
      dirty.clear();
    }
    if (inksDirty) {
      const byInk = new Map([["#1B1B1F", []], ["#FFFFFF", []]]);
      for (const [key, c] of cells) {
        if (c.drawing && c.drawing.length) {
          const [x, y] = key.split(",").map(Number);
          byInk.get(inkFor(c.colour)).push(drawingPath(x, y, c.drawing));
        }
      }
      for (const [ink, parts] of byInk) {
        const path = pathFor(drawingsGroup, "data-ink", ink, (p) => {
          p.setAttribute("fill", "none");
          p.setAttribute("stroke", ink);
          p.setAttribute("stroke-width", strokeWidth);
          p.setAttribute("stroke-linecap", "round");
          p.setAttribute("stroke-linejoin", "round");
        });
        path.setAttribute("d", parts.join(""));
      }
      inksDirty = false;
    }
  }

  function place(c, { pop = false } = {}) {
    const key = `${c.x},${c.y}`;
    const colour = String(c.colour || "").toUpperCase();
    if (!/^#[0-9A-F]{6}$/.test(colour)) return;
    const before = cells.get(key);
    if (before) {
      dirty.add(before.colour);
      cellOf.delete(before.id);
      if (before.drawing && before.drawing.length) inksDirty = true;
    }
    const entry = { id: c.id, colour, drawing: c.drawing || [], message: c.message || "", first_name: c.first_name || "", country: c.country || "" };
    cells.set(key, entry);
    cellOf.set(c.id, key);
    dirty.add(colour);
    if (entry.drawing.length) inksDirty = true;
    if (pop && !reducedMotion.matches) popAt(c.x, c.y, colour);
    schedule();
  }

  function takeAway(id) {
    const key = cellOf.get(id);
    if (!key) return false;
    const c = cells.get(key);
    cells.delete(key);
    cellOf.delete(id);
    dirty.add(c.colour);
    if (c.drawing.length) inksDirty = true;
    schedule();
    return true;
  }

  function popAt(x, y, colour) {
    if (popLayer.childElementCount > 60) return; // a burst: the colours say it already
    const [left, top, w, h] = tile(x, y);
    const ring = document.createElementNS(SVG_NS, "rect");
    ring.setAttribute("x", n(left));
    ring.setAttribute("y", n(top));
    ring.setAttribute("width", n(w));
    ring.setAttribute("height", n(h));
    ring.setAttribute("fill", colour);
    ring.setAttribute("class", "pop");
    ring.style.transformOrigin = `${n(left + w / 2)}px ${n(top + h / 2)}px`;
    ring.addEventListener("animationend", () => ring.remove());
    popLayer.appendChild(ring);
    setTimeout(() => ring.remove(), 3000);
  }

  function countries() {
    const seen = new Set();
    for (const c of cells.values()) if (c.country) seen.add(c.country);
    return seen.size;
  }

  const plurals = new Intl.PluralRules(config.language || document.documentElement.lang || undefined);
  function unit(name, count) {
    const forms = labels[name] || {};
    const word = forms[plurals.select(count)] ?? forms.other ?? "";
    root.querySelectorAll(`[data-unit="${name}"]`).forEach((el) => {
      if (el.textContent !== word) el.textContent = word;
    });
  }

  function updateCounts() {
    const count = cells.size;
    const places = countries();
    root.querySelectorAll("[data-field=count]").forEach((el) => {
      el.textContent = numbers.format(count);
    });
    root.querySelectorAll("[data-field=countries]").forEach((el) => {
      el.textContent = numbers.format(places);
    });
    unit("mark", count);
    unit("country", places);
    svg.setAttribute("aria-label", fill(labels.mosaic, { title: document.querySelector(".aw-title, .aw-launch-title")?.textContent || "", count: numbers.format(cells.size) }));
  }

  function load(contributions) {
    for (const key of cells.keys()) dirty.add(cells.get(key).colour);
    cells.clear();
    cellOf.clear();
    inksDirty = true;
    for (const c of contributions || []) place(c);
    filledGroup.querySelectorAll("path[data-colour]").forEach((p) => dirty.add(p.getAttribute("data-colour")));
    schedule();
    updateCounts();
  }

  // Apply public log entries (as snapshot.wall_entries makes them).
  function apply(entries, { pop = true, ticker = true } = {}) {
    for (const entry of entries) {
      const data = entry.data || {};
      if (entry.kind === "approved") {
        place(data, { pop });
        if (ticker && data.message) queueMessage(data);
      } else if (entry.kind === "hidden") {
        takeAway(data.id);
        dropMessage(data.id);
      } else if (entry.kind === "erased") {
        for (const id of data.ids || []) {
          takeAway(id);
          dropMessage(id);
        }
      }
    }
    updateCounts();
  }

  // --- The ticker: the latest messages, one new one every few seconds ------------------------------
  const tickerList = fields.ticker;
  const waiting = [];
  let tickerTimer = null;
  const TICKER_GAP_MS = 3500;

  function countryName(code) {
    if (!code) return "";
    try {
      return (regionNames && regionNames.of(code)) || code;
    } catch (error) {
      return code;
    }
  }

  function messageItem(c) {
    const li = document.createElement("li");
    li.className = "aw-message";
    li.dataset.id = String(c.id);
    const swatch = document.createElementNS(SVG_NS, "svg");
    swatch.setAttribute("class", "aw-message-swatch");
    swatch.setAttribute("viewBox", "0 0 1 1");
    swatch.setAttribute("aria-hidden", "true");
    const rect = document.createElementNS(SVG_NS, "rect");
    rect.setAttribute("width", "1");
    rect.setAttribute("height", "1");
    rect.setAttribute("fill", /^#[0-9A-Fa-f]{6}$/.test(c.colour) ? c.colour : "#888888");
    swatch.appendChild(rect);
    const text = document.createElement("span");
    text.className = "aw-message-text";
    text.dir = "auto";
    text.textContent = c.message;
    li.append(swatch, text);
    const who = [c.first_name, countryName(c.country)].filter(Boolean).join(" · ");
    if (who) {
      const span = document.createElement("span");
      span.className = "aw-message-who";
      span.dir = "auto";
      span.textContent = who;
      li.appendChild(span);
    }
    return li;
  }

  function queueMessage(c) {
    if (!tickerList) return;
    waiting.push(c);
    if (waiting.length > 20) waiting.shift(); // a burst after a freeze: the latest are enough
    if (tickerTimer === null) showNextMessage();
  }

  function showNextMessage() {
    const c = waiting.shift();
    if (!c) {
      tickerTimer = null;
      return;
    }
    if (cellOf.has(c.id)) {
      tickerList.querySelectorAll(".aw-message-empty").forEach((el) => el.remove());
      const li = messageItem(c);
      if (!reducedMotion.matches) li.classList.add("aw-message-new");
      tickerList.prepend(li);
      while (tickerList.children.length > (config.ticker || 5)) tickerList.lastElementChild.remove();
    }
    tickerTimer = setTimeout(showNextMessage, TICKER_GAP_MS);
  }

  function dropMessage(id) {
    const index = waiting.findIndex((c) => c.id === id);
    if (index >= 0) waiting.splice(index, 1);
    if (tickerList) tickerList.querySelectorAll(`[data-id="${Number(id)}"]`).forEach((el) => el.remove());
  }

  // Country codes the server wrote into the ticker become names in the page's language.
  root.querySelectorAll("[data-country]").forEach((el) => {
    el.textContent = countryName(el.dataset.country);
  });

  // --- Full screen (F), and a hidden pointer on a venue screen ------------------------------------
  const fullscreenButton = root.querySelector("[data-fullscreen]");
  function toggleFullscreen() {
    if (!document.fullscreenEnabled) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  }
  if (fullscreenButton && document.fullscreenEnabled) {
    fullscreenButton.hidden = false;
    fullscreenButton.addEventListener("click", toggleFullscreen);
    document.addEventListener("fullscreenchange", () => {
      fullscreenButton.textContent = document.fullscreenElement ? labels.exit_fullscreen : labels.fullscreen;
    });
  }
  document.addEventListener("keydown", (event) => {
    if ((event.key === "f" || event.key === "F") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const tag = (event.target && event.target.tagName) || "";
      if (!["INPUT", "SELECT", "TEXTAREA"].includes(tag)) toggleFullscreen();
    }
  });
  let idleTimer = null;
  document.addEventListener("pointermove", () => {
    document.body.classList.remove("aw-idle");
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => document.body.classList.add("aw-idle"), 3000);
  });

  // --- Live: the wall's stream ---------------------------------------------------------------------
  function setConnection(state, label) {
    root.dataset.connection = state;
    if (root.dataset.frozen === "true" && state === "live") setText("status", labels.frozen);
    else setText("status", label);
  }

  function follow() {
    if (typeof window.ArtworkStream !== "function") return null;
    return new window.ArtworkStream(config.socket, {
      since: config.since,
      labels,
      onEntries: (entries) => apply(entries),
      onReload: () =>
        fetch(config.snapshot, { headers: { Accept: "application/json" } })
          .then((response) => {
            if (!response.ok) throw new Error(String(response.status));
            return response.json();
          })
          .then((state) => {
            load(state.contributions);
            root.dataset.frozen = state.frozen ? "true" : "false";
            return state.last_seq;
          }),
      onStatus: (status) => setConnection(status.state, status.label),
      onState: (state) => {
        root.dataset.frozen = state.frozen ? "true" : "false";
        setConnection(root.dataset.connection, labels[root.dataset.connection] || labels.live);
      },
    });
  }

  // --- Replay ----------------------------------------------------------------------------------------
  function replay() {
    const controls = fields.controls;
    const playButton = controls.querySelector("[data-action=play]");
    const clock = fields.clock;
    const timeFormat = new Intl.DateTimeFormat(config.language || undefined, { dateStyle: "medium", timeStyle: "short" });
    let entries = [];
    let timeline = []; // the time (ms into the replay, before scaling) at which each entry plays
    let next = 0;
    let playing = false;
    let raf = null;
    controls.hidden = false;
    setText("status", labels.loading);
    playButton.disabled = true;

    async function loadAll() {
      let since = 0;
      for (;;) {
        const response = await fetch(`${config.log}?since=${since}`, { headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error(String(response.status));
        const page = await response.json();
        entries = entries.concat(page.entries.filter((e) => ["approved", "hidden", "erased"].includes(e.kind)));
        since = page.to;
        if (!page.more || page.to < page.from) break;
      }
      // Real time, with long quiet spells (nights, breaks) shortened to a minute.
      let t = 0;
      let last = null;
      timeline = entries.map((e) => {
        const at = Date.parse(e.at);
        if (last !== null) t += Math.min(Math.max(0, at - last), 60000);
        last = at;
        return t;
      });
      playButton.disabled = false;
      setText("status", "");
      playButton.textContent = labels.play;
    }

    function duration() {
      return Number(fields.duration.value || 30) * 1000;
    }

    let playhead = 0; // how far into the replay, as a share of it (0 to 1)
    let lastNow = 0;

    function tick(now) {
      playhead = Math.min(1, playhead + (now - lastNow) / duration());
      lastNow = now;
      const total = timeline.length ? timeline[timeline.length - 1] || 1 : 1;
      const reached = playhead * total;
      const batch = [];
      while (next < entries.length && timeline[next] <= reached) batch.push(entries[next++]);
      if (batch.length) {
        apply(batch, { pop: true, ticker: false });
        if (clock) {
          const at = new Date(batch[batch.length - 1].at);
          clock.dateTime = at.toISOString();
          clock.textContent = timeFormat.format(at);
        }
      }
      fields.progress.value = Math.round(playhead * 1000);
      if (next >= entries.length) {
        playing = false;
        playButton.textContent = labels.replay;
        return;
      }
      raf = window.requestAnimationFrame(tick);
    }

    function play() {
      if (playing) {
        playing = false;
        window.cancelAnimationFrame(raf);
        playButton.textContent = labels.play;
        return;
      }
      if (next >= entries.length) {
        load([]);
        next = 0;
        playhead = 0;
      }
      playing = true;
      lastNow = performance.now();
      playButton.textContent = labels.pause;
      raf = window.requestAnimationFrame(tick);
    }

    playButton.addEventListener("click", play);
    loadAll().catch(() => setText("status", labels.closed));
  }

  // --- Launch ----------------------------------------------------------------------------------------
  function launch() {
    const button = root.querySelector("[data-action=reveal]");
    root.dataset.stage = "covered";
    button.hidden = false;
    button.focus();
    function reveal() {
      if (root.dataset.stage !== "covered") return;
      root.dataset.stage = reducedMotion.matches ? "revealed" : "revealing";
      button.hidden = true;
      if (!reducedMotion.matches) {
        fields.mosaic.addEventListener("animationend", () => {
          root.dataset.stage = "revealed";
        }, { once: true });
      }
    }
    button.addEventListener("click", reveal);
    document.addEventListener("keydown", (event) => {
      if ((event.key === " " || event.key === "Enter") && event.target === document.body) {
        event.preventDefault();
        reveal();
      }
    });
  }

  // --- Start -----------------------------------------------------------------------------------------
  load(config.contributions);
  svg.querySelectorAll(".cells-filled path, .drawings path").forEach((p) => p.remove()); // the model redraws them
  dirty.clear();
  for (const c of cells.values()) dirty.add(c.colour);
  inksDirty = true;
  redraw();
  if (mode === "replay") replay();
  else {
    if (mode === "launch") launch();
    follow();
    const empty = tickerList && tickerList.querySelector(".aw-message-empty");
    if (empty && cells.size) empty.hidden = false;
  }
})();
