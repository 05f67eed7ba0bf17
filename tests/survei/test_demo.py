from __future__ import annotations

import random

import pytest
from django.utils import timezone

from asn_portal.periode import Periode
from survei.models import Kuesioner, PeriodePublikasi, RencanaTindakLanjut, Respons, UnitLayanan
from survei.selectors import ikm_compute


def _counts() -> tuple[int, ...]:
    return (
        UnitLayanan.objects.count(),
        Respons.objects.count(),
        PeriodePublikasi.objects.count(),
        RencanaTindakLanjut.objects.count(),
        Kuesioner.objects.count(),
    )


@pytest.mark.django_db
def test_demo_is_idempotent_and_shows_every_feature() -> None:
    from asn_portal import demo as akun_demo
    from jabatan import demo as jabatan_demo
    from survei import demo

    jabatan_demo.seed(rng=random.Random("jabatan"), out=lambda _m: None)
    akun_demo.seed(rng=random.Random("akun"), out=lambda _m: None)
    log: list[str] = []
    demo.seed(rng=random.Random(1), out=log.append)
    first = _counts()
    assert first[0] >= 5 and first[1] > 3000 and first[2] > 10 and first[3] >= 3 and first[4] == 2
    demo.seed(rng=random.Random(1), out=log.append)
    assert _counts() == first

    kuartal_lalu = Periode.memuat("triwulan", timezone.localdate())
    kuartal_lalu = (
        Periode.parse(f"{kuartal_lalu.tahun - 1}-T4")
        if kuartal_lalu.nomor == 1
        else Periode(kuartal_lalu.tahun, "triwulan", kuartal_lalu.nomor - 1)
    )
    mutu = {
        u.kode: ikm_compute(unit_layanan=u, dari=kuartal_lalu.awal, sampai=kuartal_lalu.akhir).mutu
        for u in UnitLayanan.objects.all()
    }
    assert mutu["dukcapil"] in ("C", "D")  # one unit below mutu B
    assert "A" in mutu.values() and "B" in mutu.values()
    assert Respons.objects.filter(sumber="kertas").exists()
    assert (
        Respons.objects.filter(kuesioner__versi=1).exists()
        and Respons.objects.filter(kuesioner__versi=2).exists()
    )
    assert RencanaTindakLanjut.objects.filter(status="berjalan").exists()
    # results differ visibly between units
    ikm = [float(p.hasil["ikm"]) for p in PeriodePublikasi.objects.filter(jenis_periode="triwulan")]
    assert max(ikm) - min(ikm) > 10
