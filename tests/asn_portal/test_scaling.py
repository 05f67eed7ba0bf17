"""What lets the portal grow past one server: the read-replica router, PgBouncer-compatible
settings and queues per kind of work. Each runs Django in a subprocess with the environment
variables set, against the test database, so the settings are read as in production."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

_SCRIPT = r"""
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from asn_portal.db_router import dari_replika
out = {"aliases": sorted(settings.DATABASES), "routes": settings.CELERY_TASK_ROUTES}
out["mirror"] = settings.DATABASES.get("replica", {}).get("TEST", {}).get("MIRROR")
out["server_side"] = settings.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False)
out["prepare"] = settings.DATABASES["default"].get("OPTIONS", {}).get("prepare_threshold", 5)
out["outside"] = Group.objects.all().db
with dari_replika():
    out["inside"] = Group.objects.all().db
    from django.db import router
    out["write"] = router.db_for_write(Group)
    out["groups_on_replica"] = Group.objects.count()
    with transaction.atomic():
        out["in_transaction"] = Group.objects.all().db
out["after"] = Group.objects.all().db
print(json.dumps(out))
"""


def _run(env: dict[str, str]) -> dict[str, Any]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    full = {**os.environ, "DATABASE_URL": url, **env}
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT], cwd=ROOT, env=full, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="replica is a PostgreSQL setup")
def test_dashboard_reads_go_to_the_replica_only_when_asked() -> None:
    db = connection.settings_dict
    replica = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    out = _run({"DATABASE_REPLICA_URL": replica})
    assert out["aliases"] == ["default", "replica"]
    assert out["mirror"] == "default"  # the test suite mirrors it onto default
    assert out["outside"] == "default" and out["after"] == "default"
    assert out["inside"] == "replica"
    assert out["groups_on_replica"] > 0  # the query really ran on the second alias
    assert out["write"] == "default"
    assert out["in_transaction"] == "default"  # read-your-writes inside a transaction


def test_without_a_replica_everything_stays_on_default() -> None:
    out = _run({"DATABASE_REPLICA_URL": ""})
    assert out["aliases"] == ["default"]
    assert out["inside"] == "default"


def test_pgbouncer_mode_disables_server_side_state() -> None:
    assert _run({"DATABASE_PGBOUNCER": "1"})["server_side"] is True
    out = _run({"DATABASE_PGBOUNCER": "1"})
    assert out["prepare"] is None
    plain = _run({"DATABASE_PGBOUNCER": "0"})
    assert plain["server_side"] is False


def test_queues_per_kind_route_reports_and_imports_to_their_workers() -> None:
    from asn_portal.celery import app

    out = _run({"CELERY_QUEUES_PER_KIND": "1"})
    routes = out["routes"]
    assert routes["asn_portal.laporan.generate"] == {"queue": "reports"}
    assert routes["transfer.import_commit"] == {"queue": "imports"}
    app.loader.import_default_modules()
    for name in routes:
        assert name in app.tasks, f"route for a task that does not exist: {name}"
    assert _run({"CELERY_QUEUES_PER_KIND": "0"})["routes"] == {}
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    queues = {
        name: service["command"][service["command"].index("-Q") + 1]
        for name, service in services.items()
        if "worker" in service.get("command", []) and "-Q" in service["command"]
    }
    assert queues == {"worker": "celery", "worker-reports": "reports", "worker-imports": "imports"}
