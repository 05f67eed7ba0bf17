from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django_celery_beat.models import PeriodicTask

from pelatihan.tasks import jp_peringatan_bulanan
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory, RiwayatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(pegawai_x: Any, pegawai_y: Any, operator_a: Any, operator_b: Any, admin_bkd: Any) -> None:
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(2026, 3, 1), jp=4)
    RiwayatFactory(
        pegawai=pegawai_x,
        tanggal_selesai=dt.date(2026, 4, 1),
        jp=30,
        status="diajukan",
        sumber="mandiri",
    )
    RiwayatFactory(pegawai=pegawai_y, tanggal_selesai=dt.date(2026, 2, 1), jp=12)
    AngkatanFactory(
        program=ProgramFactory(nama="Pelatihan Pelayanan Publik", jp=24),
        nama="Angkatan II",
        tanggal_mulai=dt.date(2026, 8, 10),
        tanggal_selesai=dt.date(2026, 8, 13),
        pendaftaran_mulai=dt.date(2026, 6, 1),
        pendaftaran_selesai=dt.date(2026, 8, 1),
    )
    AngkatanFactory(  # next year: cannot close this year's shortfall
        program=ProgramFactory(nama="Pelatihan Tahun Depan", jp=40),
        tanggal_mulai=dt.date(2027, 1, 10),
        tanggal_selesai=dt.date(2027, 1, 13),
        pendaftaran_mulai=dt.date(2026, 6, 1),
        pendaftaran_selesai=dt.date(2026, 12, 1),
    )


def test_the_data_migration_creates_the_default_schedule_once() -> None:
    # Called directly: a transactional test elsewhere may have flushed what migrate created.
    migration = importlib.import_module("pelatihan.migrations.0002_jadwal_peringatan_jp")
    PeriodicTask.objects.filter(name=migration.TASK_NAME).delete()
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)

    task = PeriodicTask.objects.get(task="pelatihan.tasks.jp_peringatan_bulanan")
    assert task.enabled and task.crontab.day_of_month == "1" and task.crontab.hour == "7"


def test_no_mail_before_the_third_quarter(data: None) -> None:
    assert jp_peringatan_bulanan.delay("2026-06-01").get() == {"asn": 0, "operator": 0}
    assert mail.outbox == []


def test_in_july_only_those_behind_pace_and_their_operator_are_warned(data: None) -> None:
    result = jp_peringatan_bulanan.delay("2026-07-01").get()

    assert result == {"asn": 1, "operator": 1}
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"asn_x@example.go.id", "operator_a@example.go.id"}
    body = by_recipient["asn_x@example.go.id"].body
    assert "baru 4 JP" in body and "16 JP lagi" in body
    assert "Pelatihan Pelayanan Publik" in body and "Tahun Depan" not in body
    operator_body = by_recipient["operator_a@example.go.id"].body
    assert "Xaverius" in operator_body and "Yohana" not in operator_body


def test_in_december_the_pace_is_higher(data: None) -> None:
    result = jp_peringatan_bulanan.delay("2026-12-01").get()

    assert result == {"asn": 2, "operator": 2}
    assert {m.to[0] for m in mail.outbox} == {
        "asn_x@example.go.id",
        "asn_y@example.go.id",
        "operator_a@example.go.id",
        "operator_b@example.go.id",
    }


def test_an_operator_of_a_sub_unit_hears_only_about_that_sub_unit(data: None, unit_a: Any) -> None:
    from django.contrib.auth.models import Group

    from jabatan.models import UnitOrganisasi
    from tests.factories import (
        FormasiFactory,
        PegawaiFactory,
        RiwayatJabatanFactory,
        UserFactory,
        grant_unit,
    )

    seksi = UnitOrganisasi.objects.get(kode="A.1.1")
    bidang = UnitOrganisasi.objects.get(kode="A.1")
    operator_bidang = UserFactory(username="operator_bidang", is_staff=True)
    operator_bidang.groups.add(Group.objects.get(name="Operator OPD"))
    grant_unit(operator_bidang, bidang)
    di_seksi = PegawaiFactory(nama="Zulkifli", email="zul@example.go.id")
    RiwayatJabatanFactory(pegawai=di_seksi, formasi=FormasiFactory(unit=seksi))

    jp_peringatan_bulanan.delay("2026-07-01").get()

    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Zulkifli" in bodies["operator_bidang@example.go.id"]
    assert (
        "Xaverius" not in bodies["operator_bidang@example.go.id"]
    )  # Xaverius sits in Dinas A itself
    assert (
        "Zulkifli" in bodies["operator_a@example.go.id"]
        and "Xaverius" in bodies["operator_a@example.go.id"]
    )
    assert "zul@example.go.id" in bodies
