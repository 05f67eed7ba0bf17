from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from asn_portal.celery import app as celery_app
from asn_portal.roles import ADMIN_BKD, ALL_ROLES, ASN, OPERATOR_OPD, VERIFIKATOR
from tests.asn_portal.test_settings import run_django


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True


def test_healthz_answers_503_when_the_database_is_down():
    result = run_django(
        "from django.test import Client; r = Client().get('/healthz'); "
        "import json; print(r.status_code, json.dumps(r.json()))",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/tidak_ada",
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body)["database"]["ok"] is False


@pytest.mark.django_db
def test_the_four_role_groups_exist_with_their_permissions():
    groups = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert set(ALL_ROLES) <= set(groups)
    assert "change_pegawai" in groups[OPERATOR_OPD]
    assert "kelola_unit" in groups[ADMIN_BKD]
    assert "add_token" in groups[ADMIN_BKD]
    assert "change_pegawai" not in groups[VERIFIKATOR]
    assert "view_pegawai" in groups[VERIFIKATOR]
    assert not any(code.startswith(("add_", "change_", "delete_")) for code in groups[ASN])


@pytest.mark.django_db
def test_token_authentication_issues_uses_and_revokes_a_token(admin_bkd):
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "admin_bkd", "password": "rahasia-uji-123"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=admin_bkd).key == token

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/").status_code == 200

    Token.objects.filter(user=admin_bkd).delete()  # what "revoke" in the admin does
    assert api.get("/api/v1/").status_code == 401


@pytest.mark.django_db
def test_a_wrong_password_gets_an_indonesian_field_error(admin_bkd):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "admin_bkd", "password": "salah"}, format="json"
    )
    assert response.status_code == 400
    message = " ".join(response.json()["non_field_errors"])
    assert "Tidak dapat masuk" in message or "kredensial" in message


@pytest.mark.django_db
def test_missing_credentials_answer_401_in_indonesian():
    response = APIClient().get("/api/v1/")
    assert response.status_code == 401
    assert (
        response.json() == {"detail": "Kredensial yang diberikan tidak ditemukan"}
        or "detail" in response.json()
    )
    assert "not" not in response.json()["detail"]


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_api(client):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert any(path.startswith("/api/v1/") for path in schema["paths"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_the_api_docs_page_points_at_the_schema(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert reverse("api-schema").encode() in response.content
