"""An idempotent resend returns only a receipt (number, time), never the first submission's
personal answers: the key alone must not open what was sent."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from survei.partisipasi.models import Kasus
from tests.partisipasi.factories import kiosk_json

ISI = "Petugas meminta biaya tambahan untuk mempercepat KTP di loket dua."


def test_a_resent_complaint_gets_its_tracking_code_and_time_only(layanan_a: Any) -> None:
    data = {
        "unit_layanan": layanan_a.kode,
        "jenis": "pengaduan",
        "isi": ISI,
        "kontak": "warga@example.com",
        "idempotency_key": str(uuid.uuid4()),
    }
    first = APIClient(REMOTE_ADDR="10.0.0.1").post(
        "/api/v1/partisipasi/pengaduan/", data, format="json"
    )
    again = APIClient(REMOTE_ADDR="10.0.0.2").post(
        "/api/v1/partisipasi/pengaduan/", data, format="json"
    )
    assert (first.status_code, again.status_code) == (201, 200)
    kasus = Kasus.objects.get()
    assert again.json()["kode_lacak"] == kasus.kode_lacak
    assert set(again.json()) == {"kode_lacak", "diterima_pada", "status"}
    assert ISI not in again.content.decode() and "warga@" not in again.content.decode()


def test_a_resent_kiosk_item_gets_no_answers_back(client: Any, kiosk_a: Any) -> None:
    item = kiosk_json(saran="Ruang tunggu panas, mohon tambah kipas angin.")
    url = reverse("partisipasi:kiosk_kirim", args=[kiosk_a.token])
    for expected in (201, 200):
        response = client.post(url, json.dumps(item), content_type="application/json")
        assert response.status_code == expected
        assert "kipas" not in response.content.decode() and "jawaban" not in response.json()
