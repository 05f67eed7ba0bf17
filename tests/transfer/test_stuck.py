from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from asn_portal.transfer import services
from asn_portal.transfer.models import ImportJob, ImportStatus
from asn_portal.transfer.tasks import import_fail_stuck
from jabatan.models import Pegawai
from tests.conftest import client_for
from tests.factories import make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes, upload

# A worker that died stops beating: its job is failed once the heartbeat is this old.
LIMIT = dt.timedelta(seconds=settings.JOB_STALE_SECONDS)


def _rows():
    return [
        [make_nip(100), "Ani", "pns", "III/a", "01/04/2019", "A", "ANL", "01/05/2020"],
        [make_nip(101), "Budi", "pns", "III/b", "01/04/2019", "A", "ANL", "01/05/2020"],
    ]


@pytest.fixture
def killed_commit(operator_a, formasi_a, run_import):
    """A job whose commit was taken by a worker that then died: the task never ran to the end
    and its heartbeat stopped."""
    job = run_import(operator_a, "pegawai", "pegawai.csv", csv_bytes(PEGAWAI_HEADERS, _rows()))
    assert job.status == ImportStatus.PRATINJAU
    services.import_commit_request(job=job, user=operator_a)  # on_commit never fires
    job.refresh_from_db()
    assert job.status == ImportStatus.MENGIMPOR and job.step_started_at is not None
    assert job.heartbeat_at is None  # waiting in the queue
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())  # a worker took it
    return job


def _age(job, age):
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - age)


def test_a_job_stuck_past_the_time_limit_is_failed_with_a_message(killed_commit):
    _age(killed_commit, LIMIT + dt.timedelta(minutes=1))

    assert import_fail_stuck.delay().get() == 1

    killed_commit.refresh_from_db()
    assert killed_commit.status == ImportStatus.GAGAL
    assert "tidak ada data yang disimpan" in killed_commit.message
    assert "mulai impor lagi" in killed_commit.message
    assert killed_commit.finished_at is not None
    assert Pegawai.objects.count() == 0


def test_a_stuck_check_is_failed_too(operator_a, formasi_a):
    job = services.import_job_create(
        user=operator_a,
        kind="pegawai",
        upload=upload("p.csv", csv_bytes(PEGAWAI_HEADERS, _rows())),
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.MEMERIKSA, heartbeat_at=timezone.now() - LIMIT * 2
    )
    assert services.import_jobs_fail_stuck() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.GAGAL


def test_a_recent_running_job_is_left_alone(killed_commit):
    _age(killed_commit, LIMIT - dt.timedelta(minutes=1))

    assert services.import_jobs_fail_stuck() == 0

    killed_commit.refresh_from_db()
    assert killed_commit.status == ImportStatus.MENGIMPOR
    assert killed_commit.message == ""


def test_finished_jobs_are_never_touched(operator_a, formasi_a, run_import):
    job = run_import(
        operator_a, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, _rows()), commit=True
    )
    assert job.status == ImportStatus.SELESAI
    _age(job, LIMIT * 3)
    assert services.import_jobs_fail_stuck() == 0


def test_the_page_shows_the_message_and_retry_completes_the_commit(
    killed_commit, operator_a, django_capture_on_commit_callbacks
):
    _age(killed_commit, LIMIT + dt.timedelta(minutes=1))
    services.import_jobs_fail_stuck()
    client = client_for(operator_a)
    url = f"/transfer/impor/job/{killed_commit.pk}/"

    page = client.get(url).content.decode()
    assert "tidak ada data yang disimpan" in page
    assert 'id="tombol-ulang"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}ulang/")
    assert response.status_code == 302

    killed_commit.refresh_from_db()
    assert killed_commit.status == ImportStatus.SELESAI
    assert killed_commit.message == ""
    assert Pegawai.objects.filter(nip__in=[make_nip(100), make_nip(101)]).count() == 2
    assert 'id="tombol-ulang"' not in client.get(url).content.decode()


def test_retry_of_a_stuck_check_runs_the_check_again(
    operator_a, formasi_a, run_import, django_capture_on_commit_callbacks
):
    job = run_import(operator_a, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, _rows()))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.MEMERIKSA, heartbeat_at=timezone.now() - LIMIT * 2
    )
    services.import_jobs_fail_stuck()
    job.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.import_retry(job=job, user=operator_a)

    job.refresh_from_db()
    assert job.status == ImportStatus.PRATINJAU and job.created_count == 2
    assert Pegawai.objects.count() == 0  # a check writes nothing


def test_a_job_failed_by_the_sweep_is_not_run_by_its_late_task(killed_commit):
    _age(killed_commit, LIMIT * 2)
    services.import_jobs_fail_stuck()

    services.import_commit(job=ImportJob.objects.get(pk=killed_commit.pk))

    killed_commit.refresh_from_db()
    assert killed_commit.status == ImportStatus.GAGAL
    assert Pegawai.objects.count() == 0


def test_no_retry_button_when_the_file_is_gone(killed_commit, operator_a):
    _age(killed_commit, LIMIT * 2)
    services.import_jobs_fail_stuck()
    killed_commit.file.delete(save=False)
    client = client_for(operator_a)
    url = f"/transfer/impor/job/{killed_commit.pk}/"

    assert 'id="tombol-ulang"' not in client.get(url).content.decode()
    client.post(f"{url}ulang/")
    killed_commit.refresh_from_db()
    assert killed_commit.status == ImportStatus.GAGAL


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("operator_a", 302),  # the owner
        ("admin_bkd", 302),
        ("verifikator", 403),  # sees the job, may not restart it
        ("operator_b", 404),  # does not see it
        ("asn_x", 403),
    ],
)
def test_only_the_owner_or_admin_bkd_may_retry(
    persona, expected, killed_commit, request, django_capture_on_commit_callbacks
):
    _age(killed_commit, LIMIT * 2)
    services.import_jobs_fail_stuck()
    user = request.getfixturevalue(persona)
    url = f"/transfer/impor/job/{killed_commit.pk}/"

    page = client_for(user).get(url)
    if page.status_code == 200:
        assert ('id="tombol-ulang"' in page.content.decode()) == (expected == 302)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user).post(f"{url}ulang/")

    assert response.status_code == expected
    killed_commit.refresh_from_db()
    expected_status = ImportStatus.SELESAI if expected == 302 else ImportStatus.GAGAL
    assert killed_commit.status == expected_status


def test_the_sweep_is_scheduled_in_celery_beat(db):
    # Called directly: a transactional test elsewhere may have flushed what migrate created.
    migration = importlib.import_module("asn_portal.migrations.0006_jadwal_impor_macet")
    PeriodicTask.objects.filter(name=migration.NAME).delete()
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)
    task = PeriodicTask.objects.get(task="transfer.import_fail_stuck")
    assert task.enabled and task.interval is not None


def test_a_queued_commit_is_never_failed_but_sent_again(
    operator_a, formasi_a, run_import, settings
):
    """Waiting in the queue is not dying: the sweep enqueues the row again (the outbox)."""
    job = run_import(operator_a, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, _rows()))
    services.import_commit_request(job=job, user=operator_a)  # its message is lost
    ImportJob.objects.filter(pk=job.pk).update(step_started_at=timezone.now() - LIMIT * 5)

    assert services.import_jobs_fail_stuck() == 0
    assert services.import_jobs_requeue() == 1  # eager: the commit runs now

    job.refresh_from_db()
    assert job.status == ImportStatus.SELESAI
    assert Pegawai.objects.filter(nip__in=[make_nip(100), make_nip(101)]).count() == 2
    assert services.import_jobs_requeue() == 0


def test_a_second_delivery_of_a_finished_commit_changes_nothing(operator_a, formasi_a, run_import):
    """Celery delivers at least once. Before: the second delivery passed the claim, hit the NIP
    unique constraint and saved "Impor gagal, tidak ada data yang disimpan" over the truth."""
    job = run_import(
        operator_a, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, _rows()), commit=True
    )
    assert job.status == ImportStatus.SELESAI

    again = services.import_commit(job=ImportJob.objects.get(pk=job.pk))

    assert again.status == ImportStatus.SELESAI and again.message == ""
    job.refresh_from_db()
    assert job.status == ImportStatus.SELESAI and job.message == ""
    assert Pegawai.objects.count() == 2


def test_a_delivery_while_another_holds_the_commit_does_nothing(killed_commit):
    """The other worker beats (fresh heartbeat): this delivery must not run nor write state."""
    services.import_commit(job=ImportJob.objects.get(pk=killed_commit.pk))

    killed_commit.refresh_from_db()
    assert killed_commit.status == ImportStatus.MENGIMPOR and killed_commit.message == ""
    assert Pegawai.objects.count() == 0
