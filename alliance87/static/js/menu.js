// The header's Menu (base.html): a <details> that folds the navigation on a phone. Where CSS cannot show
// a closed <details>' content on a wide screen (no ::details-content), keep it open there. Without this
// file the Menu button still opens and closes it.
document.addEventListener("DOMContentLoaded", () => {
  const menu = document.querySelector("[data-site-menu]");
  if (!menu) return;
  const wide = window.matchMedia("(min-width: 48rem)");
  const sync = () => {
    if (wide.matches) menu.open = true;
  };
  sync();
  wide.addEventListener("change", () => {
    if (wide.matches) menu.open = true;
    else menu.open = false;
  });
  // Escape closes an open menu on a phone and gives the focus back to its button.
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !wide.matches && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
});
