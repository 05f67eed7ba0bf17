"""Training runs belong to an instansi (or are shared by every instansi): who sees them, who
changes them, who may register, and what an upgraded single-instansi installation gets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from rest_framework.test import APIClient

from jabatan.instansi import instansi_bawaan_id, instansi_bawaan_lupakan
from jabatan.models import Instansi
from pelatihan import selectors, services
from pelatihan.models import Angkatan, Peserta, ProfilSasaran
from tests.asn_portal.write_paths import request_for
from tests.conftest import client_for
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory, ProgramKompetensiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(instansi_b: Instansi) -> dict[str, Angkatan]:
    program = ProgramFactory(nama="Pelatihan Teknis Bersama")
    return {
        "a": AngkatanFactory(
            program=program, nama="Angkatan Provinsi", instansi_id=instansi_bawaan_id()
        ),
        "b": AngkatanFactory(program=program, nama="Angkatan Kota", instansi=instansi_b),
        "bersama": AngkatanFactory(program=program, nama="Angkatan Nasional", instansi=None),
    }


def _ids(qs: Any) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_each_account_sees_its_instansi_runs_and_the_shared_ones(
    runs: dict[str, Angkatan],
    admin_bkd: Any,
    operator_a: Any,
    asn_x: Any,
    admin_kota: Any,
    asn_kota: Any,
    superuser: Any,
) -> None:
    a, b, bersama = runs["a"].pk, runs["b"].pk, runs["bersama"].pk
    for user in (admin_bkd, operator_a, asn_x):
        assert _ids(selectors.angkatan_list(user=user)) == {a, bersama}, user.username
    for user in (admin_kota, asn_kota):
        assert _ids(selectors.angkatan_list(user=user)) == {b, bersama}, user.username
    assert _ids(selectors.angkatan_list(user=superuser)) == {a, b, bersama}


def test_the_portal_lists_only_runs_open_to_the_asn_s_instansi(
    runs: dict[str, Angkatan], asn_kota: Any, asn_x: Any
) -> None:
    page = client_for(asn_kota).get(reverse("pelatihan:saya_kompetensi")).content.decode()
    assert "Angkatan Kota" in page and "Angkatan Nasional" in page
    assert "Angkatan Provinsi" not in page
    page = client_for(asn_x).get(reverse("pelatihan:saya_kompetensi")).content.decode()
    assert "Angkatan Provinsi" in page and "Angkatan Kota" not in page


def test_registering_into_another_instansi_s_run_is_refused_naming_the_field(
    runs: dict[str, Angkatan], asn_kota: Any
) -> None:
    pegawai = asn_kota.pegawai
    with pytest.raises(ValidationError) as refused:
        services.peserta_register(angkatan_id=runs["a"].pk, pegawai=pegawai)
    assert list(refused.value.message_dict) == ["angkatan"]
    assert "instansi lain" in refused.value.message_dict["angkatan"][0]
    assert not Peserta.objects.exists()
    # its own instansi's run and the shared run take them
    services.peserta_register(angkatan_id=runs["b"].pk, pegawai=pegawai)
    services.peserta_register(angkatan_id=runs["bersama"].pk, pegawai=pegawai)
    assert set(Peserta.objects.values_list("angkatan_id", flat=True)) == {
        runs["b"].pk,
        runs["bersama"].pk,
    }


def test_the_portal_and_the_api_answer_another_instansi_s_run_like_a_missing_one(
    runs: dict[str, Angkatan], asn_kota: Any
) -> None:
    client = client_for(asn_kota)
    theirs = client.post(reverse("pelatihan:saya_daftar", args=[runs["a"].pk]))
    missing = client.post(reverse("pelatihan:saya_daftar", args=[987654321]))
    assert theirs.status_code == missing.status_code == 404
    api = APIClient()
    api.force_authenticate(asn_kota)
    for method, suffix in (("get", ""), ("post", "daftar/")):
        theirs = getattr(api, method)(f"/api/v1/pelatihan/angkatan/{runs['a'].pk}/{suffix}")
        missing = getattr(api, method)(f"/api/v1/pelatihan/angkatan/987654321/{suffix}")
        assert theirs.status_code == missing.status_code == 404, suffix
    listed = {row["id"] for row in api.get("/api/v1/pelatihan/angkatan/").json()["results"]}
    assert listed == {runs["b"].pk, runs["bersama"].pk}
    assert not Peserta.objects.exists()


def test_staff_enrol_only_into_runs_they_reach_and_only_the_run_s_instansi_asn(
    runs: dict[str, Angkatan], admin_kota: Any, asn_kota: Any, superuser: Any
) -> None:
    pegawai = asn_kota.pegawai
    with pytest.raises(ValidationError) as refused:
        services.peserta_add(angkatan_id=runs["a"].pk, pegawai_ids=[pegawai.pk], user=admin_kota)
    assert refused.value.message_dict == {
        "angkatan": [f'Pilihan "{runs["a"].pk}" tidak ditemukan.']
    }
    # a superuser reaches the run, but the run still takes only its own instansi's ASN
    with pytest.raises(ValidationError) as refused:
        services.peserta_add(angkatan_id=runs["a"].pk, pegawai_ids=[pegawai.pk], user=superuser)
    assert list(refused.value.message_dict) == ["pegawai"]
    assert pegawai.nip in refused.value.message_dict["pegawai"][0]
    assert not Peserta.objects.exists()
    assert (
        services.peserta_add(
            angkatan_id=runs["bersama"].pk, pegawai_ids=[pegawai.pk], user=admin_kota
        )
        == 1
    )


def test_only_own_runs_are_writable_and_shared_ones_only_by_a_superuser(
    runs: dict[str, Angkatan], admin_bkd: Any, admin_kota: Any, superuser: Any
) -> None:
    model_admin = admin.site._registry[Angkatan]
    cases = [
        (admin_bkd, "a", True),
        (admin_bkd, "bersama", False),
        (admin_kota, "b", True),
        (admin_kota, "bersama", False),
        (superuser, "bersama", True),
        (superuser, "b", True),
    ]
    for user, key, allowed in cases:
        request = request_for(user)
        assert model_admin.has_change_permission(request, runs[key]) is allowed, (user, key)
        assert model_admin.has_delete_permission(request, runs[key]) is allowed, (user, key)
        # a shared run is still readable by everyone
        assert model_admin.has_view_permission(request, runs[key])


def test_the_admin_answers_another_instansi_s_run_like_a_missing_one(
    runs: dict[str, Angkatan], admin_kota: Any
) -> None:
    client = client_for(admin_kota)
    for view in ("change", "delete", "history"):
        theirs = client.get(reverse(f"admin:pelatihan_angkatan_{view}", args=[runs["a"].pk]))
        missing = client.get(reverse(f"admin:pelatihan_angkatan_{view}", args=[987654321]))
        assert (theirs.status_code, theirs.get("Location")) == (
            missing.status_code,
            missing.get("Location"),
        ), view
    changelist = client.get(reverse("admin:pelatihan_angkatan_changelist")).content.decode()
    assert "Angkatan Kota" in changelist and "Angkatan Nasional" in changelist
    assert "Angkatan Provinsi" not in changelist
    peserta_page = client.get(reverse("pelatihan:angkatan_peserta", args=[runs["a"].pk]))
    assert peserta_page.status_code == 404


def _add_form(program_id: int, **extra: Any) -> dict[str, Any]:
    mulai = dt.date.today() + dt.timedelta(days=30)
    return {
        "program": program_id,
        "nama": "Angkatan Baru",
        "tanggal_mulai": mulai.isoformat(),
        "tanggal_selesai": (mulai + dt.timedelta(days=2)).isoformat(),
        "kuota": 25,
        "tempat": "Aula",
        "tautan_daring": "",
        "pendaftaran_mulai": dt.date.today().isoformat(),
        "pendaftaran_selesai": (mulai - dt.timedelta(days=3)).isoformat(),
        "peserta_list-TOTAL_FORMS": 0,
        "peserta_list-INITIAL_FORMS": 0,
        **extra,
    }


def test_a_run_added_by_an_admin_bkd_is_their_instansi_s_whatever_the_form_says(
    runs: dict[str, Angkatan], admin_kota: Any, instansi_b: Instansi
) -> None:
    client = client_for(admin_kota)
    url = reverse("admin:pelatihan_angkatan_add")
    assert 'name="instansi"' not in client.get(url).content.decode()
    response = client.post(
        url, _add_form(runs["a"].program_id, instansi=instansi_bawaan_id()), follow=False
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Angkatan.objects.get(nama="Angkatan Baru").instansi_id == instansi_b.pk


def test_a_superuser_may_add_a_shared_run(runs: dict[str, Angkatan], superuser: Any) -> None:
    client = client_for(superuser)
    url = reverse("admin:pelatihan_angkatan_add")
    assert 'name="instansi"' in client.get(url).content.decode()
    response = client.post(url, _add_form(runs["a"].program_id, instansi=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Angkatan.objects.get(nama="Angkatan Baru").instansi_id is None


def test_recommendations_name_the_next_run_open_to_the_asn(
    runs: dict[str, Angkatan], asn_kota: Any
) -> None:
    program = runs["a"].program
    # the province's run starts first; the ASN of the kota is pointed at a run they may take
    Angkatan.objects.filter(pk=runs["a"].pk).update(tanggal_mulai=dt.date.today())
    komp = ProgramKompetensiFactory(program=program, level=3).kompetensi
    pegawai = asn_kota.pegawai
    ranked = selectors.rank_programs(
        {komp.pk: (0, 3)}, profil=ProfilSasaran.dari(pegawai), instansi_id=pegawai.instansi_id
    )
    assert [r.program for r in ranked] == [program]
    assert ranked[0].angkatan_berikut in (runs["b"], runs["bersama"])
    ranked = selectors.rank_programs(
        {komp.pk: (0, 3)}, profil=ProfilSasaran.dari(pegawai), instansi_id=instansi_bawaan_id()
    )
    assert ranked[0].angkatan_berikut == runs["a"]


# --- upgrade ------------------------------------------------------------------------------------

SEBELUM = [("pelatihan", "0006_merge_0005_instansi_0005_urutan_daftar")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_upgrade_gives_every_existing_run_the_first_instansi() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(SEBELUM)
    old = executor.loader.project_state(SEBELUM).apps
    Program = old.get_model("pelatihan", "ProgramPelatihan")
    program = Program.objects.create(
        kode="LAMA", nama="Lama", jenis="teknis", metode="klasikal", jp=8, penyelenggara="BKD"
    )
    hari = dt.date(2026, 3, 2)
    for n in range(3):
        old.get_model("pelatihan", "Angkatan").objects.create(
            program=program,
            nama=f"Angkatan lama {n}",
            tanggal_mulai=hari,
            tanggal_selesai=hari,
            kuota=10,
            tempat="Aula",
            pendaftaran_mulai=hari,
            pendaftaran_selesai=hari,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    instansi_bawaan_lupakan()

    pertama = Instansi.objects.order_by("pk").first()
    assert pertama is not None
    assert (
        list(
            Angkatan.objects.filter(nama__startswith="Angkatan lama").values_list(
                "instansi_id", flat=True
            )
        )
        == [pertama.pk] * 3
    )


def test_the_monthly_warning_suggests_only_runs_open_to_the_asn_s_instansi(
    instansi_b: Instansi, pegawai_x: Any, settings: Any
) -> None:
    from django.core import mail

    settings.PELATIHAN_PERINGATAN_BULAN_MULAI = 7
    for nama, instansi_id in (
        ("Pelatihan Kota Saja", instansi_b.pk),
        ("Pelatihan Provinsi Sendiri", instansi_bawaan_id()),
        ("Pelatihan Nasional Bersama", None),
    ):
        AngkatanFactory(
            program=ProgramFactory(nama=nama, jp=24),
            instansi_id=instansi_id,
            tanggal_mulai=dt.date(2026, 8, 10),
            tanggal_selesai=dt.date(2026, 8, 13),
            pendaftaran_mulai=dt.date(2026, 6, 1),
            pendaftaran_selesai=dt.date(2026, 8, 1),
        )
    services.jp_peringatan_send(tanggal=dt.date(2026, 7, 1))
    body = next(m.body for m in mail.outbox if m.to == [pegawai_x.email or pegawai_x.user.email])
    assert "Pelatihan Provinsi Sendiri" in body and "Pelatihan Nasional Bersama" in body
    assert "Pelatihan Kota Saja" not in body


def test_the_admin_export_holds_only_the_instansi_s_and_the_shared_runs(
    runs: dict[str, Angkatan], admin_kota: Any
) -> None:
    response = client_for(admin_kota).get(reverse("admin:pelatihan_angkatan_ekspor", args=["csv"]))
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Angkatan Kota" in body and "Angkatan Nasional" in body
    assert "Angkatan Provinsi" not in body
