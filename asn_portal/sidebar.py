"""The admin sidebar (django-unfold), grouped by the job a BKD officer or OPD operator does.

Each model entry shows only to a user who may view that model; the pages outside the model
admin (dashboards, verification, transfers) show to every staff member, as the admin home links
them. The "Sistem" group (schedules, task results, tokens, audit trail, accounts, login locks)
is for superusers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asn_portal.access import is_staff_member


@dataclass(frozen=True)
class Model:
    """An admin changelist: ``app_label.model_name``."""

    label: str
    title: Any
    icon: str

    @property
    def url_name(self) -> str:
        app_label, model_name = self.label.split(".")
        return f"admin:{app_label}_{model_name}_changelist"

    def allowed(self, user: Any) -> bool:
        app_label, model_name = self.label.split(".")
        return bool(user.has_perm(f"{app_label}.view_{model_name}")) or bool(
            user.has_perm(f"{app_label}.change_{model_name}")
        )


@dataclass(frozen=True)
class Page:
    """A staff page outside the model admin, by URL name."""

    url_name: str
    title: Any
    icon: str

    def allowed(self, user: Any) -> bool:
        return is_staff_member(user)


@dataclass(frozen=True)
class Group:
    title: Any
    entries: tuple[Model | Page, ...]
    superuser_only: bool = False


GROUPS: tuple[Group, ...] = (
    Group(
        _("Struktur & Jabatan"),
        (
            Page("jabatan:dasbor_index", _("Dasbor unit"), "monitoring"),
            Model("jabatan.unitorganisasi", _("Unit organisasi"), "account_tree"),
            Model("jabatan.jabatan", _("Jabatan"), "work"),
            Model("jabatan.formasi", _("Formasi"), "grid_view"),
        ),
    ),
    Group(
        _("Pegawai"),
        (
            Model("jabatan.pegawai", _("Pegawai ASN"), "badge"),
            Model("jabatan.riwayatjabatan", _("Riwayat jabatan"), "history"),
        ),
    ),
    Group(
        _("Penataan"),
        (
            Model("jabatan.rencanapenataan", _("Rencana penataan"), "rule"),
            Model("jabatan.itemrencana", _("Butir rencana"), "list_alt"),
        ),
    ),
    Group(
        _("Kompetensi"),
        (
            Page("pelatihan:verifikasi", _("Verifikasi pengajuan"), "fact_check"),
            Page("pelatihan:laporan_jp", _("Capaian 20 JP"), "leaderboard"),
            Model("pelatihan.programpelatihan", _("Katalog pelatihan"), "menu_book"),
            Model("pelatihan.angkatan", _("Angkatan pelatihan"), "groups"),
            Model("pelatihan.peserta", _("Peserta pelatihan"), "person_check"),
            Model("pelatihan.riwayatpelatihan", _("Riwayat pelatihan"), "school"),
            Model("pelatihan.kompetensi", _("Kamus kompetensi"), "psychology"),
            Model("pelatihan.standarkompetensi", _("Standar kompetensi jabatan"), "tune"),
            Model("pelatihan.peringatanjp", _("Peringatan JP terkirim"), "notifications"),
        ),
    ),
    Group(
        _("Survei & Partisipasi"),
        (
            Page("survei:staf_dashboard", _("Dasbor IKM"), "sentiment_satisfied"),
            Page("partisipasi:staf_ringkasan", _("Ringkasan partisipasi"), "forum"),
            Model("survei.unitlayanan", _("Unit layanan"), "storefront"),
            Model("survei.kuesioner", _("Kuesioner"), "quiz"),
            Model("survei.respons", _("Respons survei"), "how_to_vote"),
            Model("survei.periodepublikasi", _("Periode terbit"), "event"),
            Model("survei.rencanatindaklanjut", _("Rencana tindak lanjut"), "task_alt"),
            Model("survei.kasus", _("Pengaduan dan saran"), "support_agent"),
            Model("survei.batchkodestruk", _("Batch kode struk"), "receipt_long"),
            Model("survei.kodestruk", _("Kode struk"), "qr_code"),
            Model("survei.kiosk", _("Kiosk"), "tablet"),
            Model("survei.konsultasi", _("Konsultasi publik"), "campaign"),
            Model("survei.masukankonsultasi", _("Masukan konsultasi"), "comment"),
        ),
    ),
    Group(
        _("Laporan"),
        (
            Page("laporan:daftar", _("Daftar laporan"), "summarize"),
            Model("asn_portal.laporan", _("Laporan kemajuan"), "description"),
            Model("asn_portal.langgananlaporan", _("Langganan laporan"), "mark_email_read"),
        ),
    ),
    Group(
        _("Impor/Ekspor"),
        (
            Page("transfer:index", _("Impor, ekspor, SIASN"), "swap_vert"),
            Model("asn_portal.importjob", _("Riwayat impor"), "upload_file"),
            Model("asn_portal.exportlog", _("Log ekspor"), "download"),
            Model("asn_portal.rekonsiliasi", _("Rekonsiliasi SIASN"), "compare_arrows"),
        ),
    ),
    Group(
        _("Sistem"),
        (
            Model("django_celery_beat.periodictask", _("Tugas terjadwal"), "schedule"),
            Model("django_celery_beat.crontabschedule", _("Jadwal crontab"), "calendar_month"),
            Model("django_celery_beat.intervalschedule", _("Jadwal interval"), "timer"),
            Model("django_celery_beat.solarschedule", _("Jadwal peristiwa surya"), "wb_sunny"),
            Model("django_celery_beat.clockedschedule", _("Jadwal waktu tetap"), "alarm"),
            Model("django_celery_results.taskresult", _("Hasil tugas"), "task"),
            Model("django_celery_results.groupresult", _("Hasil kelompok tugas"), "workspaces"),
            Model("authtoken.tokenproxy", _("Token API"), "key"),
            Model("auditlog.logentry", _("Jejak audit"), "manage_search"),
            Model("auth.group", _("Grup (peran)"), "shield_person"),
            Model("auth.user", _("Pengguna"), "person"),
            Model("axes.accessattempt", _("Percobaan masuk"), "lock"),
            Model("axes.accesslog", _("Log akses"), "login"),
            Model("axes.accessfailurelog", _("Log kegagalan masuk"), "lock_person"),
        ),
        superuser_only=True,
    ),
)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """UNFOLD["SIDEBAR"]["navigation"]: the groups and entries this user may open."""
    user = request.user
    groups = []
    for group in GROUPS:
        if group.superuser_only and not user.is_superuser:
            continue
        items = [
            {
                "title": entry.title,
                "icon": entry.icon,
                "link": reverse(entry.url_name),
            }
            for entry in group.entries
            if entry.allowed(user)
        ]
        if items:
            groups.append({"title": group.title, "separator": True, "items": items})
    return groups
