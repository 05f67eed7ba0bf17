from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from survei.models import Respons
from survei.partisipasi.models import KirimanKiosk
from tests.partisipasi.factories import kiosk_json


def _post(client: Any, kiosk: Any, data: dict[str, Any]) -> Any:
    return client.post(
        reverse("partisipasi:kiosk_kirim", args=[kiosk.token]),
        json.dumps(data),
        content_type="application/json",
    )


def test_resending_a_queued_response_stores_it_once(client: Any, kiosk_a: Any) -> None:
    item = kiosk_json(saran="Ruang tunggu panas, mohon tambah kipas angin.")
    pertama = _post(client, kiosk_a, item)
    assert pertama.status_code == 201, pertama.content
    # The device did not hear the answer (outage) and sends the same item again, twice.
    assert _post(client, kiosk_a, item).status_code == 200
    assert _post(client, kiosk_a, item).status_code == 200
    assert Respons.objects.count() == 1
    kiriman = KirimanKiosk.objects.get()
    assert kiriman.kiosk == kiosk_a and kiriman.respons.unit_layanan == kiosk_a.unit_layanan
    kiosk_a.refresh_from_db()
    assert kiosk_a.terakhir_kirim is not None


def test_a_shared_tablet_has_no_per_device_limit(client: Any, kiosk_a: Any) -> None:
    for _ in range(3):
        assert _post(client, kiosk_a, kiosk_json()).status_code == 201
    assert Respons.objects.count() == 3


def test_a_kiosk_is_exempt_from_the_network_ceiling(
    client: Any, kiosk_a: Any, settings: Any
) -> None:
    """The web form of the same network is already at its ceiling; the kiosk is not held by it."""
    from tests.survei.conftest import isian

    settings.SURVEI_BATAS_JARINGAN = "1/h"
    unit = kiosk_a.unit_layanan
    url = reverse("survei:form", args=[unit.kode])
    for expected in (302, 429):
        browser = type(client)()
        key = browser.get(url).context["form"].initial["idempotency_key"]
        data = isian(idempotency_key=key, jenis_layanan=(unit.jenis_layanan or ["x"])[0])
        assert browser.post(url, data).status_code == expected
    for _ in range(5):
        assert _post(client, kiosk_a, kiosk_json()).status_code == 201
    assert Respons.objects.count() == 6


def test_invalid_items_answer_400_per_field(client: Any, kiosk_a: Any) -> None:
    jawaban = {f"U{i}": 3 for i in range(1, 9)}  # U9 missing
    response = _post(client, kiosk_a, kiosk_json(jawaban=jawaban, umur=5, jenis_layanan="Paspor"))
    assert response.status_code == 400
    body = response.json()
    assert "jawaban" in body and "umur" in body
    response = _post(client, kiosk_a, kiosk_json(jenis_layanan="Paspor"))
    assert response.status_code == 400 and "jenis_layanan" in response.json()
    assert Respons.objects.count() == 0


def test_unknown_or_retired_kiosk_answers_404(client: Any, kiosk_a: Any) -> None:
    assert client.post(reverse("partisipasi:kiosk_kirim", args=["salah"]), {}).status_code == 404
    kiosk_a.aktif = False
    kiosk_a.save()
    assert _post(client, kiosk_a, kiosk_json()).status_code == 404
    assert client.get(reverse("partisipasi:kiosk", args=[kiosk_a.token])).status_code == 404


def test_honeypot_is_answered_but_not_stored(client: Any, kiosk_a: Any) -> None:
    assert _post(client, kiosk_a, kiosk_json(situs_web="spam")).status_code == 201
    assert Respons.objects.count() == 0


def test_kiosk_is_rate_limited_per_device(client: Any, kiosk_a: Any, settings: Any) -> None:
    settings.PARTISIPASI_KIOSK_RATE_LIMIT = "2/m"
    assert _post(client, kiosk_a, kiosk_json()).status_code == 201
    assert _post(client, kiosk_a, kiosk_json()).status_code == 201
    assert _post(client, kiosk_a, kiosk_json()).status_code == 429
    assert Respons.objects.count() == 2


def test_kiosk_page_is_an_installable_app(client: Any, kiosk_a: Any) -> None:
    page = client.get(reverse("partisipasi:kiosk", args=[kiosk_a.token]))
    assert page.status_code == 200
    html = page.content.decode()
    manifest_url = reverse("partisipasi:kiosk_manifest", args=[kiosk_a.token])
    assert f'rel="manifest" href="{manifest_url}"' in html
    assert 'data-testid="antrean"' in html
    for kode in ("U1", "U5", "U9"):
        assert f'name="{kode}"' in html

    manifest = client.get(manifest_url)
    assert manifest["Content-Type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["start_url"] == reverse("partisipasi:kiosk", args=[kiosk_a.token])
    assert data["start_url"].startswith(data["scope"])
    assert data["display"] == "fullscreen"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}

    sw = client.get(reverse("partisipasi:kiosk_sw"))
    assert sw.status_code == 200
    assert sw["Content-Type"].startswith("text/javascript")
    assert data["start_url"].startswith(sw["Service-Worker-Allowed"])
    assert b'addEventListener("fetch"' in sw.content
