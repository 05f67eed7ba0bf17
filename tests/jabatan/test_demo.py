from __future__ import annotations

import random
from collections import Counter

import pytest

from jabatan import demo
from jabatan.models import Formasi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi, UraianTugas
from jabatan.nip import parse_nip
from jabatan.selectors import dasbor_unit, formasi_with_needs

MODELS = (UnitOrganisasi, Jabatan, Formasi, UraianTugas, Pegawai, RiwayatJabatan)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.mark.django_db
def test_seed_is_idempotent_and_believable() -> None:
    lines: list[str] = []
    demo.seed(rng=random.Random("2026:jabatan.demo"), out=lines.append)
    first = _counts()
    snapshot = set(
        RiwayatJabatan.objects.values_list("pegawai__nip", "formasi_id", "tmt_mulai", "tmt_selesai")
    )
    demo.seed(rng=random.Random("2026:jabatan.demo"), out=lines.append)
    assert _counts() == first
    assert (
        set(
            RiwayatJabatan.objects.values_list(
                "pegawai__nip", "formasi_id", "tmt_mulai", "tmt_selesai"
            )
        )
        == snapshot
    )
    demo.seed(
        rng=random.Random("another seed"), out=lines.append
    )  # an existing register is left alone
    assert _counts() == first

    assert 380 <= first["Pegawai"] <= 520
    names = set(UnitOrganisasi.objects.filter(depth=1).values_list("nama", flat=True))
    for word in (
        "Sekretariat Daerah",
        "Badan Kepegawaian Daerah",
        "Perencanaan Pembangunan",
        "Inspektorat",
        "Pendidikan dan Kebudayaan",
        "Dinas Kesehatan",
        "M. Yunus",
        "Pekerjaan Umum",
        "Dinas Sosial",
        "Perhubungan",
        "Pengelola Keuangan",
        "Kependudukan",
    ):
        assert any(word in n for n in names), word
    jenis = set(UnitOrganisasi.objects.values_list("jenis", flat=True))
    assert {
        "opd",
        "sekretariat",
        "bidang",
        "subbagian",
        "seksi",
        "uptd",
        "puskesmas",
        "sekolah",
    } <= jenis

    for nip in Pegawai.objects.values_list("nip", flat=True):
        parse_nip(nip)
    status = Counter(Pegawai.objects.values_list("status", flat=True))
    assert status["pns"] > status["pppk"] > 0 and status["cpns"] > 0
    kategori = set(Jabatan.objects.values_list("kategori", flat=True))
    assert kategori >= {
        "jpt_madya",
        "jpt_pratama",
        "administrator",
        "pengawas",
        "pelaksana",
        "fungsional_keahlian",
        "fungsional_keterampilan",
    }
    assert (
        Jabatan.objects.filter(kategori="pelaksana").exclude(eselon="").exists()
    )  # a former eselon V

    selisih = [f.abk.selisih for f in formasi_with_needs(user=None)]
    assert any(s > 0 for s in selisih) and any(s < 0 for s in selisih)
    assert RiwayatJabatan.objects.filter(jenis="plt").exists()
    assert RiwayatJabatan.objects.filter(tmt_selesai__isnull=False).exists()
    assert RiwayatJabatan.objects.filter(keterangan="Rotasi pelaksana").exists()
    assert Pegawai.objects.filter(status_aktif="pensiun").exists()
    # Every active ASN holds at most one open definitive assignment (the database agrees).
    open_per_asn = Counter(
        RiwayatJabatan.objects.filter(jenis="definitif", tmt_selesai__isnull=True).values_list(
            "pegawai_id", flat=True
        )
    )
    assert max(open_per_asn.values()) == 1
    bkd = UnitOrganisasi.objects.get(kode="BKD")
    dashboard = dasbor_unit(user=None, unit=bkd)
    assert dashboard.jumlah_pegawai > 20
    assert sum(n for _, n in dashboard.pensiun_per_tahun) >= 1
