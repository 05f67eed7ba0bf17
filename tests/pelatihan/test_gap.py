from __future__ import annotations

from typing import Any

import pytest

from jabatan.selectors import jabatan_sekarang
from pelatihan import selectors
from tests.factories import JabatanFactory, PegawaiFactory
from tests.pelatihan.factories import (
    KompetensiFactory,
    ProgramFactory,
    ProgramKompetensiFactory,
    RiwayatFactory,
    StandarKompetensiFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def standar(pegawai_x: Any) -> dict[str, Any]:
    jabatan = jabatan_sekarang(pegawai_x).formasi.jabatan
    k1, k2, k3 = (
        KompetensiFactory(nama="Analisis data"),
        KompetensiFactory(nama="Kepemimpinan"),
        KompetensiFactory(nama="Integritas"),
    )
    StandarKompetensiFactory(jabatan=jabatan, kompetensi=k1, level=3)
    StandarKompetensiFactory(jabatan=jabatan, kompetensi=k2, level=4)
    StandarKompetensiFactory(jabatan=jabatan, kompetensi=k3, level=2)
    return {"jabatan": jabatan, "k1": k1, "k2": k2, "k3": k3}


def test_gaps_compare_the_standard_with_levels_from_verified_trainings(
    pegawai_x: Any, standar: dict[str, Any]
) -> None:
    dasar = ProgramFactory(nama="Dasar analisis")
    ProgramKompetensiFactory(program=dasar, kompetensi=standar["k1"], level=2)
    ProgramKompetensiFactory(program=dasar, kompetensi=standar["k3"], level=2)
    RiwayatFactory(pegawai=pegawai_x, program=dasar)
    lanjut = ProgramFactory(nama="Analisis lanjut")
    ProgramKompetensiFactory(program=lanjut, kompetensi=standar["k1"], level=5)
    RiwayatFactory(
        pegawai=pegawai_x, program=lanjut, status="diajukan", sumber="mandiri"
    )  # not verified

    analisis = selectors.gap_analysis(pegawai_x)

    rows = {
        row.kompetensi.nama: (row.level_dimiliki, row.level_standar, row.selisih)
        for row in analisis.standar
    }
    assert rows == {"Analisis data": (2, 3, 1), "Kepemimpinan": (0, 4, 4), "Integritas": (2, 2, 0)}
    assert {row.kompetensi.nama for row in analisis.kesenjangan} == {
        "Analisis data",
        "Kepemimpinan",
    }


def test_programs_are_ranked_by_how_much_gap_they_close(
    pegawai_x: Any, standar: dict[str, Any]
) -> None:
    kecil = ProgramFactory(nama="Analisis singkat", jp=8)
    ProgramKompetensiFactory(program=kecil, kompetensi=standar["k1"], level=3)  # closes 3
    besar = ProgramFactory(nama="PKP", jp=100)
    ProgramKompetensiFactory(
        program=besar, kompetensi=standar["k2"], level=5
    )  # closes 4 (capped at standard)
    ProgramKompetensiFactory(program=besar, kompetensi=standar["k1"], level=1)  # closes 1
    nihil = ProgramFactory(nama="Integritas dasar")
    ProgramKompetensiFactory(program=nihil, kompetensi=standar["k3"], level=1)  # closes 1 of 2
    nonaktif = ProgramFactory(nama="Lama", aktif=False)
    ProgramKompetensiFactory(program=nonaktif, kompetensi=standar["k2"], level=5)

    analisis = selectors.gap_analysis(pegawai_x)

    assert [(r.program.nama, r.menutup) for r in analisis.rekomendasi] == [
        ("PKP", 5),
        ("Analisis singkat", 3),
        ("Integritas dasar", 1),
    ]


def test_gap_analysis_for_another_jabatan(pegawai_x: Any, standar: dict[str, Any]) -> None:
    baru = JabatanFactory(nama="Analis Kebijakan Ahli Muda")
    StandarKompetensiFactory(jabatan=baru, kompetensi=standar["k3"], level=1)

    analisis = selectors.gap_analysis(pegawai_x, jabatan=baru)

    assert analisis.jabatan == baru
    assert [(r.kompetensi.nama, r.selisih) for r in analisis.standar] == [("Integritas", 1)]


def test_pegawai_with_gaps_count_in_constant_queries(django_assert_num_queries: Any) -> None:
    kompetensi = KompetensiFactory()
    jabatan = JabatanFactory()
    tanpa_standar = JabatanFactory()
    StandarKompetensiFactory(jabatan=jabatan, kompetensi=kompetensi, level=2)
    program = ProgramFactory()
    ProgramKompetensiFactory(program=program, kompetensi=kompetensi, level=3)
    pegawai = [PegawaiFactory() for _ in range(12)]
    for p in pegawai[:5]:
        RiwayatFactory(pegawai=p, program=program)
    RiwayatFactory(pegawai=pegawai[5], program=program, status="ditolak", alasan_penolakan="x")
    pairs = [(p.pk, jabatan.pk) for p in pegawai] + [(pegawai[0].pk, tanpa_standar.pk)]

    with django_assert_num_queries(2):
        assert selectors.pegawai_with_gaps_count(pairs) == 7
    with django_assert_num_queries(2):
        assert selectors.pegawai_with_gaps_count([(p.pk, tanpa_standar.pk) for p in pegawai]) == 0
    assert selectors.pegawai_with_gaps_count([]) == 0
