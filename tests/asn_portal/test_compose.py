from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_compose_defines_the_production_stack():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
        assert services[name].get("restart") == "unless-stopped", name
    for name in ("web", "worker", "beat"):
        assert services[name]["env_file"] == ".env"


def test_every_server_the_settings_expect_is_a_compose_service():
    services = set(yaml.safe_load(COMPOSE.read_text())["services"])
    env = _env_example()
    for variable in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        host = urlsplit(env[variable]).hostname
        assert host in services, f"{variable} points at {host}, which compose does not define"


def test_env_example_documents_every_required_production_variable():
    env = _env_example()
    for variable in (
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "REDIS_URL",
        "EMAIL_HOST",
        "DEFAULT_FROM_EMAIL",
    ):
        assert variable in env
    assert env["DEBUG"] == "false"
    assert len(env["SECRET_KEY"]) >= 50


def test_named_volumes_are_declared():
    compose = yaml.safe_load(COMPOSE.read_text())
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])


def test_docker_compose_validates_the_file(tmp_path):
    if shutil.which("docker-compose") is None:
        if os.environ.get("ASN_REQUIRE_SERVICES") == "1":
            pytest.fail("docker-compose CLI tidak terpasang")
        pytest.skip("docker-compose CLI tidak terpasang (apt-get install docker-compose)")
    (tmp_path / ".env").write_text(ENV_EXAMPLE.read_text())
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
