from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jabatan import selectors, services
from jabatan.models import Formasi, Pegawai, RiwayatJabatan, UnitOrganisasi, UraianTugas
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UnitOrganisasiFactory,
)


@pytest.mark.django_db
def test_riwayat_open_closes_the_running_definitive_at_the_new_tmt(
    pegawai_a: Any, formasi_a: Any, admin_bkd: Any
) -> None:
    tujuan = FormasiFactory(unit=formasi_a.unit)
    baru = services.riwayat_open(
        pegawai=pegawai_a,
        formasi=tujuan,
        tmt=dt.date(2025, 3, 1),
        nomor_sk="821/1/2025",
        tanggal_sk=dt.date(2025, 2, 20),
        user=admin_bkd,
    )
    lama = RiwayatJabatan.objects.get(pegawai=pegawai_a, formasi=formasi_a)
    assert lama.tmt_selesai == dt.date(2025, 3, 1)
    assert baru.tmt_selesai is None
    assert selectors.jabatan_sekarang(pegawai_a, tanggal=dt.date(2025, 2, 28)).formasi == formasi_a
    assert selectors.jabatan_sekarang(pegawai_a, tanggal=dt.date(2025, 3, 1)).formasi == tujuan


@pytest.mark.django_db
def test_riwayat_open_refuses_a_tmt_before_the_current_one(pegawai_a: Any, formasi_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.riwayat_open(
            pegawai=pegawai_a, formasi=FormasiFactory(), tmt=dt.date(2020, 1, 2), user=None
        )
    assert "tmt_mulai" in exc.value.message_dict
    assert RiwayatJabatan.objects.filter(pegawai=pegawai_a).count() == 1


@pytest.mark.django_db
def test_plt_leaves_the_definitive_assignment_running(pegawai_a: Any, formasi_a: Any) -> None:
    services.riwayat_open(
        pegawai=pegawai_a, formasi=FormasiFactory(), tmt=dt.date(2025, 1, 1), jenis="plt", user=None
    )
    assert RiwayatJabatan.objects.get(pegawai=pegawai_a, formasi=formasi_a).tmt_selesai is None


@pytest.mark.django_db
def test_operator_cannot_assign_into_another_unit(
    pegawai_a: Any, formasi_b: Any, operator_a: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.riwayat_open(
            pegawai=pegawai_a, formasi=formasi_b, tmt=dt.date(2025, 1, 1), user=operator_a
        )


@pytest.mark.django_db
def test_operator_must_place_a_new_asn_in_their_unit(
    operator_a: Any, formasi_a: Any, formasi_b: Any
) -> None:
    data = {"nip": "19900101 201503 1 001", "nama": "Baru", "status": "pns", "golongan": "III/a"}
    with pytest.raises(ValidationError) as exc:
        services.pegawai_create(user=operator_a, **data)
    assert "formasi" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.pegawai_create(
            user=operator_a, **data, formasi=formasi_b, tmt_mulai=dt.date(2025, 1, 1)
        )
    assert not Pegawai.objects.filter(nama="Baru").exists()
    pegawai = services.pegawai_create(
        user=operator_a, **data, formasi=formasi_a, tmt_mulai=dt.date(2025, 1, 1)
    )
    assert pegawai.nip == "199001012015031001"
    assert selectors.pegawai_list(user=operator_a).filter(pk=pegawai.pk).exists()


@pytest.mark.django_db
def test_pegawai_create_is_all_or_nothing(admin_bkd: Any, formasi_a: Any) -> None:
    formasi_a.aktif = False
    formasi_a.save()
    with pytest.raises(ValidationError):
        services.pegawai_create(
            user=admin_bkd,
            nip="199001012015031001",
            nama="Gagal",
            status="pns",
            golongan="III/a",
            formasi=formasi_a,
            tmt_mulai=dt.date(2025, 1, 1),
        )
    assert not Pegawai.objects.filter(nama="Gagal").exists()


@pytest.mark.django_db
def test_pegawai_update_rederives_from_a_corrected_nip(pegawai_a: Any, admin_bkd: Any) -> None:
    services.pegawai_update(pegawai=pegawai_a, user=admin_bkd, nip="19870101 201505 2 001")
    pegawai_a.refresh_from_db()
    assert (pegawai_a.tanggal_lahir, pegawai_a.jenis_kelamin) == (dt.date(1987, 1, 1), "P")


@pytest.mark.django_db
def test_pegawai_update_outside_reach_is_refused(pegawai_b: Any, operator_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.pegawai_update(pegawai=pegawai_b, user=operator_a, nama="Diubah")


@pytest.mark.django_db
def test_pensiunkan_ends_running_assignments(pegawai_a: Any) -> None:
    services.pegawai_retire(pegawai=pegawai_a, tanggal=dt.date(2026, 10, 1), user=None)
    pegawai_a.refresh_from_db()
    assert pegawai_a.status_aktif == "pensiun"
    assert RiwayatJabatan.objects.get(pegawai=pegawai_a).tmt_selesai == dt.date(2026, 10, 1)


@pytest.mark.django_db
def test_unit_clone_copies_subunits_formasi_and_abk_but_no_people(
    unit_a: Any, formasi_a: Any, pegawai_a: Any, admin_bkd: Any
) -> None:
    parent = UnitOrganisasiFactory(kode="DINKES", nama="Dinas Kesehatan")
    copy = services.unit_clone(
        unit=unit_a, parent=parent, kode_prefix="PKM2", nama="Puskesmas Dua", user=admin_bkd
    )
    assert copy.nama == "Puskesmas Dua"
    assert UnitOrganisasi.objects.get_parent(UnitOrganisasi.objects.get(pk=copy.pk)) == parent
    kodes = set(
        UnitOrganisasi.objects.filter(path__startswith=copy.path).values_list("kode", flat=True)
    )
    assert kodes == {"PKM2", "PKM2.1", "PKM2.1.1"}
    copied = Formasi.objects.get(unit__kode="PKM2.1.1")
    assert copied.jabatan == formasi_a.jabatan
    assert UraianTugas.objects.filter(formasi=copied).count() == 4
    assert copied.abk.beban_kerja_menit == Decimal(70560)
    assert copied.abk.bezetting == 0
    with pytest.raises(ValidationError):
        services.unit_clone(unit=unit_a, parent=parent, kode_prefix="PKM2", user=admin_bkd)


@pytest.mark.django_db
def test_operator_clones_only_within_their_units(unit_a: Any, unit_b: Any, operator_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.unit_clone(unit=unit_a, parent=unit_b, kode_prefix="X", user=operator_a)
    with pytest.raises(PermissionDenied):
        services.unit_clone(unit=unit_a, parent=None, kode_prefix="X", user=operator_a)
    seksi = UnitOrganisasi.objects.get(kode="A.1.1")
    copy = services.unit_clone(
        unit=seksi, parent=unit_a, kode_prefix="A.2", nama="Seksi A2", user=operator_a
    )
    assert UnitOrganisasi.objects.get_parent(copy) == unit_a


@pytest.mark.django_db
def test_who_held_what_on_a_date_and_the_unit_on_a_date(
    formasi_a: Any, unit_a: Any, operator_b: Any
) -> None:
    lama, baru = PegawaiFactory(nama="Lama"), PegawaiFactory(nama="Baru")
    RiwayatJabatanFactory(
        pegawai=lama,
        formasi=formasi_a,
        tmt_mulai=dt.date(2015, 1, 1),
        tmt_selesai=dt.date(2022, 1, 1),
    )
    RiwayatJabatanFactory(pegawai=baru, formasi=formasi_a, tmt_mulai=dt.date(2022, 1, 1))
    on_2020 = selectors.pemegang_jabatan_pada(user=None, tanggal=dt.date(2020, 6, 1), unit=unit_a)
    assert [r.pegawai.nama for r in on_2020] == ["Lama"]
    assert [
        r.pegawai.nama
        for r in selectors.pemegang_jabatan_pada(user=None, tanggal=dt.date(2022, 1, 1))
    ] == ["Baru"]
    assert not selectors.pemegang_jabatan_pada(
        user=operator_b, tanggal=dt.date(2020, 6, 1)
    ).exists()
    snapshot = selectors.unit_pada(user=None, unit=unit_a, tanggal=dt.date(2020, 6, 1))
    assert [u.unit.kode for u in snapshot] == ["A", "A.1", "A.1.1"]
    seksi = snapshot[2]
    assert [[r.pegawai.nama for r in f.pemegang] for f in seksi.formasi] == [["Lama"]]


@pytest.mark.django_db
def test_unit_pada_leaves_out_units_not_in_force(unit_a: Any) -> None:
    UnitOrganisasiFactory(
        parent=unit_a,
        kode="A.9",
        nama="Bidang Baru",
        jenis="bidang",
        berlaku_sejak=dt.date(2025, 1, 1),
    )
    kodes = [
        u.unit.kode
        for u in selectors.unit_pada(user=None, unit=unit_a, tanggal=dt.date(2024, 6, 1))
    ]
    assert "A.9" not in kodes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kategori", "jenjang", "bup", "pensiun"),
    [
        ("pelaksana", "", 58, dt.date(2044, 10, 1)),
        ("jpt_pratama", "", 60, dt.date(2046, 10, 1)),
        ("fungsional_keahlian", "ahli_madya", 60, dt.date(2046, 10, 1)),
        ("fungsional_keahlian", "ahli_utama", 65, dt.date(2051, 10, 1)),
        ("fungsional_keterampilan", "penyelia", 58, dt.date(2044, 10, 1)),
    ],
)
def test_retirement_follows_the_current_position(
    kategori: str, jenjang: str, bup: int, pensiun: dt.date
) -> None:
    pegawai = PegawaiFactory(nip="198609262015051001")  # born 26 September 1986
    jabatan = JabatanFactory(kategori=kategori, jenjang=jenjang, kelas_jabatan=9)
    RiwayatJabatanFactory(pegawai=pegawai, formasi=FormasiFactory(jabatan=jabatan))
    assert selectors.batas_usia_pensiun(pegawai) == bup
    assert selectors.tanggal_pensiun(pegawai) == pensiun
    annotated = selectors.pegawai_list(user=None).get(pk=pegawai.pk)
    assert annotated.batas_usia_pensiun == bup
    assert selectors.tanggal_pensiun(annotated) == pensiun


@pytest.mark.django_db
def test_retirement_in_december_moves_to_next_january() -> None:
    pegawai = PegawaiFactory(nip="196812152000121001")
    assert pegawai.tanggal_pensiun(58) == dt.date(2027, 1, 1)


@pytest.mark.django_db
def test_dashboard_never_lets_one_surplus_hide_another_shortage(
    unit_a: Any, formasi_a: Any
) -> None:
    # formasi_a needs 1 and gets 3 (kelebihan 2); another formasi needs 2 and has 0 (kekurangan 2).
    for n in range(3):
        RiwayatJabatanFactory(formasi=formasi_a, tmt_mulai=dt.date(2020, 1, 1 + n))
    other = FormasiFactory(unit=unit_a)
    from tests.factories import UraianTugasFactory

    UraianTugasFactory(
        formasi=other, volume_per_tahun=Decimal(150), norma_waktu_menit=Decimal(1000)
    )
    data = selectors.dasbor_unit(user=None, unit=unit_a)
    assert (data.total.kebutuhan, data.total.bezetting) == (3, 3)
    assert (data.total.kelebihan, data.total.kekurangan) == (2, 2)
    assert data.jumlah_pegawai == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "table",
    [None, {"ahli_utama": 65, "jpt_madya": 62, "pelaksana": 56, "terampil": 59}],
    ids=["settings", "partial table"],
)
def test_the_database_reads_each_jabatan_s_bup_from_the_table(table: Any, settings: Any) -> None:
    """The SQL CASE of the BUP (one WHEN per age and column) gives every kind of jabatan the
    age of the table: its jenjang's if listed, else its kategori's, else the default."""
    from django.db import IntegrityError, transaction

    from jabatan.models import Jabatan, Jenjang, KategoriJabatan

    if table is not None:
        settings.BATAS_USIA_PENSIUN = table
    table = settings.BATAS_USIA_PENSIUN
    for kategori in KategoriJabatan.values:
        for jenjang in ["", *Jenjang.values]:
            try:
                with transaction.atomic():
                    JabatanFactory(
                        kode=f"{kategori}-{jenjang}"[:30], kategori=kategori, jenjang=jenjang
                    )
            except IntegrityError:  # a jenjang of another kind of JF
                pass
    dihitung = dict(
        Jabatan.objects.annotate(bup=selectors._bup_expression("")).values_list("kode", "bup")
    )
    for j in Jabatan.objects.all():
        expected = table.get(j.jenjang, table.get(j.kategori, settings.BATAS_USIA_PENSIUN_BAWAAN))
        assert dihitung[j.kode] == expected, j.kode
        assert j.batas_usia_pensiun == expected, j.kode  # the Python form of the same rule
