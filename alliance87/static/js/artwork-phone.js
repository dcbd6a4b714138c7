// The phone page of the co-created artwork. Progressive enhancement: the page is a plain form that
// posts without this file. With it: tap a cell on the banner, zoom, draw with a finger, count the
// characters, send through the API with this phone's device token, and follow the mark from
// "Waiting for a moderator" to "On the wall" (or "Placed" for a colour alone).
(() => {
  "use strict";
  const root = document.querySelector("[data-artwork-phone]");
  const dataEl = document.getElementById("aw-phone-data");
  if (!root || !dataEl) return;
  document.documentElement.classList.add("aw-js");

  const data = JSON.parse(dataEl.textContent);
  const labels = data.labels || {};
  const takenEl = document.getElementById("aw-taken");
  const taken = takenEl ? JSON.parse(takenEl.textContent) : "";
  const columns = data.columns;
  const rows = data.rows;
  const lastKey = `a87-artwork-last:${data.slug}`;
  const POLL_MS = [3000, 3000, 3000, 5000, 5000, 10000];
  const POLL_FOR_MS = 20 * 60 * 1000;
  const MAX_STROKES = 40;
  const MAX_POINTS = 800;

  const $ = (selector, scope = root) => scope.querySelector(selector);
  const fill = (template, values) => String(template || "").replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  // [one, other] from the server (ngettext), chosen with the page language's plural rules.
  const pluralRules = new Intl.PluralRules(data.lang || "en");
  const plural = (forms, count) => (Array.isArray(forms) ? forms[pluralRules.select(count) === "one" ? 0 : 1] : forms);

  // ---------------------------------------------------------------- the device token (made once)
  function deviceToken() {
    let token = null;
    try {
      token = window.localStorage.getItem(data.storage_key);
    } catch (error) {
      token = null; // storage refused (private mode): a token for this page only
    }
    if (!token) {
      const bytes = new Uint8Array(24);
      window.crypto.getRandomValues(bytes);
      token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      try {
        window.localStorage.setItem(data.storage_key, token);
      } catch (error) {
        /* kept in memory only */
      }
    }
    return token;
  }
  const token = deviceToken();

  // ---------------------------------------------------------------- the banner: zoom and picking a cell
  const board = $("[data-board]");
  const scroller = $("[data-board-scroll]");
  const svg = $("[data-grid]");
  const pick = $("[data-pick]");
  const mine = $("[data-mine]");
  const zoomControls = $("[data-zoom-controls]");
  const zoomLevel = $("[data-zoom-level]");
  const ZOOMS = [1, 2, 4, 8];
  let zoom = 1;

  function setZoom(next, focusCell) {
    const before = scroller.scrollWidth;
    const centreX = (scroller.scrollLeft + scroller.clientWidth / 2) / before;
    const centreY = (scroller.scrollTop + scroller.clientHeight / 2) / scroller.scrollHeight;
    zoom = next;
    board.dataset.zoom = String(zoom);
    zoomLevel.textContent = fill(labels.zoom, { times: zoom });
    let fx = centreX;
    let fy = centreY;
    if (focusCell) {
      fx = (focusCell.x + 0.5) / columns;
      fy = (focusCell.y + 0.5) / rows;
    }
    scroller.scrollLeft = fx * scroller.scrollWidth - scroller.clientWidth / 2;
    scroller.scrollTop = fy * scroller.scrollHeight - scroller.clientHeight / 2;
    zoomControls.querySelector('[data-zoom-step="-1"]').disabled = zoom === ZOOMS[0];
    zoomControls.querySelector('[data-zoom-step="1"]').disabled = zoom === ZOOMS[ZOOMS.length - 1];
  }

  if (board && svg) {
    zoomControls.hidden = false;
    setZoom(1);
    zoomControls.addEventListener("click", (event) => {
      const button = event.target.closest("[data-zoom-step]");
      if (!button) return;
      const index = ZOOMS.indexOf(zoom) + Number(button.dataset.zoomStep);
      if (index >= 0 && index < ZOOMS.length) setZoom(ZOOMS[index], currentCell());
    });
  }

  const form = $("[data-form]");
  const columnInput = form ? form.elements.column : null;
  const rowInput = form ? form.elements.row : null;
  const hint = $("[data-cell-hint]");
  const hintDefault = labels.cell_hint || (hint ? hint.textContent : "");
  const MIN_CELL_PX = 10; // smaller than this, a tap zooms in rather than picks

  function isTaken(x, y) {
    return taken.charAt(y * columns + x) === "1";
  }

  function currentCell() {
    if (!columnInput || !rowInput) return null;
    const x = parseInt(columnInput.value, 10) - 1;
    const y = parseInt(rowInput.value, 10) - 1;
    if (Number.isNaN(x) || Number.isNaN(y) || x < 0 || y < 0 || x >= columns || y >= rows) return null;
    return { x, y };
  }

  function showPick() {
    const cell = currentCell();
    if (!pick) return;
    if (!cell) {
      pick.setAttribute("visibility", "hidden");
      if (hint) hint.textContent = hintDefault;
      return;
    }
    pick.setAttribute("x", cell.x);
    pick.setAttribute("y", cell.y);
    pick.setAttribute("visibility", "visible");
    if (hint) {
      hint.textContent = isTaken(cell.x, cell.y)
        ? labels.cell_taken
        : fill(labels.cell_chosen, { column: cell.x + 1, row: cell.y + 1 });
    }
  }

  if (svg && form) {
    svg.addEventListener("click", (event) => {
      const box = svg.getBoundingClientRect();
      // The grid keeps its aspect ratio inside the box (xMidYMid meet): find the drawn area.
      const scale = Math.min(box.width / columns, box.height / rows);
      const left = box.left + (box.width - columns * scale) / 2;
      const top = box.top + (box.height - rows * scale) / 2;
      const x = Math.floor((event.clientX - left) / scale);
      const y = Math.floor((event.clientY - top) / scale);
      if (x < 0 || y < 0 || x >= columns || y >= rows) return;
      if (scale < MIN_CELL_PX && zoom < ZOOMS[ZOOMS.length - 1]) {
        // Too small to aim at with a finger: zoom in around the tap first.
        const width = scroller.clientWidth;
        const next = ZOOMS.find((z) => (width * z) / columns >= MIN_CELL_PX) || ZOOMS[ZOOMS.length - 1];
        setZoom(next, { x, y });
        if (hint) hint.textContent = labels.tap_again;
        return;
      }
      columnInput.value = x + 1;
      rowInput.value = y + 1;
      clearErrors("cell");
      showPick();
    });
    [columnInput, rowInput].forEach((input) => input.addEventListener("input", showPick));
    const choose = $("[data-choose]");
    choose.hidden = false;
    choose.addEventListener("click", () => {
      columnInput.value = "";
      rowInput.value = "";
      clearErrors("cell");
      showPick();
      if (hint) hint.textContent = labels.cell_any;
    });
    showPick();
  }

  // ---------------------------------------------------------------- the message's counter
  const message = form ? form.elements.message : null;
  const counter = $("[data-counter]");
  function count() {
    if (!message || !counter) return;
    const length = Array.from(message.value.trim().replace(/\s+/g, " ")).length;
    if (length > 80) {
      counter.textContent = fill(labels.counter_over, { count: length, over: length - 80 });
      counter.dataset.over = "";
    } else {
      counter.textContent = fill(labels.counter, { count: length });
      delete counter.dataset.over;
    }
  }
  if (message) {
    message.addEventListener("input", count);
    count();
  }

  // ---------------------------------------------------------------- the drawing pad
  const draw = $("[data-draw]");
  const pad = $("[data-pad]");
  const drawingInput = form ? form.elements.drawing : null;
  let strokes = [];
  let current = null;

  function points() {
    return strokes.reduce((sum, stroke) => sum + stroke.length, 0);
  }

  function paint() {
    const context = pad.getContext("2d");
    context.clearRect(0, 0, pad.width, pad.height);
    context.lineWidth = pad.width / 40;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#1b1d21";
    strokes.forEach((stroke) => {
      context.beginPath();
      stroke.forEach(([x, y], index) => {
        const px = x * pad.width;
        const py = y * pad.height;
        if (index === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      });
      if (stroke.length === 1) context.lineTo(stroke[0][0] * pad.width + 0.1, stroke[0][1] * pad.height);
      context.stroke();
    });
    drawingInput.value = strokes.length ? JSON.stringify(strokes) : "";
    $("[data-pad-count]").textContent = strokes.length
      ? fill(plural(labels.strokes, strokes.length), { count: strokes.length })
      : labels.drawing_empty;
  }

  function padPoint(event) {
    const box = pad.getBoundingClientRect();
    const clamp = (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  }

  if (draw && pad && drawingInput) {
    draw.hidden = false;
    pad.addEventListener("pointerdown", (event) => {
      if (strokes.length >= MAX_STROKES || points() >= MAX_POINTS) return;
      event.preventDefault();
      pad.setPointerCapture(event.pointerId);
      current = [padPoint(event)];
      strokes.push(current);
      paint();
    });
    pad.addEventListener("pointermove", (event) => {
      if (!current) return;
      const point = padPoint(event);
      const last = current[current.length - 1];
      if (Math.hypot(point[0] - last[0], point[1] - last[1]) < 0.012 || points() >= MAX_POINTS) return;
      current.push(point);
      paint();
    });
    const end = () => {
      current = null;
    };
    pad.addEventListener("pointerup", end);
    pad.addEventListener("pointercancel", end);
    $("[data-pad-undo]").addEventListener("click", () => {
      strokes.pop();
      paint();
    });
    $("[data-pad-clear]").addEventListener("click", () => {
      strokes = [];
      paint();
    });
    if (drawingInput.value) {
      try {
        strokes = JSON.parse(drawingInput.value);
      } catch (error) {
        strokes = [];
      }
    }
    paint();
  }

  // ---------------------------------------------------------------- errors next to their fields
  const FIELD_OF = { x: "cell", y: "cell", column: "cell", row: "cell" };

  function errorList(field) {
    const ids = {
      colour: "aw-colour_errors",
      cell: "aw-cell_errors",
      drawing: "aw-drawing_errors",
    };
    const id = ids[field] || (form.elements[field] && form.elements[field].id ? `${form.elements[field].id}_errors` : null);
    return id ? document.getElementById(id) : null;
  }

  function clearErrors(field) {
    const lists = field ? [errorList(field)] : Array.from(form.querySelectorAll(".errorlist"));
    lists.forEach((list) => {
      if (!list) return;
      list.replaceChildren();
      list.hidden = true;
    });
    if (!field) {
      form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
      const top = $("[data-form-errors]");
      top.hidden = true;
    }
  }

  function showError(field, text) {
    let list = errorList(field);
    if (!list) {
      const top = $("[data-form-errors]");
      list = top.querySelector(".errorlist");
      top.hidden = false;
    }
    const item = document.createElement("li");
    item.textContent = text; // text, never markup
    list.append(item);
    list.hidden = false;
    const input = form.elements[field];
    if (input && input.setAttribute) {
      input.setAttribute("aria-invalid", "true");
      // Read the error with the field (the server's page does it through Django's "<id>_error").
      const described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (list.id && !described.includes(list.id)) input.setAttribute("aria-describedby", [list.id, ...described].join(" "));
    }
    if (field === "drawing" && draw) draw.open = true;
    if (field === "cell" && hint) hint.textContent = hintDefault;
    if (["first_name", "organisation_kind", "country"].includes(field)) {
      const about = $(".aw-about");
      if (about) about.open = true;
    }
    return list;
  }

  // ---------------------------------------------------------------- waiting: the cooldown and 429s
  const send = $("[data-send]");
  const wait = $("[data-wait]");
  const waitLive = $("[data-wait-live]");
  let waitTimer = null;
  const announce = (text) => {
    if (waitLive) waitLive.textContent = text;
  };

  function countDown(seconds, text) {
    clearInterval(waitTimer);
    let left = Math.max(0, Math.ceil(seconds));
    const initial = String(left);
    const own = (n) => fill(plural(labels.wait, n), { seconds: n });
    const base = text || own(left);
    const render = () => {
      if (left <= 0) {
        wait.textContent = labels.send_now;
        announce(labels.send_now);
        send.disabled = false;
        clearInterval(waitTimer);
        window.setTimeout(() => {
          if (!send.disabled) wait.hidden = true;
        }, 4000);
        return;
      }
      // The server's message names the seconds once: keep its words, count the number down.
      // Down to "1 second" the server's plural no longer fits: the page's own words, in the right number.
      const keep = base.includes(initial) && pluralRules.select(left) !== "one";
      wait.textContent = keep ? base.replace(initial, String(left)) : own(left);
    };
    wait.hidden = false;
    send.disabled = true;
    render();
    announce(wait.textContent); // once: the seconds counting down are only shown
    waitTimer = window.setInterval(() => {
      left -= 1;
      render();
    }, 1000);
  }

  if (wait && send && wait.hasAttribute("data-throttled") && Number(wait.dataset.seconds) > 0) {
    countDown(Number(wait.dataset.seconds), wait.textContent.trim());
  }

  // ---------------------------------------------------------------- after sending: the mark's state
  const status = $("[data-status]");
  let pollTimer = null;

  let mineColour = null;

  function showStatus(state, id, cell) {
    if (cell && cell.colour) mineColour = cell.colour;
    const title = labels[state];
    const text = labels[`${state}_text`];
    status.hidden = false;
    status.dataset.sent = String(id);
    status.className = `aw-status aw-status-${state}`;
    $("[data-status-title]", status).textContent = title;
    $("[data-status-text]", status).textContent = text;
    // The page that withdraws the mark (the API's POST set the device cookie it goes by).
    const withdraw = $("[data-withdraw]", status);
    if (withdraw) {
      withdraw.href = withdraw.dataset.withdrawBase.replace(/0\/$/, `${id}/`);
      withdraw.parentElement.hidden = state === "withdrawn";
    }
    if (cell) $("[data-status-cell]", status).textContent = fill(labels.cell, { column: cell.x + 1, row: cell.y + 1 });
    $("[data-status-live]", status).textContent = title;
    if (cell && mine) {
      mine.replaceChildren();
      const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      rect.setAttribute("x", cell.x);
      rect.setAttribute("y", cell.y);
      rect.setAttribute("width", 1);
      rect.setAttribute("height", 1);
      rect.setAttribute("class", "aw-mine");
      if (mineColour && (state === "placed" || state === "approved")) rect.style.fill = mineColour; // on the banner
      mine.append(rect);
    }
  }

  function stateOf(answer) {
    if (answer.status === "pending") return "pending";
    if (answer.status === "approved") return answer.colour_only ? "placed" : "approved";
    if (answer.status === "withdrawn") return "withdrawn";
    return "not_shown";
  }

  function follow(id, startedAt, attempt = 0) {
    clearTimeout(pollTimer);
    if (Date.now() - startedAt > POLL_FOR_MS) return;
    const delay = POLL_MS[Math.min(attempt, POLL_MS.length - 1)];
    pollTimer = window.setTimeout(async () => {
      try {
        const response = await fetch(`${data.api}/${id}?lang=${data.lang}`, {
          headers: { "X-Device-Token": token, Accept: "application/json" },
          cache: "no-store",
        });
        if (response.status === 404) return; // not this phone's, or gone
        if (response.ok) {
          const answer = await response.json();
          const state = stateOf(answer);
          const shown = status.className.includes(`aw-status-${state}`);
          if (!shown) showStatus(state, id, { x: answer.x, y: answer.y });
          if (state === "pending") follow(id, startedAt, attempt + 1);
          return;
        }
      } catch (error) {
        /* offline for a moment: try again */
      }
      follow(id, startedAt, attempt + 1);
    }, delay);
  }

  function remember(id) {
    try {
      window.localStorage.setItem(lastKey, JSON.stringify({ id, at: Date.now() }));
    } catch (error) {
      /* not remembered across reloads */
    }
  }

  // The no-JavaScript answer (?sent=) or a mark sent before a reload: follow it.
  if (status && status.dataset.sent) {
    follow(Number(status.dataset.sent), Date.now());
  } else if (status) {
    try {
      const last = JSON.parse(window.localStorage.getItem(lastKey) || "null");
      if (last && Date.now() - last.at < POLL_FOR_MS) {
        showStatus("pending", last.id, null);
        follow(last.id, last.at, 0);
      }
    } catch (error) {
      /* nothing remembered */
    }
  }

  // ---------------------------------------------------------------- sending through the API
  function payload() {
    const chosen = form.querySelector("input[name=colour]:checked");
    const body = {
      colour: chosen ? chosen.value : "",
      message: message ? message.value : "",
      first_name: form.elements.first_name.value,
      organisation_kind: form.elements.organisation_kind.value,
      country: form.elements.country.value,
    };
    const cell = currentCell();
    if (cell) {
      body.x = cell.x;
      body.y = cell.y;
    } else if (columnInput.value || rowInput.value) {
      body.x = columnInput.value ? Number(columnInput.value) - 1 : null;
      body.y = rowInput.value ? Number(rowInput.value) - 1 : null;
    }
    if (strokes.length) body.drawing = strokes;
    return body;
  }

  if (form && send) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (send.disabled) return;
      clearErrors();
      const body = payload();
      const label = send.textContent;
      send.disabled = true;
      send.textContent = labels.sending;
      let response;
      try {
        response = await fetch(`${data.api}?lang=${data.lang}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Device-Token": token, Accept: "application/json" },
          body: JSON.stringify(body),
        });
      } catch (error) {
        send.disabled = false;
        send.textContent = label;
        showError("__all__", labels.network);
        return;
      }
      send.textContent = label;
      send.disabled = false;
      let answer = {};
      try {
        answer = await response.json();
      } catch (error) {
        answer = {};
      }
      if (response.status === 201) {
        const state = answer.status === "approved" ? "placed" : "pending";
        showStatus(state, answer.id, { x: answer.x, y: answer.y, colour: body.colour });
        remember(answer.id);
        status.focus();
        status.scrollIntoView({ block: "start" });
        if (message) message.value = "";
        count();
        if (pad) {
          strokes = [];
          paint();
        }
        columnInput.value = "";
        rowInput.value = "";
        showPick();
        if (state === "pending") follow(answer.id, Date.now());
        if (data.cooldown) countDown(data.cooldown);
        return;
      }
      if (response.status === 429) {
        const seconds = Number(response.headers.get("Retry-After")) || answer.retry_after || 1;
        countDown(seconds, answer.detail);
        return;
      }
      const problems = Array.isArray(answer.detail) ? answer.detail : [{ loc: [], msg: answer.detail || labels.network }];
      let first = null;
      problems.forEach((problem) => {
        const loc = problem.loc || [];
        const name = loc.length > 1 ? String(loc[loc.length - 1]) : "__all__";
        const field = FIELD_OF[name] || name;
        const list = showError(field, problem.msg);
        first = first || list;
      });
      const focusTarget = first && first.closest("[data-field], fieldset, details, [data-form-errors]");
      if (focusTarget) {
        const control = focusTarget.querySelector("input, textarea, select, summary");
        (control || focusTarget).focus();
      }
    });
  }
})();
