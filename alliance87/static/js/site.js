// Progressive enhancement only: every page works without this file.

// Reading a page in French, Spanish or Arabic remembers that language on this device, so an address
// without a language (the banner's QR code, a shared link) opens in it next time (first_language.py).
// English is remembered only when chosen with the language links: an English page is also what a
// page that exists in English only shows to everyone.
(() => {
  const language = document.documentElement.lang;
  const remembered = document.cookie.split("; ").find((item) => item.startsWith("django_language="));
  if (document.documentElement.dataset.rememberLanguage !== undefined && remembered !== `django_language=${language}`) {
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = `django_language=${language}; path=/; max-age=31536000; samesite=lax${secure}`;
  }
})();

document.addEventListener("DOMContentLoaded", () => {
  // Filters submit themselves when changed (the Apply button stays for keyboard and no-JS users).
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
