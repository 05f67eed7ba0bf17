// Live progress of one import (templates/transfer/impor_detail.html): polls the status URL.
"use strict";
(function () {
  var bar = document.querySelector("#progress");
  if (!bar || !bar.dataset.statusUrl) return;
  var url = bar.dataset.statusUrl;
  var text = document.querySelector("#progress-text");
  var label = document.querySelector("#status-label");
  function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
      bar.setAttribute("aria-valuenow", d.percent);
      bar.firstElementChild.style.width = d.percent + "%";
      text.textContent = d.done + " / " + d.total + " (" + d.percent + "%)";
      label.textContent = d.status_label;
      if (d.running) { setTimeout(poll, 1000); } else { window.location.reload(); }
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
