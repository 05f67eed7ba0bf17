"""A small world every accessibility page test opens: one published survey unit, receipt codes,
a kiosk, a complaint, a public consultation, a finished report, an ASN with training history,
competency standards and a plan item about them, and a plan for the staff pages.

The page tests only read, so the world is built once per module, committed, served by its own
live-server thread and flushed afterwards (pytest-django's ``live_server`` would flush and
rebuild it for each of the ~100 page checks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from playwright.sync_api import Page

from asn_portal.periode import Periode
from asn_portal.roles import ADMIN_BKD, ASN
from jabatan.penataan import services as penataan_services
from jabatan.penataan.models import ItemRencana, JenisItem
from survei import services as survei_services
from survei.partisipasi.models import KodeStruk
from tests.conftest import _with_role
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UnitOrganisasiFactory,
    UserFactory,
)
from tests.laporan.conftest import buat_laporan
from tests.partisipasi.factories import KasusFactory, KioskFactory, KonsultasiFactory
from tests.pelatihan.factories import (
    AngkatanFactory,
    ProgramFactory,
    RiwayatFactory,
    StandarKompetensiFactory,
)
from tests.survei.factories import UnitLayananFactory, respons_bulk

PERIODE = Periode.parse("2026-T1")


@dataclass
class Dunia:
    layanan: Any
    periode: Periode
    kode_baru: str
    kode_terpakai: str
    kiosk_token: str
    kode_lacak: str
    kasus: Any
    konsultasi_slug: str
    laporan: Any
    rencana: Any
    angkatan: Any
    asn: Any
    staf: Any


def build_dunia() -> Dunia:
    """Committed rows (the server thread reads them); the caller flushes afterwards."""
    opd = UnitOrganisasiFactory(kode="A", nama="Dinas A", jenis="opd")
    UnitOrganisasiFactory(parent=opd, kode="A.1", nama="Bidang A1", jenis="bidang")
    opd.refresh_from_db()
    admin_bkd = _with_role(UserFactory(username="admin_bkd", is_staff=True), ADMIN_BKD)
    asn = _with_role(UserFactory(username="asn_x"), ASN)
    RiwayatJabatanFactory(
        pegawai=PegawaiFactory(user=asn, nama="Xaverius"), formasi=FormasiFactory(unit=opd)
    )
    unit_a = opd
    asn_x = asn
    layanan = UnitLayananFactory(kode="dukcapil-a", nama="Layanan Dukcapil A", unit=unit_a)
    respons = respons_bulk(
        layanan, [[3, 4, 3, 4, 3, 4, 3, 4, 3]] * 12, tanggal=PERIODE.awal, saran="Antrean lama."
    )
    survei_services.publikasi_publish(unit_layanan=layanan, periode=PERIODE, user=admin_bkd)
    hari_ini = timezone.localdate()
    KodeStruk.objects.create(
        kode="HFT6WDJPKT",
        unit_layanan=layanan,
        jenis_layanan="KTP elektronik",
        tanggal_layanan=hari_ini,
    )
    KodeStruk.objects.create(
        kode="KRT7WDJPKA",
        unit_layanan=layanan,
        jenis_layanan="KTP elektronik",
        tanggal_layanan=hari_ini,
        respons=respons[0],
        digunakan_pada=timezone.now(),
    )
    kiosk = KioskFactory(unit_layanan=layanan, nama="Tablet ruang tunggu")
    kasus = KasusFactory(unit_layanan=layanan)
    konsultasi = KonsultasiFactory(unit_layanan=layanan)
    laporan = buat_laporan(unit=unit_a)

    pegawai = asn_x.pegawai
    jabatan = pegawai.riwayat_jabatan.get().formasi.jabatan
    StandarKompetensiFactory(jabatan=jabatan, level=3)
    RiwayatFactory(pegawai=pegawai, tanggal_selesai=hari_ini - dt.timedelta(days=30), jp=12)
    RiwayatFactory(pegawai=pegawai, tanggal_selesai=dt.date(hari_ini.year - 1, 6, 10), jp=24)
    angkatan = AngkatanFactory(program=ProgramFactory(nama="Pelatihan Pelayanan Prima"))

    rencana = penataan_services.rencana_create(
        user=admin_bkd,
        nama="Rotasi pelaksana Dinas A",
        dasar_hukum="SK Gubernur",
        tmt=hari_ini + dt.timedelta(days=30),
    )
    tujuan = FormasiFactory(unit=unit_a, jabatan=JabatanFactory(kode="J-TUJUAN", nama="Analis SDM"))
    penataan_services.item_save(
        item=ItemRencana(
            rencana=rencana, jenis=JenisItem.MUTASI, pegawai=pegawai, formasi_tujuan=tujuan
        ),
        user=admin_bkd,
    )
    lain = PegawaiFactory(nama="Pegawai Lain")
    RiwayatJabatanFactory(pegawai=lain, formasi=FormasiFactory(unit=unit_a))
    return Dunia(
        layanan=layanan,
        periode=PERIODE,
        kode_baru="HFT6WDJPKT",
        kode_terpakai="KRT7WDJPKA",
        kiosk_token=kiosk.token,
        kode_lacak=kasus.kode_lacak,
        kasus=kasus,
        konsultasi_slug=konsultasi.slug,
        laporan=laporan,
        rencana=rencana,
        angkatan=angkatan,
        asn=asn_x,
        staf=admin_bkd,
    )


@dataclass
class Situs:
    url: str
    dunia: Dunia
    sesi: dict[str, str]  # persona -> session cookie value


def session_for(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def situs(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Situs]:
    from pytest_django.live_server_helper import LiveServer

    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        try:
            # An interrupted earlier run may have left its world behind.
            call_command("flush", interactive=False, verbosity=0)
            dunia = build_dunia()
            sesi = {"asn": session_for(dunia.asn), "staf": session_for(dunia.staf)}
            server = LiveServer("localhost:0")
            server._live_server_modified_settings.enable()
            try:
                yield Situs(url=server.url, dunia=dunia, sesi=sesi)
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)
            media.disable()


def login(page: Page, base_url: str, user: Any) -> None:
    """Give the browser ``user``'s session (the login pages have their own axe rows)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


LoginFn = Callable[[Page, str, Any], None]
