from __future__ import annotations

import datetime as dt

import factory

from jabatan.penataan.models import ItemRencana, JenisItem, RencanaPenataan
from tests.factories import UserFactory


class RencanaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RencanaPenataan

    nama = factory.Sequence(lambda n: f"Rencana uji {n}")
    dasar_hukum = "Keputusan Gubernur Nomor 800/1/BKD/2026"
    tmt = dt.date(2026, 1, 1)
    dibuat_oleh = factory.SubFactory(UserFactory)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemRencana

    rencana = factory.SubFactory(RencanaFactory)
    jenis = JenisItem.MUTASI
    urutan = factory.Sequence(lambda n: n + 1)
