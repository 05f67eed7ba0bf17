"""Numbers for the admin home page, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from asn_portal import charts
from asn_portal.access import may_read_rekap, scope_queryset
from jabatan.models import Formasi, KategoriJabatan, UnitOrganisasi
from jabatan.selectors import penugasan_definitif_pada


@dataclass(frozen=True)
class Kartu:
    label: str
    value: int
    url: str


@dataclass(frozen=True)
class Tautan:
    label: str
    url: str


# The staff pages outside the model admin, in the order a BKD officer's week runs.
TAUTAN_RUANG_KERJA = [
    (gettext_noop("Dasbor unit: bezetting, kebutuhan, komposisi, pensiun"), "jabatan:dasbor_index"),
    (gettext_noop("Verifikasi pengajuan pelatihan"), "pelatihan:verifikasi"),
    (gettext_noop("Capaian 20 JP per unit"), "pelatihan:laporan_jp"),
    (gettext_noop("Dasbor survei kepuasan (IKM)"), "survei:staf_dashboard"),
    (gettext_noop("Pengaduan, kode struk, kiosk dan konsultasi"), "partisipasi:staf_ringkasan"),
    (gettext_noop("Impor, ekspor dan rekonsiliasi SIASN"), "transfer:index"),
    (gettext_noop("Laporan kemajuan penataan dan reformasi birokrasi"), "laporan:daftar"),
]


@dataclass(frozen=True)
class Ringkasan:
    tautan: list[Tautan]
    kartu: list[Kartu]
    komposisi: list[tuple[str, int]]
    grafik: SafeString | None


def ringkasan_for_user(user: Any) -> Ringkasan:
    today = timezone.localdate()
    units = scope_queryset(UnitOrganisasi.objects.filter(aktif=True), user, "path")
    formasi = scope_queryset(Formasi.objects.filter(aktif=True), user, "unit__path")
    # "ASN menjabat" is the one definition of who holds a position on a date (docs/figures.md).
    penugasan = scope_queryset(penugasan_definitif_pada(today), user, "formasi__unit__path")
    per_kategori = dict(
        penugasan.values_list("formasi__jabatan__kategori").annotate(n=Count("id")).order_by()
    )
    komposisi = [
        (str(label), per_kategori.get(value, 0)) for value, label in KategoriJabatan.choices
    ]
    kartu = [
        Kartu(
            _("ASN menjabat"),
            sum(per_kategori.values()),
            reverse("admin:jabatan_pegawai_changelist"),
        ),
        Kartu(
            _("Unit organisasi aktif"),
            units.count(),
            reverse("admin:jabatan_unitorganisasi_changelist"),
        ),
        Kartu(_("Formasi aktif"), formasi.count(), reverse("admin:jabatan_formasi_changelist")),
    ]
    grafik = None
    if any(n for _label, n in komposisi):
        grafik = charts.hbar_chart(
            [label for label, _n in komposisi],
            [n for _label, n in komposisi],
            title=_("ASN menurut kategori jabatan"),
            xlabel=_("orang"),
        )
    tautan = [Tautan(_(label), reverse(name)) for label, name in TAUTAN_RUANG_KERJA]
    if may_read_rekap(user):
        tautan.append(Tautan(_("Rekap lintas instansi (provinsi)"), reverse("rekap:index")))
    return Ringkasan(tautan=tautan, kartu=kartu, komposisi=komposisi, grafik=grafik)
