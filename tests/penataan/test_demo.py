"""The demo builds a plan in each state on the Bengkulu register, and a second run changes nothing."""

from __future__ import annotations

import random
from typing import Any

from jabatan.penataan import demo
from jabatan.penataan.models import ItemRencana, RencanaPenataan, TransisiRencana


def _snapshot() -> tuple[Any, ...]:
    return (
        sorted(RencanaPenataan.objects.values_list("nama", "status", "jenis")),
        ItemRencana.objects.count(),
        TransisiRencana.objects.count(),
    )


def test_demo_has_every_state_and_is_idempotent(db: None) -> None:
    import asn_portal.demo
    import jabatan.demo

    lines: list[str] = []
    jabatan.demo.seed(rng=random.Random("2026:jabatan.demo"), out=lines.append)
    asn_portal.demo.seed(rng=random.Random("2026:asn_portal.demo"), out=lines.append)
    demo.seed(rng=random.Random(1), out=lines.append)
    first = _snapshot()
    statuses = {status for _nama, status, _jenis in first[0]}
    assert statuses == {"diterapkan", "diajukan", "draf"}, lines
    applied = RencanaPenataan.objects.get(status="diterapkan")
    assert (
        applied.jenis == "penyetaraan"
        and applied.items.filter(riwayat_dibuka__isnull=False).exists()
    )
    assert RencanaPenataan.objects.get(status="diajukan").items.count() == 3
    demo.seed(rng=random.Random(1), out=lines.append)
    assert _snapshot() == first
