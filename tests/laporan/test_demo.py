from __future__ import annotations

import random

from asn_portal.laporan import demo
from asn_portal.laporan.models import Laporan


def test_demo_builds_reports_once_and_publishes_the_oldest(register, admin_bkd):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=admin_bkd.pk).update(username="admin.bkd")
    demo.seed(rng=random.Random(1), out=lambda _line: None)
    laporan = list(Laporan.objects.order_by("tahun", "nomor", "jenis"))
    assert len(laporan) == 3  # no OPD named "Kesehatan" in the test register
    assert all(item.is_terlihat for item in laporan)
    assert sum(item.status == "terbit" for item in laporan) == 1
    snapshot = [(item.pk, item.versi, item.hash_konten) for item in laporan]
    demo.seed(rng=random.Random(1), out=lambda _line: None)
    assert [
        (i.pk, i.versi, i.hash_konten) for i in Laporan.objects.order_by("tahun", "nomor", "jenis")
    ] == snapshot
