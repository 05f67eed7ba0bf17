from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import factory
from django.utils import timezone

from survei.models import Respons, UnitLayanan
from survei.partisipasi.models import Kasus, Kiosk, Konsultasi, kode_acak
from survei.partisipasi.services import batas_respons_for
from survei.selectors import kuesioner_aktif
from tests.factories import UnitOrganisasiFactory
from tests.survei.conftest import isian_api


class UnitLayananFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitLayanan
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"layanan-p{n}")
    nama = factory.Sequence(lambda n: f"Unit Layanan P{n}")
    unit = factory.SubFactory(UnitOrganisasiFactory)
    jenis_layanan = factory.LazyFunction(lambda: ["KTP elektronik", "Kartu Keluarga"])
    jumlah_pengguna = 1000


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


class KioskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kiosk

    unit_layanan = factory.SubFactory(UnitLayananFactory)
    nama = factory.Sequence(lambda n: f"Tablet {n}")


class KasusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kasus

    kode_lacak = factory.LazyFunction(lambda: kode_acak(10))
    unit_layanan = factory.SubFactory(UnitLayananFactory)
    jenis = "pengaduan"
    sumber = "formulir"
    isi = "Antrean di loket terlalu lama dan tidak ada nomor antre."
    diterima_pada = factory.LazyFunction(timezone.now)
    batas_respons = factory.LazyAttribute(lambda o: batas_respons_for(o.diterima_pada))


class KonsultasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Konsultasi

    unit_layanan = factory.SubFactory(UnitLayananFactory)
    slug = factory.Sequence(lambda n: f"konsultasi-{n}")
    judul = factory.Sequence(lambda n: f"Rancangan standar pelayanan {n}")
    uraian = "Kami meminta pendapat warga atas rancangan standar pelayanan."
    dibuka = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    ditutup = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    diterbitkan = True


def isian_survei(**overrides: Any) -> dict[str, str]:
    data = {
        **{f"u{i}": "3" for i in range(1, 10)},
        "umur": "34",
        "jenis_kelamin": "P",
        "pendidikan": "sma",
        "pekerjaan": "wirausaha",
        "jenis_layanan": "KTP elektronik",
        "saran": "",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def kiosk_json(**overrides: Any) -> dict[str, Any]:
    body = {"idempotency_key": str(uuid.uuid4()), "pendidikan": "d4_s1", "saran": ""}
    return isian_api(**{**body, **overrides})
