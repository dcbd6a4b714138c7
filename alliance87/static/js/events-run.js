// The run-of-show screens (the console and the speakers' countdown): follow the event's WebSocket and
// keep its clock. Progressive enhancement: both pages read without this file, and the console's buttons
// are forms that post without it.
//
// The clock never counts on its own: every snapshot carries the server's time (server_now_ms) and the
// seconds spent in the current segment at that instant; this screen adds the time passed since, read
// from its own clock corrected by its measured offset to the server's (pings, the shortest round trip
// wins). A reload, a second device or a reconnect therefore shows the same time left.
(() => {
  "use strict";
  const root = document.querySelector("[data-run]");
  if (!root) return;

  const mode = root.dataset.run; // "console" or "countdown"
  const labels = readJSON("run-labels") || {};
  let snap = readJSON("run-initial");
  let socket = null;
  let attempts = 0;
  let stopped = false; // the server said there is nothing to follow here
  let samples = []; // clock-offset samples: {offset, rtt}
  let offset = snap ? snap.server_now_ms - Date.now() : 0;
  let lastWarning = null;
  let lastItem = undefined;
  let lastState = snap ? snap.state : null;
  let errorTimer = null;

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

  // A title in another language than the screen's (English standing in on a French screen) is marked
  // lang="en", as the pages do (views/run.py's _other_language).
  function setTitleLang(name, item) {
    const el = fields[name];
    if (!el) return;
    const lang = item && item.title_lang !== snap.language ? item.title_lang : "";
    if (lang) el.lang = lang;
    else el.removeAttribute("lang");
  }

  function setHidden(name, hidden) {
    const el = fields[name];
    if (el) el.hidden = hidden;
  }

  // As live.clock_text: whole seconds rounded up (0:00 is the end), "+m:ss" once over, h:mm:ss past an hour.
  function clockText(seconds, signed) {
    if (seconds === null || seconds === undefined) return "–";
    const over = signed && seconds <= 0;
    const whole = over ? Math.floor(-seconds) : Math.ceil(Math.max(0, seconds));
    const hours = Math.floor(whole / 3600);
    const minutes = Math.floor((whole % 3600) / 60);
    const secs = whole % 60;
    const pad = (n) => String(n).padStart(2, "0");
    const text = hours ? `${hours}:${pad(minutes)}:${pad(secs)}` : `${minutes}:${pad(secs)}`;
    return over ? `+${text}` : text;
  }

  function minutesText(seconds) {
    return fill(labels.minutes, { minutes: Math.round(Math.abs(seconds) / 60) });
  }

  // ------------------------------------------------------------------ the clock

  function serverNow() {
    return Date.now() + offset;
  }

  function sinceSnapshot() {
    return Math.max(0, (serverNow() - snap.server_now_ms) / 1000);
  }

  function elapsed() {
    return snap.elapsed_seconds + (snap.clock_running ? sinceSnapshot() : 0);
  }

  function remaining() {
    return snap.current ? snap.planned_seconds - elapsed() : null;
  }

  function warningFor(rem) {
    if (rem === null) return "";
    if (rem <= 0) return "overrun";
    if (rem <= 120) return "last_two_minutes";
    return "on_time";
  }

  function addSample(sampleOffset, rtt) {
    samples.push({ offset: sampleOffset, rtt });
    samples = samples.slice(-8);
    offset = samples.reduce((best, s) => (s.rtt < best.rtt ? s : best)).offset;
  }

  // ------------------------------------------------------------------ rendering

  function tick() {
    if (!snap) return;
    const rem = remaining();
    const warning = warningFor(rem);
    let clock;
    if (snap.current) clock = clockText(rem, true);
    else if (snap.state === "ready" && snap.next) clock = clockText(snap.next.planned_seconds, false);
    else clock = clockText(null);
    setText("clock", clock);
    if (fields.clock) fields.clock.dataset.chars = clock.length; // the CSS sizes the digits to fit the width
    root.dataset.warning = warning || "none";
    let words = warning ? labels.warnings[warning] : labels.states[snap.state] || "";
    if (snap.state === "paused" && warning) words = `${labels.states.paused} · ${words}`;
    setText("warning-text", words);
    if (fields.bar) {
      const share = snap.current && snap.planned_seconds ? Math.min(1, elapsed() / snap.planned_seconds) : 0;
      fields.bar.style.inlineSize = `${(share * 100).toFixed(2)}%`;
    }
    if (warning !== lastWarning) {
      if (lastWarning !== null && snap.state === "running") {
        if (warning === "last_two_minutes") announce(labels.two_minutes_left);
        if (warning === "overrun") announce(labels.overrun_announce);
      }
      lastWarning = warning;
    }
    if (mode === "console") {
      tickTotals(rem);
      const row = snap.current && root.querySelector(`[data-sheet-item="${snap.current.pk}"] [data-sheet-actual]`);
      if (row) row.textContent = clockText(Math.floor(elapsed()));
    }
  }

  function tickTotals(rem) {
    const show = snap.show;
    if (show.elapsed_seconds === null) {
      setText("show-elapsed", `${clockText(0)} / ${clockText(show.slot_seconds)}`);
      setText("show-plan", labels.on_plan);
      setText("show-projection", labels.projected_within);
      root.dataset.projection = "within";
      return;
    }
    const running = snap.state === "running" || snap.state === "paused";
    const showElapsed = show.elapsed_seconds + (running ? sinceSnapshot() : 0);
    setText("show-elapsed", `${clockText(Math.floor(showElapsed))} / ${clockText(show.slot_seconds)}`);
    const remAtSnapshot = snap.remaining_seconds;
    let behind = show.behind_seconds || 0;
    let projected = show.projected_seconds;
    if (remAtSnapshot !== null && rem !== null) {
      behind += Math.max(0, -rem) - Math.max(0, -remAtSnapshot);
      const later = show.projected_seconds - show.elapsed_seconds - Math.max(0, remAtSnapshot);
      projected = showElapsed + Math.max(0, rem) + later;
    }
    let plan = labels.on_plan;
    if (behind >= 30) plan = fill(labels.behind, { minutes: minutesText(behind) });
    else if (behind <= -30) plan = fill(labels.ahead, { minutes: minutesText(behind) });
    setText("show-plan", plan);
    const over = projected - show.slot_seconds;
    root.dataset.projection = over >= 30 ? "over" : "within";
    setText(
      "show-projection",
      over >= 30 ? fill(labels.projected_over, { minutes: minutesText(over) }) : labels.projected_within,
    );
  }

  // The segment's kind, unless its title already says it ("Opening remarks").
  function kindLabel(item) {
    const label = labels.kinds[item.kind] || "";
    return label.toLowerCase() === item.title.toLowerCase() ? "" : label;
  }

  function itemMeta(item) {
    const parts = [fill(labels.minutes, { minutes: item.planned_minutes })];
    if (item.lead) parts.push(item.lead);
    return parts.join(" · ");
  }

  function render() {
    if (!snap) return;
    root.dataset.state = snap.state;
    setText("state", labels.states[snap.state] || snap.state);
    const current = snap.current;
    if (current) {
      setText("position", fill(labels.segment_of, { index: snap.index + 1, count: snap.count }));
      setText("title", current.title);
      setTitleLang("title", current);
      setText("kind", kindLabel(current));
      setText("lead", current.lead || "");
      setText("notes", current.notes || "");
      setHidden("notes", !current.notes);
    } else if (snap.state === "ready" && snap.next) {
      setText("position", labels.starts_with);
      setText("title", snap.next.title);
      setTitleLang("title", snap.next);
      setText("kind", kindLabel(snap.next));
      setText("lead", snap.next.lead || "");
      setHidden("notes", true);
    } else {
      setText("position", labels.states[snap.state] || "");
      setText("title", snap.state === "ended" ? labels.ended : "");
      setTitleLang("title", null);
      setText("kind", "");
      setText("lead", "");
      setHidden("notes", true);
    }
    const upcoming = snap.current ? snap.next : null;
    setText("next-title", upcoming ? upcoming.title : snap.state === "ready" ? "" : labels.no_next);
    setTitleLang("next-title", upcoming);
    setText("next-meta", upcoming ? itemMeta(upcoming) : "");
    setHidden("next", mode === "console" && snap.state === "ready");
    if (mode === "console") {
      renderControls();
      renderSheet();
    }
    tick();
    // What a screen-reader user needs to hear: a new segment, a pause, the end (never every second).
    const item = current ? current.pk : null;
    if (lastItem !== undefined && item !== lastItem && current) {
      announce(fill(labels.now, { title: current.title }));
    } else if (snap.state !== lastState) {
      announce(labels.states[snap.state]);
    }
    if (item !== lastItem) lastWarning = null;
    lastItem = item;
    lastState = snap.state;
  }

  function announce(text) {
    if (!fields.announce || !text) return;
    fields.announce.textContent = "";
    window.setTimeout(() => {
      fields.announce.textContent = text;
    }, 50);
  }

  // As live.available_actions.
  function available() {
    const on = snap.state === "running" || snap.state === "paused";
    const last = on && snap.index !== null && snap.index + 1 >= snap.count;
    return {
      primary: { ready: "start", running: "pause", paused: "resume" }[snap.state] || null,
      back: on && Boolean(snap.index),
      forward: on ? (last ? "end" : "next") : null,
      end: on && !last,
      reset: snap.state !== "ready",
    };
  }

  function slot(name) {
    return root.querySelector(`form[data-slot="${name}"]`);
  }

  function setSlot(name, action, enabled, label) {
    const form = slot(name);
    if (!form) return;
    const button = form.querySelector("button");
    if (action) form.elements.action.value = action;
    form.elements.version.value = snap.version;
    button.disabled = !enabled;
    button.removeAttribute("aria-busy");
    if (label) {
      const text = button.querySelector("[data-label]") || button;
      if (text.textContent !== label) text.textContent = label;
    }
    form.dataset.action = form.elements.action.value;
  }

  function renderControls() {
    const can = available();
    setSlot("back", "back", can.back);
    setSlot("primary", can.primary, Boolean(can.primary), can.primary ? labels[can.primary] : labels.states.ended);
    setSlot("forward", can.forward, Boolean(can.forward), can.forward === "end" ? labels.end : labels.next);
    setSlot("end", "end", can.end);
    setSlot("reset", "reset", can.reset);
    const end = slot("end");
    if (end) end.hidden = !can.end;
    const reset = slot("reset");
    if (reset) reset.hidden = !can.reset;
  }

  function renderSheet() {
    const actuals = {};
    (snap.items || []).forEach((item) => {
      actuals[item.pk] = item.actual_seconds;
    });
    const currentPk = snap.current ? snap.current.pk : null;
    root.querySelectorAll("[data-sheet-item]").forEach((row) => {
      const pk = Number(row.dataset.sheetItem);
      const isCurrent = pk === currentPk;
      if (isCurrent) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
      const cell = row.querySelector("[data-sheet-actual]");
      if (cell) {
        const seconds = isCurrent ? elapsed() : actuals[pk];
        cell.textContent = seconds === null || seconds === undefined ? "" : clockText(Math.floor(seconds));
      }
      const status = row.querySelector("[data-sheet-status]");
      if (status) status.textContent = isCurrent ? labels.now_short : actuals[pk] != null ? labels.done : "";
    });
  }

  function showError(message) {
    if (!fields.error) return;
    fields.error.textContent = message;
    fields.error.hidden = false;
    window.clearTimeout(errorTimer);
    errorTimer = window.setTimeout(() => {
      fields.error.hidden = true;
      fields.error.textContent = "";
    }, 10000);
  }

  // ------------------------------------------------------------------ the connection

  function setConnection(status) {
    root.dataset.connection = status;
    setText("connection", labels[status] || status);
  }

  function accept(message) {
    if (snap && message.version < snap.version) return; // an older state, overtaken
    // Until a ping has measured the offset, take the snapshot's clock as it arrives (one-way delay unknown).
    if (!samples.length) offset = message.server_now_ms - Date.now();
    snap = message;
    render();
  }

  function handle(message) {
    if (message.type === "state") {
      accept(message);
    } else if (message.type === "pong") {
      const now = Date.now();
      const rtt = now - message.t;
      addSample(message.server_ms - (message.t + now) / 2, rtt);
      tick();
    } else if (message.type === "error") {
      showError(message.message);
      root.querySelectorAll("button[aria-busy]").forEach((b) => b.removeAttribute("aria-busy"));
      if (message.code === "not_found") stopped = true;
    }
  }

  function ping() {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping", t: Date.now() }));
  }

  function connect() {
    if (stopped || !("WebSocket" in window) || !root.dataset.socketUrl) return;
    const url = new URL(root.dataset.socketUrl, window.location.href);
    url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    setConnection(attempts ? "reconnecting" : "connecting");
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener("open", () => {
      attempts = 0;
      setConnection("live");
      [0, 400, 1200, 2500].forEach((delay) => window.setTimeout(ping, delay));
    });
    ws.addEventListener("message", (event) => handle(JSON.parse(event.data)));
    ws.addEventListener("close", () => {
      if (socket === ws) socket = null;
      if (stopped) return;
      attempts += 1;
      setConnection("reconnecting");
      poll();
      const delay = Math.min(10000, 500 * 2 ** Math.min(attempts, 5)) * (0.75 + Math.random() / 2);
      window.setTimeout(connect, delay);
    });
  }

  // While the socket is down: the same snapshot over HTTP, so the screen stays right (a proxy may block sockets).
  function poll() {
    if (!root.dataset.stateUrl) return;
    const sent = Date.now();
    fetch(root.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" })
      .then((response) => (response.ok ? response.json() : null))
      .then((message) => {
        if (!message) return;
        const now = Date.now();
        addSample(message.server_now_ms - (sent + now) / 2, now - sent + 50); // sockets' pings are preferred
        accept(message);
      })
      .catch(() => {});
  }

  // ------------------------------------------------------------------ the controls

  function send(form) {
    const action = form.elements.action.value;
    if (action === "reset" && !window.confirm(labels.confirm_reset)) return false;
    if (action === "end" && !window.confirm(labels.confirm_end)) return false;
    form.elements.version.value = snap.version;
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "action", action, version: snap.version }));
      const button = form.querySelector("button");
      if (button) button.setAttribute("aria-busy", "true");
      return false; // sent: the new state comes back through the socket
    }
    return true; // no socket: post the form
  }

  root.querySelectorAll("form[data-slot]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!send(form)) event.preventDefault();
    });
  });

  const KEYS = {
    " ": "primary",
    k: "primary",
    K: "primary",
    ArrowRight: "forward",
    n: "forward",
    N: "forward",
    ArrowLeft: "back",
    b: "back",
    B: "back",
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable], summary")) return;
    if (mode === "countdown") {
      if (event.key === "f" || event.key === "F") toggleFullscreen();
      return;
    }
    const name = KEYS[event.key];
    if (!name) return;
    // Space and Enter on a focused button or link do what that button or link does.
    if (event.key === " " && target.closest && target.closest("button, a")) return;
    const form = slot(name);
    const button = form && form.querySelector("button");
    if (!button || button.disabled) return;
    event.preventDefault();
    form.requestSubmit(button);
  });

  // ------------------------------------------------------------------ full screen and wake lock

  function toggleFullscreen() {
    if (!document.fullscreenEnabled) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  }

  const fullscreen = root.querySelector("[data-fullscreen]");
  if (fullscreen && document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", toggleFullscreen);
  }

  // A phone on the lectern must not dim: hold a screen wake lock while the page is visible.
  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").catch(() => {});
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    keepAwake();
    // Timers slow down in a hidden tab: catch up now, and ask for a fresh state.
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "sync" }));
    else poll();
    tick();
  });

  render();
  connect();
  keepAwake();
  window.setInterval(tick, 200);
  window.setInterval(ping, 20000);
  // Changes come as they happen; once a minute the screen also asks for the state, in case one was lost.
  window.setInterval(() => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "sync" }));
  }, 60000);
})();
