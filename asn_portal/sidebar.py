"""The admin sidebar (django-unfold), grouped by the job a BKD officer or OPD operator does.

Each model entry shows only to a user who may view that model; the pages outside the model
admin (dashboards, verification, transfers) show to every staff member, as the admin home links
them. The "Sistem" group (schedules, task results, tokens, audit trail, accounts, login locks)
is for superusers only.

The sidebar is built once per answer to its questions and kept in the process:
:func:`navigation` asks every entry's ``allowed`` (the permission checks themselves, for this
user, on every request) and reuses the groups built for the same answers, language and script
prefix; ``templates/unfold/helpers/app_list.html`` (tag ``asn_sidebar``) reuses the HTML rendered
for the same groups, links, active entry and language. Both keys are what the output is made
of, so a permission granted or withdrawn takes effect at the next request, and a deploy starts
new processes with empty caches.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeData
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from asn_portal.access import is_staff_member, may_read_rekap


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
class RekapPage(Page):
    """The province-wide roll-ups: for the accounts that read them."""

    def allowed(self, user: Any) -> bool:
        return may_read_rekap(user)


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
            RekapPage("rekap:index", _("Rekap lintas instansi"), "travel_explore"),
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
    """UNFOLD["SIDEBAR"]["navigation"]: the groups and entries this user may open. unfold
    deep-copies the list before marking the active entry, so the kept one is never changed."""
    user = request.user
    allowed = tuple(
        tuple(
            (not group.superuser_only or user.is_superuser) and entry.allowed(user)
            for entry in group.entries
        )
        for group in GROUPS
    )
    return _groups(get_language(), get_script_prefix(), allowed)


@functools.lru_cache(maxsize=256)
def _groups(
    language: str | None, script_prefix: str, allowed: tuple[tuple[bool, ...], ...]
) -> list[dict[str, Any]]:
    groups = []
    for group, shown in zip(GROUPS, allowed, strict=True):
        items = [
            {"title": entry.title, "icon": entry.icon, "link": reverse(entry.url_name)}
            for entry, allowed_entry in zip(group.entries, shown, strict=True)
            if allowed_entry
        ]
        if items:
            groups.append({"title": group.title, "separator": True, "items": items})
    return groups


# What unfold's app_list.html reads of a group and of an entry: HTML for anything else (a badge,
# a link callback, nested entries) is not kept.
_GROUP_KEYS = frozenset({"title", "separator", "items"})
_ITEM_KEYS = frozenset({"title", "icon", "link", "active", "has_permission"})


def _text(value: Any) -> tuple[str, bool]:
    return str(value), isinstance(value, SafeData)  # a SafeString is not escaped again


def rendered_key(context: Any) -> tuple[Any, ...] | None:
    """Everything unfold's ``app_list.html`` renders from, or None when it reads more (the list
    of all applications, a badge) and must be rendered for this request."""
    if context.get("sidebar_show_all_applications"):
        return None
    groups = []
    for group in context.get("sidebar_navigation") or ():
        if not _GROUP_KEYS.issuperset(group):
            return None
        items = []
        for item in group.get("items") or ():
            if not _ITEM_KEYS.issuperset(item):
                return None
            items.append(
                (
                    _text(item.get("title", "")),
                    _text(item.get("icon", "")),
                    str(item.get("link", "")),
                    bool(item.get("active")),
                    bool(item.get("has_permission")),
                )
            )
        groups.append((_text(group.get("title", "")), bool(group.get("separator")), tuple(items)))
    return (get_language(), tuple(groups))


class _Rendered:
    """The sidebar HTML by :func:`rendered_key`, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[tuple[Any, ...], str] = OrderedDict()

    def get(self, key: tuple[Any, ...], render: Callable[[], str]) -> str:
        html = self.kept.get(key)
        if html is None:
            html = self.kept[key] = render()
            if len(self.kept) > self.size:
                self.kept.popitem(last=False)
        else:
            self.kept.move_to_end(key)
        return html

    def clear(self) -> None:
        self.kept.clear()


# A few hundred kilobytes: one entry per set of permissions × active entry × language in use.
RENDERED = _Rendered(size=512)
