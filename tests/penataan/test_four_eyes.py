"""Four eyes: whoever decides a plan contributed nothing to it, and a submitted plan changes only
by its drafter after taking it back to draft; write-side scope of an item's choices."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from asn_portal.access import not_found_message
from jabatan.penataan import services
from jabatan.penataan.models import ItemRencana, JenisItem, RencanaPenataan, StatusRencana
from tests.conftest import client_for
from tests.penataan.conftest import TMT, Dunia
from tests.penataan.factories import ItemFactory


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def draf(dunia: Dunia, operator_a: Any) -> RencanaPenataan:
    """Operator A's draft with one demotion (a warning) whose reason is still missing."""
    rencana = services.rencana_create(user=operator_a, nama="Rotasi", dasar_hukum="SK", tmt=TMT)
    services.item_save(
        item=ItemFactory.build(
            rencana=rencana,
            jenis=JenisItem.MUTASI,
            pegawai=dunia.p_analis1,
            formasi_tujuan=dunia.f_pengolah_a,
            urutan=0,
        ),
        user=operator_a,
    )
    return rencana


def _beri_alasan(rencana: RencanaPenataan, user: Any, alasan: str = "Rotasi berkala") -> None:
    item = rencana.items.get()
    item.alasan_peringatan = alasan
    services.item_save(item=item, user=user)


def test_whoever_wrote_a_warning_reason_cannot_approve_the_plan(
    draf: RencanaPenataan, operator_a: Any, admin_bkd: Any
) -> None:
    _beri_alasan(draf, admin_bkd)
    services.rencana_submit(rencana=draf, user=operator_a)
    with pytest.raises(PermissionDenied, match="empat mata"):
        services.rencana_approve(rencana=draf, user=admin_bkd)
    with pytest.raises(PermissionDenied, match="empat mata"):
        services.rencana_reject(rencana=draf, user=admin_bkd, alasan="x")
    step = draf.transisi.get(dari_status="draf", ke_status="draf")
    assert step.oleh == admin_bkd and "alasan atas peringatan" in step.alasan
    assert RencanaPenataan.objects.get(pk=draf.pk).status == StatusRencana.DIAJUKAN


def test_a_verifikator_who_contributed_nothing_still_approves(
    draf: RencanaPenataan, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    _beri_alasan(draf, admin_bkd)
    services.rencana_submit(rencana=draf, user=operator_a)
    services.rencana_approve(rencana=draf, user=verifikator)
    assert RencanaPenataan.objects.get(pk=draf.pk).status == StatusRencana.DISETUJUI


def test_the_drafters_own_changes_before_submission_leave_no_extra_steps(
    draf: RencanaPenataan, operator_a: Any
) -> None:
    _beri_alasan(draf, operator_a)
    assert list(draf.transisi.values_list("ke_status", flat=True)) == ["draf"]


def test_a_submitted_plan_refuses_everyones_edits_by_every_path(
    draf: RencanaPenataan, operator_a: Any, admin_bkd: Any
) -> None:
    _beri_alasan(draf, operator_a)
    services.rencana_submit(rencana=draf, user=operator_a)
    item = draf.items.get()
    for user in (operator_a, admin_bkd):
        item.alasan_peringatan = "diubah"
        with pytest.raises(PermissionDenied, match="berstatus draf"):
            services.item_save(item=item, user=user)
        with pytest.raises(PermissionDenied):
            services.rencana_update(rencana=draf, user=user, keterangan="x")
        with pytest.raises(PermissionDenied):
            services.item_delete(item=item, user=user)
        with pytest.raises(PermissionDenied):
            services.rencana_delete(rencana=draf, user=user)
        response = _api(user).patch(
            f"/api/v1/penataan/item/{item.pk}/", {"alasan_peringatan": "api"}, format="json"
        )
        assert response.status_code == 403
        response = _api(user).patch(
            f"/api/v1/penataan/rencana/{draf.pk}/", {"keterangan": "api"}, format="json"
        )
        assert response.status_code == 403
        response = client_for(user).post(
            reverse("admin:jabatan_itemrencana_change", args=[item.pk]),
            {"rencana": draf.pk, "jenis": "mutasi", "alasan_peringatan": "admin"},
        )
        assert response.status_code == 403
    assert ItemRencana.objects.get(pk=item.pk).alasan_peringatan == "Rotasi berkala"


def test_only_the_drafter_takes_a_submitted_plan_back_and_the_edit_is_in_its_history(
    draf: RencanaPenataan, operator_a: Any, admin_bkd: Any, verifikator: Any
) -> None:
    _beri_alasan(draf, operator_a)
    services.rencana_submit(rencana=draf, user=operator_a)
    with pytest.raises(PermissionDenied, match="penyusun"):
        services.rencana_revise(rencana=draf, user=admin_bkd)
    response = _api(operator_a).post(f"/api/v1/penataan/rencana/{draf.pk}/kembalikan/")
    assert response.status_code == 200 and response.json()["status"] == "draf"
    # Once submitted, only the drafter may change it, also back in draft.
    with pytest.raises(PermissionDenied, match="empat mata"):
        _beri_alasan(draf, admin_bkd, "Admin menulis")
    _beri_alasan(draf, operator_a, "Alasan diperbaiki")
    steps = list(draf.transisi.values_list("dari_status", "ke_status", "oleh__username", "alasan"))
    assert steps[-2][:3] == ("diajukan", "draf", "operator_a")
    assert steps[-1][:3] == ("draf", "draf", "operator_a")
    assert "alasan atas peringatan" in steps[-1][3]
    services.rencana_submit(rencana=draf, user=operator_a)
    services.rencana_approve(rencana=draf, user=verifikator)


def test_item_refuses_a_pegawai_outside_scope_exactly_like_a_missing_one(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    client = _api(operator_a)
    answers = []
    for pegawai_id in (dunia.p_b.pk, 999_999):
        response = client.post(
            "/api/v1/penataan/item/",
            {
                "rencana": draf.pk,
                "jenis": "mutasi",
                "pegawai": pegawai_id,
                "formasi_tujuan": dunia.f_pengolah_a.pk,
            },
            format="json",
        )
        body = response.content.decode()
        assert response.status_code == 400
        assert dunia.p_b.nama not in body and dunia.p_b.nip not in body
        answers.append(response.json()["pegawai"][0].replace(str(pegawai_id), "ID"))
    assert answers[0] == answers[1] == not_found_message("ID")
    with pytest.raises(ValidationError) as refused:
        services.item_save(
            item=ItemFactory.build(
                rencana=draf, jenis=JenisItem.MUTASI, pegawai=dunia.p_b, urutan=0
            ),
            user=operator_a,
        )
    assert refused.value.message_dict == {"pegawai": [not_found_message(dunia.p_b.pk)]}
    assert draf.items.count() == 1


def test_admin_item_form_offers_only_reachable_choices(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    response = client_for(operator_a).post(
        reverse("admin:jabatan_itemrencana_add"),
        {"rencana": draf.pk, "jenis": "mutasi", "pegawai": dunia.p_b.pk},
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "pegawai" in form.errors
    assert not form.fields["pegawai"].queryset.filter(pk=dunia.p_b.pk).exists()
    assert form.fields["pegawai"].queryset.filter(pk=dunia.p_analis2.pk).exists()


# --- apply now or in the background: one service, permission first --------------------------------


@pytest.mark.parametrize("ukuran_besar", [False, True])
def test_apply_checks_permission_before_choosing_how(
    draf: RencanaPenataan,
    operator_a: Any,
    verifikator: Any,
    admin_bkd: Any,
    settings: Any,
    ukuran_besar: bool,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.PENATAAN_APPLY_ASYNC_MIN_ITEMS = 1 if ukuran_besar else 10_000
    _beri_alasan(draf, operator_a)
    services.rencana_submit(rencana=draf, user=operator_a)
    services.rencana_approve(rencana=draf, user=verifikator)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        for user in (operator_a, verifikator):
            with pytest.raises(PermissionDenied):
                services.rencana_apply_or_enqueue(rencana=draf, user=user)
            assert (
                _api(user).post(f"/api/v1/penataan/rencana/{draf.pk}/terapkan/").status_code == 403
            )
    assert queued == []
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _api(admin_bkd).post(f"/api/v1/penataan/rencana/{draf.pk}/terapkan/")
    status = RencanaPenataan.objects.get(pk=draf.pk).status
    if ukuran_besar:
        assert response.status_code == 202 and len(queued) == 1
        assert status == StatusRencana.DISETUJUI
    else:
        assert response.status_code == 200 and queued == []
        assert status == StatusRencana.DITERAPKAN
