"""The Instansi model, which instansi a unit, an ASN and an account belong to, and the upgrade
of a single-instansi installation (the first instansi from the settings, every row backfilled)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from asn_portal.access import (
    can_manage_unit,
    instansi_id_of,
    scope_queryset,
    users_in_reach,
)
from jabatan import services
from jabatan.instansi import instansi_bawaan_id, instansi_bawaan_lupakan
from jabatan.models import Instansi, Pegawai, UnitOrganisasi
from tests.factories import FormasiFactory, UnitOrganisasiFactory, make_nip
from tests.lintas_instansi.conftest import MARKER, Dunia, today

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kode", "17.7", "Kode instansi berformat"),
        ("kode", "1771", "Kode instansi berformat"),
        ("zona_waktu", "Asia/Bengkulu", "Zona waktu Asia/Bengkulu tidak dikenal"),
    ],
)
def test_it_refuses_a_bad_code_or_time_zone_naming_the_field(
    instansi_b: Instansi, field: str, value: str, message: str
) -> None:
    setattr(instansi_b, field, value)
    with pytest.raises(ValidationError) as refused:
        instansi_b.full_clean()
    assert list(refused.value.message_dict) == [field]
    assert message in refused.value.message_dict[field][0]


def test_a_sub_unit_takes_its_opds_instansi(
    unit_kota: UnitOrganisasi, instansi_b: Instansi
) -> None:
    seksi = UnitOrganisasiFactory(parent=unit_kota.get_children().first(), kode="KB.1.1")
    assert seksi.instansi_id == instansi_b.pk
    assert {
        u.instansi_id for u in UnitOrganisasi.objects.filter(path__startswith=unit_kota.path)
    } == {instansi_b.pk}


def test_a_unit_is_never_moved_under_another_instansi(unit_a: Any, unit_kota: Any) -> None:
    bidang = unit_a.get_children().first()
    with pytest.raises(ValidationError) as refused:
        UnitOrganisasi.objects.move(bidang, unit_kota, "sorted-child")
    assert "instansi lain" in refused.value.message_dict["instansi"][0]
    bidang.refresh_from_db()
    assert bidang.path.startswith(unit_a.path)


def test_accounts_work_in_their_instansi(dunia: Dunia) -> None:
    users = dunia.users
    assert instansi_id_of(users["superuser"]) is None
    for name in ("admin_bkd", "verifikator", "operator_a", "asn_x"):
        assert instansi_id_of(users[name]) == dunia.instansi_a.pk, name
    for name in ("admin_kota", "verifikator_kota", "operator_kota", "asn_kota"):
        assert instansi_id_of(users[name]) == dunia.instansi_b.pk, name


def test_admin_bkd_manages_every_unit_of_their_instansi_only(dunia: Dunia, unit_kota: Any) -> None:
    admin_kota, admin_bkd = dunia.users["admin_kota"], dunia.users["admin_bkd"]
    assert can_manage_unit(admin_kota, unit_kota)
    assert not can_manage_unit(admin_bkd, unit_kota)
    kota_units = scope_queryset(UnitOrganisasi.objects.all(), admin_kota, "path")
    assert set(kota_units.values_list("instansi_id", flat=True)) == {dunia.instansi_b.pk}
    assert kota_units.count() == UnitOrganisasi.objects.filter(instansi=dunia.instansi_b).count()


def test_admin_bkd_sees_only_the_accounts_of_their_instansi(dunia: Dunia) -> None:
    names = set(users_in_reach(dunia.users["admin_kota"]).values_list("username", flat=True))
    assert names == {"admin_kota", "verifikator_kota", "operator_kota", "asn_kota"}
    assert "admin_kota" not in set(
        users_in_reach(dunia.users["admin_bkd"]).values_list("username", flat=True)
    )


def test_a_new_asn_and_opd_belong_to_the_creators_instansi(dunia: Dunia, unit_kota: Any) -> None:
    admin_kota = dunia.users["admin_kota"]
    tanpa_penempatan = services.pegawai_create(
        user=admin_kota, nip=make_nip(900), nama="Baru", status="pns", golongan="III/a"
    )
    assert tanpa_penempatan.instansi_id == dunia.instansi_b.pk
    opd = services.unit_create(
        user=admin_kota, induk=None, kode="KB.BARU", nama="Dinas Baru", jenis="opd"
    )
    assert opd.instansi_id == dunia.instansi_b.pk
    ditempatkan = services.pegawai_create(
        user=dunia.users["superuser"],
        nip=make_nip(901),
        nama="Ditempatkan",
        status="pns",
        golongan="III/a",
        formasi=FormasiFactory(unit=unit_kota),
        tmt_mulai=dt.date(2024, 1, 1),
    )
    assert ditempatkan.instansi_id == dunia.instansi_b.pk  # from the unit of the placement


def test_a_nip_of_another_instansi_is_refused_without_saying_where(dunia: Dunia) -> None:
    nip_kota = dunia.b["jabatan.Pegawai"].nip
    with pytest.raises(ValidationError) as refused:
        services.pegawai_create(
            user=dunia.users["admin_bkd"], nip=nip_kota, nama="X", status="pns", golongan="III/a"
        )
    assert refused.value.message_dict["nip"] == [str(services.NIP_TIDAK_DAPAT_DIGUNAKAN)]


# --- upgrade ------------------------------------------------------------------------------------

BEFORE = [("jabatan", "0004_instansi"), ("asn_portal", "0010_instansi")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_upgrade_names_the_first_instansi_from_settings_and_backfills_every_row(
    settings: Any,
) -> None:
    settings.INSTANSI_KODE = "18"
    settings.INSTANSI_JENIS = "provinsi"
    settings.INSTANSI_SLUG = "provinsi-uji"
    settings.INSTANSI_NAMA = "Pemerintah Provinsi Uji"
    settings.INSTANSI_SINGKAT = "Provinsi Uji"
    settings.INSTANSI_BKD = "BKD Provinsi Uji"
    settings.LAPORAN_KOP = "PEMERINTAH PROVINSI UJI|BKD"
    settings.LAPORAN_PENANDATANGAN = "Kepala BKD Uji"
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("jabatan", "UnitOrganisasi").objects.update(instansi=None)
    old.get_model("jabatan", "Pegawai").objects.update(instansi=None)
    old.get_model("jabatan", "Instansi").objects.all().delete()
    User = old.get_model("auth", "User")
    staf = User.objects.create(username="staf_lama", is_staff=True)
    User.objects.create(username="asn_lama", is_staff=False)
    Unit = old.get_model("jabatan", "UnitOrganisasi")
    for n in range(3):
        Unit.objects.create(
            path=f"Z{n:03d}", depth=1, numchild=0, kode=f"L{n}", nama="Lama", jenis="opd"
        )
    old.get_model("jabatan", "Pegawai").objects.create(
        nip=make_nip(5),
        nama="Lama",
        tanggal_lahir=dt.date(1980, 1, 1),
        jenis_kelamin="L",
        status="pns",
        golongan="III/a",
    )
    old.get_model("asn_portal", "ExportLog").objects.create(
        source="lama", fmt="csv", created_by=staf
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    instansi_bawaan_lupakan()

    pertama = Instansi.objects.get()
    assert (pertama.kode, pertama.nama, pertama.nama_singkat, pertama.nama_bkd, pertama.slug) == (
        "18",
        "Pemerintah Provinsi Uji",
        "Provinsi Uji",
        "BKD Provinsi Uji",
        "provinsi-uji",
    )
    assert pertama.kop_baris == ["PEMERINTAH PROVINSI UJI", "BKD"]
    assert pertama.penandatangan == "Kepala BKD Uji"
    assert instansi_bawaan_id() == pertama.pk
    assert set(UnitOrganisasi.objects.values_list("instansi_id", flat=True)) == {pertama.pk}
    assert set(Pegawai.objects.values_list("instansi_id", flat=True)) == {pertama.pk}
    from asn_portal.transfer.models import ExportLog
    from jabatan.models import PetugasInstansi

    assert set(ExportLog.objects.values_list("instansi_id", flat=True)) == {pertama.pk}
    assert list(PetugasInstansi.objects.values_list("user__username", "instansi_id")) == [
        ("staf_lama", pertama.pk)
    ]


def test_a_superuser_chooses_the_instansi_of_a_new_opd_in_the_admin(dunia: Dunia) -> None:
    from django.urls import reverse

    from tests.conftest import client_for

    client = client_for(dunia.users["superuser"])
    url = reverse("admin:jabatan_unitorganisasi_add")
    assert 'name="instansi"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "instansi": dunia.instansi_b.pk,
            "kode": "KB.BARU",
            "nama": "Dinas Baru Kota",
            "jenis": "opd",
            "aktif": "on",
            "treebeard_position": "sorted-child",
            "treebeard_ref_node": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UnitOrganisasi.objects.get(kode="KB.BARU").instansi_id == dunia.instansi_b.pk


def test_an_admin_bkds_new_opd_in_the_admin_is_their_instansis(dunia: Dunia) -> None:
    from django.urls import reverse

    from tests.conftest import client_for

    client = client_for(dunia.users["admin_kota"])
    url = reverse("admin:jabatan_unitorganisasi_add")
    assert 'name="instansi"' not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "instansi": dunia.instansi_a.pk,  # not a field for them: ignored
            "kode": "KB.LAIN",
            "nama": "Dinas Lain Kota",
            "jenis": "opd",
            "aktif": "on",
            "treebeard_position": "sorted-child",
            "treebeard_ref_node": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UnitOrganisasi.objects.get(kode="KB.LAIN").instansi_id == dunia.instansi_b.pk


def test_each_instansi_asks_for_its_whole_report_and_it_counts_only_its_units(
    dunia: Dunia, unit_kota: Any
) -> None:
    """A whole-instansi report adds up that instansi's units only: the two instansi's figures
    are disjoint, add up to the deployment's, and neither names the other's units."""
    import json

    from asn_portal.laporan import services as laporan_services
    from asn_portal.laporan.sections import Konteks, pelayanan, penataan
    from asn_portal.periode import Periode

    laporan = laporan_services.laporan_request(
        jenis="bulanan",
        tahun=2026,
        nomor=1,
        unit=None,
        user=dunia.users["admin_kota"],
        enqueue=False,
    )
    assert (laporan.instansi_id, laporan.unit_id) == (dunia.instansi_b.pk, None)
    assert laporan.lingkup_label == "Seluruh kota"
    # The first instansi's whole report of the same period is another report, not this one.
    laporan_a = laporan_services.laporan_request(
        jenis="bulanan", tahun=2026, nomor=1, user=dunia.users["admin_bkd"], enqueue=False
    )
    assert laporan_a.pk != laporan.pk and laporan_a.instansi_id == dunia.instansi_a.pk

    periode = Periode.memuat("tahunan", today())
    data = {
        nama: laporan_services.laporan_data_compute(periode=periode, unit=None, instansi=instansi)
        for nama, instansi in (("a", dunia.instansi_a), ("b", dunia.instansi_b))
    }
    assert data["b"]["meta"]["lingkup"] == "Seluruh kota"
    teks_a, teks_b = (json.dumps(data[k], ensure_ascii=False) for k in ("a", "b"))
    assert MARKER not in teks_a and "Provmarker" in teks_a
    assert "Provmarker" not in teks_b and MARKER in teks_b
    semua = Konteks(periode=periode)  # no instansi: every unit of the deployment
    penataan_semua = penataan.hitung(semua)
    pelayanan_semua = pelayanan.hitung(semua)
    for kunci in ("jumlah_asn",):
        assert data["a"]["penataan"][kunci] > 0 and data["b"]["penataan"][kunci] > 0
        assert (
            data["a"]["penataan"][kunci] + data["b"]["penataan"][kunci] == (penataan_semua[kunci])
        )
    formasi = [data[k]["penataan"]["kebutuhan"]["total"]["formasi"] for k in ("a", "b")]
    assert all(formasi) and sum(formasi) == penataan_semua["kebutuhan"]["total"]["formasi"]
    responden = [data[k]["pelayanan"]["ikm"]["total"]["responden"] for k in ("a", "b")]
    assert all(responden)
    assert sum(responden) == pelayanan_semua["ikm"]["total"]["responden"]
    kasus = [data[k]["pelayanan"]["kasus"]["diterima"] for k in ("a", "b")]
    assert sum(kasus) == pelayanan_semua["kasus"]["diterima"]


@pytest.mark.parametrize("kind", ["pegawai", "pelatihan"])
def test_exports_hold_the_own_instansis_asn_only(dunia: Dunia, kind: str) -> None:
    """Placed or not: an unplaced ASN of the instansi is exported, another instansi's never."""
    from asn_portal.transfer.kinds import get_kind

    tanpa_penempatan = services.pegawai_create(
        user=dunia.users["admin_kota"],
        nip=make_nip(950),
        nama="Lepas",
        status="pns",
        golongan="III/a",
    )
    from tests.pelatihan.factories import RiwayatFactory

    RiwayatFactory(pegawai=tanpa_penempatan, status="diajukan", sumber="mandiri")
    RiwayatFactory(pegawai=dunia.a["jabatan.Pegawai"], status="diajukan", sumber="mandiri")
    nips = {row[0] for row in get_kind(kind)(dunia.users["admin_kota"]).export_rows()}
    assert tanpa_penempatan.nip in nips
    assert dunia.b["jabatan.Pegawai"].nip in nips or kind == "pelatihan"
    assert dunia.a["jabatan.Pegawai"].nip not in nips


def test_pages_name_the_instansi_of_the_account(dunia: Dunia) -> None:
    from asn_portal.context_processors import scope_label
    from tests.conftest import client_for

    assert scope_label(dunia.users["admin_kota"]) == "Admin BKD · Kota Bengkulu"
    assert scope_label(dunia.users["admin_bkd"]) == "Admin BKD · Provinsi Bengkulu"
    page = client_for(dunia.users["admin_kota"]).get("/survei/staf/").content.decode()
    assert "Kota Bengkulu" in page and "Badan Kepegawaian dan Pengembangan SDM Kota" in page
    # an edit of the row shows at once (the cached names are forgotten)
    dunia.instansi_b.nama_singkat = "Kota Bengkulu (baru)"
    dunia.instansi_b.save()
    assert scope_label(dunia.users["admin_kota"]) == "Admin BKD · Kota Bengkulu (baru)"


def test_the_verification_page_names_the_issuing_instansi(dunia: Dunia, unit_kota: Any) -> None:
    from django.test import Client

    from tests.laporan.conftest import buat_laporan

    laporan = buat_laporan(unit=unit_kota, nomor=2, status="siap", data={"meta": {}})
    # its QR encodes its instansi's public address (asn_portal.publik), where it is verified
    from asn_portal.laporan.tampilan import url_verifikasi

    path = f"/i/kota-bengkulu/laporan/verifikasi/{laporan.kode_verifikasi}/"
    assert url_verifikasi(laporan).endswith(path)
    page = Client().get(path).content.decode()
    assert "Instansi penerbit" in page and "Pemerintah Kota Bengkulu" in page
    # the main address (the first instansi's) does not know it
    assert Client().get(f"/laporan/verifikasi/{laporan.kode_verifikasi}/").status_code == 404


def test_import_rows_naming_another_instansi_answer_like_missing(dunia: Dunia) -> None:
    from asn_portal.transfer.kinds import get_kind
    from asn_portal.transfer.kinds.base import RowInvalid

    admin_kota = dunia.users["admin_kota"]
    formasi = get_kind("formasi")(admin_kota)
    theirs = {"kode_unit": dunia.a["jabatan.UnitOrganisasi"].kode, "kode_jabatan": "X"}
    missing = {"kode_unit": "TIDAK-ADA", "kode_jabatan": "X"}
    formasi.load([(1, theirs), (2, missing)])
    answers = []
    for number, values in ((1, theirs), (2, missing)):
        try:
            result = formasi.check(number, values)
            errors = result.errors if hasattr(result, "errors") else []
        except RowInvalid as exc:
            errors = exc.errors
        answers.append(
            [(f, m.replace(values["kode_unit"], "K")) for f, m in errors if f == "kode_unit"]
        )
    assert answers[0] == answers[1] != []

    # the province's own catalogue row: refused to Kota Bengkulu, kept by the province
    jabatan = get_kind("jabatan")(admin_kota)
    row = {
        "kode": dunia.a["jabatan.Jabatan"].kode,
        "nama": "Diubah",
        "kategori": "pelaksana",
        "kelas_jabatan": 7,
    }
    jabatan.load([(1, row)])
    with pytest.raises(RowInvalid) as refused:
        jabatan.check(1, row)
    assert refused.value.errors[0][0] == "kode"


def test_the_schedule_queues_one_whole_report_per_instansi_with_units(
    dunia: Dunia, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """Beat's monthly run (and its catch-up after an outage) makes each instansi's own report;
    an instansi without units yet gets none."""
    from django.utils import timezone

    from asn_portal.laporan.models import Laporan
    from asn_portal.laporan.services import laporan_catch_up
    from asn_portal.laporan.tasks import laporan_terjadwal_task

    Instansi.objects.create(
        kode="17.09",
        nama="Kabupaten Kosong",
        nama_singkat="Kosong",
        jenis="kabupaten",
        slug="kosong",
    )
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 1, 31, 19, 0, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=False):
        ids = laporan_terjadwal_task("bulanan")
    queued = Laporan.objects.filter(pk__in=ids)
    assert sorted(queued.values_list("instansi_id", flat=True)) == sorted(
        [dunia.instansi_a.pk, dunia.instansi_b.pk]
    )
    assert {(r.unit_id, r.tahun, r.nomor) for r in queued} == {(None, 2026, 1)}
    # The catch-up finds the kota's report missing after it was lost, and only that one.
    Laporan.objects.filter(instansi=dunia.instansi_b).delete()
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    PeriodicTask.objects.update_or_create(
        name="laporan bulanan uji",
        defaults={
            "task": "asn_portal.laporan.terjadwal",
            "args": '["bulanan"]',
            "crontab": CrontabSchedule.objects.create(minute="0", hour="2", day_of_month="1"),
        },
    )
    with django_capture_on_commit_callbacks(execute=False):
        laporan_catch_up()
    assert Laporan.objects.filter(
        instansi=dunia.instansi_b, tahun=2026, nomor=1, unit__isnull=True
    ).exists()
    assert (
        Laporan.objects.filter(
            instansi=dunia.instansi_a, jenis="bulanan", tahun=2026, nomor=1, unit__isnull=True
        ).count()
        == 1
    )
