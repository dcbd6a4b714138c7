// ArtworkStream: follow a banner's log over its WebSocket, missing nothing across reconnections.
//
//   const stream = new ArtworkStream("/ws/artwork/<slug>/wall/", {
//     since: 42,                     // the last_seq of the snapshot the page loaded
//     onEntries(entries, message) {},// new entries, in order, each at most once (seq above everything before)
//     onReload(message) {},          // load the snapshot again; return its last_seq (or a promise of it)
//     onStatus(status) {},           // {state: "connecting"|"live"|"reconnecting"|"closed", label: "…"}
//     onState(state) {},             // the wall's {frozen, seq} (walls only)
//     onError(error) {},             // {code, message} from the server
//     labels: {connecting, live, reconnecting, closed},  // the status words, in the page's language
//   });
//
// The server sends {"type": "entries", from, to, entries}, covering every number from `from` to `to`.
// This keeps the last number it has (`stream.since`): a message that starts further on means something
// was missed, so it asks again with {"since": n} instead of applying it; entries it already has are
// dropped. After a reconnection (backoff 0.5 s doubling to 15 s, with jitter) it sends {"since": n} first,
// so the screen resumes exactly where it stood. It pings every 20 s and reconnects when nothing comes
// back within 10 s (a half-open connection on venue Wi-Fi looks open for minutes otherwise).
// Closes with 4403 (permission) or 4404 (no such banner) are final: no retry.
(() => {
  "use strict";

  const FINAL_CLOSES = new Set([4403, 4404]);
  const PING_EVERY_MS = 20000;
  const PONG_WITHIN_MS = 10000;
  const DEFAULT_LABELS = {
    connecting: "Connecting…",
    live: "Live",
    reconnecting: "Reconnecting…",
    closed: "Not live: reload the page",
  };

  function pageLabels() {
    const el = document.getElementById("artwork-stream-labels") || document.getElementById("artwork-screen-labels");
    if (!el) return {};
    try {
      return JSON.parse(el.textContent) || {};
    } catch (error) {
      return {};
    }
  }

  class ArtworkStream {
    constructor(path, options = {}) {
      this.path = path;
      this.options = options;
      this.labels = Object.assign({}, DEFAULT_LABELS, pageLabels(), options.labels || {});
      this.since = Number.isFinite(options.since) ? options.since : 0;
      this.socket = null;
      this.attempts = 0;
      this.stopped = false;
      this.waitingForReload = false;
      this.pingTimer = null;
      this.pongTimer = null;
      this.retryTimer = null;
      this.status = null;
      this.connect();
    }

    url() {
      const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      return `${scheme}//${window.location.host}${this.path}`;
    }

    setStatus(state) {
      if (this.status === state) return;
      this.status = state;
      if (this.options.onStatus) this.options.onStatus({ state, label: this.labels[state] || state });
    }

    connect() {
      if (this.stopped) return;
      this.setStatus(this.attempts ? "reconnecting" : "connecting");
      let socket;
      try {
        socket = new WebSocket(this.url());
      } catch (error) {
        this.scheduleRetry();
        return;
      }
      this.socket = socket;
      socket.addEventListener("open", () => {
        if (this.socket !== socket) return;
        this.attempts = 0;
        if (!this.waitingForReload) this.send({ since: this.since });
        this.setStatus("live");
        this.startPings();
      });
      socket.addEventListener("message", (event) => {
        if (this.socket === socket) this.receive(event.data);
      });
      socket.addEventListener("close", (event) => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.stopPings();
        if (FINAL_CLOSES.has(event.code)) {
          this.stopped = true;
          this.setStatus("closed");
          return;
        }
        this.scheduleRetry();
      });
    }

    scheduleRetry() {
      if (this.stopped) return;
      this.setStatus("reconnecting");
      const base = Math.min(15000, 500 * 2 ** this.attempts);
      const wait = base / 2 + Math.random() * (base / 2);
      this.attempts += 1;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.connect(), wait);
    }

    send(message) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    }

    startPings() {
      this.stopPings();
      this.pingTimer = setInterval(() => {
        this.send({ type: "ping" });
        clearTimeout(this.pongTimer);
        this.pongTimer = setTimeout(() => this.drop(), PONG_WITHIN_MS);
      }, PING_EVERY_MS);
    }

    stopPings() {
      clearInterval(this.pingTimer);
      clearTimeout(this.pongTimer);
    }

    // Give up on this connection (silent for too long) and reconnect.
    drop() {
      const socket = this.socket;
      if (!socket) return;
      this.socket = null;
      this.stopPings();
      try {
        socket.close();
      } catch (error) {
        // already closing
      }
      this.scheduleRetry();
    }

    receive(text) {
      let message;
      try {
        message = JSON.parse(text);
      } catch (error) {
        return;
      }
      clearTimeout(this.pongTimer);
      switch (message.type) {
        case "entries":
          this.take(message);
          break;
        case "reload":
          this.reload(message);
          break;
        case "state":
          if (this.options.onState) this.options.onState(message);
          break;
        case "error":
          if (this.options.onError) this.options.onError(message);
          break;
        default:
          break; // "pong", and whatever a newer server says that this page does not know
      }
    }

    take(message) {
      if (this.waitingForReload) return; // a snapshot is coming; resume from it
      if (message.from > this.since + 1) {
        this.send({ since: this.since }); // a gap: ask for what is missing instead
        return;
      }
      const fresh = (message.entries || []).filter((entry) => entry.seq > this.since);
      if (message.to > this.since) this.since = message.to;
      if (fresh.length && this.options.onEntries) this.options.onEntries(fresh, message);
    }

    // The server says a snapshot is needed. The page loads one and returns its last_seq (or a promise of
    // it); a page with nothing to load (a console that re-renders itself) returns nothing, and the stream
    // carries on from where the server stands (message.seq).
    reload(message) {
      this.waitingForReload = true;
      let result;
      try {
        result = this.options.onReload ? this.options.onReload(message) : undefined;
      } catch (error) {
        result = undefined;
      }
      const fallback = Number.isFinite(message.seq) ? message.seq : this.since;
      if (result && typeof result.then === "function") {
        result.then(
          (since) => this.restart(Number.isFinite(since) ? since : fallback),
          () => setTimeout(() => this.restart(this.since), 2000), // could not load: ask again (another reload)
        );
      } else {
        this.restart(Number.isFinite(result) ? result : fallback);
      }
    }

    // Carry on from `since` (after a reload, or to jump).
    restart(since) {
      this.since = since;
      this.waitingForReload = false;
      this.send({ since });
    }

    close() {
      this.stopped = true;
      clearTimeout(this.retryTimer);
      this.stopPings();
      if (this.socket) this.socket.close();
      this.socket = null;
      this.setStatus("closed");
    }
  }

  window.ArtworkStream = ArtworkStream;
})();
