// Autosave for the annual report form: a progressive enhancement, the page works fully without it.
// Two seconds after the last change it posts the whole form (FormData, with the form's CSRF token) to
// the autosave address and says "Saved at HH:MM" in a polite live region. It also moves focus to the
// error summary when the server sent one, and saves the answers before an evidence upload leaves the page.
// Each save carries the version of the report the page was loaded with (the hidden "version" field) and
// takes the new one back. A save from a stale page is refused (409): the script then pauses, shows under
// each answer concerned the version saved since, and leaves everything typed where it is.
(() => {
  "use strict";

  const DELAY_MS = 2000;

  // The error summary takes focus, so it is read out first; each of its links moves focus to its
  // field (a plain fragment link only scrolls) and shows the field's label with it.
  const setUpErrorSummary = () => {
    const summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    if (document.activeElement !== summary) {
      summary.focus();
    }
    summary.querySelectorAll("a[href^='#']").forEach((link) => {
      link.addEventListener("click", (event) => {
        const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!target) {
          return;
        }
        event.preventDefault();
        const label = document.querySelector(`label[for="${CSS.escape(target.id)}"]`);
        target.focus({ preventScroll: true });
        (label || target).scrollIntoView({ block: "start" });
      });
    });
  };

  const setUp = () => {
    setUpErrorSummary();
    const form = document.querySelector("form[data-autosave-url]");
    if (!form || !window.fetch || !window.FormData) {
      return;
    }
    const status = document.getElementById(form.dataset.autosaveStatus);
    const tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    const versionInput = form.querySelector("input[name=version]");
    let timer = null;
    let dirty = false;
    let pending = null;
    let paused = false; // a newer version was saved elsewhere: only a save by hand goes on

    const showSavedVersion = (conflict) => {
      const field = document.getElementById(conflict.field);
      if (!field) {
        return;
      }
      const id = `${conflict.field}-saved-version`;
      let box = document.getElementById(id);
      if (!box) {
        box = document.createElement("div");
        box.id = id;
        box.className = "saved-version";
        box.setAttribute("role", "note");
        field.insertAdjacentElement("afterend", box);
      }
      box.replaceChildren();
      const message = document.createElement("p");
      message.className = "saved-version-title";
      message.textContent = conflict.message;
      const saved = document.createElement("p");
      saved.textContent = `${form.dataset.msgSavedVersion} ${conflict.saved || "—"}`;
      box.append(message, saved);
      field.setAttribute("aria-invalid", "true");
      const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (!described.includes(id)) {
        field.setAttribute("aria-describedby", [...described, id].join(" "));
      }
    };

    const say = (text) => {
      if (status) {
        status.textContent = text;
      }
    };

    const hhmm = (iso) => {
      const when = iso ? new Date(iso) : new Date();
      const date = Number.isNaN(when.getTime()) ? new Date() : when;
      return date.toLocaleTimeString(document.documentElement.lang || undefined, {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
    };

    const save = async () => {
      timer = null;
      if (!dirty) {
        return;
      }
      dirty = false;
      try {
        const response = await fetch(form.dataset.autosaveUrl, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: {
            "X-CSRFToken": tokenInput ? tokenInput.value : "",
            Accept: "application/json",
          },
        });
        const body = await response.json().catch(() => ({}));
        if (response.ok) {
          if (versionInput && body.version !== undefined) {
            versionInput.value = body.version;
          }
          say(form.dataset.msgSaved.replace("{time}", hhmm(body.saved_at)));
        } else if (response.status === 409) {
          paused = true;
          if (body.conflicts && body.conflicts.length) {
            body.conflicts.forEach(showSavedVersion);
            // The person has now seen both versions: "Save draft" keeps what is on screen.
            if (versionInput && body.version !== undefined) {
              versionInput.value = body.version;
            }
            say(form.dataset.msgStale);
          } else {
            say(Object.values(body.errors || {}).flat().join(" ") || form.dataset.msgFailed);
          }
        } else if (response.status === 400 && body.errors) {
          const messages = Object.values(body.errors).flat();
          say(`${form.dataset.msgInvalid} ${messages.join(" ")}`);
        } else {
          say(form.dataset.msgFailed);
        }
      } catch (error) {
        dirty = true; // try again with the next change, or when the draft is saved by hand
        say(form.dataset.msgFailed);
      }
    };

    const schedule = () => {
      dirty = true;
      if (paused) {
        return;
      }
      if (timer !== null) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(() => {
        pending = save().finally(() => {
          pending = null;
        });
      }, DELAY_MS);
    };

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // The form is about to be posted by hand: a late autosave would only repeat it.
    form.addEventListener("submit", () => {
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
      dirty = false;
    });

    // An upload is its own form: save the answers first, so leaving the page loses nothing.
    const upload = document.getElementById("evidence-form");
    if (upload) {
      upload.addEventListener("submit", async (event) => {
        if (paused && dirty) {
          event.preventDefault(); // leaving the page now would lose what was typed: save by hand first
          say(form.dataset.msgStale);
          return;
        }
        if (!dirty && timer === null && pending === null) {
          return;
        }
        event.preventDefault();
        if (timer !== null) {
          window.clearTimeout(timer);
          timer = null;
        }
        if (pending) {
          await pending;
        }
        await save();
        upload.submit();
      });
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
