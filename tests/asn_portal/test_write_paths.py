"""Generated from the API schema and the admin registry: every writable relation refuses, as
operator B, the objects of unit A exactly as it refuses an id that does not exist; every admin
action and every state-changing API endpoint answers each persona as its row in the tables says.
A new field, action or endpoint without a row fails these tests (the tables must list exactly
what is found)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from rest_framework import serializers
from rest_framework.test import APIClient

from asn_portal.access import RELATED_SCOPES, UNSCOPED, not_found_message
from asn_portal.api_permissions import ScopedRelatedFieldMixin
from jabatan.penataan import services as penataan_services
from jabatan.penataan.models import ItemRencana, JenisItem
from pelatihan.models import Peserta
from survei.models import RencanaTindakLanjut
from survei.partisipasi.models import BatchKodeStruk, KodeStruk, MasukanKonsultasi
from tests.asn_portal import write_paths
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UraianTugasFactory,
)
from tests.partisipasi.factories import (
    KasusFactory,
    KioskFactory,
    KonsultasiFactory,
    ResponsFactory,
    UnitLayananFactory,
)
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory, RiwayatFactory

PERSONAS = ("anonim", "asn_x", "asn_y", "operator_a", "operator_b", "verifikator", "admin_bkd")
# National catalogues with an instansi's own additions, and training runs (an instansi's own or
# shared): shared rows are everyone's (their instansi side is tests/lintas_instansi).
INSTANSI_CATALOGUES = {"jabatan.Jabatan", "pelatihan.Kompetensi", "pelatihan.Angkatan"}
# Catalogues without a unit: every staff member may pick them.
CATALOGUES = {
    "jabatan.Jabatan",
    "pelatihan.Kompetensi",
    "pelatihan.ProgramPelatihan",
    "pelatihan.Angkatan",
    "survei.Kuesioner",
}


def _objects_of(unit: Any, operator: Any, tag: str) -> dict[str, Any]:
    """One object of every model a write can point at, belonging to ``unit``."""
    jabatan = JabatanFactory(kode=f"J-{tag}", nama=f"Analis {tag}", kategori="pelaksana")
    formasi = FormasiFactory(unit=unit, jabatan=jabatan)
    formasi_lain = FormasiFactory(unit=unit, jabatan=JabatanFactory(kode=f"K-{tag}"))
    pegawai = PegawaiFactory(nama=f"Pegawai {tag}")
    riwayat = RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi, tmt_mulai=dt.date(2020, 1, 1))
    rencana = penataan_services.rencana_create(
        user=operator, nama=f"Rencana {tag}", dasar_hukum="SK", tmt=dt.date(2026, 1, 1)
    )
    item = penataan_services.item_save(
        item=ItemRencana(
            rencana=rencana, jenis=JenisItem.MUTASI, pegawai=pegawai, formasi_tujuan=formasi_lain
        ),
        user=operator,
    )
    program = ProgramFactory(kode=f"P-{tag}")
    kemarin = write_paths.today() - dt.timedelta(days=1)
    angkatan = AngkatanFactory(
        program=program,
        tanggal_mulai=kemarin - dt.timedelta(days=3),
        tanggal_selesai=kemarin,
        pendaftaran_mulai=kemarin - dt.timedelta(days=30),
        pendaftaran_selesai=write_paths.today() + dt.timedelta(days=5),
    )
    layanan = UnitLayananFactory(kode=f"layanan-{tag}", unit=unit)
    respons = ResponsFactory(unit_layanan=layanan)
    batch = BatchKodeStruk.objects.create(
        unit_layanan=layanan, jumlah=1, tanggal_layanan=write_paths.today(), dibuat_oleh=operator
    )
    konsultasi = KonsultasiFactory(unit_layanan=layanan, slug=f"konsultasi-{tag}")
    return {
        "jabatan.UnitOrganisasi": unit,
        "jabatan.Jabatan": jabatan,
        "jabatan.Formasi": formasi,
        "jabatan.UraianTugas": UraianTugasFactory(formasi=formasi),
        "jabatan.Pegawai": pegawai,
        "jabatan.RiwayatJabatan": riwayat,
        "jabatan.RencanaPenataan": rencana,
        "jabatan.ItemRencana": item,
        "pelatihan.ProgramPelatihan": program,
        "pelatihan.Angkatan": angkatan,
        "pelatihan.Peserta": Peserta.objects.create(angkatan=angkatan, pegawai=pegawai),
        "pelatihan.RiwayatPelatihan": RiwayatFactory(
            pegawai=pegawai, status="diajukan", sumber="mandiri"
        ),
        "survei.UnitLayanan": layanan,
        "survei.Respons": respons,
        "survei.RencanaTindakLanjut": RencanaTindakLanjut.objects.create(
            unit_layanan=layanan, jenis_periode="tahun", tahun=2026, kode_unsur="U1", kegiatan="x"
        ),
        "survei.BatchKodeStruk": batch,
        "survei.KodeStruk": KodeStruk.objects.create(
            kode=f"KODE{tag}".upper()[:12],
            unit_layanan=layanan,
            batch=batch,
            tanggal_layanan=write_paths.today(),
        ),
        "survei.Kiosk": KioskFactory(unit_layanan=layanan),
        "survei.Kasus": KasusFactory(unit_layanan=layanan),
        "survei.Konsultasi": konsultasi,
        "survei.MasukanKonsultasi": MasukanKonsultasi.objects.create(
            konsultasi=konsultasi, isi="Masukan warga yang cukup panjang."
        ),
        "auth.User": operator,
    }


@pytest.fixture
def world(operator_a: Any, operator_b: Any, unit_a: Any, unit_b: Any) -> dict[str, Any]:
    return {"a": _objects_of(unit_a, operator_a, "a"), "b": _objects_of(unit_b, operator_b, "b")}


@pytest.fixture
def personas(request: pytest.FixtureRequest, world: dict[str, Any]) -> dict[str, Any]:
    users = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonim"}
    users["anonim"] = None
    return users


def _refuses_like_missing(field: Any, obj: Any) -> None:
    slug = getattr(field, "slug_field", None)
    value = getattr(obj, slug) if slug else obj.pk
    missing = "000000000000000000" if slug else 987_654_321
    answers = []
    for candidate in (value, missing):
        with pytest.raises(serializers.ValidationError) as refused:
            field.to_internal_value(candidate)
        answers.append(str(refused.value.detail[0]).replace(str(candidate), "X"))
    assert answers[0] == answers[1] == not_found_message("X")


def test_every_api_relation_is_scoped_for_operator_b(
    world: dict[str, Any], operator_b: Any
) -> None:
    request = write_paths.request_for(operator_b)
    found = write_paths.api_relation_fields(request)
    assert set(found) == set(API_RELATIONS)
    for key, field in found.items():
        label = field.queryset.model._meta.label
        assert label == API_RELATIONS[key], key
        assert isinstance(field, ScopedRelatedFieldMixin), f"{key} is not a Scoped field"
        if label in CATALOGUES:
            assert RELATED_SCOPES[label] == UNSCOPED or label in INSTANSI_CATALOGUES
            continue
        objects_a, objects_b = world["a"], world["b"]
        assert not field.get_queryset().filter(pk=objects_a[label].pk).exists(), key
        _refuses_like_missing(field, objects_a[label])
        if field.queryset.filter(pk=objects_b[label].pk).exists():
            assert field.get_queryset().filter(pk=objects_b[label].pk).exists(), key


def test_every_admin_relation_is_scoped_for_operator_b(
    world: dict[str, Any], operator_b: Any
) -> None:
    found = write_paths.admin_relation_fields(operator_b)
    assert set(found) == set(ADMIN_RELATIONS)
    for key, field in found.items():
        label = field.queryset.model._meta.label
        assert label == ADMIN_RELATIONS[key], key
        if label in CATALOGUES:
            continue
        assert not field.queryset.filter(pk=world["a"][label].pk).exists(), key
        with pytest.raises(Exception) as refused:
            field.clean(str(world["a"][label].pk))
        with pytest.raises(Exception) as missing:
            field.clean("987654321")
        assert refused.value.messages == missing.value.messages  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_actions_per_persona(personas: dict[str, Any], persona: str) -> None:
    found = write_paths.admin_actions(personas[persona])
    assert set(ADMIN_ACTIONS) >= found, found - set(ADMIN_ACTIONS)
    expected = {action for action, who in ADMIN_ACTIONS.items() if persona in who}
    assert found == expected


def test_admin_action_table_has_no_stale_rows(personas: dict[str, Any]) -> None:
    seen: set[str] = set()
    for user in personas.values():
        seen |= write_paths.admin_actions(user)
    assert set(ADMIN_ACTIONS) == seen


def _url(path: str, objects: dict[str, Any]) -> str:
    filled = path
    for placeholder, (label, attr) in PATH_OBJECTS[path].items():
        filled = filled.replace("{" + placeholder + "}", str(getattr(objects[label], attr)))
    return filled


def _outcome(response: Any) -> str:
    if response.status_code in (401, 403, 404, 405):
        return "refused"
    assert response.status_code < 500, (response.status_code, response.content[:300])
    return "passes"


def test_every_state_changing_endpoint_answers_each_persona_as_its_row(
    personas: dict[str, Any], world: dict[str, Any]
) -> None:
    endpoints = {f"{method} {path}" for method, path, _view in write_paths.api_endpoints()}
    assert endpoints == set(API_ACTIONS)
    wrong = []
    for key, allowed in API_ACTIONS.items():
        method, path = key.split(" ", 1)
        url = _url(path, world["a"])
        for persona, user in personas.items():
            cache.clear()  # rate limits count per client; each try starts afresh
            client = APIClient(REMOTE_ADDR=f"10.9.{PERSONAS.index(persona)}.1")
            if user is not None:
                client.force_authenticate(user)
            with transaction.atomic():  # each try leaves the data as it found it
                response = getattr(client, method.lower())(
                    url, data=json.dumps({}), content_type="application/json"
                )
                transaction.set_rollback(True)
            outcome = _outcome(response)
            if (outcome == "passes") != (persona in allowed):
                wrong.append((key, persona, response.status_code))
    assert wrong == []


# --- the tables ---------------------------------------------------------------------------------
# Writable relation fields found as operator B -> the model they point at.
API_RELATIONS: dict[str, str] = {
    "POST /api/v1/formasi/ unit": "jabatan.UnitOrganisasi",
    "POST /api/v1/formasi/ jabatan": "jabatan.Jabatan",
    "PUT /api/v1/formasi/{id}/ unit": "jabatan.UnitOrganisasi",
    "PUT /api/v1/formasi/{id}/ jabatan": "jabatan.Jabatan",
    "PATCH /api/v1/formasi/{id}/ unit": "jabatan.UnitOrganisasi",
    "PATCH /api/v1/formasi/{id}/ jabatan": "jabatan.Jabatan",
    "POST /api/v1/laporan/ unit": "jabatan.UnitOrganisasi",
    "POST /api/v1/pegawai/ formasi": "jabatan.Formasi",
    "PUT /api/v1/pegawai/{nip}/ formasi": "jabatan.Formasi",
    "PATCH /api/v1/pegawai/{nip}/ formasi": "jabatan.Formasi",
    "POST /api/v1/pelatihan/peserta/status/ peserta": "pelatihan.Peserta",
    "POST /api/v1/pelatihan/peserta/tambah/ angkatan": "pelatihan.Angkatan",
    "POST /api/v1/pelatihan/peserta/tambah/ pegawai": "jabatan.Pegawai",
    "POST /api/v1/pelatihan/riwayat/ program": "pelatihan.ProgramPelatihan",
    "POST /api/v1/pelatihan/riwayat/{id}/verifikasi/ program": "pelatihan.ProgramPelatihan",
    "POST /api/v1/penataan/item/ rencana": "jabatan.RencanaPenataan",
    "POST /api/v1/penataan/item/ pegawai": "jabatan.Pegawai",
    "POST /api/v1/penataan/item/ formasi_asal": "jabatan.Formasi",
    "POST /api/v1/penataan/item/ formasi_tujuan": "jabatan.Formasi",
    "POST /api/v1/penataan/item/ unit": "jabatan.UnitOrganisasi",
    "POST /api/v1/penataan/item/ jabatan": "jabatan.Jabatan",
    "PUT /api/v1/penataan/item/{id}/ rencana": "jabatan.RencanaPenataan",
    "PUT /api/v1/penataan/item/{id}/ pegawai": "jabatan.Pegawai",
    "PUT /api/v1/penataan/item/{id}/ formasi_asal": "jabatan.Formasi",
    "PUT /api/v1/penataan/item/{id}/ formasi_tujuan": "jabatan.Formasi",
    "PUT /api/v1/penataan/item/{id}/ unit": "jabatan.UnitOrganisasi",
    "PUT /api/v1/penataan/item/{id}/ jabatan": "jabatan.Jabatan",
    "PATCH /api/v1/penataan/item/{id}/ rencana": "jabatan.RencanaPenataan",
    "PATCH /api/v1/penataan/item/{id}/ pegawai": "jabatan.Pegawai",
    "PATCH /api/v1/penataan/item/{id}/ formasi_asal": "jabatan.Formasi",
    "PATCH /api/v1/penataan/item/{id}/ formasi_tujuan": "jabatan.Formasi",
    "PATCH /api/v1/penataan/item/{id}/ unit": "jabatan.UnitOrganisasi",
    "PATCH /api/v1/penataan/item/{id}/ jabatan": "jabatan.Jabatan",
    "DELETE /api/v1/penataan/item/{id}/ rencana": "jabatan.RencanaPenataan",
    "DELETE /api/v1/penataan/item/{id}/ pegawai": "jabatan.Pegawai",
    "DELETE /api/v1/penataan/item/{id}/ formasi_asal": "jabatan.Formasi",
    "DELETE /api/v1/penataan/item/{id}/ formasi_tujuan": "jabatan.Formasi",
    "DELETE /api/v1/penataan/item/{id}/ unit": "jabatan.UnitOrganisasi",
    "DELETE /api/v1/penataan/item/{id}/ jabatan": "jabatan.Jabatan",
    "POST /api/v1/riwayat-jabatan/ pegawai": "jabatan.Pegawai",
    "POST /api/v1/riwayat-jabatan/ formasi": "jabatan.Formasi",
    "POST /api/v1/unit/ induk": "jabatan.UnitOrganisasi",
    "PUT /api/v1/unit/{id}/ induk": "jabatan.UnitOrganisasi",
    "PATCH /api/v1/unit/{id}/ induk": "jabatan.UnitOrganisasi",
    "POST /api/v1/uraian-tugas/ formasi": "jabatan.Formasi",
    "PUT /api/v1/uraian-tugas/{id}/ formasi": "jabatan.Formasi",
    "PATCH /api/v1/uraian-tugas/{id}/ formasi": "jabatan.Formasi",
    "DELETE /api/v1/uraian-tugas/{id}/ formasi": "jabatan.Formasi",
}
ADMIN_RELATIONS: dict[str, str] = {
    "admin jabatan.ItemRencana rencana": "jabatan.RencanaPenataan",
    "admin jabatan.ItemRencana pegawai": "jabatan.Pegawai",
    "admin jabatan.ItemRencana formasi_asal": "jabatan.Formasi",
    "admin jabatan.ItemRencana formasi_tujuan": "jabatan.Formasi",
    "admin jabatan.ItemRencana unit": "jabatan.UnitOrganisasi",
    "admin jabatan.ItemRencana jabatan": "jabatan.Jabatan",
    "admin jabatan.Formasi unit": "jabatan.UnitOrganisasi",
    "admin jabatan.Formasi jabatan": "jabatan.Jabatan",
    "admin jabatan.UraianTugas formasi": "jabatan.Formasi",
    "admin jabatan.Pegawai formasi": "jabatan.Formasi",
    "admin jabatan.RiwayatJabatan pegawai": "jabatan.Pegawai",
    "admin jabatan.RiwayatJabatan formasi": "jabatan.Formasi",
    "admin survei.UnitLayanan unit": "jabatan.UnitOrganisasi",
    "admin survei.BatchKodeStruk unit_layanan": "survei.UnitLayanan",
    "admin survei.Kiosk unit_layanan": "survei.UnitLayanan",
    "admin survei.Konsultasi unit_layanan": "survei.UnitLayanan",
    "admin asn_portal.Laporan unit": "jabatan.UnitOrganisasi",
}
# Admin actions -> the personas offered them (on a changelist they can open).
ADMIN_ACTIONS: dict[str, set[str]] = {
    "asn_portal.LanggananLaporan.delete_selected": {
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
    # auth.Group.delete_selected: none of these personas (roles are the same in every
    # instansi: only a superuser changes or deletes a group).
    "auth.User.delete_selected": {"admin_bkd"},
    "django_celery_beat.ClockedSchedule.delete_selected": {"admin_bkd"},
    "django_celery_beat.CrontabSchedule.delete_selected": {"admin_bkd"},
    "django_celery_beat.IntervalSchedule.delete_selected": {"admin_bkd"},
    "django_celery_beat.PeriodicTask.delete_selected": {"admin_bkd"},
    "django_celery_beat.PeriodicTask.disable_tasks": {"admin_bkd"},
    "django_celery_beat.PeriodicTask.enable_tasks": {"admin_bkd"},
    "django_celery_beat.PeriodicTask.run_tasks": {"admin_bkd"},
    "django_celery_beat.PeriodicTask.toggle_tasks": {"admin_bkd"},
    "django_celery_beat.SolarSchedule.delete_selected": {"admin_bkd"},
    "django_celery_results.GroupResult.delete_selected": {"admin_bkd"},
    "django_celery_results.TaskResult.delete_selected": {"admin_bkd"},
    "jabatan.Formasi.delete_selected": {"admin_bkd"},
    "jabatan.Formasi.nonaktifkan": {"operator_a", "operator_b", "admin_bkd"},
    "jabatan.ItemRencana.delete_selected": {"operator_a", "operator_b", "admin_bkd"},
    "jabatan.Jabatan.delete_selected": {"admin_bkd"},
    "jabatan.Pegawai.delete_selected": {"admin_bkd"},
    "jabatan.Pegawai.pensiunkan": {"operator_a", "operator_b", "admin_bkd"},
    # the first instansi is a province: its Admin BKD keeps who reads the roll-ups
    "jabatan.PemantauInstansi.delete_selected": {"admin_bkd"},
    "jabatan.RencanaPenataan.delete_selected": {"operator_a", "operator_b", "admin_bkd"},
    "jabatan.RiwayatJabatan.akhiri_hari_ini": {"operator_a", "operator_b", "admin_bkd"},
    "jabatan.RiwayatJabatan.delete_selected": {"admin_bkd"},
    "jabatan.UnitOrganisasi.delete_selected": {"admin_bkd"},
    "jabatan.UnitOrganisasi.nonaktifkan": {"operator_a", "operator_b", "admin_bkd"},
    "jabatan.UraianTugas.delete_selected": {"operator_a", "operator_b", "admin_bkd"},
    "pelatihan.Angkatan.delete_selected": {"admin_bkd"},
    "pelatihan.Kompetensi.delete_selected": {"admin_bkd"},
    "pelatihan.Peserta.delete_selected": {"admin_bkd"},
    "pelatihan.Peserta.tandai_hadir": {"operator_a", "operator_b", "admin_bkd"},
    "pelatihan.Peserta.tandai_selesai": {"operator_a", "operator_b", "admin_bkd"},
    "pelatihan.Peserta.tandai_tidak_selesai": {"operator_a", "operator_b", "admin_bkd"},
    "pelatihan.ProgramPelatihan.delete_selected": {"admin_bkd"},
    "pelatihan.RiwayatPelatihan.delete_selected": {"admin_bkd"},
    "pelatihan.StandarKompetensi.delete_selected": {"admin_bkd"},
    "survei.BatchKodeStruk.cetak_slip": {"operator_a", "operator_b", "verifikator", "admin_bkd"},
    "survei.Kiosk.delete_selected": {"admin_bkd"},
    "survei.Kiosk.ganti_token": {"operator_a", "operator_b", "admin_bkd"},
    "survei.Konsultasi.delete_selected": {"admin_bkd"},
    "survei.Konsultasi.terbitkan_hasil": {"operator_a", "operator_b", "admin_bkd"},
    "survei.Kuesioner.delete_selected": {"admin_bkd"},
    "survei.Kuesioner.salin_versi_baru": {"admin_bkd"},
    "survei.MasukanKonsultasi.delete_selected": {"admin_bkd"},
    "survei.MasukanKonsultasi.setujui": {"operator_a", "operator_b", "admin_bkd"},
    "survei.MasukanKonsultasi.tolak": {"operator_a", "operator_b", "admin_bkd"},
    "survei.PeriodePublikasi.delete_selected": {"operator_a", "operator_b", "admin_bkd"},
    "survei.RencanaTindakLanjut.delete_selected": {"admin_bkd"},
    "survei.Respons.delete_selected": {"admin_bkd"},
    "survei.UnitLayanan.delete_selected": {"admin_bkd"},
}
# State-changing endpoints -> the personas let past the permission gate for unit A's object
# (any answer but 401/403/404/405; an empty body then fails validation with 400).
API_ACTIONS: dict[str, set[str]] = {
    "POST /api/v1/auth/token/": {
        "anonim",
        "asn_x",
        "asn_y",
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
    "POST /api/v1/formasi/": {"operator_a", "operator_b", "admin_bkd"},
    "PUT /api/v1/formasi/{id}/": {"operator_a", "admin_bkd"},
    "PATCH /api/v1/formasi/{id}/": {"operator_a", "admin_bkd"},
    "POST /api/v1/jabatan/": {"admin_bkd"},
    "PUT /api/v1/jabatan/{id}/": {"admin_bkd"},
    "PATCH /api/v1/jabatan/{id}/": {"admin_bkd"},
    "DELETE /api/v1/jabatan/{id}/": {"admin_bkd"},
    "POST /api/v1/laporan/": {"operator_a", "operator_b", "verifikator", "admin_bkd"},
    "POST /api/v1/partisipasi/kasus/{id}/jawab/": {"operator_a", "admin_bkd"},
    "POST /api/v1/partisipasi/kasus/{id}/kategorikan/": {"operator_a", "admin_bkd"},
    "POST /api/v1/partisipasi/kasus/{id}/tugaskan/": {"operator_a", "admin_bkd"},
    "POST /api/v1/partisipasi/kasus/{id}/tutup/": {"operator_a", "admin_bkd"},
    "POST /api/v1/partisipasi/kode-struk/batch/": {
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
    "POST /api/v1/partisipasi/kode-struk/terbitkan/": {
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
    "POST /api/v1/partisipasi/konsultasi/{slug}/masukan/": {
        "anonim",
        "asn_x",
        "asn_y",
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
    "POST /api/v1/partisipasi/masukan/{id}/setujui/": {"operator_a", "admin_bkd"},
    "POST /api/v1/partisipasi/masukan/{id}/tolak/": {"operator_a", "admin_bkd"},
    "POST /api/v1/partisipasi/pengaduan/": {
        "anonim",
        "asn_x",
        "asn_y",
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
    "POST /api/v1/pegawai/": {"operator_a", "operator_b", "admin_bkd"},
    "PUT /api/v1/pegawai/{nip}/": {"operator_a", "admin_bkd"},
    "PATCH /api/v1/pegawai/{nip}/": {"operator_a", "admin_bkd"},
    "POST /api/v1/pelatihan/angkatan/{id}/daftar/": {"asn_x", "asn_y"},
    "POST /api/v1/pelatihan/peserta/status/": {"operator_a", "operator_b", "admin_bkd"},
    "POST /api/v1/pelatihan/peserta/tambah/": {"operator_a", "operator_b", "admin_bkd"},
    "POST /api/v1/pelatihan/riwayat/": {"asn_x", "asn_y"},
    "POST /api/v1/pelatihan/riwayat/{id}/tolak/": {"operator_a", "verifikator", "admin_bkd"},
    "POST /api/v1/pelatihan/riwayat/{id}/verifikasi/": {"operator_a", "verifikator", "admin_bkd"},
    "POST /api/v1/penataan/item/": {"operator_a", "operator_b", "admin_bkd"},
    "PUT /api/v1/penataan/item/{id}/": {"operator_a", "admin_bkd"},
    "PATCH /api/v1/penataan/item/{id}/": {"operator_a", "admin_bkd"},
    "DELETE /api/v1/penataan/item/{id}/": {"operator_a", "admin_bkd"},
    "POST /api/v1/penataan/rencana/": {"operator_a", "operator_b", "admin_bkd"},
    "PUT /api/v1/penataan/rencana/{id}/": {"operator_a", "admin_bkd"},
    "PATCH /api/v1/penataan/rencana/{id}/": {"operator_a", "admin_bkd"},
    "DELETE /api/v1/penataan/rencana/{id}/": {"operator_a", "admin_bkd"},
    "POST /api/v1/penataan/rencana/{id}/ajukan/": {"operator_a", "admin_bkd"},
    "POST /api/v1/penataan/rencana/{id}/kembalikan/": set(),
    "POST /api/v1/penataan/rencana/{id}/pembalikan/": set(),
    "POST /api/v1/penataan/rencana/{id}/setujui/": set(),
    "POST /api/v1/penataan/rencana/{id}/terapkan/": set(),
    "POST /api/v1/penataan/rencana/{id}/tolak/": {"operator_a", "verifikator", "admin_bkd"},
    "POST /api/v1/riwayat-jabatan/": {"operator_a", "operator_b", "admin_bkd"},
    "PATCH /api/v1/riwayat-jabatan/{id}/": {"operator_a", "admin_bkd"},
    "PUT /api/v1/survei/rencana/{id}/": {"operator_a", "admin_bkd"},
    "PATCH /api/v1/survei/rencana/{id}/": {"operator_a", "admin_bkd"},
    "POST /api/v1/survei/unit-layanan/{kode}/respons/": {
        "anonim",
        "asn_x",
        "asn_y",
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
    "POST /api/v1/unit/": {"admin_bkd"},
    "PUT /api/v1/unit/{id}/": {"operator_a", "admin_bkd"},
    "PATCH /api/v1/unit/{id}/": {"operator_a", "admin_bkd"},
    "POST /api/v1/uraian-tugas/": {"operator_a", "operator_b", "admin_bkd"},
    "PUT /api/v1/uraian-tugas/{id}/": {"operator_a", "admin_bkd"},
    "PATCH /api/v1/uraian-tugas/{id}/": {"operator_a", "admin_bkd"},
    "DELETE /api/v1/uraian-tugas/{id}/": {"operator_a", "admin_bkd"},
    "POST /partisipasi/kiosk/{token}/kirim/": {
        "anonim",
        "asn_x",
        "asn_y",
        "operator_a",
        "operator_b",
        "verifikator",
        "admin_bkd",
    },
}
# Which of unit A's objects fills each path parameter: {path: {param: (model, attribute)}}.
PATH_OBJECTS: dict[str, dict[str, tuple[str, str]]] = {
    "/api/v1/auth/token/": {},
    "/api/v1/formasi/": {},
    "/api/v1/formasi/{id}/": {"id": ("jabatan.Formasi", "pk")},
    "/api/v1/jabatan/": {},
    "/api/v1/jabatan/{id}/": {"id": ("jabatan.Jabatan", "pk")},
    "/api/v1/laporan/": {},
    "/api/v1/partisipasi/kasus/{id}/jawab/": {"id": ("survei.Kasus", "pk")},
    "/api/v1/partisipasi/kasus/{id}/kategorikan/": {"id": ("survei.Kasus", "pk")},
    "/api/v1/partisipasi/kasus/{id}/tugaskan/": {"id": ("survei.Kasus", "pk")},
    "/api/v1/partisipasi/kasus/{id}/tutup/": {"id": ("survei.Kasus", "pk")},
    "/api/v1/partisipasi/kode-struk/batch/": {},
    "/api/v1/partisipasi/kode-struk/terbitkan/": {},
    "/api/v1/partisipasi/konsultasi/{slug}/masukan/": {"slug": ("survei.Konsultasi", "slug")},
    "/api/v1/partisipasi/masukan/{id}/setujui/": {"id": ("survei.MasukanKonsultasi", "pk")},
    "/api/v1/partisipasi/masukan/{id}/tolak/": {"id": ("survei.MasukanKonsultasi", "pk")},
    "/api/v1/partisipasi/pengaduan/": {},
    "/api/v1/pegawai/": {},
    "/api/v1/pegawai/{nip}/": {"nip": ("jabatan.Pegawai", "nip")},
    "/api/v1/pelatihan/angkatan/{id}/daftar/": {"id": ("pelatihan.Angkatan", "pk")},
    "/api/v1/pelatihan/peserta/status/": {},
    "/api/v1/pelatihan/peserta/tambah/": {},
    "/api/v1/pelatihan/riwayat/": {},
    "/api/v1/pelatihan/riwayat/{id}/tolak/": {"id": ("pelatihan.RiwayatPelatihan", "pk")},
    "/api/v1/pelatihan/riwayat/{id}/verifikasi/": {"id": ("pelatihan.RiwayatPelatihan", "pk")},
    "/api/v1/penataan/item/": {},
    "/api/v1/penataan/item/{id}/": {"id": ("jabatan.ItemRencana", "pk")},
    "/api/v1/penataan/rencana/": {},
    "/api/v1/penataan/rencana/{id}/": {"id": ("jabatan.RencanaPenataan", "pk")},
    "/api/v1/penataan/rencana/{id}/ajukan/": {"id": ("jabatan.RencanaPenataan", "pk")},
    "/api/v1/penataan/rencana/{id}/kembalikan/": {"id": ("jabatan.RencanaPenataan", "pk")},
    "/api/v1/penataan/rencana/{id}/pembalikan/": {"id": ("jabatan.RencanaPenataan", "pk")},
    "/api/v1/penataan/rencana/{id}/setujui/": {"id": ("jabatan.RencanaPenataan", "pk")},
    "/api/v1/penataan/rencana/{id}/terapkan/": {"id": ("jabatan.RencanaPenataan", "pk")},
    "/api/v1/penataan/rencana/{id}/tolak/": {"id": ("jabatan.RencanaPenataan", "pk")},
    "/api/v1/riwayat-jabatan/": {},
    "/api/v1/riwayat-jabatan/{id}/": {"id": ("jabatan.RiwayatJabatan", "pk")},
    "/api/v1/survei/rencana/{id}/": {"id": ("survei.RencanaTindakLanjut", "pk")},
    "/api/v1/survei/unit-layanan/{kode}/respons/": {"kode": ("survei.UnitLayanan", "kode")},
    "/api/v1/unit/": {},
    "/api/v1/unit/{id}/": {"id": ("jabatan.UnitOrganisasi", "pk")},
    "/api/v1/uraian-tugas/": {},
    "/api/v1/uraian-tugas/{id}/": {"id": ("jabatan.UraianTugas", "pk")},
    "/partisipasi/kiosk/{token}/kirim/": {"token": ("survei.Kiosk", "token")},
}
