from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from pelatihan import demo, selectors
from pelatihan.models import (
    Angkatan,
    Peserta,
    ProgramPelatihan,
    RiwayatPelatihan,
    StandarKompetensi,
)
from pelatihan.sertifikat import sertifikat_validate
from tests.pelatihan.conftest import upload

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (ProgramPelatihan, Angkatan, Peserta, RiwayatPelatihan, StandarKompetensi)
    )


def test_seed_shows_every_feature_and_is_idempotent(
    asn_x: Any, asn_y: Any, pegawai_x: Any, pegawai_y: Any
) -> None:
    lines: list[str] = []
    demo.seed(rng=random.Random(1), out=lines.append)
    first = _counts()
    demo.seed(rng=random.Random(2), out=lines.append)

    assert _counts() == first
    assert {
        "Pelatihan Dasar CPNS",
        "Pelatihan Kepemimpinan Pengawas",
        "Pelatihan Kepemimpinan Administrator",
        "Pelatihan Kepemimpinan Nasional Tingkat II",
    } <= set(ProgramPelatihan.objects.values_list("nama", flat=True))
    assert Angkatan.objects.filter(pendaftaran_selesai__gte=dt.date.today()).exists()
    tahun = dt.date.today().year
    jp = sorted(selectors.jp_tahun(p, tahun) for p in (pegawai_x, pegawai_y))
    assert jp[0] < 20 <= jp[1]
    pending = RiwayatPelatihan.objects.filter(status="diajukan", pegawai=pegawai_x)
    assert pending.exists()
    for riwayat in RiwayatPelatihan.objects.exclude(sertifikat=""):
        with riwayat.sertifikat.open("rb") as handle:
            assert (
                sertifikat_validate(upload("x", handle.read())).content_type
                == riwayat.sertifikat_tipe
            )
    assert selectors.gap_analysis(pegawai_x).standar


def test_demo_programs_carry_their_target_groups_and_records_respect_them(
    asn_x: Any, pegawai_x: Any
) -> None:
    demo.seed(rng=random.Random(3), out=lambda _line: None)

    sasaran = {
        p.kode: (p.sasaran_status, p.sasaran_kategori) for p in ProgramPelatihan.objects.all()
    }
    assert sasaran["LATSAR"] == (["cpns"], [])
    assert sasaran["PKP"] == (["pns"], ["pengawas"])
    assert sasaran["PKA"] == (["pns"], ["administrator"])
    assert sasaran["PKN2"] == (["pns"], ["jpt_pratama"])
    assert sasaran["PKN1"] == (["pns"], ["jpt_madya"])
    assert ProgramPelatihan.objects.get(kode="TK-KEU").sasaran_kompetensi.get().kode == "TK-KEU"
    # The demo's records and registrations were drawn from each ASN's own programs.
    for riwayat in RiwayatPelatihan.objects.filter(program__isnull=False).select_related(
        "program", "pegawai"
    ):
        assert not selectors.alasan_bukan_sasaran(riwayat.program, riwayat.pegawai), riwayat
    # The portal account has history in earlier years for the JP chart.
    tahun = dt.date.today().year
    per_tahun = dict(selectors.jp_per_tahun(pegawai_x))
    assert min(per_tahun) <= tahun - 3
    assert all(per_tahun[t] > 0 for t in range(tahun - 3, tahun))
