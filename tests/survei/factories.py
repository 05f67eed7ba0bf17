from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import factory
from django.utils import timezone

from survei.models import Respons, UnitLayanan
from survei.selectors import kuesioner_aktif
from tests.factories import UnitOrganisasiFactory


class UnitLayananFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitLayanan

    kode = factory.Sequence(lambda n: f"layanan-{n}")
    nama = factory.Sequence(lambda n: f"Unit Layanan {n}")
    unit = factory.SubFactory(UnitOrganisasiFactory)
    jenis_layanan = factory.LazyFunction(lambda: ["KTP elektronik", "Kartu Keluarga"])
    jumlah_pengguna = 1000
    periode_pengguna = "tahun"


class ResponsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Respons

    unit_layanan = factory.SubFactory(UnitLayananFactory)
    kuesioner = factory.LazyFunction(kuesioner_aktif)
    u1 = u2 = u3 = u4 = u5 = u6 = u7 = u8 = u9 = 3
    umur = 35
    jenis_kelamin = "P"
    pendidikan = "sma"
    pekerjaan = "swasta"
    jenis_layanan = "KTP elektronik"
    tanggal_layanan = factory.LazyFunction(timezone.localdate)
    tanggal_isi = factory.LazyFunction(timezone.localdate)
    idempotency_key = factory.LazyFunction(uuid.uuid4)


def respons_bulk(
    unit: UnitLayanan, jawaban: list[list[int | None]], *, tanggal: dt.date, **extra: Any
) -> list[Respons]:
    """One response per row of answers (U1..U9), all on ``tanggal``."""
    kuesioner = kuesioner_aktif()
    rows = [
        Respons(
            unit_layanan=unit,
            kuesioner=kuesioner,
            **{f"u{i + 1}": v for i, v in enumerate(nilai)},
            umur=extra.get("umur", 30),
            jenis_kelamin=extra.get("jenis_kelamin", "L"),
            pendidikan="sma",
            pekerjaan="swasta",
            jenis_layanan="KTP elektronik",
            tanggal_layanan=tanggal,
            tanggal_isi=tanggal,
            idempotency_key=uuid.uuid4(),
            saran=extra.get("saran", ""),
        )
        for nilai in jawaban
    ]
    return Respons.objects.bulk_create(rows)


def jawaban_dari_jumlah(jumlah: list[int], responden: int) -> list[list[int]]:
    """Rows of answers whose per-unsur sums equal ``jumlah`` (each answer within 1–4)."""
    rows = [[0] * 9 for _ in range(responden)]
    for kolom, total in enumerate(jumlah):
        base, extra = divmod(total, responden)
        assert 1 <= base <= 4 and (base < 4 or extra == 0)
        for baris in range(responden):
            rows[baris][kolom] = base + (1 if baris < extra else 0)
    return rows
