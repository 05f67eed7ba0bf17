// A new item on a plan's page (templates/admin/penataan/_butir_baru.html): the ASN by name or
// NIP (a small combobox), the current formasi filled in from their definitive assignment, the
// target formasi by unit then jabatan, and the item's validation shown beside it at once.
// Everything is decided by the server (scope, validation); this only asks and shows.
"use strict";
(function () {
  var box = document.getElementById("butir-baru");
  if (!box) return;
  var form = document.getElementById("form-butir-baru");
  var cari = document.getElementById("id_pegawai_cari");
  var daftar = document.getElementById("daftar-pegawai");
  var pegawai = document.getElementById("id_pegawai");
  var asal = document.getElementById("butir-formasi-asal");
  var asalAwal = asal.textContent;
  var unit = document.getElementById("id_unit_tujuan");
  var tujuan = document.getElementById("id_formasi_tujuan");
  var hasil = document.getElementById("butir-validasi");
  var alasan = document.getElementById("id_alasan_peringatan");
  var jenis = form.querySelector("[name=jenis]");
  var pilihan = [];
  var aktif = -1;
  var timer = null;
  var nomorPeriksa = 0;

  function getJson(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (d) { d._status = r.status; return d; }); });
  }
  function formasiLabel(f) {
    return f.jabatan + " (" + box.dataset.pesanKelas + " " + f.kelas + ")" + (f.unit ? " — " + f.unit : "");
  }

  // --- the ASN combobox ---
  function tutup() {
    daftar.hidden = true; cari.setAttribute("aria-expanded", "false");
    cari.removeAttribute("aria-activedescendant"); aktif = -1;
  }
  function tandai(i) {
    var items = daftar.querySelectorAll("[role=option]");
    items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
    aktif = i;
    if (i >= 0 && items[i]) { cari.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({block: "nearest"}); }
  }
  function pilih(i) {
    var p = pilihan[i];
    if (!p) return;
    pegawai.value = String(p.id);
    cari.value = p.nama + " (" + p.nip + ")";
    asal.textContent = p.formasi_asal ? formasiLabel(p.formasi_asal) : asalAwal;
    tutup();
    periksa();
  }
  function tampilkan(data) {
    pilihan = data.hasil || [];
    daftar.textContent = "";
    if (!pilihan.length) {
      var kosong = document.createElement("li");
      kosong.textContent = data.pesan || box.dataset.pesanKosong;
      daftar.appendChild(kosong);
    }
    pilihan.forEach(function (p, i) {
      var li = document.createElement("li");
      li.id = "pegawai-opsi-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = p.nama + " — " + p.nip + (p.formasi_asal ? " — " + p.formasi_asal.jabatan : "");
      li.addEventListener("mousedown", function (e) { e.preventDefault(); pilih(i); });
      daftar.appendChild(li);
    });
    daftar.hidden = false; cari.setAttribute("aria-expanded", "true");
  }
  cari.addEventListener("input", function () {
    pegawai.value = "";
    asal.textContent = asalAwal;
    clearTimeout(timer);
    var q = cari.value.trim();
    if (q.length < 2) { tutup(); return; }
    timer = setTimeout(function () {
      getJson(box.dataset.cariUrl + "?q=" + encodeURIComponent(q)).then(tampilkan);
    }, 250);
  });
  cari.addEventListener("keydown", function (e) {
    var n = pilihan.length;
    if (e.key === "ArrowDown" && n) { e.preventDefault(); if (daftar.hidden) { daftar.hidden = false; cari.setAttribute("aria-expanded", "true"); } tandai((aktif + 1) % n); }
    else if (e.key === "ArrowUp" && n) { e.preventDefault(); tandai((aktif - 1 + n) % n); }
    else if (e.key === "Enter" && !daftar.hidden && aktif >= 0) { e.preventDefault(); pilih(aktif); }
    else if (e.key === "Escape") { tutup(); }
  });
  cari.addEventListener("blur", function () { setTimeout(tutup, 150); });

  // --- the target: unit, then jabatan ---
  unit.addEventListener("change", function () {
    while (tujuan.options.length) tujuan.remove(0);
    tujuan.disabled = true;
    if (!unit.value) { periksa(); return; }
    getJson(box.dataset.formasiUrl + "?unit=" + encodeURIComponent(unit.value)).then(function (d) {
      tujuan.add(new Option(box.dataset.pesanPilihJabatan, ""));
      (d.hasil || []).forEach(function (f) {
        var orang = box.dataset.pesanOrang.replace("%(k)s", f.kebutuhan).replace("%(b)s", f.bezetting);
        tujuan.add(new Option(formasiLabel(f) + "; " + orang, String(f.id)));
      });
      tujuan.disabled = false;
      periksa();
    });
  });
  tujuan.addEventListener("change", periksa);
  jenis.addEventListener("change", periksa);
  alasan.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(periksa, 400); });

  // --- the validation beside the item ---
  function periksa() {
    if (!pegawai.value && !cari.value.trim()) return;
    var params = new URLSearchParams();
    ["jenis", "pegawai", "pegawai_cari", "formasi_tujuan", "alasan_peringatan"].forEach(function (name) {
      var el = form.querySelector("[name=" + name + "]");
      if (el && el.value) params.set(name, el.value);
    });
    var nomor = ++nomorPeriksa;
    getJson(box.dataset.periksaUrl + "?" + params.toString()).then(function (d) {
      if (nomor !== nomorPeriksa) return; // an older answer arriving late
      hasil.textContent = "";
      if (d.pesan) { var p = document.createElement("p"); p.className = "masalah-error"; p.textContent = d.pesan; hasil.appendChild(p); return; }
      if (d.formasi_asal) asal.textContent = formasiLabel(d.formasi_asal);
      if (!d.masalah.length) {
        var ok = document.createElement("p"); ok.className = "masalah-diakui"; ok.dataset.testid = "butir-lolos";
        ok.textContent = box.dataset.pesanLolos; hasil.appendChild(ok);
      } else {
        var ul = document.createElement("ul");
        d.masalah.forEach(function (m) {
          var li = document.createElement("li");
          li.className = m.is_error ? "masalah-error" : (alasan.value.trim() ? "masalah-diakui" : "masalah-warning");
          li.textContent = m.tingkat + ": " + m.pesan;
          ul.appendChild(li);
        });
        hasil.appendChild(ul);
      }
      alasan.required = d.perlu_alasan;
      alasan.setAttribute("aria-invalid", d.perlu_alasan && !alasan.value.trim() ? "true" : "false");
    });
  }
})();
