// The period picker of "Buat laporan" (templates/laporan/daftar.html): the numbers follow the
// report kind, and a period that has not ended is explained before the form is sent (the
// server refuses it too, with the same reason).
"use strict";
(function () {
  var form = document.getElementById("form-buat-laporan");
  if (!form) return;
  var pilihan = JSON.parse(form.dataset.periode);
  var jenis = form.querySelector("[name=jenis]");
  var tahun = form.querySelector("[name=tahun]");
  var nomor = form.querySelector("[name=nomor]");
  var barisNomor = document.getElementById("baris-nomor");
  var pesan = document.getElementById("periode-belum-berakhir");
  var tombol = document.getElementById("tombol-buat-laporan");

  function isiNomor() {
    var p = pilihan[jenis.value];
    var dipilih = nomor.value;
    while (nomor.options.length) nomor.remove(0);
    p.nomor.forEach(function (n) { nomor.add(new Option(n[1], String(n[0]))); });
    if (p.nomor.some(function (n) { return String(n[0]) === dipilih; })) nomor.value = dipilih;
    barisNomor.hidden = p.nomor.length === 0;
  }

  function periksa() {
    var t = pilihan[jenis.value].terakhir;
    var th = parseInt(tahun.value, 10);
    var n = pilihan[jenis.value].nomor.length ? parseInt(nomor.value, 10) : 1;
    var berakhir = th < t.tahun || (th === t.tahun && n <= t.nomor);
    pesan.hidden = berakhir;
    pesan.textContent = berakhir ? "" : pesan.dataset.pesan.replace("%(p)s", t.label);
    tombol.disabled = !berakhir;
    if (berakhir) { tombol.removeAttribute("aria-describedby"); }
    else { tombol.setAttribute("aria-describedby", "periode-belum-berakhir"); }
  }

  jenis.addEventListener("change", function () { isiNomor(); periksa(); });
  tahun.addEventListener("change", periksa);
  nomor.addEventListener("change", periksa);
  isiNomor();
  periksa();
})();
