from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from asn_portal.periode import Periode
from survei.models import PeriodePublikasi, RencanaTindakLanjut, Respons
from tests.conftest import client_for
from tests.survei.factories import UnitLayananFactory, jawaban_dari_jumlah, respons_bulk

pytestmark = pytest.mark.django_db

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]


def _user(request: pytest.FixtureRequest, persona: str | None) -> Any:
    return None if persona is None else request.getfixturevalue(persona)


def _periode() -> Periode:
    return Periode.memuat("triwulan", timezone.localdate())


@pytest.mark.parametrize(
    ("persona", "dashboard", "unit_a_page", "kertas"),
    [
        ("admin_bkd", 200, 200, 200),
        ("verifikator", 200, 200, 403),
        ("operator_a", 200, 200, 200),
        ("operator_b", 200, 404, 404),
        ("asn_x", 403, 403, 403),
        ("asn_y", 403, 403, 403),
        (None, 302, 302, 302),
    ],
)
def test_staff_pages_per_persona(
    request, layanan_a, layanan_b, persona, dashboard, unit_a_page, kertas
) -> None:
    client = client_for(_user(request, persona))
    assert client.get(reverse("survei:staf_dashboard")).status_code == dashboard
    assert client.get(reverse("survei:staf_unit", args=[layanan_a.kode])).status_code == unit_a_page
    assert client.get(reverse("survei:staf_kertas", args=[layanan_a.kode])).status_code == kertas


@pytest.mark.parametrize(
    ("persona", "terbit", "rencana"),
    [
        ("admin_bkd", 302, 302),
        ("verifikator", 403, 403),
        ("operator_a", 302, 302),
        ("operator_b", 404, 404),
        ("asn_x", 403, 403),
        ("asn_y", 403, 403),
        (None, 302, 302),
    ],
)
def test_publish_and_plan_per_persona(request, layanan_a, persona, terbit, rencana) -> None:
    respons_bulk(layanan_a, [[3, 2, 1, 4, 3, 3, 3, 2, 3]] * 3, tanggal=timezone.localdate())
    client = client_for(_user(request, persona))
    periode = _periode().kode
    r1 = client.post(reverse("survei:staf_terbitkan", args=[layanan_a.kode]), {"periode": periode})
    r2 = client.post(
        reverse("survei:staf_rencana_draf", args=[layanan_a.kode]), {"periode": periode}
    )
    assert (r1.status_code, r2.status_code) == (terbit, rencana)
    boleh = terbit == 302 and persona is not None
    assert PeriodePublikasi.objects.exists() is boleh
    assert RencanaTindakLanjut.objects.exists() is boleh


def test_dashboard_lists_only_the_operators_units(
    layanan_a, layanan_a_sub, layanan_b, operator_a, admin_bkd
) -> None:
    html = client_for(operator_a).get(reverse("survei:staf_dashboard")).content.decode()
    assert layanan_a.nama in html and layanan_a_sub.nama in html and layanan_b.nama not in html
    html = client_for(admin_bkd).get(reverse("survei:staf_dashboard")).content.decode()
    assert layanan_b.nama in html


def test_dashboard_query_count_is_constant(
    admin_bkd, unit_a, django_assert_max_num_queries
) -> None:
    client = client_for(admin_bkd)
    client.get(reverse("survei:staf_dashboard"))
    for i in range(3):
        respons_bulk(
            UnitLayananFactory(unit=unit_a, kode=f"few-{i}"),
            [[3] * 9],
            tanggal=timezone.localdate(),
        )
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("survei:staf_dashboard"))
    for i in range(30):
        respons_bulk(
            UnitLayananFactory(unit=unit_a, kode=f"many-{i}"),
            [[2] * 9],
            tanggal=timezone.localdate(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("survei:staf_dashboard"))
    assert response.status_code == 200


def test_staff_unit_page_shows_index_sample_warning_and_suggestions(layanan_a, operator_a) -> None:
    layanan_a.jumlah_pengguna = 4000
    layanan_a.save()
    respons_bulk(
        layanan_a,
        jawaban_dari_jumlah([105, 101, 100, 116, 102, 105, 106, 105, 115], 29),
        tanggal=_periode().awal,
        saran="Loket kurang",
    )
    respons_bulk(layanan_a, [[3] * 9], tanggal=_periode().awal, saran="Parkir sempit sekali")
    client = client_for(operator_a)
    url = reverse("survei:staf_unit", args=[layanan_a.kode])
    html = client.get(url, {"periode": _periode().kode}).content.decode()
    assert "sampel belum mencukupi" in html
    assert "<svg" in html and "Parkir sempit sekali" in html
    found = client.get(url, {"periode": _periode().kode, "q": "parkir"}).content.decode()
    assert "Parkir sempit sekali" in found and "Loket kurang" not in found


def test_publish_freezes_a_snapshot_and_plan_drafts_weakest(layanan_a, operator_a) -> None:
    periode = _periode()
    respons_bulk(
        layanan_a,
        jawaban_dari_jumlah([105, 101, 100, 116, 102, 105, 106, 105, 115], 29),
        tanggal=periode.awal,
    )
    client = client_for(operator_a)
    client.post(reverse("survei:staf_terbitkan", args=[layanan_a.kode]), {"periode": periode.kode})
    publikasi = PeriodePublikasi.objects.get()
    assert publikasi.hasil["ikm"] == "91.48" and publikasi.hasil["bobot"] == "1/9"
    assert publikasi.sampel_minimum == 152  # 1,000 users a year -> 250 a quarter -> 152
    client.post(
        reverse("survei:staf_rencana_draf", args=[layanan_a.kode]), {"periode": periode.kode}
    )
    assert sorted(RencanaTindakLanjut.objects.values_list("kode_unsur", flat=True)) == [
        "U2",
        "U3",
        "U5",
    ]
    # drafting again adds nothing
    client.post(
        reverse("survei:staf_rencana_draf", args=[layanan_a.kode]), {"periode": periode.kode}
    )
    assert RencanaTindakLanjut.objects.count() == 3
    rencana = RencanaTindakLanjut.objects.get(kode_unsur="U3")
    response = client.post(
        reverse("survei:staf_rencana_ubah", args=[rencana.pk]),
        {
            "masalah": rencana.masalah,
            "kegiatan": "Tambah loket",
            "penanggung_jawab": "Kasubag Umum",
            "target_selesai": "2027-03-31",
            "status": "berjalan",
            "catatan_progres": "Loket ketiga dibuka",
        },
    )
    assert response.status_code == 302
    rencana.refresh_from_db()
    assert (rencana.status, rencana.kegiatan) == ("berjalan", "Tambah loket")


def test_plan_edit_is_scoped(layanan_a, operator_b) -> None:
    rencana = RencanaTindakLanjut.objects.create(
        unit_layanan=layanan_a,
        jenis_periode="tahun",
        tahun=2026,
        nomor=1,
        kode_unsur="U1",
        kegiatan="x",
    )
    assert (
        client_for(operator_b)
        .get(reverse("survei:staf_rencana_ubah", args=[rencana.pk]))
        .status_code
        == 404
    )


def _kertas(client, kode: str, **extra: Any):
    data = {f"u{i}": "4" for i in range(1, 10)}
    data.update(
        umur="51",
        jenis_kelamin="L",
        pendidikan="d4_s1",
        pekerjaan="pns",
        jenis_layanan="Kartu Keluarga",
        tanggal_layanan="2026-01-05",
        idempotency_key=str(uuid.uuid4()),
    )
    data.update(extra)
    return client.post(reverse("survei:staf_kertas", args=[kode]), data)


def test_paper_entry_saves_many_in_a_row_without_device_guard(layanan_a, operator_a) -> None:
    client = client_for(operator_a)
    for _ in range(3):
        assert _kertas(client, layanan_a.kode).status_code == 302
    rows = Respons.objects.filter(unit_layanan=layanan_a)
    assert rows.count() == 3
    assert set(rows.values_list("sumber", flat=True)) == {"kertas"}
    assert set(rows.values_list("dientri_oleh", flat=True)) == {operator_a.pk}
    # the next sheet starts with the previous service date and kind of service
    html = client.get(reverse("survei:staf_kertas", args=[layanan_a.kode])).content.decode()
    assert 'value="2026-01-05"' in html and "autofocus" in html


def test_paper_entry_allows_blank_unsur_and_keeps_input_on_error(layanan_a, operator_a) -> None:
    client = client_for(operator_a)
    assert _kertas(client, layanan_a.kode, u8="").status_code == 302
    assert Respons.objects.get().u8 is None
    bad = _kertas(client, layanan_a.kode, u3="5", umur="")
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Nilai 1 sampai 4." in html and 'id="galat-umur"' in html and 'value="5"' in html
    assert Respons.objects.count() == 1


def test_paper_entry_resend_is_not_stored_twice(layanan_a, operator_a) -> None:
    client = client_for(operator_a)
    key = str(uuid.uuid4())
    _kertas(client, layanan_a.kode, idempotency_key=key)
    _kertas(client, layanan_a.kode, idempotency_key=key)
    assert Respons.objects.count() == 1


def test_paper_entry_for_a_sub_unit_and_refused_elsewhere(
    layanan_a_sub, layanan_b, operator_a
) -> None:
    client = client_for(operator_a)
    assert _kertas(client, layanan_a_sub.kode).status_code == 302
    assert _kertas(client, layanan_b.kode).status_code == 404
    assert not Respons.objects.filter(unit_layanan=layanan_b).exists()


def test_paper_entry_old_service_date_is_allowed(layanan_a, operator_a) -> None:
    lama = (timezone.localdate() - dt.timedelta(days=300)).isoformat()
    assert _kertas(client_for(operator_a), layanan_a.kode, tanggal_layanan=lama).status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin_bkd", 200),
        ("verifikator", 403),
        ("operator_a", 200),
        ("operator_b", 404),
        ("asn_x", 403),
        ("asn_y", 403),
        (None, 302),
    ],
)
def test_plan_edit_page_per_persona(request, layanan_a, persona, status) -> None:
    rencana = RencanaTindakLanjut.objects.create(
        unit_layanan=layanan_a,
        jenis_periode="tahun",
        tahun=2026,
        nomor=1,
        kode_unsur="U1",
        kegiatan="x",
    )
    client = client_for(_user(request, persona))
    assert client.get(reverse("survei:staf_rencana_ubah", args=[rencana.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status", "sees_a", "sees_b"),
    [
        ("admin_bkd", 200, True, True),
        ("verifikator", 200, True, True),
        ("operator_a", 200, True, False),
        ("operator_b", 200, False, True),
        ("asn_x", 302, False, False),
        ("asn_y", 302, False, False),
        (None, 302, False, False),
    ],
)
def test_admin_changelists_are_scoped(
    request, layanan_a, layanan_b, persona, status, sees_a, sees_b
) -> None:
    respons_bulk(layanan_a, [[3] * 9], tanggal=timezone.localdate(), saran="saran-unit-a")
    respons_bulk(layanan_b, [[3] * 9], tanggal=timezone.localdate(), saran="saran-unit-b")
    client = client_for(_user(request, persona))
    for model in ("unitlayanan", "respons", "rencanatindaklanjut", "periodepublikasi"):
        response = client.get(reverse(f"admin:survei_{model}_changelist"))
        assert response.status_code == status, model
    if status == 200:
        html = client.get(reverse("admin:survei_unitlayanan_changelist")).content.decode()
        assert (layanan_a.nama in html, layanan_b.nama in html) == (sees_a, sees_b)
        pk_a = Respons.objects.get(saran="saran-unit-a").pk
        detail = client.get(reverse("admin:survei_respons_change", args=[pk_a]))
        assert (detail.status_code == 200) is sees_a
        if sees_a:
            assert "perangkat_hash" not in detail.content.decode()


def test_questionnaire_with_answers_is_frozen_in_admin(admin_bkd, layanan_a) -> None:
    respons_bulk(layanan_a, [[3] * 9], tanggal=timezone.localdate())
    kuesioner = Respons.objects.get().kuesioner
    client = client_for(admin_bkd)
    response = client.post(
        reverse("admin:survei_kuesioner_change", args=[kuesioner.pk]),
        {"versi": kuesioner.versi, "judul": "Diubah", "urutan": "[]"},
    )
    assert response.status_code == 403
    kuesioner.refresh_from_db()
    assert kuesioner.judul == "Survei Kepuasan Masyarakat"
    client.post(
        reverse("admin:survei_kuesioner_changelist"),
        {"action": "salin_versi_baru", "_selected_action": [kuesioner.pk]},
    )
    assert kuesioner.__class__.objects.get(aktif=True).versi == 2


def test_staff_trend_over_years_and_quarters(layanan_a, admin_bkd) -> None:
    respons_bulk(layanan_a, [[2] * 9], tanggal=dt.date(2025, 5, 1))
    respons_bulk(layanan_a, [[4] * 9], tanggal=dt.date(2026, 2, 1))
    respons_bulk(layanan_a, [[3] * 9], tanggal=dt.date(2026, 8, 1))
    client = client_for(admin_bkd)
    url = reverse("survei:staf_unit", args=[layanan_a.kode])
    tahunan = client.get(url, {"periode": "2026"}).context["tren"]
    assert [(p.kode, str(h.ikm)) for p, h in tahunan] == [("2025", "50.00"), ("2026", "87.50")]
    kuartal = client.get(url, {"periode": "2026-T3"}).context["tren"]
    assert [p.kode for p, _h in kuartal] == ["2025-T02", "2026-T01", "2026-T03"]
