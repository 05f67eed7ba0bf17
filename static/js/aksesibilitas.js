// Two small enhancements every page of base.html gets.
// 1. A form sent back with errors opens with its error summary (role="alert", tabindex="-1")
//    focused, so a screen reader reads it at once and Tab continues to the first faulty field.
// 2. A table wider than the screen scrolls inside its .table-scroll box. A box that scrolls becomes
// a focusable, named region so keyboard users can scroll it with the arrow keys (WCAG 2.1.1;
// axe rule scrollable-region-focusable). Re-checked when the window changes size.
(function () {
  "use strict";
  var script = document.currentScript;
  var label = (script && script.dataset.label) || "Tabel";

  function tandai(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : label);
      box.dataset.gulirOtomatis = "1";
    } else if (!scrolls && box.dataset.gulirOtomatis) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      delete box.dataset.gulirOtomatis;
    }
  }

  function semua() {
    document.querySelectorAll(".table-scroll").forEach(tandai);
  }

  var ringkasan = document.querySelector("main [role=alert][tabindex='-1']");
  if (ringkasan) {
    ringkasan.focus();
  }

  semua();
  var tunda;
  window.addEventListener("resize", function () {
    clearTimeout(tunda);
    tunda = setTimeout(semua, 100);
  });
})();
