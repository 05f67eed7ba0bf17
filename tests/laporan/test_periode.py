from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django_celery_beat.models import PeriodicTask

from asn_portal.periode import WIB, Periode, periode_selesai_terakhir

UTC = dt.UTC


@pytest.mark.parametrize(
    ("jenis", "saat", "kode", "awal", "akhir"),
    [
        # 1 April 02:00 WIB is still 31 March in UTC: the month just ended is March.
        (
            "bulanan",
            dt.datetime(2026, 3, 31, 19, 0, tzinfo=UTC),
            "2026-B03",
            "2026-03-01",
            "2026-03-31",
        ),
        # One minute before midnight WIB on 31 March: March has not ended yet.
        (
            "bulanan",
            dt.datetime(2026, 3, 31, 16, 59, tzinfo=UTC),
            "2026-B02",
            "2026-02-01",
            "2026-02-28",
        ),
        (
            "bulanan",
            dt.datetime(2026, 1, 1, 2, 0, tzinfo=WIB),
            "2025-B12",
            "2025-12-01",
            "2025-12-31",
        ),
        (
            "bulanan",
            dt.datetime(2024, 3, 1, 2, 0, tzinfo=WIB),
            "2024-B02",
            "2024-02-01",
            "2024-02-29",
        ),
        (
            "triwulanan",
            dt.datetime(2026, 4, 1, 2, 0, tzinfo=WIB),
            "2026-T01",
            "2026-01-01",
            "2026-03-31",
        ),
        (
            "triwulanan",
            dt.datetime(2026, 6, 30, 17, 0, tzinfo=UTC),
            "2026-T02",
            "2026-04-01",
            "2026-06-30",
        ),
        (
            "triwulanan",
            dt.datetime(2026, 1, 1, 2, 0, tzinfo=WIB),
            "2025-T04",
            "2025-10-01",
            "2025-12-31",
        ),
        (
            "tahunan",
            dt.datetime(2025, 12, 31, 19, 0, tzinfo=UTC),
            "2025",
            "2025-01-01",
            "2025-12-31",
        ),
        (
            "tahunan",
            dt.datetime(2025, 12, 31, 16, 0, tzinfo=UTC),
            "2024",
            "2024-01-01",
            "2024-12-31",
        ),
    ],
)
def test_last_ended_period_is_judged_in_wib(jenis, saat, kode, awal, akhir):
    periode = periode_selesai_terakhir(jenis, saat)
    assert (periode.kode, periode.awal.isoformat(), periode.akhir.isoformat()) == (
        kode,
        awal,
        akhir,
    )


def test_period_bounds_are_wib_instants():
    periode = Periode(2026, "triwulanan", 4)
    assert periode.mulai == dt.datetime(2026, 10, 1, tzinfo=WIB)
    assert periode.batas == dt.datetime(2027, 1, 1, tzinfo=WIB)
    assert periode.batas.astimezone(UTC) == dt.datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert periode.label == "Triwulan IV 2026"
    assert periode.sebelumnya() == Periode(2026, "triwulanan", 3)
    assert Periode(2026, "bulanan", 1).sebelumnya() == Periode(2025, "bulanan", 12)


def test_invalid_periods_are_refused():
    with pytest.raises(ValueError):
        Periode(2026, "triwulanan", 5)
    with pytest.raises(ValueError):
        Periode(2026, "mingguan", 1)


def test_default_schedules_are_created_by_the_migration(db):
    # Called directly: a transactional test elsewhere may have flushed what migrate created.
    migration = importlib.import_module("asn_portal.migrations.0004_laporan")
    PeriodicTask.objects.filter(task="asn_portal.laporan.terjadwal").delete()
    migration.create_schedules(django_apps, None)
    migration.create_schedules(django_apps, None)
    tasks = {t.args: t for t in PeriodicTask.objects.filter(task="asn_portal.laporan.terjadwal")}
    assert set(tasks) == {'["bulanan"]', '["triwulanan"]', '["tahunan"]'}
    for args, months in (
        ('["bulanan"]', "*"),
        ('["triwulanan"]', "1,4,7,10"),
        ('["tahunan"]', "1"),
    ):
        crontab = tasks[args].crontab
        assert tasks[args].enabled
        assert (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year) == (
            "0",
            "2",
            "1",
            months,
        )
        assert str(crontab.timezone) == "Asia/Jakarta"


def test_the_scheduled_task_queues_the_province_report_of_the_period_just_ended(
    register, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from asn_portal.laporan.models import Laporan
    from asn_portal.laporan.tasks import laporan_terjadwal_task

    monkeypatch.setattr(
        timezone, "now", lambda: dt.datetime(2026, 1, 31, 19, 0, tzinfo=UTC)
    )  # 1 Feb 02:00 WIB
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [pk] = laporan_terjadwal_task("bulanan")
    laporan = Laporan.objects.get(pk=pk)
    assert (laporan.jenis, laporan.tahun, laporan.nomor, laporan.unit) == ("bulanan", 2026, 1, None)
    assert laporan.status == "antre" and len(callbacks) == 1
    # Firing twice never duplicates.
    with django_capture_on_commit_callbacks(execute=False):
        assert laporan_terjadwal_task("bulanan") == [pk]
    assert Laporan.objects.count() == 1
