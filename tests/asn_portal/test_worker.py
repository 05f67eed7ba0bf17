from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from asn_portal.tasks import bersihkan_sesi

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_session_cleanup(real_worker):
    expired = timezone.now() - dt.timedelta(days=1)
    Session.objects.create(
        session_key="kedaluwarsa" + "x" * 20, session_data="{}", expire_date=expired
    )
    Session.objects.create(
        session_key="masihberlaku" + "x" * 20,
        session_data="{}",
        expire_date=timezone.now() + dt.timedelta(days=1),
    )

    result = bersihkan_sesi.apply_async()
    assert result.get(timeout=90) == 1

    assert list(Session.objects.values_list("session_key", flat=True)) == [
        "masihberlaku" + "x" * 20
    ]
    assert real_worker.poll() is None  # the worker is still alive: it was a real process


def test_beat_schedule_for_session_cleanup_is_created_by_migration(db):
    from django.apps import apps as django_apps
    from django_celery_beat.models import PeriodicTask

    # Called directly: a transactional test elsewhere may have flushed what migrate created.
    migration = importlib.import_module("asn_portal.migrations.0002_jadwal_bersihkan_sesi")
    PeriodicTask.objects.filter(task="asn_portal.bersihkan_sesi").delete()
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)
    task = PeriodicTask.objects.get(task="asn_portal.bersihkan_sesi")
    assert task.enabled
    assert task.crontab.hour == "1"
