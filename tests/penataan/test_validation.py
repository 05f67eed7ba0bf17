"""Every validation rule: errors block, warnings need an acknowledged reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jabatan.models import Jenjang
from jabatan.penataan import services
from jabatan.penataan.models import JenisItem, RencanaPenataan
from jabatan.penataan.validation import rencana_validate
from tests.factories import FormasiFactory, JabatanFactory, PegawaiFactory, make_nip
from tests.penataan.conftest import TMT, Dunia, menjabat, pegawai
from tests.penataan.factories import ItemFactory, RencanaFactory

M = JenisItem


def jf(jenjang: str, kelas: int, kode: str | None = None) -> Any:
    return JabatanFactory(
        kode=kode or f"JF-{jenjang}-{kelas}",
        nama=f"Analis Kebijakan {Jenjang(jenjang).label}",
        kategori="fungsional_keahlian",
        jenjang=jenjang,
        kelas_jabatan=kelas,
    )


def _plan(d: Dunia, user: Any, *items: dict[str, Any], tmt: dt.date = TMT) -> RencanaPenataan:
    rencana = RencanaFactory(dibuat_oleh=user, tmt=tmt)
    for fields in items:
        ItemFactory(rencana=rencana, **fields)
    return rencana


def mutasi(p: Any, asal: Any, tujuan: Any, **extra: Any) -> dict[str, Any]:
    return {
        "jenis": M.MUTASI,
        "pegawai": p,
        "formasi_asal": asal,
        "formasi_tujuan": tujuan,
        **extra,
    }


# Each case builds a plan and names the one problem it must raise.
CASES: dict[str, tuple[Callable[[Dunia, Any], RencanaPenataan], str, bool]] = {
    "kosong": (lambda d, u: _plan(d, u), "kosong", True),
    "tanpa pegawai": (
        lambda d, u: _plan(
            d, u, {"jenis": M.MUTASI, "formasi_asal": d.f_analis_a, "formasi_tujuan": d.f_analis_b}
        ),
        "pegawai_wajib",
        True,
    ),
    "asn tidak lagi memegang jabatan asal": (
        lambda d, u: _plan(d, u, mutasi(d.p_analis1, d.f_pengolah_a, d.f_analis_b)),
        "tidak_menjabat",
        True,
    ),
    "asn tanpa jabatan aktif": (
        lambda d, u: _plan(d, u, mutasi(pegawai(50), d.f_analis_a, d.f_analis_b)),
        "tidak_menjabat",
        True,
    ),
    "tmt sebelum tmt jabatan sekarang": (
        lambda d, u: _plan(
            d, u, mutasi(d.p_analis1, d.f_analis_a, d.f_analis_b), tmt=dt.date(2019, 6, 1)
        ),
        "tmt_tidak_urut",
        True,
    ),
    "asn yang sama di dua butir": (
        lambda d, u: _plan(
            d,
            u,
            mutasi(d.p_analis1, d.f_analis_a, d.f_analis_b),
            mutasi(d.p_analis1, d.f_analis_a, d.f_pengolah_a),
        ),
        "pegawai_ganda",
        True,
    ),
    "asn tidak aktif": (
        lambda d, u: _plan(
            d,
            u,
            mutasi(
                menjabat(pegawai(51, status_aktif="berhenti"), d.f_analis_a),
                d.f_analis_a,
                d.f_pengolah_a,
            ),
        ),
        "pegawai_tidak_aktif",
        True,
    ),
    "asn sudah pensiun pada tmt": (
        lambda d, u: _plan(
            d,
            u,
            mutasi(
                menjabat(PegawaiFactory(nip=make_nip(10)), d.f_analis_a),
                d.f_analis_a,
                d.f_pengolah_a,
            ),
        ),
        "pensiun",
        True,
    ),
    "formasi tujuan nonaktif": (
        lambda d, u: _plan(
            d,
            u,
            mutasi(
                d.p_analis1,
                d.f_analis_a,
                FormasiFactory(unit=d.b1, jabatan=d.pengolah, aktif=False),
            ),
        ),
        "tujuan_nonaktif",
        True,
    ),
    "tujuan sama dengan asal": (
        lambda d, u: _plan(d, u, mutasi(d.p_analis1, d.f_analis_a, d.f_analis_a)),
        "tujuan_sama",
        True,
    ),
    "promosi tanpa kenaikan kelas": (
        lambda d, u: _plan(
            d, u, mutasi(d.p_analis1, d.f_analis_a, d.f_pengolah_a, jenis=M.PROMOSI)
        ),
        "promosi_tidak_naik",
        True,
    ),
    "penyetaraan jabatan non-struktural": (
        lambda d, u: _plan(
            d,
            u,
            {
                "jenis": M.PENYETARAAN,
                "pegawai": d.p_analis1,
                "formasi_asal": d.f_analis_a,
                "jabatan": jf("ahli_pertama", 8),
            },
        ),
        "bukan_struktural",
        True,
    ),
    "penyetaraan ke jenjang yang salah": (
        lambda d, u: _plan(
            d,
            u,
            {
                "jenis": M.PENYETARAAN,
                "pegawai": d.p_kabid,
                "formasi_asal": d.f_kabid,
                "jabatan": jf("ahli_muda", 12),
            },
        ),
        "jenjang_salah",
        True,
    ),
    "penyetaraan menurunkan kelas jabatan": (
        lambda d, u: _plan(
            d,
            u,
            {
                "jenis": M.PENYETARAAN,
                "pegawai": d.p_kabid,
                "formasi_asal": d.f_kabid,
                "jabatan": jf("ahli_madya", 11),
            },
        ),
        "kelas_turun",
        True,
    ),
    "penyetaraan meninggalkan pemegang jabatan": (
        lambda d, u: _plan(
            d,
            u,
            {"jenis": M.PENYETARAAN, "formasi_asal": d.f_kabid, "jabatan": jf("ahli_madya", 12)},
        ),
        "pemegang_tertinggal",
        True,
    ),
    "pembentukan formasi yang sudah ada": (
        lambda d, u: _plan(
            d, u, {"jenis": M.PEMBENTUKAN_FORMASI, "unit": d.a11, "jabatan": d.analis}
        ),
        "formasi_sudah_ada",
        True,
    ),
    "pembentukan ganda": (
        lambda d, u: _plan(
            d,
            u,
            {"jenis": M.PEMBENTUKAN_FORMASI, "unit": d.b1, "jabatan": d.kasi},
            {"jenis": M.PEMBENTUKAN_FORMASI, "unit": d.b1, "jabatan": d.kasi},
        ),
        "butir_ganda",
        True,
    ),
    "penghapusan formasi yang masih dipegang": (
        lambda d, u: _plan(d, u, {"jenis": M.PENGHAPUSAN_FORMASI, "formasi_asal": d.f_analis_a}),
        "masih_dipegang",
        True,
    ),
    "penghapusan formasi nonaktif": (
        lambda d, u: _plan(
            d,
            u,
            {
                "jenis": M.PENGHAPUSAN_FORMASI,
                "formasi_asal": FormasiFactory(unit=d.b1, jabatan=d.kasi, aktif=False),
            },
        ),
        "asal_nonaktif",
        True,
    ),
    "golongan di luar rentang jenjang": (
        lambda d, u: _plan(
            d,
            u,
            {
                "jenis": M.PENYETARAAN,
                "pegawai": d.p_kasi,
                "formasi_asal": d.f_kasi,
                "jabatan": jf("ahli_muda", 9),
            },
        ),
        "golongan_di_luar_rentang",
        False,
    ),
    "mutasi ke kelas lebih rendah": (
        lambda d, u: _plan(d, u, mutasi(d.p_analis1, d.f_analis_a, d.f_pengolah_a)),
        "kelas_turun",
        False,
    ),
    "formasi tujuan sudah memenuhi kebutuhan": (
        lambda d, u: _plan(d, u, mutasi(d.p_analis1, d.f_analis_a, d.f_analis_b)),
        "tujuan_penuh",
        False,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_reports_its_problem(case: str, dunia: Dunia, admin_bkd: Any) -> None:
    build, kode, is_error = CASES[case]
    rencana = build(dunia, admin_bkd)
    hasil = rencana_validate(rencana)
    found = [m for m in hasil.masalah if m.kode == kode]
    assert found, [(m.kode, m.pesan) for m in hasil.masalah]
    assert all(m.is_error is is_error for m in found)
    assert not hasil.is_valid
    with pytest.raises(ValidationError) as exc:
        hasil.raise_if_invalid()
    assert any(m.pesan in text for m in found for text in exc.value.messages)


def test_messages_name_the_item_and_the_asn(dunia: Dunia, admin_bkd: Any) -> None:
    rencana = _plan(dunia, admin_bkd, mutasi(dunia.p_analis1, dunia.f_pengolah_a, dunia.f_analis_b))
    (masalah,) = rencana_validate(rencana).errors
    assert str(masalah).startswith("Butir 1: ")
    assert "Analis Satu" in masalah.pesan and "tidak lagi memegang" in masalah.pesan
    assert f"jabatannya kini {dunia.f_analis_a}." in masalah.pesan


def test_refusals_name_the_formasi_held_now_in_one_more_query(
    dunia: Dunia, admin_bkd: Any, django_assert_max_num_queries: Any
) -> None:
    stale = [menjabat(pegawai(200 + n), dunia.f_analis_a) for n in range(10)]
    rencana = _plan(
        dunia, admin_bkd, *(mutasi(p, dunia.f_pengolah_a, dunia.f_analis_b) for p in stale)
    )
    with django_assert_max_num_queries(9):
        hasil = rencana_validate(rencana)
    held = [m for m in hasil.errors if m.kode == "tidak_menjabat"]
    assert len(held) == 10
    assert all(f"jabatannya kini {dunia.f_analis_a}." in m.pesan for m in held)


def test_an_acknowledged_warning_no_longer_blocks(dunia: Dunia, admin_bkd: Any) -> None:
    rencana = _plan(dunia, admin_bkd, mutasi(dunia.p_analis1, dunia.f_analis_a, dunia.f_pengolah_a))
    assert not rencana_validate(rencana).is_valid
    rencana.items.update(alasan_peringatan="Rotasi atas permintaan sendiri")
    hasil = rencana_validate(rencana)
    assert hasil.is_valid
    assert [m.kode for m in hasil.warnings] == ["kelas_turun"] and hasil.warnings[0].diakui


def test_a_warning_without_reason_blocks_submission(dunia: Dunia, operator_a: Any) -> None:
    rencana = _plan(
        dunia, operator_a, mutasi(dunia.p_analis1, dunia.f_analis_a, dunia.f_pengolah_a)
    )
    with pytest.raises(ValidationError, match="memerlukan alasan"):
        services.rencana_submit(rencana=rencana, user=operator_a)
    rencana.refresh_from_db()
    assert rencana.status == "draf"


def test_plan_rules_see_the_plan_as_a_whole(dunia: Dunia, admin_bkd: Any) -> None:
    """Forming a formasi, moving an ASN into it and removing the emptied one is consistent."""
    rencana = _plan(
        dunia,
        admin_bkd,
        {"jenis": M.PEMBENTUKAN_FORMASI, "unit": dunia.b1, "jabatan": dunia.pengolah},
        {
            "jenis": M.MUTASI,
            "pegawai": dunia.p_pengolah,
            "formasi_asal": dunia.f_pengolah_a,
            "formasi_tujuan": FormasiFactory(unit=dunia.b1, jabatan=dunia.pengolah, aktif=False),
        },
        {"jenis": M.PENGHAPUSAN_FORMASI, "formasi_asal": dunia.f_pengolah_a},
    )
    hasil = rencana_validate(rencana)
    assert hasil.masalah == []
    assert hasil.is_valid


def test_penyetaraan_with_every_holder_is_valid(dunia: Dunia, admin_bkd: Any) -> None:
    rencana = _plan(
        dunia,
        admin_bkd,
        {
            "jenis": M.PENYETARAAN,
            "pegawai": dunia.p_kabid,
            "formasi_asal": dunia.f_kabid,
            "jabatan": jf("ahli_madya", 12),
        },
    )
    assert rencana_validate(rencana).masalah == []


def test_validation_uses_a_constant_number_of_queries(
    dunia: Dunia, admin_bkd: Any, django_assert_max_num_queries: Any
) -> None:
    rencana = _plan(dunia, admin_bkd, mutasi(dunia.p_analis1, dunia.f_analis_a, dunia.f_analis_b))
    with django_assert_max_num_queries(8):
        rencana_validate(rencana)
    for n in range(20):
        p = menjabat(pegawai(100 + n), dunia.f_analis_a)
        ItemFactory(
            rencana=rencana,
            **mutasi(p, dunia.f_analis_a, dunia.f_pengolah_a, alasan_peringatan="x"),
        )
    with django_assert_max_num_queries(8):
        rencana_validate(rencana)
