"""Who a training program is for: one rule (ProgramPelatihanQuerySet) behind recommendations,
the ASN portal, enrolment (service, page, API), the JP warning mail and the admin."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jabatan.selectors import jabatan_sekarang
from pelatihan import selectors, services
from pelatihan.models import Peserta, ProfilSasaran, ProgramPelatihan
from tests.conftest import client_for
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    make_nip,
)
from tests.pelatihan.factories import (
    AngkatanFactory,
    KompetensiFactory,
    ProgramFactory,
    ProgramKompetensiFactory,
    StandarKompetensiFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def katalog() -> dict[str, ProgramPelatihan]:
    """The named programs with the target groups of docs/domain.md, plus technical ones."""
    analisis = KompetensiFactory(kode="TK-ANK", nama="Analisis kebijakan")
    programs = {
        "latsar": ProgramFactory(
            kode="LATSAR", nama="Pelatihan Dasar CPNS", jenis="latsar", sasaran_status=["cpns"]
        ),
        "pkp": ProgramFactory(
            kode="PKP", jenis="pkp", sasaran_status=["pns"], sasaran_kategori=["pengawas"]
        ),
        "pka": ProgramFactory(
            kode="PKA", jenis="pka", sasaran_status=["pns"], sasaran_kategori=["administrator"]
        ),
        "pkn_ii": ProgramFactory(
            kode="PKN2", jenis="pkn_ii", sasaran_status=["pns"], sasaran_kategori=["jpt_pratama"]
        ),
        "pkn_i": ProgramFactory(
            kode="PKN1", jenis="pkn_i", sasaran_status=["pns"], sasaran_kategori=["jpt_madya"]
        ),
        "madya": ProgramFactory(
            kode="JF-MD",
            jenis="fungsional",
            sasaran_kategori=["fungsional_keahlian"],
            sasaran_jenjang=["ahli_madya", "ahli_utama"],
        ),
        "terbuka": ProgramFactory(kode="EL", jenis="e_learning", metode="nonklasikal"),
        "kompetensi": ProgramFactory(kode="TK-ANK", jenis="teknis"),
    }
    programs["kompetensi"].sasaran_kompetensi.set([analisis])
    return programs


_NOMOR = itertools.count(900)


def _asn(status: str, golongan: str, kategori: str | None, jenjang: str = "") -> Any:
    extra = {"nip": make_nip(next(_NOMOR), pppk=True)} if status == "pppk" else {}
    pegawai = PegawaiFactory(status=status, golongan=golongan, **extra)
    if kategori is not None:
        jabatan = JabatanFactory(kategori=kategori, jenjang=jenjang)
        RiwayatJabatanFactory(pegawai=pegawai, formasi=FormasiFactory(jabatan=jabatan))
    return pegawai


TABEL = [
    # (status, golongan, kategori jabatan, jenjang) -> programs the ASN may follow
    (("cpns", "III/a", "pelaksana", ""), {"latsar", "terbuka"}),
    (("cpns", "III/a", "fungsional_keahlian", "ahli_pertama"), {"latsar", "terbuka"}),
    (("cpns", "II/a", None, ""), {"latsar", "terbuka"}),
    (("pns", "IV/c", "fungsional_keahlian", "ahli_madya"), {"madya", "terbuka"}),
    (("pns", "IV/d", "fungsional_keahlian", "ahli_utama"), {"madya", "terbuka"}),
    (("pns", "III/c", "fungsional_keahlian", "ahli_muda"), {"terbuka"}),
    (("pns", "III/d", "pengawas", ""), {"pkp", "terbuka"}),
    (("pns", "IV/a", "administrator", ""), {"pka", "terbuka"}),
    (("pns", "IV/c", "jpt_pratama", ""), {"pkn_ii", "terbuka"}),
    (("pns", "IV/d", "jpt_madya", ""), {"pkn_i", "terbuka"}),
    (("pppk", "IX", "fungsional_keahlian", "ahli_pertama"), {"terbuka"}),
    (("pns", "III/b", None, ""), {"terbuka"}),
]


@pytest.mark.parametrize(("profil", "boleh"), TABEL, ids=[str(row[0]) for row in TABEL])
def test_each_asn_gets_exactly_the_programs_of_their_target_group(
    katalog: dict[str, ProgramPelatihan], profil: tuple[Any, ...], boleh: set[str]
) -> None:
    pegawai = _asn(*profil)
    kode = {p.pk: nama for nama, p in katalog.items()}

    found = {
        kode[pk] for pk in selectors.program_untuk_pegawai(pegawai).values_list("pk", flat=True)
    }

    assert found == boleh
    for nama, program in katalog.items():
        alasan = selectors.alasan_bukan_sasaran(program, pegawai)
        assert (alasan == "") == (nama in boleh), (nama, alasan)


def test_a_competency_target_admits_holders_of_jabatan_whose_standard_requires_it(
    katalog: dict[str, ProgramPelatihan],
) -> None:
    program = katalog["kompetensi"]
    dengan = _asn("pns", "III/a", "pelaksana")
    tanpa = _asn("pns", "III/a", "pelaksana")
    StandarKompetensiFactory(
        jabatan=jabatan_sekarang(dengan).formasi.jabatan,
        kompetensi=program.sasaran_kompetensi.get(),
    )

    assert program in selectors.program_untuk_pegawai(dengan)
    assert program not in selectors.program_untuk_pegawai(tanpa)
    assert "Analisis kebijakan" in selectors.alasan_bukan_sasaran(program, tanpa)


def test_a_jabatan_target_admits_only_holders_of_those_jabatan() -> None:
    pemegang = _asn("pns", "IV/a", "fungsional_keahlian", "ahli_madya")
    lain = _asn("pns", "IV/a", "fungsional_keahlian", "ahli_madya")
    jabatan = jabatan_sekarang(pemegang).formasi.jabatan
    program = ProgramFactory(nama="Penjenjangan Auditor Ahli Madya")
    program.sasaran_jabatan.set([jabatan])

    assert list(selectors.program_untuk_pegawai(pemegang)) == [program]
    assert list(selectors.program_untuk_pegawai(lain)) == []
    assert jabatan.nama in selectors.alasan_bukan_sasaran(program, lain)


def test_every_filled_criterion_must_hold() -> None:
    program = ProgramFactory(sasaran_status=["pns"], sasaran_kategori=["pengawas"])

    assert not selectors.alasan_bukan_sasaran(program, _asn("pns", "III/d", "pengawas"))
    assert selectors.alasan_bukan_sasaran(program, _asn("cpns", "III/a", "pengawas"))
    assert selectors.alasan_bukan_sasaran(program, _asn("pns", "III/d", "administrator"))


def test_the_reason_names_what_the_program_wants_and_what_the_asn_has(
    katalog: dict[str, ProgramPelatihan],
) -> None:
    madya = _asn("pns", "IV/c", "fungsional_keahlian", "ahli_madya")

    alasan = selectors.alasan_bukan_sasaran(katalog["latsar"], madya)
    assert alasan == (
        "program ini hanya untuk CPNS, sedangkan status kepegawaian yang tercatat PNS"
    )
    alasan = selectors.alasan_bukan_sasaran(katalog["pkp"], _asn("pns", "III/b", None))
    assert "hanya untuk jabatan Pengawas" in alasan
    assert "tidak ada jabatan definitif" in alasan


def test_stored_codes_round_trip_and_unknown_codes_are_refused() -> None:
    program = ProgramFactory(sasaran_kategori=["administrator", "pengawas", "pengawas"])
    program.refresh_from_db()
    assert program.sasaran_kategori == ["administrator", "pengawas"]
    assert ProgramPelatihan.objects.filter(sasaran_kategori__contains=",pengawas,").get() == program
    assert program.sasaran_ringkas == "Administrator, Pengawas"

    program.sasaran_status = ["honorer"]
    with pytest.raises(ValidationError) as exc:
        program.full_clean()
    assert "honorer" in str(exc.value.message_dict["sasaran_status"])


# --- recommendations ------------------------------------------------------------------------


def test_an_ahli_madya_iv_c_is_never_recommended_latsar(
    katalog: dict[str, ProgramPelatihan],
) -> None:
    madya = _asn("pns", "IV/c", "fungsional_keahlian", "ahli_madya")
    cpns = _asn("cpns", "III/a", "fungsional_keahlian", "ahli_pertama")
    integritas = KompetensiFactory(nama="Integritas")
    for pegawai in (madya, cpns):
        StandarKompetensiFactory(
            jabatan=jabatan_sekarang(pegawai).formasi.jabatan,
            kompetensi=integritas,
            level=3,
        )
    # Latsar closes the most levels, so without the target group it would come first.
    ProgramKompetensiFactory(program=katalog["latsar"], kompetensi=integritas, level=3)
    ProgramKompetensiFactory(program=katalog["terbuka"], kompetensi=integritas, level=2)

    untuk_madya = [r.program for r in selectors.gap_analysis(madya).rekomendasi]
    untuk_cpns = [r.program for r in selectors.gap_analysis(cpns).rekomendasi]

    assert untuk_madya == [katalog["terbuka"]]
    assert untuk_cpns == [katalog["latsar"], katalog["terbuka"]]


def test_recommendations_for_a_planned_position_follow_that_position(
    katalog: dict[str, ProgramPelatihan],
) -> None:
    pegawai = _asn("pns", "III/d", "pelaksana")
    pengawas = JabatanFactory(kategori="pengawas")
    memimpin = KompetensiFactory(nama="Memimpin")
    StandarKompetensiFactory(jabatan=pengawas, kompetensi=memimpin, level=3)
    ProgramKompetensiFactory(program=katalog["pkp"], kompetensi=memimpin, level=3)

    assert [r.program for r in selectors.gap_analysis(pegawai, jabatan=pengawas).rekomendasi] == [
        katalog["pkp"]
    ]


# --- enrolment ------------------------------------------------------------------------------


def test_self_registration_outside_the_target_group_is_refused_with_the_reason(
    katalog: dict[str, ProgramPelatihan],
) -> None:
    madya = _asn("pns", "IV/c", "fungsional_keahlian", "ahli_madya")
    angkatan = AngkatanFactory(program=katalog["latsar"])

    with pytest.raises(ValidationError) as exc:
        services.peserta_register(angkatan_id=angkatan.pk, pegawai=madya)

    assert exc.value.message_dict["angkatan"] == [
        "Anda tidak termasuk sasaran Pelatihan Dasar CPNS: program ini hanya untuk CPNS, "
        "sedangkan status kepegawaian yang tercatat PNS."
    ]
    assert not Peserta.objects.exists()
    cpns = _asn("cpns", "III/a", "pelaksana")
    assert services.peserta_register(angkatan_id=angkatan.pk, pegawai=cpns).pegawai == cpns


def test_staff_enrolment_is_all_or_nothing_and_names_who_is_outside(
    katalog: dict[str, ProgramPelatihan], admin_bkd: Any
) -> None:
    angkatan = AngkatanFactory(program=katalog["pkp"])
    pengawas = _asn("pns", "III/d", "pengawas")
    pelaksana = _asn("pns", "III/b", "pelaksana")
    url = "/api/v1/pelatihan/peserta/tambah/"

    response = client_for(admin_bkd).post(
        url,
        {"angkatan": angkatan.pk, "pegawai": [pengawas.pk, pelaksana.pk]},
        content_type="application/json",
    )

    assert response.status_code == 400
    pesan = response.json()["pegawai"][0]
    assert f"{pelaksana.nama_lengkap} (NIP {pelaksana.nip})" in pesan
    assert "hanya untuk jabatan Pengawas" in pesan and "Pelaksana" in pesan
    assert pengawas.nama_lengkap not in pesan
    assert not Peserta.objects.exists()
    response = client_for(admin_bkd).post(
        url, {"angkatan": angkatan.pk, "pegawai": [pengawas.pk]}, content_type="application/json"
    )
    assert response.status_code == 201


def test_api_self_registration_answers_the_reason(
    katalog: dict[str, ProgramPelatihan], asn_x: Any
) -> None:
    angkatan = AngkatanFactory(program=katalog["latsar"])

    response = client_for(asn_x).post(f"/api/v1/pelatihan/angkatan/{angkatan.pk}/daftar/")

    assert response.status_code == 400
    assert "tidak termasuk sasaran Pelatihan Dasar CPNS" in response.json()["angkatan"][0]
    assert not Peserta.objects.exists()


# --- portal, API, warning mail ----------------------------------------------------------------


def test_portal_lists_open_runs_of_the_asn_s_programs_only_and_explains_a_refusal(
    katalog: dict[str, ProgramPelatihan], asn_x: Any
) -> None:
    latsar = AngkatanFactory(program=katalog["latsar"], nama="Latsar Angkatan IX")
    terbuka = AngkatanFactory(program=katalog["terbuka"], nama="E-learning Angkatan II")
    client = client_for(asn_x)

    html = client.get(reverse("pelatihan:saya_kompetensi")).content.decode()
    assert "E-learning Angkatan II" in html
    assert "Latsar Angkatan IX" not in html

    response = client.post(reverse("pelatihan:saya_daftar", args=[latsar.pk]), follow=True)
    assert "tidak termasuk sasaran Pelatihan Dasar CPNS" in response.content.decode()
    assert not Peserta.objects.filter(angkatan=latsar).exists()
    client.post(reverse("pelatihan:saya_daftar", args=[terbuka.pk]))
    assert Peserta.objects.filter(angkatan=terbuka, pegawai=asn_x.pegawai).exists()


def test_api_programs_carry_their_target_group_and_filter_for_the_caller(
    katalog: dict[str, ProgramPelatihan], asn_x: Any, admin_bkd: Any
) -> None:
    body = client_for(asn_x).get("/api/v1/pelatihan/program/?untuk_saya=true").json()
    rows = body.get("results", body)
    assert {row["kode"] for row in rows} == {"EL"}

    body = client_for(admin_bkd).get("/api/v1/pelatihan/program/").json()
    rows = {row["kode"]: row for row in body.get("results", body)}
    assert rows["PKP"]["sasaran_status"] == ["pns"]
    assert rows["PKP"]["sasaran_kategori"] == ["pengawas"]
    assert rows["TK-ANK"]["sasaran_kompetensi"] == [
        katalog["kompetensi"].sasaran_kompetensi.get().pk
    ]
    # Staff are not an ASN: "for me" is empty rather than everything.
    body = client_for(admin_bkd).get("/api/v1/pelatihan/program/?untuk_saya=1").json()
    assert body.get("results", body) == []


def test_the_jp_warning_suggests_only_runs_of_the_asn_s_target_group(
    katalog: dict[str, ProgramPelatihan], settings: Any
) -> None:
    settings.PELATIHAN_PERINGATAN_BULAN_MULAI = 7
    hari = dt.date(2026, 8, 3)
    madya = _asn("pns", "IV/c", "fungsional_keahlian", "ahli_madya")
    madya.email = "madya@example.go.id"
    madya.save()
    for program, nama in ((katalog["latsar"], "Latsar XV"), (katalog["madya"], "Madya III")):
        program.jp = 30
        program.save()
        AngkatanFactory(
            program=program,
            nama=nama,
            tanggal_mulai=dt.date(2026, 9, 1),
            tanggal_selesai=dt.date(2026, 9, 5),
            pendaftaran_mulai=dt.date(2026, 7, 1),
            pendaftaran_selesai=dt.date(2026, 8, 20),
        )

    services.jp_peringatan_send(tanggal=hari)

    (pesan,) = [m for m in mail.outbox if m.to == ["madya@example.go.id"]]
    assert "Madya III" in pesan.body
    assert "Latsar XV" not in pesan.body


def test_admin_filters_programs_by_who_they_are_open_to(
    katalog: dict[str, ProgramPelatihan], admin_bkd: Any
) -> None:
    url = reverse("admin:pelatihan_programpelatihan_changelist")

    html = client_for(admin_bkd).get(url, {"sasaran_kategori": "pengawas"}).content.decode()

    def tampil(nama: str) -> bool:
        return reverse("admin:pelatihan_programpelatihan_change", args=[katalog[nama].pk]) in html

    # Latsar restricts only the status, so it is open to every kategori.
    assert tampil("pkp") and tampil("terbuka") and tampil("kompetensi") and tampil("latsar")
    assert not tampil("pka") and not tampil("pkn_ii") and not tampil("madya")
    assert "Pengawas" in html  # the target-group column


def test_profil_is_hashable_so_bulk_readers_ask_once_per_profile() -> None:
    a = ProfilSasaran(status="pns", jabatan_id=1, kategori="pengawas")
    assert {a: 1}[ProfilSasaran(status="pns", jabatan_id=1, kategori="pengawas")] == 1


def test_kompetensi_page_shows_what_a_pending_plan_means_with_the_new_target_group(
    katalog: dict[str, ProgramPelatihan], asn_x: Any
) -> None:
    from tests.penataan.factories import ItemFactory, RencanaFactory

    pegawai = asn_x.pegawai
    pengawas = JabatanFactory(nama="Kepala Subbagian Umum", kategori="pengawas")
    memimpin = KompetensiFactory(nama="Memimpin tim")
    StandarKompetensiFactory(jabatan=pengawas, kompetensi=memimpin, level=3)
    ProgramKompetensiFactory(program=katalog["pkp"], kompetensi=memimpin, level=3)
    ProgramKompetensiFactory(program=katalog["latsar"], kompetensi=memimpin, level=3)
    katalog["pkp"].nama = "Pelatihan Kepemimpinan Pengawas"
    katalog["pkp"].save()
    asal = jabatan_sekarang(pegawai).formasi
    rencana = RencanaFactory(nama="Penataan Sekretariat 2027", status="diajukan")
    ItemFactory(
        rencana=rencana,
        pegawai=pegawai,
        formasi_asal=asal,
        formasi_tujuan=FormasiFactory(unit=asal.unit, jabatan=pengawas),
    )
    diterapkan = RencanaFactory(
        nama="Rencana lama", status="diterapkan", diterapkan_pada=timezone.now()
    )
    ItemFactory(
        rencana=diterapkan,
        pegawai=pegawai,
        formasi_asal=asal,
        formasi_tujuan=FormasiFactory(unit=asal.unit, jabatan=JabatanFactory(nama="Jabatan lama")),
    )

    html = client_for(asn_x).get(reverse("pelatihan:saya_kompetensi")).content.decode()

    bagian = html[html.index("Bila rencana penataan berlaku") : html.index('id="angkatan"')]
    assert "Kepala Subbagian Umum" in bagian and "Penataan Sekretariat 2027" in bagian
    assert "Memimpin tim" in bagian and "Pelatihan Kepemimpinan Pengawas" in bagian
    assert "Pelatihan Dasar CPNS" not in bagian
    assert "Jabatan lama" not in html
