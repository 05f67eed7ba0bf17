from __future__ import annotations

import datetime as dt
from typing import Any

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


def rencana_draf(*, user: Any, nama: str = "Rotasi A") -> RencanaPenataan:
    """A draft made through the service, as a page would (its first transition recorded)."""
    from jabatan.penataan import services

    return services.rencana_create(
        user=user, nama=nama, dasar_hukum="SK 2/2026", tmt=dt.date(2026, 1, 1)
    )


def mutasi(
    rencana: RencanaPenataan, *, user: Any, pegawai: Any, tujuan: Any, alasan: str = "Rotasi"
) -> ItemRencana:
    """A moving item saved through the service (the current formasi filled in by it)."""
    from jabatan.penataan import services

    return services.item_save(
        item=ItemRencana(
            rencana=rencana,
            jenis=JenisItem.MUTASI,
            pegawai=pegawai,
            formasi_tujuan=tujuan,
            alasan_peringatan=alasan,
        ),
        user=user,
    )
