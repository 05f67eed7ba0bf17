from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from asn_portal.env import env_bool, env_broker, env_database, env_int

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Start a fresh interpreter so that settings are read from the given environment."""
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "REDIS_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DEBUG",
            "SECRET_KEY",
        }
    }
    full_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "asn_portal.settings",
            "VAR_DIR": str(Path(tempfile.gettempdir()) / f"asn-settings-{os.getpid()}"),
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/db",
        "postgres://",
        "not a url",
        "postgres://u@host:port/db",
        "sqlite://",
    ],
)
def test_it_refuses_a_malformed_database_url_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL tidak valid"):
        env_database("DATABASE_URL", "sqlite:///tmp/x.sqlite3")


def test_it_parses_postgres_and_sqlite_urls(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres:pw@db.example:6543/asn")
    config = env_database("DATABASE_URL", "sqlite:///unused")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        6543,
        "asn",
        "postgres",
    )
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/sub/asn.sqlite3")
    config = env_database("DATABASE_URL", "sqlite:///unused")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert (tmp_path / "sub").is_dir()


@pytest.mark.parametrize("url", ["kafka://localhost", "redis://", "redis://host:xx/0", "://"])
def test_it_refuses_a_malformed_broker_url(monkeypatch, url):
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL tidak valid"):
        env_broker("CELERY_BROKER_URL", "filesystem://")


def test_typed_readers_fail_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "mungkin")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", default=True)
    monkeypatch.setenv("EMAIL_PORT", "dua lima")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)
    monkeypatch.setenv("DEBUG", "false")
    assert env_bool("DEBUG", default=True) is False


def test_start_up_stops_with_one_clear_message_on_a_bad_database_url():
    result = run_django("", DATABASE_URL="mysql://root@localhost/asn")
    assert result.returncode != 0
    assert "DATABASE_URL tidak valid" in result.stderr


def test_start_up_stops_on_a_bad_broker_url():
    result = run_django("", CELERY_BROKER_URL="redis://:notaport")
    assert result.returncode != 0
    assert "CELERY_BROKER_URL tidak valid" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = run_django("", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_check_deploy_reports_nothing_in_production_configuration():
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-8f3k2j9d",
        "ALLOWED_HOSTS": "asn.example.go.id",
    }
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='DEBUG')",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
