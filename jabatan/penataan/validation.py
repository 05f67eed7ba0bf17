"""Validation of a whole plan: every problem of every item, each an error or a warning.

Errors block submission and apply. Warnings block them too until the item carries an
acknowledged reason (``ItemRencana.alasan_peringatan``). The same function runs before
submission, on the plan's pages, and again under row locks right before apply.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jabatan.golongan import GOLONGAN_PNS, golongan_rank
from jabatan.models import (
    Formasi,
    Jabatan,
    Jenjang,
    KategoriJabatan,
    Pegawai,
    RiwayatJabatan,
    StatusAktif,
)
from jabatan.penataan.hitung import formasi_angka
from jabatan.penataan.models import ItemRencana, JenisItem, RencanaPenataan

PERPINDAHAN = (JenisItem.MUTASI, JenisItem.PROMOSI, JenisItem.PENYETARAAN)


def jenjang_penyetaraan(jabatan: Jabatan) -> str | None:
    """The JF jenjang a structural position converts to (docs/domain.md#penyetaraan), or None."""
    if jabatan.kategori == KategoriJabatan.ADMINISTRATOR:
        return Jenjang.AHLI_MADYA
    if jabatan.kategori == KategoriJabatan.PENGAWAS:
        return Jenjang.AHLI_MUDA
    if jabatan.kategori == KategoriJabatan.PELAKSANA and jabatan.eselon.startswith("V"):
        return Jenjang.AHLI_PERTAMA
    return None


@dataclass(frozen=True)
class Masalah:
    kode: str
    pesan: str
    is_error: bool
    item_id: int | None = None
    nomor: int | None = None  # 1-based position of the item in the plan, for messages
    diakui: bool = False  # a warning whose item carries a reason

    @property
    def tingkat(self) -> str:
        return _("Galat") if self.is_error else _("Peringatan")

    def __str__(self) -> str:
        awalan = _("Butir %(n)s: ") % {"n": self.nomor} if self.nomor else ""
        return f"{awalan}{self.pesan}"


@dataclass
class HasilValidasi:
    masalah: list[Masalah] = field(default_factory=list)

    @property
    def errors(self) -> list[Masalah]:
        return [m for m in self.masalah if m.is_error]

    @property
    def warnings(self) -> list[Masalah]:
        return [m for m in self.masalah if not m.is_error]

    @property
    def warnings_tanpa_alasan(self) -> list[Masalah]:
        return [m for m in self.warnings if not m.diakui]

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.warnings_tanpa_alasan

    def per_item(self) -> dict[int | None, list[Masalah]]:
        grouped: dict[int | None, list[Masalah]] = defaultdict(list)
        for masalah in self.masalah:
            grouped[masalah.item_id].append(masalah)
        return grouped

    def raise_if_invalid(self) -> None:
        if self.is_valid:
            return
        pesan = [str(m) for m in self.errors]
        pesan += [
            _("%(m)s — peringatan ini memerlukan alasan yang diakui.") % {"m": m}
            for m in self.warnings_tanpa_alasan
        ]
        raise ValidationError({"items": pesan})


def load_items(rencana: RencanaPenataan) -> list[ItemRencana]:
    return list(
        rencana.items.select_related(
            "pegawai",
            "formasi_asal__jabatan",
            "formasi_asal__unit",
            "formasi_tujuan__jabatan",
            "formasi_tujuan__unit",
            "unit",
            "jabatan",
        ).order_by("urutan", "id")
    )


def jabatan_terbuka(items: list[ItemRencana]) -> dict[int, RiwayatJabatan]:
    """The open definitive assignment of each ASN the items name: what the validation judges a
    move against and what the apply then closes. The rows alone; a move's formasi is the item's
    own ``formasi_asal`` (loaded with the items), any other is read when named in a refusal."""
    return {
        r.pegawai_id: r
        for r in RiwayatJabatan.objects.definitif().filter(
            pegawai_id__in={i.pegawai_id for i in items if i.pegawai_id}, tmt_selesai__isnull=True
        )
    }


def rencana_validate(
    rencana: RencanaPenataan,
    *,
    items: list[ItemRencana] | None = None,
    jabatan_sekarang: dict[int, RiwayatJabatan] | None = None,
) -> HasilValidasi:
    """Every problem of the plan, in a constant number of queries. ``items`` and
    ``jabatan_sekarang`` (``jabatan_terbuka(items)``) may be given when already loaded."""
    items = load_items(rencana) if items is None else items
    hasil = HasilValidasi()
    if not items:
        hasil.masalah.append(Masalah("kosong", _("Rencana belum memiliki butir."), True))
        return hasil
    tmt = rencana.tmt

    if jabatan_sekarang is None:
        jabatan_sekarang = jabatan_terbuka(items)
    # The formasi ASN hold instead of their item's, named in the refusal (one query, if any).
    dipegang = {
        r.formasi_id
        for i in items
        if i.pegawai_id
        and (r := jabatan_sekarang.get(i.pegawai_id)) is not None
        and r.formasi_id != i.formasi_asal_id
    }
    formasi_dipegang = (
        Formasi.objects.select_related("jabatan", "unit").in_bulk(dipegang) if dipegang else {}
    )
    formasi_dikosongkan = {
        i.formasi_asal_id
        for i in items
        if i.jenis in (JenisItem.PENYETARAAN, JenisItem.PENGHAPUSAN_FORMASI) and i.formasi_asal_id
    }
    dipindah = {i.pegawai_id for i in items if i.is_perpindahan and i.pegawai_id}
    # Holders of the positions that end whom the plan does not move (they block it); the ones
    # it moves are not loaded (a whole-province penyetaraan moves thousands).
    tertinggal_di: dict[int, list[Pegawai]] = defaultdict(list)
    for r in (
        RiwayatJabatan.objects.definitif()
        .filter(formasi_id__in=formasi_dikosongkan, tmt_selesai__isnull=True)
        .exclude(pegawai_id__in=dipindah)
        .select_related("pegawai")
    ):
        tertinggal_di[r.formasi_id].append(r.pegawai)
    pasangan_baru: set[tuple[int, int]] = {
        (i.unit_id, i.jabatan_id)
        for i in items
        if i.jenis == JenisItem.PEMBENTUKAN_FORMASI and i.unit_id and i.jabatan_id
    } | {
        (i.formasi_asal.unit_id, i.jabatan_id)
        for i in items
        if i.jenis == JenisItem.PENYETARAAN and i.formasi_asal is not None and i.jabatan_id
    }
    formasi_ada: dict[tuple[int, int], Formasi] = {}
    if pasangan_baru:
        unit_ids = {u for u, _j in pasangan_baru}
        jabatan_ids = {j for _u, j in pasangan_baru}
        formasi_ada = {
            (f.unit_id, f.jabatan_id): f
            for f in Formasi.objects.filter(unit_id__in=unit_ids, jabatan_id__in=jabatan_ids)
        }
    tujuan_ids = {i.formasi_tujuan_id for i in items if i.formasi_tujuan_id}
    angka = formasi_angka(tujuan_ids)

    # What the plan itself changes, to judge each item against the plan as a whole.
    dibentuk = {
        (i.unit_id, i.jabatan_id) for i in items if i.jenis == JenisItem.PEMBENTUKAN_FORMASI
    }
    dihapus = {i.formasi_asal_id for i in items if i.jenis == JenisItem.PENGHAPUSAN_FORMASI}
    keluar = Counter(i.formasi_asal_id for i in items if i.is_perpindahan)
    masuk = Counter(i.formasi_tujuan_id for i in items if i.is_perpindahan and i.formasi_tujuan_id)
    jumlah_pegawai = Counter(i.pegawai_id for i in items if i.pegawai_id)
    penyetaraan_tujuan: dict[int, set[int | None]] = defaultdict(set)
    penyetaraan_kosong: Counter[int] = Counter()
    for i in items:
        if i.jenis == JenisItem.PENYETARAAN and i.formasi_asal_id:
            penyetaraan_tujuan[i.formasi_asal_id].add(i.jabatan_id)
            if not i.pegawai_id:
                penyetaraan_kosong[i.formasi_asal_id] += 1
    pembentukan_ganda = Counter(
        (i.unit_id, i.jabatan_id) for i in items if i.jenis == JenisItem.PEMBENTUKAN_FORMASI
    )
    penghapusan_ganda = Counter(
        dihapus_id
        for dihapus_id in (
            i.formasi_asal_id for i in items if i.jenis == JenisItem.PENGHAPUSAN_FORMASI
        )
        if dihapus_id
    )

    for nomor, item in enumerate(items, start=1):
        diakui = bool(item.alasan_peringatan.strip())

        def error(kode: str, pesan: str, item: ItemRencana = item, nomor: int = nomor) -> None:
            hasil.masalah.append(Masalah(kode, pesan, True, item.pk, nomor))

        def warning(
            kode: str,
            pesan: str,
            item: ItemRencana = item,
            nomor: int = nomor,
            diakui: bool = diakui,
        ) -> None:
            hasil.masalah.append(Masalah(kode, pesan, False, item.pk, nomor, diakui))

        jenis = item.jenis
        pegawai, asal = item.pegawai, item.formasi_asal
        if jenis in (JenisItem.MUTASI, JenisItem.PROMOSI) and not item.pegawai_id:
            error("pegawai_wajib", _("Pegawai wajib diisi untuk mutasi/rotasi dan promosi."))
        if jenis in (*PERPINDAHAN, JenisItem.PENGHAPUSAN_FORMASI) and asal is None:
            error("formasi_asal_wajib", _("Formasi asal wajib diisi."))
            continue

        # --- an ASN moving --------------------------------------------------------------------
        if pegawai is not None and asal is not None and jenis in PERPINDAHAN:
            if jumlah_pegawai[pegawai.pk] > 1:
                error(
                    "pegawai_ganda",
                    _("%(p)s muncul di lebih dari satu butir rencana ini.")
                    % {"p": pegawai.nama_lengkap},
                )
            if pegawai.status_aktif != StatusAktif.AKTIF:
                error(
                    "pegawai_tidak_aktif",
                    _("%(p)s berstatus %(s)s, bukan pegawai aktif.")
                    % {"p": pegawai.nama_lengkap, "s": pegawai.get_status_aktif_display()},
                )
            sekarang = jabatan_sekarang.get(pegawai.pk)
            if sekarang is None:
                error(
                    "tidak_menjabat",
                    _("%(p)s tidak lagi memiliki jabatan definitif yang aktif.")
                    % {"p": pegawai.nama_lengkap},
                )
            elif sekarang.formasi_id != item.formasi_asal_id:
                error(
                    "tidak_menjabat",
                    _("%(p)s tidak lagi memegang %(f)s; jabatannya kini %(k)s.")
                    % {
                        "p": pegawai.nama_lengkap,
                        "f": item.formasi_asal,
                        "k": formasi_dipegang[sekarang.formasi_id],
                    },
                )
            elif sekarang.tmt_mulai >= tmt:
                error(
                    "tmt_tidak_urut",
                    _("TMT rencana (%(t)s) harus sesudah TMT jabatan %(p)s saat ini (%(m)s).")
                    % {
                        "t": tmt.isoformat(),
                        "p": pegawai.nama_lengkap,
                        "m": sekarang.tmt_mulai.isoformat(),
                    },
                )
            jabatan_baru = (
                item.jabatan
                if jenis == JenisItem.PENYETARAAN
                else (item.formasi_tujuan.jabatan if item.formasi_tujuan is not None else None)
            )
            if (
                jabatan_baru is not None
                and pegawai.tanggal_pensiun(jabatan_baru.batas_usia_pensiun) <= tmt
            ):
                error(
                    "pensiun",
                    _("%(p)s sudah mencapai batas usia pensiun jabatan %(j)s pada TMT rencana.")
                    % {"p": pegawai.nama_lengkap, "j": jabatan_baru.nama},
                )

        # --- mutasi/rotasi and promosi ----------------------------------------------------------
        if jenis in (JenisItem.MUTASI, JenisItem.PROMOSI) and asal is not None:
            tujuan = item.formasi_tujuan
            if tujuan is None:
                error("formasi_tujuan_wajib", _("Formasi tujuan wajib diisi."))
                continue
            if tujuan.pk == item.formasi_asal_id:
                error("tujuan_sama", _("Formasi tujuan sama dengan formasi asal."))
            if not tujuan.aktif and (tujuan.unit_id, tujuan.jabatan_id) not in dibentuk:
                error("tujuan_nonaktif", _("Formasi tujuan %(f)s tidak aktif.") % {"f": tujuan})
            if tujuan.pk in dihapus:
                error(
                    "tujuan_dihapus",
                    _("Formasi tujuan %(f)s dihapus oleh rencana ini.") % {"f": tujuan},
                )
            kelas_asal = asal.jabatan.kelas_jabatan
            kelas_tujuan = tujuan.jabatan.kelas_jabatan
            if jenis == JenisItem.PROMOSI and kelas_tujuan <= kelas_asal:
                error(
                    "promosi_tidak_naik",
                    _("Promosi harus ke kelas jabatan yang lebih tinggi (%(a)s → %(b)s).")
                    % {"a": kelas_asal, "b": kelas_tujuan},
                )
            if jenis == JenisItem.MUTASI and kelas_tujuan < kelas_asal:
                warning(
                    "kelas_turun",
                    _("Kelas jabatan turun dari %(a)s ke %(b)s.")
                    % {"a": kelas_asal, "b": kelas_tujuan},
                )
            kebutuhan, bezetting = angka.get(tujuan.pk, (0, 0))
            sesudah = bezetting + masuk[tujuan.pk] - keluar[tujuan.pk]
            if kebutuhan and sesudah > kebutuhan:
                warning(
                    "tujuan_penuh",
                    _(
                        "Formasi tujuan %(f)s sudah memenuhi kebutuhan: kebutuhan %(k)s orang, "
                        "bezetting sesudah rencana %(b)s orang."
                    )
                    % {"f": tujuan, "k": kebutuhan, "b": sesudah},
                )

        # --- penyetaraan -------------------------------------------------------------------------
        if jenis == JenisItem.PENYETARAAN and asal is not None:
            target_jenjang = jenjang_penyetaraan(asal.jabatan)
            if target_jenjang is None:
                error(
                    "bukan_struktural",
                    _(
                        "%(j)s bukan jabatan Administrator, Pengawas atau Pelaksana eselon V; "
                        "tidak dapat disetarakan."
                    )
                    % {"j": asal.jabatan.nama},
                )
            if not asal.aktif:
                error("asal_nonaktif", _("Formasi %(f)s sudah tidak aktif.") % {"f": asal})
            tujuan_jab = item.jabatan
            if tujuan_jab is None:
                error("jabatan_wajib", _("Jabatan fungsional tujuan wajib diisi."))
                continue
            if target_jenjang and (
                tujuan_jab.kategori != KategoriJabatan.FUNGSIONAL_KEAHLIAN
                or tujuan_jab.jenjang != target_jenjang
            ):
                error(
                    "jenjang_salah",
                    _("%(a)s harus disetarakan ke JF %(j)s, bukan %(t)s.")
                    % {
                        "a": asal.jabatan.nama,
                        "j": Jenjang(target_jenjang).label,
                        "t": tujuan_jab.nama,
                    },
                )
            if tujuan_jab.kelas_jabatan < asal.jabatan.kelas_jabatan:
                error(
                    "kelas_turun",
                    _(
                        "Kelas jabatan tidak boleh turun pada penyetaraan (%(a)s → %(b)s); "
                        "penghasilan pemegang jabatan tidak boleh berkurang."
                    )
                    % {"a": asal.jabatan.kelas_jabatan, "b": tujuan_jab.kelas_jabatan},
                )
            if len(penyetaraan_tujuan[asal.pk]) > 1:
                error(
                    "tujuan_berbeda",
                    _("Formasi %(f)s disetarakan ke lebih dari satu jabatan fungsional.")
                    % {"f": asal},
                )
            if not item.pegawai_id and penyetaraan_kosong[asal.pk] > 1:
                error(
                    "butir_ganda",
                    _("Penyetaraan formasi %(f)s tanpa pegawai tercantum lebih dari sekali.")
                    % {"f": asal},
                )
            tertinggal = tertinggal_di.get(asal.pk, [])
            if tertinggal:
                error(
                    "pemegang_tertinggal",
                    _(
                        "%(f)s masih dipegang oleh %(p)s yang tidak tercantum dalam rencana; "
                        "pemegang jabatan berpindah bersama jabatannya."
                    )
                    % {"f": asal, "p": ", ".join(p.nama_lengkap for p in tertinggal)},
                )
            rentang = tujuan_jab.rentang_golongan
            if pegawai is not None and rentang and pegawai.golongan in GOLONGAN_PNS:
                rank = golongan_rank(pegawai.golongan)
                if not golongan_rank(rentang[0]) <= rank <= golongan_rank(rentang[1]):
                    warning(
                        "golongan_di_luar_rentang",
                        _(
                            "Golongan %(g)s %(p)s di luar rentang lazim %(j)s (%(a)s–%(b)s); "
                            "tetap disetarakan tanpa memandang pangkat dan golongan."
                        )
                        % {
                            "g": pegawai.golongan,
                            "p": pegawai.nama_lengkap,
                            "j": Jenjang(tujuan_jab.jenjang).label,
                            "a": rentang[0],
                            "b": rentang[1],
                        },
                    )
            tujuan_ada = formasi_ada.get((asal.unit_id, tujuan_jab.pk))
            if tujuan_ada is not None and tujuan_ada.pk in dihapus:
                error(
                    "tujuan_dihapus",
                    _("Formasi tujuan %(f)s dihapus oleh rencana ini.") % {"f": tujuan_ada},
                )

        # --- pembentukan formasi ----------------------------------------------------------------
        unit, jabatan = item.unit, item.jabatan
        if jenis == JenisItem.PEMBENTUKAN_FORMASI:
            if unit is None or jabatan is None:
                error(
                    "unit_jabatan_wajib",
                    _("Unit dan jabatan wajib diisi untuk pembentukan formasi."),
                )
                continue
            if not unit.aktif:
                error("unit_nonaktif", _("Unit %(u)s tidak aktif.") % {"u": unit})
            if not jabatan.aktif:
                error("jabatan_nonaktif", _("Jabatan %(j)s tidak aktif.") % {"j": jabatan})
            ada = formasi_ada.get((unit.pk, jabatan.pk))
            if ada is not None and ada.aktif and ada.pk not in dihapus:
                error(
                    "formasi_sudah_ada",
                    _("Formasi %(j)s di %(u)s sudah ada dan aktif.")
                    % {"j": jabatan, "u": unit.nama},
                )
            if pembentukan_ganda[(unit.pk, jabatan.pk)] > 1:
                error(
                    "butir_ganda",
                    _("Pembentukan formasi %(j)s di %(u)s tercantum lebih dari sekali.")
                    % {"j": jabatan, "u": unit.nama},
                )

        # --- penghapusan formasi ----------------------------------------------------------------
        if jenis == JenisItem.PENGHAPUSAN_FORMASI and asal is not None:
            if not asal.aktif:
                error("asal_nonaktif", _("Formasi %(f)s sudah tidak aktif.") % {"f": asal})
            if penghapusan_ganda[asal.pk] > 1:
                error(
                    "butir_ganda",
                    _("Penghapusan formasi %(f)s tercantum lebih dari sekali.") % {"f": asal},
                )
            tertinggal = tertinggal_di.get(asal.pk, [])
            if tertinggal:
                error(
                    "masih_dipegang",
                    _("Formasi %(f)s dihapus padahal masih dipegang oleh %(p)s.")
                    % {"f": asal, "p": ", ".join(p.nama_lengkap for p in tertinggal)},
                )
            if masuk[asal.pk]:
                error(
                    "masih_dipegang",
                    _("Formasi %(f)s dihapus padahal rencana ini memindahkan ASN ke dalamnya.")
                    % {"f": asal},
                )
    return hasil
