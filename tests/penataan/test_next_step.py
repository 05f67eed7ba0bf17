"""The plan page's one next action per role (jabatan.penataan.permissions.next_step): offered
only when its check allows it; otherwise who acts next and why not, in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jabatan.penataan import permissions as perms
from jabatan.penataan import services
from jabatan.penataan.models import ItemRencana, RencanaPenataan, StatusRencana
from jabatan.penataan.validation import load_items, rencana_validate
from tests.conftest import client_for
from tests.penataan.conftest import Dunia
from tests.penataan.factories import mutasi, rencana_draf

pytestmark = pytest.mark.django_db


@pytest.fixture
def draf(dunia: Dunia, operator_a: Any) -> RencanaPenataan:
    rencana = rencana_draf(user=operator_a, nama="Rotasi A")
    mutasi(
        rencana,
        user=operator_a,
        pegawai=dunia.p_analis1,
        tujuan=dunia.f_pengolah_a,
        alasan="Rotasi berkala",
    )
    return rencana


def _step(user: Any, rencana: RencanaPenataan) -> perms.LangkahBerikutnya:
    rencana = RencanaPenataan.objects.get(pk=rencana.pk)
    items = load_items(rencana)
    return perms.next_step(
        user, rencana, items, is_valid=rencana_validate(rencana, items=items).is_valid
    )


def _aksi(step: perms.LangkahBerikutnya) -> tuple[str | None, list[str]]:
    return (step.utama.aksi if step.utama else None, [t.aksi for t in step.lain])


def test_a_valid_draft_offers_its_drafter_submit(draf: RencanaPenataan, operator_a: Any) -> None:
    assert _aksi(_step(operator_a, draf)) == ("ajukan", [])


def test_a_draft_with_an_unexplained_warning_offers_no_submit_and_says_why(
    draf: RencanaPenataan, operator_a: Any
) -> None:
    ItemRencana.objects.filter(rencana=draf).update(alasan_peringatan="")
    step = _step(operator_a, draf)
    assert step.utama is None and "alasan" in step.keterangan


def test_a_draft_tells_the_verifikator_who_acts_next(
    draf: RencanaPenataan, verifikator: Any
) -> None:
    step = _step(verifikator, draf)
    assert step.utama is None and step.lain == ()
    assert "penyusun mengajukan" in step.keterangan


def test_a_submitted_plan_offers_approve_with_note_and_reject_with_reason(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    step = _step(verifikator, draf)
    assert step.utama is not None and (step.utama.aksi, step.utama.isian) == ("setujui", "catatan")
    assert [(t.aksi, t.isian) for t in step.lain] == [("tolak", "alasan")]


def test_a_submitted_plan_shows_its_drafter_only_withdraw_and_who_decides(
    draf: RencanaPenataan, operator_a: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    step = _step(operator_a, draf)
    assert _aksi(step) == (None, ["kembalikan"])
    assert step.keterangan.startswith("Menunggu keputusan Verifikator")


def test_an_admin_who_submitted_is_told_the_four_eyes_rule_not_offered_approve(
    dunia: Dunia, admin_bkd: Any
) -> None:
    rencana = rencana_draf(user=admin_bkd, nama="Rotasi BKD")
    mutasi(rencana, user=admin_bkd, pegawai=dunia.p_b, tujuan=dunia.f_pengolah_a, alasan="Rotasi")
    services.rencana_submit(rencana=rencana, user=admin_bkd)
    step = _step(admin_bkd, rencana)
    assert _aksi(step) == (None, ["kembalikan"])
    assert "empat mata" in step.keterangan


def test_an_approved_plan_offers_apply_to_admin_bkd_only(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    services.rencana_approve(rencana=draf, user=verifikator)
    assert _aksi(_step(admin_bkd, draf)) == ("terapkan", [])
    for user in (operator_a, verifikator):
        step = _step(user, draf)
        assert _aksi(step) == (None, []) and "Admin BKD" in step.keterangan


def test_a_rejected_plan_offers_its_drafter_back_to_draft(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    services.rencana_reject(rencana=draf, user=verifikator, alasan="TMT salah")
    assert _aksi(_step(operator_a, draf)) == ("kembalikan", [])
    assert _aksi(_step(verifikator, draf)) == (None, [])


def test_an_applied_plan_offers_only_a_reversal_to_admin_bkd(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    services.rencana_approve(rencana=draf, user=verifikator)
    services.rencana_apply(rencana=draf, user=admin_bkd)
    assert _aksi(_step(admin_bkd, draf)) == (None, ["pembalikan"])
    assert _aksi(_step(operator_a, draf)) == (None, [])


def test_an_apply_in_progress_offers_nothing(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    services.rencana_approve(rencana=draf, user=verifikator)
    rencana = RencanaPenataan.objects.get(pk=draf.pk)
    step = perms.next_step(
        admin_bkd, rencana, load_items(rencana), is_valid=True, penerapan_berjalan=True
    )
    assert step.utama is None and "berjalan" in step.keterangan


# --- the page shows exactly that ------------------------------------------------------------------


def _page(user: Any, rencana: RencanaPenataan) -> str:
    url = reverse("admin:jabatan_rencanapenataan_change", args=[rencana.pk])
    return client_for(user).get(url).content.decode()


def test_the_page_shows_one_primary_button_and_no_refused_ones(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    page = _page(verifikator, draf)
    assert page.count('id="tombol-utama"') == 1 and 'data-aksi="setujui"' in page
    assert 'name="catatan"' in page and 'name="alasan"' in page
    assert "disabled" not in page.split('id="langkah-berikutnya"')[1].split("</section>")[0]
    drafter = _page(operator_a, draf)
    assert 'id="tombol-utama"' not in drafter and 'data-aksi="setujui"' not in drafter
    assert "Menunggu keputusan Verifikator" in drafter


def test_each_item_shows_its_status(draf: RencanaPenataan, operator_a: Any) -> None:
    assert 'data-testid="status-butir">Siap (peringatan diakui)<' in _page(operator_a, draf)
    ItemRencana.objects.filter(rencana=draf).update(alasan_peringatan="")
    assert 'data-testid="status-butir">Perlu alasan<' in _page(operator_a, draf)


def test_approving_keeps_the_note_in_the_history(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any
) -> None:
    services.rencana_submit(rencana=draf, user=operator_a)
    client_for(verifikator).post(
        reverse("admin:jabatan_rencanapenataan_aksi", args=[draf.pk, "setujui"]),
        {"catatan": "Sesuai hasil ABK"},
    )
    rencana = RencanaPenataan.objects.get(pk=draf.pk)
    assert rencana.status == StatusRencana.DISETUJUI
    assert rencana.transisi.get(ke_status=StatusRencana.DISETUJUI).alasan == "Sesuai hasil ABK"
