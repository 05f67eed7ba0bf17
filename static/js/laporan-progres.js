// Live progress of one report on its admin page (templates/admin/laporan/laporan/change_form.html).
"use strict";
(function () {
  var box = document.getElementById("laporan-progres");
  if (!box) return;
  var url = box.dataset.statusUrl;
  var berjalan = false;
  function tick() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        document.getElementById("laporan-status").textContent = d.status_label;
        document.getElementById("laporan-bar").value = d.progres;
        document.getElementById("laporan-persen").textContent = d.progres + "%";
        document.getElementById("laporan-langkah").textContent = d.langkah;
        var galat = document.getElementById("laporan-galat");
        galat.textContent = d.pesan_galat; galat.hidden = !d.pesan_galat;
        document.getElementById("laporan-tautan").hidden = !d.terlihat;
        if (d.status === "antre" || d.status === "proses") { berjalan = true; setTimeout(tick, 1500); }
        else if (berjalan) { document.getElementById("laporan-selesai").hidden = false; }
      })
      .catch(function () { setTimeout(tick, 5000); });
  }
  tick();
})();
