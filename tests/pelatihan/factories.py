from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from asn_portal.periode import WIB
from pelatihan.models import (
    Angkatan,
    Kompetensi,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
    StandarKompetensi,
)
from tests.factories import JabatanFactory, PegawaiFactory


class KompetensiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kompetensi

    kode = factory.Sequence(lambda n: f"K{n:03d}")
    nama = factory.Sequence(lambda n: f"Kompetensi {n}")
    jenis = "teknis"


class StandarKompetensiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandarKompetensi

    jabatan = factory.SubFactory(JabatanFactory)
    kompetensi = factory.SubFactory(KompetensiFactory)
    level = 3


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramPelatihan

    kode = factory.Sequence(lambda n: f"P{n:03d}")
    nama = factory.Sequence(lambda n: f"Pelatihan {n}")
    jenis = "teknis"
    metode = "klasikal"
    jp = 24
    penyelenggara = "BPSDM Provinsi Bengkulu"


class ProgramKompetensiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramKompetensi

    program = factory.SubFactory(ProgramFactory)
    kompetensi = factory.SubFactory(KompetensiFactory)
    level = 3


class AngkatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Angkatan

    program = factory.SubFactory(ProgramFactory)
    nama = factory.Sequence(lambda n: f"Angkatan {n}")
    tanggal_mulai = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=20))
    tanggal_selesai = factory.LazyAttribute(lambda o: o.tanggal_mulai + dt.timedelta(days=3))
    kuota = 30
    tempat = "Aula BPSDM"
    pendaftaran_mulai = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=5))
    pendaftaran_selesai = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=10))


class RiwayatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiwayatPelatihan

    pegawai = factory.SubFactory(PegawaiFactory)
    nama_pelatihan = factory.Sequence(lambda n: f"Pelatihan eksternal {n}")
    jenis = "teknis"
    metode = "klasikal"
    penyelenggara = "LAN RI"
    tanggal_mulai = factory.LazyAttribute(lambda o: o.tanggal_selesai - dt.timedelta(days=2))
    tanggal_selesai = dt.date(2025, 6, 10)
    jp = 10
    sumber = "staf"
    status = "terverifikasi"
    # A verified record carries its verification time (the services always set it): here the
    # day after completion (never in the future). The JP figures count a record from then on.
    diverifikasi_pada = factory.LazyAttribute(
        lambda o: (
            min(
                timezone.now(),
                dt.datetime.combine(
                    o.tanggal_selesai + dt.timedelta(days=1), dt.time(12), tzinfo=WIB
                ),
            )
            if o.status == "terverifikasi"
            else None
        )
    )
