"""Two applies racing for the same ASN on real concurrent PostgreSQL connections."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jabatan.models import RiwayatJabatan
from jabatan.penataan import services
from jabatan.penataan.models import JenisItem, RencanaPenataan, StatusRencana
from tests.penataan.conftest import TMT, Dunia
from tests.penataan.factories import ItemFactory, RencanaFactory
from tests.penataan.test_apply import approved


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_applies_end_with_one_applied_and_one_refused(
    dunia: Dunia, admin_bkd: Any, verifikator: Any, monkeypatch: Any
) -> None:
    plans = []
    for tujuan in (dunia.f_pengolah_a, dunia.f_analis_b):
        plan = RencanaFactory(dibuat_oleh=admin_bkd, tmt=TMT)
        ItemFactory(
            rencana=plan,
            jenis=JenisItem.MUTASI,
            pegawai=dunia.p_analis1,
            formasi_asal=dunia.f_analis_a,
            formasi_tujuan=tujuan,
            alasan_peringatan="Rotasi",
        )
        # A second ASN only in this plan: it must not be half-written when the plan is refused.
        ItemFactory(
            rencana=plan,
            jenis=JenisItem.MUTASI,
            pegawai=dunia.p_analis2 if tujuan == dunia.f_analis_b else dunia.p_pengolah,
            formasi_asal=dunia.f_analis_a if tujuan == dunia.f_analis_b else dunia.f_pengolah_a,
            formasi_tujuan=dunia.f_kasubsi,
            alasan_peringatan="Rotasi",
        )
        plans.append(approved(plan, admin_bkd, verifikator))

    real = services._perpindahan_apply

    def slow(item: Any, **kwargs: Any) -> None:
        time.sleep(0.3)  # keep the first apply's locks held while the second one arrives
        real(item, **kwargs)

    monkeypatch.setattr(services, "_perpindahan_apply", slow)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def run(plan: RencanaPenataan) -> None:
        try:
            barrier.wait()
            services.rencana_apply(rencana=plan, user=admin_bkd)
            outcomes[plan.pk] = "diterapkan"
        except ValidationError as exc:
            outcomes[plan.pk] = " ".join(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()).count("diterapkan") == 1, outcomes
    (refusal,) = [v for v in outcomes.values() if v != "diterapkan"]
    assert "Analis Satu" in refusal and "tidak lagi memegang" in refusal
    statuses = dict(RencanaPenataan.objects.values_list("pk", "status"))
    winner = next(pk for pk, v in outcomes.items() if v == "diterapkan")
    loser = next(pk for pk in outcomes if pk != winner)
    assert (
        statuses[winner] == StatusRencana.DITERAPKAN and statuses[loser] == StatusRencana.DISETUJUI
    )
    # Nothing half-written: Analis Satu has exactly one closed and one open assignment, and the
    # loser's other ASN never moved.
    rows = RiwayatJabatan.objects.filter(pegawai=dunia.p_analis1)
    assert rows.count() == 2 and rows.filter(tmt_selesai__isnull=True).count() == 1
    loser_plan = RencanaPenataan.objects.get(pk=loser)
    other = loser_plan.items.exclude(pegawai=dunia.p_analis1).get().pegawai
    assert RiwayatJabatan.objects.filter(pegawai=other).count() == 1
    assert loser_plan.catatan_penerapan
