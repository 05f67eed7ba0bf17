"""Apply writes every assignment or none; a reversal plan restores the earlier state."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from jabatan.models import Formasi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
from jabatan.penataan import services
from jabatan.penataan.models import (
    ItemRencana,
    JenisItem,
    RencanaPenataan,
    StatusRencana,
    TransisiRencana,
)
from tests.penataan.conftest import TMT, Dunia
from tests.penataan.factories import ItemFactory, RencanaFactory
from tests.penataan.test_validation import jf

M = JenisItem


def approved(plan: RencanaPenataan, drafter: Any, verifikator: Any) -> RencanaPenataan:
    services.rencana_submit(rencana=plan, user=drafter)
    return services.rencana_approve(rencana=plan, user=verifikator)


def definitif_terbuka(pegawai: Any) -> RiwayatJabatan:
    return RiwayatJabatan.objects.definitif().get(pegawai=pegawai, tmt_selesai__isnull=True)


@pytest.fixture
def rencana_campuran(dunia: Dunia, admin_bkd: Any) -> RencanaPenataan:
    """A penyetaraan of the Kabid, a rotation, and a new formasi with a promotion into it."""
    rencana = RencanaFactory(dibuat_oleh=admin_bkd, tmt=TMT, nama="Penataan campuran")
    madya = jf("ahli_madya", 12)
    ItemFactory(
        rencana=rencana,
        jenis=M.PENYETARAAN,
        pegawai=dunia.p_kabid,
        formasi_asal=dunia.f_kabid,
        jabatan=madya,
    )
    ItemFactory(
        rencana=rencana,
        jenis=M.MUTASI,
        pegawai=dunia.p_analis1,
        formasi_asal=dunia.f_analis_a,
        formasi_tujuan=dunia.f_analis_b,
        alasan_peringatan="Kebutuhan mendesak di unit B",
    )
    ItemFactory(rencana=rencana, jenis=M.PEMBENTUKAN_FORMASI, unit=dunia.b1, jabatan=dunia.kasi)
    tujuan = Formasi.objects.create(unit=dunia.b1, jabatan=dunia.kasi, aktif=False)
    ItemFactory(
        rencana=rencana,
        jenis=M.PROMOSI,
        pegawai=dunia.p_analis2,
        formasi_asal=dunia.f_analis_a,
        formasi_tujuan=tujuan,
    )
    return rencana


def test_apply_closes_and_opens_every_assignment(
    dunia: Dunia, rencana_campuran: RencanaPenataan, admin_bkd: Any, verifikator: Any
) -> None:
    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    lama = definitif_terbuka(dunia.p_kabid)
    services.rencana_apply(rencana=rencana, user=admin_bkd)

    rencana.refresh_from_db()
    assert rencana.status == StatusRencana.DITERAPKAN and rencana.diterapkan_oleh == admin_bkd
    lama.refresh_from_db()
    assert lama.tmt_selesai == TMT
    baru = definitif_terbuka(dunia.p_kabid)
    assert baru.tmt_mulai == TMT and baru.formasi.jabatan.jenjang == "ahli_madya"
    assert baru.formasi.unit == dunia.a1
    dunia.f_kabid.refresh_from_db()
    assert dunia.f_kabid.aktif is False  # the position itself was converted
    assert definitif_terbuka(dunia.p_analis1).formasi == dunia.f_analis_b
    kasi_b = Formasi.objects.get(unit=dunia.b1, jabatan=dunia.kasi)
    assert kasi_b.aktif and definitif_terbuka(dunia.p_analis2).formasi == kasi_b
    assert list(rencana.transisi.values_list("ke_status", "oleh__username")) == [
        ("diajukan", "admin_bkd"),
        ("disetujui", "verifikator"),
        ("diterapkan", "admin_bkd"),
    ]
    assert LogEntry.objects.get_for_model(RiwayatJabatan).count() >= 6  # 3 closed + 3 opened


def test_apply_reads_the_current_assignments_once(
    dunia: Dunia, rencana_campuran: RencanaPenataan, admin_bkd: Any, verifikator: Any
) -> None:
    """The validation under the locks reads them and the apply closes what it read: one read
    of the open assignments, one of the holders left behind (none: they all move)."""
    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    with CaptureQueriesContext(connection) as ctx:
        services.rencana_apply(rencana=rencana, user=admin_bkd)
    reads = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "jabatan_riwayatjabatan"."id"')
    ]
    assert len(reads) == 2, reads


def test_an_applied_plan_is_frozen(
    dunia: Dunia, rencana_campuran: RencanaPenataan, admin_bkd: Any, verifikator: Any
) -> None:
    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    services.rencana_apply(rencana=rencana, user=admin_bkd)
    with pytest.raises(PermissionDenied):
        services.rencana_update(rencana=rencana, user=admin_bkd, nama="Diubah")
    item = rencana.items.first()
    with pytest.raises(PermissionDenied):
        services.item_save(item=item, user=admin_bkd)
    with pytest.raises(PermissionDenied):
        services.rencana_apply(rencana=rencana, user=admin_bkd)


def test_a_fault_midway_leaves_nothing_written(
    dunia: Dunia,
    rencana_campuran: RencanaPenataan,
    admin_bkd: Any,
    verifikator: Any,
    monkeypatch: Any,
) -> None:
    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    riwayat_before = list(RiwayatJabatan.objects.order_by("pk").values_list("pk", "tmt_selesai"))
    formasi_before = list(Formasi.objects.order_by("pk").values_list("pk", "aktif"))
    real = services._perpindahan_apply
    calls = {"n": 0}

    def failing(batch: list[ItemRencana], **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValidationError("gangguan buatan di tengah penerapan")
        real(batch, **kwargs)

    monkeypatch.setattr(services, "UKURAN_BATCH", 1)  # one ASN per batch: the fault hits midway
    monkeypatch.setattr(services, "_perpindahan_apply", failing)
    with pytest.raises(ValidationError):
        services.rencana_apply(rencana=rencana, user=admin_bkd)

    assert calls["n"] == 2
    assert (
        list(RiwayatJabatan.objects.order_by("pk").values_list("pk", "tmt_selesai"))
        == riwayat_before
    )
    assert list(Formasi.objects.order_by("pk").values_list("pk", "aktif")) == formasi_before
    rencana.refresh_from_db()
    assert rencana.status == StatusRencana.DISETUJUI
    assert "gangguan buatan" in rencana.catatan_penerapan
    assert not ItemRencana.objects.filter(rencana=rencana, riwayat_dibuka__isnull=False).exists()


def test_a_plan_made_stale_by_another_apply_is_refused_with_the_reason(
    dunia: Dunia, admin_bkd: Any, verifikator: Any
) -> None:
    pertama = RencanaFactory(dibuat_oleh=admin_bkd, tmt=TMT)
    kedua = RencanaFactory(dibuat_oleh=admin_bkd, tmt=TMT)
    for plan in (pertama, kedua):
        ItemFactory(
            rencana=plan,
            jenis=M.MUTASI,
            pegawai=dunia.p_analis1,
            formasi_asal=dunia.f_analis_a,
            formasi_tujuan=dunia.f_pengolah_a,
            alasan_peringatan="Rotasi",
        )
        approved(plan, admin_bkd, verifikator)
    services.rencana_apply(rencana=pertama, user=admin_bkd)
    with pytest.raises(ValidationError, match="tidak lagi memegang"):
        services.rencana_apply(rencana=kedua, user=admin_bkd)
    kedua.refresh_from_db()
    assert (
        kedua.status == StatusRencana.DISETUJUI and "tidak lagi memegang" in kedua.catatan_penerapan
    )
    assert RiwayatJabatan.objects.filter(pegawai=dunia.p_analis1).count() == 2


def test_only_admin_bkd_applies(
    dunia: Dunia,
    rencana_campuran: RencanaPenataan,
    admin_bkd: Any,
    verifikator: Any,
    operator_a: Any,
) -> None:
    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    for user in (verifikator, operator_a):
        with pytest.raises(PermissionDenied):
            services.rencana_apply(rencana=rencana, user=user)
    rencana.refresh_from_db()
    assert rencana.status == StatusRencana.DISETUJUI


def test_reversal_plan_restores_the_earlier_state(
    dunia: Dunia, rencana_campuran: RencanaPenataan, admin_bkd: Any, verifikator: Any
) -> None:
    movers = [dunia.p_kabid, dunia.p_analis1, dunia.p_analis2]
    before = {p.pk: definitif_terbuka(p).formasi_id for p in movers}
    active_before = set(Formasi.objects.filter(aktif=True).values_list("pk", flat=True))
    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    services.rencana_apply(rencana=rencana, user=admin_bkd)

    balik = services.rencana_reverse(rencana=rencana, user=admin_bkd, tmt=dt.date(2026, 7, 1))
    assert (
        balik.status == StatusRencana.DRAF
        and balik.rencana_asal == rencana
        and balik.jenis == "pembalikan"
    )
    kinds = list(balik.items.values_list("jenis", flat=True))
    assert kinds.count(M.MUTASI) == 3 and kinds.count(M.PEMBENTUKAN_FORMASI) == 1
    assert kinds.count(M.PENGHAPUSAN_FORMASI) == 2  # the JF formasi and the Kasi of B.1
    approved(balik, admin_bkd, verifikator)
    services.rencana_apply(rencana=balik, user=admin_bkd)

    assert {p.pk: definitif_terbuka(p).formasi_id for p in movers} == before
    assert set(Formasi.objects.filter(aktif=True).values_list("pk", flat=True)) == active_before
    assert definitif_terbuka(dunia.p_kabid).tmt_mulai == dt.date(2026, 7, 1)


def test_reversal_needs_an_applied_plan(
    dunia: Dunia, rencana_campuran: RencanaPenataan, admin_bkd: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.rencana_reverse(rencana=rencana_campuran, user=admin_bkd)


def test_apply_task_reports_progress(
    dunia: Dunia,
    rencana_campuran: RencanaPenataan,
    admin_bkd: Any,
    verifikator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from jabatan.penataan.tasks import penataan_apply_enqueue, penataan_progress

    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    with django_capture_on_commit_callbacks(execute=True):
        tugas = penataan_apply_enqueue(rencana=rencana, user=admin_bkd)
    tugas.refresh_from_db()
    assert tugas.status == "selesai" and tugas.percobaan == 1
    progres = penataan_progress(rencana.pk)
    assert progres is not None and progres["status"] == "selesai"
    assert progres["done"] == progres["total"] > 0
    rencana.refresh_from_db()
    assert rencana.status == StatusRencana.DITERAPKAN


def test_apply_task_reports_a_refusal(
    dunia: Dunia,
    rencana_campuran: RencanaPenataan,
    admin_bkd: Any,
    verifikator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from jabatan.penataan.tasks import penataan_apply_enqueue, penataan_progress

    rencana = approved(rencana_campuran, admin_bkd, verifikator)
    RiwayatJabatan.objects.filter(pegawai=dunia.p_analis1).update(tmt_selesai=dt.date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        tugas = penataan_apply_enqueue(rencana=rencana, user=admin_bkd)
    tugas.refresh_from_db()
    assert tugas.status == "gagal" and "Analis Satu" in tugas.pesan
    progres = penataan_progress(rencana.pk)
    assert progres is not None and progres["status"] == "gagal"
    assert "Analis Satu" in progres["message"]


# --- the audit trail and the reversal plan, row by row ----------------------------------------
# Recorded from the apply of commit 583ea2e (before the set-based rewrite of issue 14): every
# audit row the apply writes, what each item did, and the reversal plan drafted from it. Primary
# keys differ from run to run, so ids are written as the objects they name, timestamps as <waktu>.
EXPECTED = Path(__file__).with_name("apply_expected_audit.json")
# What each item did, recorded by the apply for the reversal plan.
HASIL = (
    "formasi_hasil",
    "formasi_diaktifkan",
    "formasi_dinonaktifkan",
    "riwayat_ditutup",
    "riwayat_dibuka",
)
WAKTU = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00)?$")


def _label(model: type[models.Model], pk: Any) -> str:
    """A run-independent name of the object ``pk`` of ``model``."""
    if pk in (None, "None"):
        return "None"
    obj = model._default_manager.get(pk=pk)
    if isinstance(obj, Formasi):
        return f"formasi {obj.jabatan.kode}@{obj.unit.kode}"
    if isinstance(obj, RiwayatJabatan):
        return f"riwayat {obj.pegawai.nama}:{obj.formasi_id and _label(Formasi, obj.formasi_id)}:{obj.tmt_mulai}"
    if isinstance(obj, Pegawai):
        return f"pegawai {obj.nama}"
    if isinstance(obj, UnitOrganisasi):
        return f"unit {obj.kode}"
    if isinstance(obj, Jabatan):
        return f"jabatan {obj.kode}"
    if isinstance(obj, RencanaPenataan):
        return f"rencana {obj.nama}"
    if isinstance(obj, TransisiRencana):
        return f"transisi {obj.dari_status}->{obj.ke_status}"
    return f"{model._meta.model_name} {obj}"


def _value(model: type[models.Model], name: str, value: Any) -> Any:
    if isinstance(value, str) and WAKTU.match(value):
        return "<waktu>"
    field = model._meta.get_field(name)
    if not field.concrete:  # auditlog also lists reverse relations (as their manager's name)
        return value
    if field.primary_key:
        return _label(model, value)
    if field.is_relation and field.related_model is not None:
        if field.related_model is get_user_model():
            return (
                value
                if value in (None, "None")
                else get_user_model().objects.get(pk=value).username
            )
        return _label(field.related_model, value)  # type: ignore[arg-type]
    return value


def _entry(entry: LogEntry, cids: dict[str | None, str]) -> dict[str, Any]:
    model = entry.content_type.model_class()
    assert model is not None and entry.object_id == int(entry.object_pk)
    return {
        "model": model._meta.label,
        "object": _label(model, entry.object_pk),
        "object_repr": entry.object_repr,
        "action": entry.action,
        "changes": {
            name: [_value(model, name, v) for v in pair]
            for name, pair in sorted((entry.changes or {}).items())
        },
        "changes_text": entry.changes_text,
        "serialized_data": entry.serialized_data,
        "additional_data": entry.additional_data,
        "actor": entry.actor.username if entry.actor else None,
        "actor_email": entry.actor_email,
        "remote_addr": entry.remote_addr,
        "remote_port": entry.remote_port,
        # One request id per apply (the same for the rows of one save, whichever it is).
        "cid": cids.setdefault(entry.cid, f"cid {len(cids) + 1}"),
    }


def _items(rencana: RencanaPenataan) -> list[dict[str, Any]]:
    """Each item in plan order (its place, not its ``urutan``, which a factory numbers)."""
    return [
        {
            "nomor": nomor,
            **{
                name: _value(ItemRencana, name, getattr(item, f"{name}_id"))
                if ItemRencana._meta.get_field(name).is_relation
                else getattr(item, name)
                for name in (*services.ITEM_FIELDS, *HASIL)
            },
        }
        for nomor, item in enumerate(rencana.items.order_by("urutan", "pk"), start=1)
    ]


def test_apply_writes_the_recorded_audit_trail_and_reversal_plan(
    dunia: Dunia, rencana_campuran: RencanaPenataan, admin_bkd: Any, verifikator: Any
) -> None:
    """Every kind of item: the mixed plan of test_apply (penyetaraan, rotation, a formasi
    re-activated with a promotion into it) with two more penyetaraan, one without a holder,
    and a formasi removed."""
    rencana = rencana_campuran
    pertama = jf("ahli_pertama", 7)
    for pemegang, asal, tujuan in (
        (dunia.p_kasi, dunia.f_kasi, jf("ahli_muda", 9)),
        (dunia.p_kasubsi, dunia.f_kasubsi, pertama),
        (None, Formasi.objects.create(unit=dunia.b1, jabatan=dunia.kasubsi), pertama),
    ):
        ItemFactory(
            rencana=rencana,
            jenis=M.PENYETARAAN,
            pegawai=pemegang,
            formasi_asal=asal,
            jabatan=tujuan,
            alasan_peringatan="Inpassing",
        )
    dihapus = Formasi.objects.create(unit=dunia.a1, jabatan=dunia.analis)
    ItemFactory(rencana=rencana, jenis=M.PENGHAPUSAN_FORMASI, formasi_asal=dihapus)
    approved(rencana, admin_bkd, verifikator)

    sebelum = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    services.rencana_apply(rencana=rencana, user=admin_bkd)
    cids: dict[str | None, str] = {}
    audit = [_entry(e, cids) for e in LogEntry.objects.filter(pk__gt=sebelum).order_by("pk")]
    balik = services.rencana_reverse(rencana=rencana, user=admin_bkd)
    actual = {"audit": audit, "items": _items(rencana), "pembalikan": _items(balik)}

    assert json.loads(json.dumps(actual, default=str)) == json.loads(EXPECTED.read_text())
