"""Every model staff can edit is in the audit trail, registered in one way: its app's apps.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse

from asn_portal.audit import MASKED
from asn_portal.roles import PROJECT_APPS
from survei.models import Respons
from survei.partisipasi.models import Kiosk
from tests.partisipasi.factories import KioskFactory, UnitLayananFactory, kiosk_json

ROOT = Path(__file__).resolve().parents[2]

# Apps of Django and third-party packages whose models are not audited, each with the reason. A
# new third-party app with editable models must be added here on purpose (see the last test).
THIRD_PARTY_NOT_AUDITED = {
    "admin": "Django admin's LogEntry is itself the history of every admin change",
    "auth": "accounts and role groups are edited in the admin only, recorded by its LogEntry; "
    "role permissions are rewritten by roles_sync on every migrate",
    "contenttypes": "maintained by migrate, never edited by staff",
    "sessions": "login sessions, written on every request",
    "authtoken": "API tokens are secrets; issuing and revoking them is recorded by the admin",
    "guardian": "unit grants are written by asn_portal.access and recorded by the admin",
    "auditlog": "the audit trail itself",
    "axes": "django-axes' login attempts and lockouts are themselves the security log",
    "django_celery_beat": "schedules come from settings and data migrations, written by beat",
    "django_celery_results": "task results written by the workers",
}


def _with_change_permission() -> list[type[Model]]:
    return [m for m in apps.get_models() if "change" in m._meta.default_permissions]


def _is_project_model(model: type[Model]) -> bool:
    return model.__module__.split(".")[0] in PROJECT_APPS


def test_every_project_model_with_a_change_permission_is_audited() -> None:
    project = [m for m in _with_change_permission() if _is_project_model(m)]
    # Sanity: the models the issue names are among them (so the enumeration really sees sub-apps).
    labels = {m._meta.label for m in project}
    assert {
        "pelatihan.RiwayatPelatihan",
        "survei.PeriodePublikasi",
        "survei.RencanaTindakLanjut",
        "jabatan.RencanaPenataan",
        "asn_portal.Laporan",
        "survei.Kasus",
        "survei.RiwayatKasus",
        "survei.MasukanKonsultasi",
        "survei.BatchKodeStruk",
        "asn_portal.ImportJob",
    } <= labels
    missing = sorted(m._meta.label for m in project if not auditlog.contains(m))
    assert missing == [], f"register these in their app's apps.py ready(): {missing}"


def test_only_listed_third_party_apps_are_left_out() -> None:
    others = {m._meta.app_label for m in _with_change_permission() if not _is_project_model(m)}
    unlisted = sorted(
        label
        for label in others
        if label not in THIRD_PARTY_NOT_AUDITED
        and not all(auditlog.contains(m) for m in apps.get_app_config(label).get_models())
    )
    assert unlisted == [], f"decide on auditing these apps' models: {unlisted}"
    # The list names no project app and no app that is not installed.
    assert not set(THIRD_PARTY_NOT_AUDITED) & set(PROJECT_APPS)
    assert set(THIRD_PARTY_NOT_AUDITED) <= {c.label for c in apps.get_app_configs()}


def test_models_are_registered_in_apps_py_only() -> None:
    """One way of registering: no import side effect in models.py or elsewhere."""
    pattern = re.compile(r"\bauditlog\.register\(")
    places = sorted(
        str(path.relative_to(ROOT))
        for package in PROJECT_APPS
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    )
    assert places, "no registration found at all"
    assert [p for p in places if not p.endswith("/apps.py")] == []


def _entries(model: type[Model], pk: Any) -> Any:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    ).order_by("timestamp", "pk")


@pytest.mark.django_db
def test_a_citizen_submission_keeps_no_address_or_hash_in_the_trail(
    client: Any, unit_a: Any, admin_bkd: Any
) -> None:
    kiosk = KioskFactory(unit_layanan=UnitLayananFactory(unit=unit_a), nama="Tablet loket 1")
    response = client.post(
        reverse("partisipasi:kiosk_kirim", args=[kiosk.token]),
        json.dumps(kiosk_json(saran="Antrean rapi.")),
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 201, response.content
    respons = Respons.objects.get()
    assert respons.alamat_klien_hash  # the row itself keeps the (purgeable) hash
    # The citizen's answer is recorded by its row alone (docs/RELIABILITY.md).
    assert list(_entries(Respons, respons.pk)) == []
    # A later change by staff is audited, and the entry carries no trace of the citizen.
    with set_actor(admin_bkd, remote_addr="198.51.100.7"):
        respons.saran = "Antrean rapi sekali."
        respons.save()
    (entry,) = _entries(Respons, respons.pk)
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == admin_bkd
    assert entry.remote_addr == "198.51.100.7"
    assert "alamat_klien_hash" not in entry.changes_dict
    assert "perangkat_hash" not in entry.changes_dict
    assert "203.0.113.9" not in json.dumps(entry.changes_dict)
    assert entry.changes_dict["saran"] == ["Antrean rapi.", "Antrean rapi sekali."]


@pytest.mark.django_db
def test_an_api_call_signed_in_by_token_is_recorded_with_its_account_and_address(
    operator_a: Any, unit_a: Any
) -> None:
    """DRF authenticates a token inside the view, after the audit middleware: the entry still
    names the account and its address (an anonymous call keeps neither, see above)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from tests.survei.conftest import isian_api

    layanan = UnitLayananFactory(unit=unit_a)
    client = APIClient(REMOTE_ADDR="198.51.100.20")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=operator_a).key}")
    response = client.post(
        f"/api/v1/survei/unit-layanan/{layanan.kode}/respons/", isian_api(), format="json"
    )
    assert response.status_code == 201, response.content
    respons = Respons.objects.get()
    assert respons.sumber == "kertas"  # a paper entry by the unit's operator
    (entry,) = _entries(Respons, respons.pk)
    assert entry.action == LogEntry.Action.CREATE
    assert (entry.actor, entry.remote_addr) == (operator_a, "198.51.100.20")


@pytest.mark.django_db
def test_a_staff_change_is_recorded_with_actor_and_address_and_secrets_masked(
    client: Any, admin_bkd: Any, unit_a: Any
) -> None:
    kiosk = KioskFactory(unit_layanan=UnitLayananFactory(unit=unit_a), nama="Tablet loket 1")
    lama = kiosk.token
    client.force_login(admin_bkd)
    response = client.post(
        reverse("admin:survei_kiosk_changelist"),
        {"action": "ganti_token", "_selected_action": [kiosk.pk]},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    kiosk.refresh_from_db()
    assert kiosk.token != lama
    entry = _entries(Kiosk, kiosk.pk).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == admin_bkd and entry.remote_addr == "198.51.100.7"
    assert entry.changes_dict == {"token": [MASKED, MASKED]}
    assert lama not in json.dumps(entry.changes_dict) and kiosk.token not in str(entry.changes)
