"""Issue 17 item 3 across processes: Celery delivers at least once, so two workers can hold the
same import commit at the same time. One must do it and the other must neither write rows nor
touch the job's state (before: the loser hit the NIP constraint and could save "Impor gagal" over
a finished import)."""

from __future__ import annotations

import pytest
import redis

from asn_portal.celery import app
from asn_portal.transfer.models import ImportJob, ImportStatus
from jabatan.models import Pegawai
from tests import procs
from tests.transfer.test_outage import FAST, _finished, _previewed

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROWS = 1500


def _workers_listening(url: str, count: int) -> bool:
    # each worker binds its control queue once its consumer runs
    return redis.Redis.from_url(url).scard("_kombu.binding.celery.pidbox") >= count


def test_two_workers_delivered_the_same_commit_import_it_once_and_report_the_truth(
    admin_bkd, formasi_a
) -> None:
    broker = procs.RedisServer().start()
    env = procs.child_env(CELERY_BROKER_URL=broker.url(2), **FAST)
    first = procs.start_worker(env, name="satu")
    second = procs.start_worker(env, name="dua")
    try:
        procs.wait_for(lambda: _workers_listening(broker.url(2), 2), 90, "both workers")
        with app.connection_for_write(broker.url(2)) as connection:
            job = _previewed(admin_bkd, ROWS)
            # The same message twice, as a redelivery gives it: prefetch 1 and acks_late hand
            # one copy to each worker.
            for _ in range(2):
                app.send_task("transfer.import_commit", args=[job.pk], connection=connection)
        done = procs.wait_for(lambda: _finished(job.pk), 240, "the commit to finish")

        assert done.status == ImportStatus.SELESAI, done.message
        assert done.message == ""
        assert Pegawai.objects.count() == ROWS
        # the second copy has been consumed too, and changed nothing
        procs.wait_for(
            lambda: broker_queue_empty(broker.url(2)), 60, "the second copy to be consumed"
        )
        after = ImportJob.objects.get(pk=job.pk)
        assert done.created_count == ROWS
        assert (after.status, after.message, after.created_count, after.finished_at) == (
            ImportStatus.SELESAI,
            "",
            ROWS,
            done.finished_at,
        )
        assert Pegawai.objects.count() == ROWS
    finally:
        procs.stop(first)
        procs.stop(second)
        broker.kill()


def broker_queue_empty(url: str) -> bool:
    client = redis.Redis.from_url(url)
    # kombu's Redis transport: the queue list and the unacked hash of messages being processed
    return client.llen("celery") == 0 and client.hlen("unacked") == 0
