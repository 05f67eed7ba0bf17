/* SKM kiosk: answers are queued on the device (localStorage) with an idempotency key each and
   sent when the network allows. The server stores a key once, so a resend after a lost answer
   never makes a second response; an item leaves the queue only when the server confirmed it. */
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  if (!root) return;
  var form = document.getElementById("kiosk-form");
  var counter = document.getElementById("antrean");
  var jaringan = document.getElementById("status-jaringan");
  var galat = document.getElementById("kiosk-galat");
  var terimaKasih = document.getElementById("terima-kasih");
  var API = root.dataset.api;
  var KUNCI = "skm-kiosk-antrean:" + root.dataset.kiosk;
  var KUNCI_GAGAL = "skm-kiosk-ditolak:" + root.dataset.kiosk;
  var RESET_MS = (parseInt(root.dataset.resetDetik, 10) || 90) * 1000;
  var CACHE = "skm-kiosk-v1";
  var UNSUR = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];

  function baca(kunci) {
    try { return JSON.parse(localStorage.getItem(kunci) || "[]"); } catch (e) { return []; }
  }
  function tulis(kunci, isi) { localStorage.setItem(kunci, JSON.stringify(isi)); }
  function tampilkan() {
    counter.textContent = String(baca(KUNCI).length);
    var online = navigator.onLine;
    jaringan.textContent = online ? jaringan.dataset.online : jaringan.dataset.offline;
    root.classList.toggle("luring", !online);
  }
  function buang(kunci) {
    // Re-read: the citizen may have queued another answer while this one was in flight.
    tulis(KUNCI, baca(KUNCI).filter(function (item) { return item.idempotency_key !== kunci; }));
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function hariIni() {
    // The service date in the instansi's time zone, whatever the tablet's own setting.
    var bagian = new Intl.DateTimeFormat("en-CA", {
      timeZone: root.dataset.tz || "Asia/Jakarta", year: "numeric", month: "2-digit", day: "2-digit",
    }).formatToParts(new Date());
    var ambil = function (t) { return bagian.filter(function (p) { return p.type === t; })[0].value; };
    return ambil("year") + "-" + ambil("month") + "-" + ambil("day");
  }

  var mengirim = false;
  function kirimAntrean() {
    if (mengirim) return Promise.resolve();
    var antrean = baca(KUNCI);
    if (!antrean.length) { tampilkan(); return Promise.resolve(); }
    mengirim = true;
    var i = 0;
    function berikut() {
      if (i >= antrean.length) return Promise.resolve();
      var item = antrean[i++];
      return fetch(API, {
        method: "POST", credentials: "omit", cache: "no-store",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(item),
      }).then(function (res) {
        if (res.status === 200 || res.status === 201) { buang(item.idempotency_key); tampilkan(); return berikut(); }
        if (res.status === 400) {
          // The server will never accept it: keep it aside so the queue does not stall.
          var gagal = baca(KUNCI_GAGAL); gagal.push(item); tulis(KUNCI_GAGAL, gagal.slice(-50));
          buang(item.idempotency_key); tampilkan(); return berikut();
        }
        return null;  // 429 or a server error: try again later, in order
      });
    }
    return berikut().catch(function () { /* offline: keep the queue */ }).then(function () {
      mengirim = false; tampilkan();
    });
  }

  function kumpulkan() {
    var data = new FormData(form);
    var jawaban = {};
    UNSUR.forEach(function (k) { if (data.get(k)) jawaban[k] = parseInt(data.get(k), 10); });
    return {
      idempotency_key: uuid(),
      jawaban: jawaban,
      umur: parseInt(data.get("umur"), 10),
      jenis_kelamin: data.get("jenis_kelamin"),
      pendidikan: data.get("pendidikan"),
      pekerjaan: data.get("pekerjaan"),
      jenis_layanan: data.get("jenis_layanan"),
      tanggal_layanan: hariIni(),
      saran: (data.get("saran") || "").trim(),
      diisi_pada: new Date().toISOString(),
      situs_web: data.get("situs_web") || "",
    };
  }

  function tandaiKosong() {
    var kosong = null;
    form.querySelectorAll("fieldset, .kiosk-sub").forEach(function (el) { el.classList.remove("kosong"); });
    form.querySelectorAll("[required]").forEach(function (el) {
      if (el.checkValidity()) return;
      var wadah = el.closest(".kiosk-sub") || el.closest("fieldset");
      if (wadah) wadah.classList.add("kosong");
      if (!kosong) kosong = el;
    });
    return kosong;
  }

  var timerReset = null;
  function reset() {
    form.reset();
    form.querySelectorAll(".kosong").forEach(function (el) { el.classList.remove("kosong"); });
    galat.hidden = true;
    window.scrollTo(0, 0);
  }
  function aktivitas() {
    clearTimeout(timerReset);
    timerReset = setTimeout(reset, RESET_MS);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var kosong = tandaiKosong();
    if (kosong) {
      galat.hidden = false;
      kosong.focus();
      return;
    }
    var item = kumpulkan();
    var antrean = baca(KUNCI); antrean.push(item); tulis(KUNCI, antrean);
    tampilkan();
    reset();
    form.hidden = true; terimaKasih.hidden = false;
    setTimeout(function () { terimaKasih.hidden = true; form.hidden = false; }, 4000);
    kirimAntrean();
  });
  ["input", "change", "touchstart", "keydown"].forEach(function (t) {
    form.addEventListener(t, aktivitas, { passive: true });
  });
  form.addEventListener("change", function (ev) {
    var wadah = ev.target.closest(".kosong");
    if (wadah && ev.target.checkValidity()) wadah.classList.remove("kosong");
  });

  // A kiosk stays on its page: no back navigation, no context menu.
  history.pushState(null, "", location.href);
  window.addEventListener("popstate", function () { history.pushState(null, "", location.href); });
  document.addEventListener("contextmenu", function (ev) { ev.preventDefault(); });

  window.addEventListener("online", function () { tampilkan(); kirimAntrean(); });
  window.addEventListener("offline", tampilkan);
  setInterval(kirimAntrean, 30000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      // The first visit happened before the worker existed: keep this page for offline starts.
      if (window.caches) caches.open(CACHE).then(function (c) { return c.add(location.href); }).catch(function () {});
    }).catch(function () {});
  }
  tampilkan();
  kirimAntrean();
})();
