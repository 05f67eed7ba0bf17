"""Third-party admins (accounts, tokens, schedules, task results, audit trail, login logs) in
unfold's style and in Indonesian.

Their own admin classes keep their behaviour; each is re-registered with unfold's ModelAdmin
mixed in. Model, app and column names they ship in English are renamed here, once, with
gettext_lazy, so the sidebar, the admin index and every changelist speak one language.
"""

from __future__ import annotations

from typing import Any

from auditlog.mixins import LogEntryAdminMixin
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_celery_results.models import GroupResult, TaskResult
from rest_framework.authtoken.models import TokenProxy
from unfold.admin import ModelAdmin, StackedInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from asn_portal.access import (
    audit_entries_in_reach,
    instansi_of_new_rows,
    sees_every_instansi,
    users_in_reach,
)
from jabatan.models import PetugasInstansi

APP_NAMES = {
    "auth": _("Akun dan peran"),
    "authtoken": _("Token API"),
    "auditlog": _("Jejak audit"),
    "axes": _("Keamanan login"),
    "django_celery_beat": _("Jadwal tugas latar"),
    "django_celery_results": _("Hasil tugas latar"),
}

# model label: (verbose_name, verbose_name_plural, {field: verbose_name})
MODEL_NAMES: dict[str, tuple[Any, Any, dict[str, Any]]] = {
    "django_celery_beat.PeriodicTask": (
        _("tugas terjadwal"),
        _("tugas terjadwal"),
        {
            "name": _("nama"),
            "task": _("tugas"),
            "enabled": _("aktif"),
            "interval": _("jadwal interval"),
            "crontab": _("jadwal crontab"),
            "solar": _("jadwal peristiwa matahari"),
            "clocked": _("jadwal waktu tetap"),
            "start_time": _("mulai"),
            "last_run_at": _("terakhir berjalan"),
            "one_off": _("sekali jalan"),
            "total_run_count": _("jumlah berjalan"),
            "description": _("keterangan"),
        },
    ),
    "django_celery_beat.CrontabSchedule": (_("jadwal crontab"), _("jadwal crontab"), {}),
    "django_celery_beat.IntervalSchedule": (
        _("jadwal interval"),
        _("jadwal interval"),
        {"every": _("setiap"), "period": _("satuan")},
    ),
    "django_celery_beat.SolarSchedule": (
        _("jadwal peristiwa matahari"),
        _("jadwal peristiwa matahari"),
        {"event": _("peristiwa"), "latitude": _("lintang"), "longitude": _("bujur")},
    ),
    "django_celery_beat.ClockedSchedule": (
        _("jadwal waktu tetap"),
        _("jadwal waktu tetap"),
        {"clocked_time": _("waktu")},
    ),
    "django_celery_results.TaskResult": (
        _("hasil tugas"),
        _("hasil tugas"),
        {
            "task_id": _("ID tugas"),
            "periodic_task_name": _("nama tugas terjadwal"),
            "task_name": _("nama tugas"),
            "date_created": _("dibuat"),
            "date_done": _("selesai"),
            "status": _("status"),
            "worker": _("pekerja"),
        },
    ),
    "django_celery_results.GroupResult": (
        _("hasil kelompok tugas"),
        _("hasil kelompok tugas"),
        {"group_id": _("ID kelompok"), "date_created": _("dibuat"), "date_done": _("selesai")},
    ),
    "auditlog.LogEntry": (
        _("entri jejak audit"),
        _("jejak audit"),
        {"action": _("tindakan"), "timestamp": _("waktu"), "actor": _("pelaku")},
    ),
    "authtoken.TokenProxy": (
        _("token API"),
        _("token API"),
        {"key": _("kunci"), "user": _("pengguna"), "created": _("dibuat")},
    ),
    "authtoken.Token": (
        _("token API"),
        _("token API"),
        {"key": _("kunci"), "created": _("dibuat")},
    ),
    "axes.AccessAttempt": (
        _("percobaan masuk"),
        _("percobaan masuk"),
        {"path_info": _("alamat halaman"), "failures_since_start": _("gagal berturut-turut")},
    ),
    "axes.AccessLog": (
        _("log akses"),
        _("log akses"),
        {
            "logout_time": _("waktu keluar"),
            "user_agent": _("peramban"),
            "path_info": _("alamat halaman"),
        },
    ),
    "axes.AccessFailureLog": (
        _("log kegagalan masuk"),
        _("log kegagalan masuk"),
        {"user_agent": _("peramban"), "path_info": _("alamat halaman")},
    ),
}


def rename_third_party_labels() -> None:
    for app_label, name in APP_NAMES.items():
        apps.get_app_config(app_label).verbose_name = name
    for label, (singular, plural, fields) in MODEL_NAMES.items():
        opts = apps.get_model(label)._meta
        opts.verbose_name = singular
        opts.verbose_name_plural = plural
        for field_name, field_label in fields.items():
            opts.get_field(field_name).verbose_name = field_label


class PetugasInstansiInline(StackedInline):
    model = PetugasInstansi
    extra = 0
    max_num = 1
    can_delete = False
    verbose_name = _("instansi tempat bekerja")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_every_instansi(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_every_instansi(request.user)


def _users_queryset(self: Any, request: HttpRequest) -> QuerySet[Any]:
    return users_in_reach(request.user, super(type(self), self).get_queryset(request))


def _users_readonly(self: Any, request: HttpRequest, obj: Any = None) -> Any:
    # Only a superuser makes a superuser or changes roles' permissions through an account.
    fields = list(super(type(self), self).get_readonly_fields(request, obj))
    if sees_every_instansi(request.user):
        return fields
    return [*fields, "is_superuser", "user_permissions"]


def _users_save(self: Any, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
    super(type(self), self).save_model(request, obj, form, change)
    # An account made by an instansi's Admin BKD works in that instansi.
    if not sees_every_instansi(request.user):
        PetugasInstansi.objects.get_or_create(
            user=obj, defaults={"instansi_id": instansi_of_new_rows(request.user)}
        )


def _by_user_queryset(field: str) -> Any:
    def get_queryset(self: Any, request: HttpRequest) -> QuerySet[Any]:
        rows = super(type(self), self).get_queryset(request)
        if sees_every_instansi(request.user):
            return rows
        return rows.filter(**{f"{field}__in": users_in_reach(request.user).values("pk")})

    return get_queryset


def _superuser_only(self: Any, request: HttpRequest, obj: Any = None) -> bool:
    return sees_every_instansi(request.user)


def _restyle(model: Any, **attrs: Any) -> None:
    """Re-register ``model`` with the admin class it has, on top of unfold's ModelAdmin."""
    registered = type(admin.site._registry[model])
    styled = type(registered.__name__, (registered, ModelAdmin), attrs)
    admin.site.unregister(model)
    admin.site.register(model, styled)


rename_third_party_labels()
_restyle(
    User,
    form=UserChangeForm,
    add_form=UserCreationForm,
    change_password_form=AdminPasswordChangeForm,
    inlines=[PetugasInstansiInline],
    get_queryset=_users_queryset,
    get_readonly_fields=_users_readonly,
    save_model=_users_save,
)
# Roles are the same in every instansi: only a superuser changes what a group may do.
_restyle(
    Group,
    has_add_permission=lambda self, request: sees_every_instansi(request.user),
    has_change_permission=_superuser_only,
    has_delete_permission=_superuser_only,
)
_restyle(TokenProxy, get_queryset=_by_user_queryset("user"))
_restyle(
    LogEntry,
    get_queryset=lambda self, request: audit_entries_in_reach(
        request.user, super(type(self), self).get_queryset(request)
    ),
    # auditlog's column of the entry's time is labelled in English
    created=admin.display(description=_("waktu"), ordering="timestamp")(
        lambda self, obj: LogEntryAdminMixin.created(self, obj)
    ),
)
for _model in (
    PeriodicTask,
    CrontabSchedule,
    IntervalSchedule,
    SolarSchedule,
    ClockedSchedule,
    TaskResult,
    GroupResult,
    AccessLog,
    AccessFailureLog,
):
    if admin.site.is_registered(_model):
        _restyle(_model)
