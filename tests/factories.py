from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from guardian.shortcuts import assign_perm

from jabatan.models import (
    Formasi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
    UraianTugas,
)


def make_nip(n: int, *, pppk: bool = False, perempuan: bool | None = None) -> str:
    """A valid, unique-per-``n`` NIP (or NI PPPK) for tests."""
    lahir = dt.date(1965, 1, 1) + dt.timedelta(days=n % 12000)
    urutan = n // 12000 + 1
    sex = ("2" if perempuan else "1") if perempuan is not None else str(n % 2 + 1)
    if pppk:
        middle = f"{max(lahir.year + 25, 2019)}2{n % 9 + 1}"
    else:
        middle = f"{lahir.year + 25}{n % 12 + 1:02d}"
    return f"{lahir:%Y%m%d}{middle}{sex}{urutan:03d}"


def grant_unit(user: Any, unit: UnitOrganisasi) -> None:
    assign_perm("jabatan.kelola_unit", user, unit)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def _save(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class UnitOrganisasiFactory(factory.Factory):
    """Root units through treebeard's ``add_root`` (a plain create would skip the path)."""

    class Meta:
        model = UnitOrganisasi

    kode = factory.Sequence(lambda n: f"U{n:04d}")
    nama = factory.Sequence(lambda n: f"Unit {n}")
    jenis = "opd"

    @classmethod
    def _create(
        cls, model_class: type[UnitOrganisasi], *args: Any, **kwargs: Any
    ) -> UnitOrganisasi:
        parent = kwargs.pop("parent", None)
        if parent is not None:
            parent.refresh_from_db()
            return model_class.objects.add_child(parent, create_kwargs=kwargs)
        return model_class.objects.add_root(create_kwargs=kwargs)

    @classmethod
    def _build(cls, model_class: type[UnitOrganisasi], *args: Any, **kwargs: Any) -> UnitOrganisasi:
        kwargs.pop("parent", None)
        return model_class(**kwargs)


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    kode = factory.Sequence(lambda n: f"J{n:05d}")
    nama = factory.Sequence(lambda n: f"Analis {n}")
    kategori = "pelaksana"
    jenjang = ""
    kelas_jabatan = 7


class FormasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Formasi

    unit = factory.SubFactory(UnitOrganisasiFactory)
    jabatan = factory.SubFactory(JabatanFactory)


class UraianTugasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UraianTugas

    formasi = factory.SubFactory(FormasiFactory)
    uraian = factory.Sequence(lambda n: f"Menyusun laporan {n}")
    hasil_kerja = "Laporan"
    volume_per_tahun = Decimal("12")
    norma_waktu_menit = Decimal("60")


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    nip = factory.Sequence(lambda n: make_nip(n + 1))
    nama = factory.Sequence(lambda n: f"Pegawai {n}")
    status = "pns"
    golongan = "III/a"

    @classmethod
    def _create(cls, model_class: type[Pegawai], *args: Any, **kwargs: Any) -> Pegawai:
        pegawai = model_class(**kwargs)
        pegawai.full_clean()  # derives tanggal lahir and jenis kelamin from the NIP
        pegawai.save()
        return pegawai


class RiwayatJabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiwayatJabatan

    pegawai = factory.SubFactory(PegawaiFactory)
    formasi = factory.SubFactory(FormasiFactory)
    jenis = "definitif"
    tmt_mulai = dt.date(2020, 1, 1)
    nomor_sk = factory.Sequence(lambda n: f"800/{n}/BKD/2020")
