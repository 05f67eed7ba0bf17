"""draf -> diajukan -> disetujui/ditolak -> diterapkan, with the four-eyes rule at every door."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jabatan.penataan import services
from jabatan.penataan.models import JenisItem, RencanaPenataan, StatusRencana
from tests.conftest import client_for
from tests.factories import PegawaiFactory, make_nip
from tests.penataan.conftest import TMT, Dunia
from tests.penataan.factories import ItemFactory


@pytest.fixture
def draf_operator(dunia: Dunia, operator_a: Any) -> RencanaPenataan:
    rencana = services.rencana_create(
        user=operator_a, nama="Rotasi Bidang A1", dasar_hukum="SK 1/2026", tmt=TMT
    )
    services.item_save(
        item=ItemFactory.build(
            rencana=rencana,
            jenis=JenisItem.MUTASI,
            pegawai=dunia.p_analis1,
            formasi_tujuan=dunia.f_pengolah_a,
            alasan_peringatan="Rotasi berkala",
            urutan=0,
        ),
        user=operator_a,
    )
    return rencana


def test_item_save_fills_the_current_formasi(draf_operator: RencanaPenataan, dunia: Dunia) -> None:
    item = draf_operator.items.get()
    assert item.formasi_asal == dunia.f_analis_a and item.urutan == 1


def test_full_workflow_records_every_transition(
    draf_operator: RencanaPenataan, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    services.rencana_submit(rencana=draf_operator, user=operator_a)
    services.rencana_approve(rencana=draf_operator, user=verifikator)
    services.rencana_apply(rencana=draf_operator, user=admin_bkd)
    rencana = RencanaPenataan.objects.get(pk=draf_operator.pk)
    assert rencana.status == StatusRencana.DITERAPKAN
    steps = list(rencana.transisi.values_list("dari_status", "ke_status", "oleh__username"))
    assert steps == [
        ("", "draf", "operator_a"),
        ("draf", "diajukan", "operator_a"),
        ("diajukan", "disetujui", "verifikator"),
        ("disetujui", "diterapkan", "admin_bkd"),
    ]
    assert rencana.transisi.filter(pada__isnull=True).count() == 0
    assert rencana.diajukan_oleh == operator_a and rencana.diputuskan_oleh == verifikator


def test_the_drafter_cannot_approve_even_with_the_permission(dunia: Dunia, admin_bkd: Any) -> None:
    rencana = services.rencana_create(user=admin_bkd, nama="R", dasar_hukum="SK", tmt=TMT)
    services.item_save(
        item=ItemFactory.build(
            rencana=rencana,
            jenis=JenisItem.MUTASI,
            pegawai=dunia.p_analis1,
            formasi_tujuan=dunia.f_pengolah_a,
            alasan_peringatan="x",
            urutan=0,
        ),
        user=admin_bkd,
    )
    services.rencana_submit(rencana=rencana, user=admin_bkd)
    with pytest.raises(PermissionDenied, match="empat mata"):
        services.rencana_approve(rencana=rencana, user=admin_bkd)
    with pytest.raises(PermissionDenied, match="empat mata"):
        services.rencana_reject(rencana=rencana, user=admin_bkd, alasan="Tidak")
    assert RencanaPenataan.objects.get(pk=rencana.pk).status == StatusRencana.DIAJUKAN


def test_operators_cannot_approve(
    draf_operator: RencanaPenataan, operator_a: Any, operator_b: Any
) -> None:
    services.rencana_submit(rencana=draf_operator, user=operator_a)
    with pytest.raises(PermissionDenied):
        services.rencana_approve(rencana=draf_operator, user=operator_b)


def test_rejection_needs_a_reason_and_returns_to_draft(
    draf_operator: RencanaPenataan, operator_a: Any, verifikator: Any
) -> None:
    services.rencana_submit(rencana=draf_operator, user=operator_a)
    with pytest.raises(ValidationError, match="Alasan penolakan wajib"):
        services.rencana_reject(rencana=draf_operator, user=verifikator, alasan="  ")
    services.rencana_reject(
        rencana=draf_operator, user=verifikator, alasan="Dasar hukum belum ditandatangani"
    )
    rencana = RencanaPenataan.objects.get(pk=draf_operator.pk)
    assert rencana.status == StatusRencana.DITOLAK and rencana.alasan_penolakan.startswith(
        "Dasar hukum"
    )
    assert rencana.transisi.get(ke_status="ditolak").alasan == "Dasar hukum belum ditandatangani"
    services.rencana_revise(rencana=rencana, user=operator_a)
    assert RencanaPenataan.objects.get(pk=rencana.pk).status == StatusRencana.DRAF


def test_operator_cannot_touch_another_units_formasi(dunia: Dunia, operator_b: Any) -> None:
    # Unit A's ASN is outside operator B's reach: refused as if it did not exist (it used to
    # say "di luar kewenangan", which told that the ASN exists).
    rencana = services.rencana_create(user=operator_b, nama="R", dasar_hukum="SK", tmt=TMT)
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        services.item_save(
            item=ItemFactory.build(
                rencana=rencana,
                jenis=JenisItem.MUTASI,
                pegawai=dunia.p_analis1,
                formasi_tujuan=dunia.f_analis_b,
                urutan=0,
            ),
            user=operator_b,
        )
    assert rencana.items.count() == 0


# --- the four-eyes rule through the admin and the API ------------------------------------------------


def _aksi(rencana: RencanaPenataan, aksi: str) -> str:
    return reverse("admin:jabatan_rencanapenataan_aksi", args=[rencana.pk, aksi])


def test_admin_buttons_enforce_four_eyes(dunia: Dunia, admin_bkd: Any, verifikator: Any) -> None:
    rencana = services.rencana_create(user=admin_bkd, nama="R", dasar_hukum="SK", tmt=TMT)
    services.item_save(
        item=ItemFactory.build(
            rencana=rencana,
            jenis=JenisItem.MUTASI,
            pegawai=dunia.p_analis1,
            formasi_tujuan=dunia.f_pengolah_a,
            alasan_peringatan="x",
            urutan=0,
        ),
        user=admin_bkd,
    )
    client = client_for(admin_bkd)
    response = client.post(_aksi(rencana, "ajukan"), follow=True)
    assert "diajukan untuk persetujuan" in response.content.decode()
    response = client.post(_aksi(rencana, "setujui"), follow=True)
    assert "empat mata" in response.content.decode()
    assert RencanaPenataan.objects.get(pk=rencana.pk).status == StatusRencana.DIAJUKAN
    response = client_for(verifikator).post(_aksi(rencana, "tolak"), {"alasan": ""}, follow=True)
    assert "Alasan penolakan wajib" in response.content.decode()
    client_for(verifikator).post(_aksi(rencana, "setujui"))
    assert RencanaPenataan.objects.get(pk=rencana.pk).status == StatusRencana.DISETUJUI
    client_for(verifikator).post(_aksi(rencana, "terapkan"))
    assert RencanaPenataan.objects.get(pk=rencana.pk).status == StatusRencana.DISETUJUI
    client.post(_aksi(rencana, "terapkan"))
    assert RencanaPenataan.objects.get(pk=rencana.pk).status == StatusRencana.DITERAPKAN


def test_admin_page_shows_the_drafter_only_the_button_she_may_press(
    draf_operator: RencanaPenataan, operator_a: Any
) -> None:
    html = (
        client_for(operator_a)
        .get(reverse("admin:jabatan_rencanapenataan_change", args=[draf_operator.pk]))
        .content.decode()
    )
    assert 'data-aksi="ajukan">Ajukan untuk persetujuan</button>' in html
    for aksi in ("setujui", "tolak", "terapkan", "kembalikan", "pembalikan"):
        assert f'data-aksi="{aksi}"' not in html
    assert "Tidak ada galat; seluruh peringatan telah diberi alasan." in html


def test_api_enforces_four_eyes_and_reason(dunia: Dunia, admin_bkd: Any, verifikator: Any) -> None:
    api = client_for(admin_bkd)
    created = api.post(
        "/api/v1/penataan/rencana/",
        {"nama": "Via API", "dasar_hukum": "SK 9", "tmt": "2026-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    item = api.post(
        "/api/v1/penataan/item/",
        {
            "rencana": pk,
            "jenis": "mutasi",
            "pegawai": dunia.p_analis1.pk,
            "formasi_tujuan": dunia.f_pengolah_a.pk,
        },
        content_type="application/json",
    )
    assert item.status_code == 201, item.content
    assert item.json()["formasi_asal"] == dunia.f_analis_a.pk
    refused = api.post(f"/api/v1/penataan/rencana/{pk}/ajukan/")
    assert refused.status_code == 400 and "memerlukan alasan" in str(refused.json())
    api.patch(
        f"/api/v1/penataan/item/{item.json()['id']}/",
        {"alasan_peringatan": "Rotasi"},
        content_type="application/json",
    )
    assert api.post(f"/api/v1/penataan/rencana/{pk}/ajukan/").json()["status"] == "diajukan"
    self_approve = api.post(f"/api/v1/penataan/rencana/{pk}/setujui/")
    assert self_approve.status_code == 403 and "empat mata" in self_approve.json()["detail"]
    verif = client_for(verifikator)
    assert (
        verif.post(
            f"/api/v1/penataan/rencana/{pk}/tolak/", {}, content_type="application/json"
        ).status_code
        == 400
    )
    assert verif.post(f"/api/v1/penataan/rencana/{pk}/terapkan/").status_code == 403
    assert verif.post(f"/api/v1/penataan/rencana/{pk}/setujui/").json()["status"] == "disetujui"
    applied = api.post(f"/api/v1/penataan/rencana/{pk}/terapkan/")
    assert applied.status_code == 200 and applied.json()["status"] == "diterapkan"
    frozen = api.patch(
        f"/api/v1/penataan/rencana/{pk}/", {"nama": "Ubah"}, content_type="application/json"
    )
    assert frozen.status_code == 403
    reversal = api.post(
        f"/api/v1/penataan/rencana/{pk}/pembalikan/",
        {"tmt": "2026-03-01"},
        content_type="application/json",
    )
    assert reversal.status_code == 201 and reversal.json()["jenis"] == "pembalikan"
    assert reversal.json()["items"][0]["formasi_tujuan"] == dunia.f_analis_a.pk


def test_admin_forms_draft_a_plan_and_its_items(
    dunia: Dunia, operator_a: Any, admin_bkd: Any
) -> None:
    client = client_for(operator_a)
    response = client.post(
        reverse("admin:jabatan_rencanapenataan_add"),
        {
            "nama": "Rotasi A",
            "dasar_hukum": "SK 7",
            "tmt": "2026-01-01",
            "keterangan": "",
            "_save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rencana = RencanaPenataan.objects.get(nama="Rotasi A")
    assert rencana.dibuat_oleh == operator_a and rencana.transisi.get().ke_status == "draf"
    add_url = reverse("admin:jabatan_itemrencana_add")
    response = client.post(
        add_url,
        {
            "rencana": rencana.pk,
            "jenis": "mutasi",
            "pegawai": dunia.p_analis1.pk,
            "formasi_tujuan": dunia.f_pengolah_a.pk,
            "_save": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:jabatan_rencanapenataan_change", args=[rencana.pk]
    )
    item = rencana.items.get()
    assert item.formasi_asal == dunia.f_analis_a
    change_url = reverse("admin:jabatan_itemrencana_change", args=[item.pk])
    response = client.post(
        change_url,
        {
            "rencana": rencana.pk,
            "jenis": "mutasi",
            "pegawai": dunia.p_analis1.pk,
            "formasi_asal": dunia.f_analis_a.pk,
            "formasi_tujuan": dunia.f_pengolah_a.pk,
            "alasan_peringatan": "Rotasi berkala",
            "_save": "1",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.alasan_peringatan == "Rotasi berkala"
    # A pegawai without an active position is refused on the form, naming the field.
    tanpa = PegawaiFactory(nip=make_nip(9500))
    response = client_for(admin_bkd).post(
        add_url,
        {
            "rencana": rencana.pk,
            "jenis": "mutasi",
            "pegawai": tanpa.pk,
            "formasi_tujuan": dunia.f_pengolah_a.pk,
            "_save": "1",
        },
    )
    assert (
        response.status_code == 200
        and "tidak memiliki jabatan definitif yang aktif" in response.content.decode()
    )
    # Operator A cannot put a unit B formasi into the plan.
    response = client.post(
        add_url,
        {
            "rencana": rencana.pk,
            "jenis": "mutasi",
            "pegawai": dunia.p_analis2.pk,
            "formasi_tujuan": dunia.f_analis_b.pk,
            "_save": "1",
        },
    )
    assert response.status_code == 200 and rencana.items.count() == 1


def test_a_large_plan_is_applied_in_the_background_with_progress(
    draf_operator: RencanaPenataan,
    operator_a: Any,
    verifikator: Any,
    admin_bkd: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.PENATAAN_APPLY_ASYNC_MIN_ITEMS = 1
    services.rencana_submit(rencana=draf_operator, user=operator_a)
    services.rencana_approve(rencana=draf_operator, user=verifikator)
    client = client_for(admin_bkd)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(_aksi(draf_operator, "terapkan"), follow=True)
    assert len(callbacks) == 2  # the enqueue, and the warning should it fail
    assert "berjalan di latar belakang" in response.content.decode()
    assert RencanaPenataan.objects.get(pk=draf_operator.pk).status == StatusRencana.DITERAPKAN
    progres = client.get(
        reverse("admin:jabatan_rencanapenataan_progres", args=[draf_operator.pk])
    ).json()
    assert progres["status_rencana"] == "diterapkan"
    assert progres["progres"]["status"] == "selesai"
    assert progres["progres"]["done"] == progres["progres"]["total"] == 1
    page = client.get(
        reverse("admin:jabatan_rencanapenataan_change", args=[draf_operator.pk])
    ).content.decode()
    assert "Penerapan selesai." in page


def test_admin_generates_a_reversal_plan(
    draf_operator: RencanaPenataan, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    services.rencana_submit(rencana=draf_operator, user=operator_a)
    services.rencana_approve(rencana=draf_operator, user=verifikator)
    services.rencana_apply(rencana=draf_operator, user=admin_bkd)
    refused = client_for(operator_a).post(_aksi(draf_operator, "pembalikan"), follow=True)
    assert "Hanya Admin BKD yang dapat membuat rencana pembalikan" in refused.content.decode()
    response = client_for(admin_bkd).post(_aksi(draf_operator, "pembalikan"))
    balik = RencanaPenataan.objects.get(rencana_asal=draf_operator)
    assert response["Location"] == reverse("admin:jabatan_rencanapenataan_change", args=[balik.pk])
    assert balik.status == StatusRencana.DRAF and balik.items.count() == 1


def test_api_applies_a_large_plan_in_the_background(
    draf_operator: RencanaPenataan,
    operator_a: Any,
    verifikator: Any,
    admin_bkd: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.PENATAAN_APPLY_ASYNC_MIN_ITEMS = 1
    services.rencana_submit(rencana=draf_operator, user=operator_a)
    services.rencana_approve(rencana=draf_operator, user=verifikator)
    url = f"/api/v1/penataan/rencana/{draf_operator.pk}/terapkan/"
    assert client_for(verifikator).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_bkd).post(url)
    assert response.status_code == 202
    assert RencanaPenataan.objects.get(pk=draf_operator.pk).status == StatusRencana.DITERAPKAN
