from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin
from django.test import RequestFactory
from openpyxl import load_workbook

from asn_portal.access import scope_queryset
from asn_portal.transfer import exports
from asn_portal.transfer.admin import ExportMixin
from asn_portal.transfer.models import ExportLog, ExportStatus, ImportJob
from jabatan.models import Pegawai
from tests.conftest import client_for


def _csv_rows(response) -> list[list[str]]:
    return list(
        csv.reader(
            io.StringIO(
                b"".join(response).decode("utf-8-sig")
                if hasattr(response, "streaming_content")
                else response.content.decode("utf-8-sig")
            )
        )
    )


class PegawaiExportAdmin(ExportMixin, admin.ModelAdmin):
    """The way the jabatan admin is meant to use the mixin: a scoped get_queryset."""

    list_display = ("nip", "nama", "golongan", "status")
    list_filter = ("status",)
    search_fields = ("nama",)

    def get_queryset(self, request):
        qs = super().get_queryset(request).filter(riwayat_jabatan__tmt_selesai__isnull=True)
        return scope_queryset(qs, request.user, "riwayat_jabatan__formasi__unit__path").distinct()


@pytest.fixture
def pegawai_admin():
    return PegawaiExportAdmin(Pegawai, admin.AdminSite(name="uji"))


def _export(model_admin, user, fmt="csv", **params):
    request = RequestFactory().get("/admin/jabatan/pegawai/ekspor/", params)
    request.user = user
    return exports.admin_export(model_admin=model_admin, request=request, fmt=fmt)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_bkd", {"Xaverius", "Yohana"}),
        ("verifikator", {"Xaverius", "Yohana"}),
        ("operator_a", {"Xaverius"}),
        ("operator_b", {"Yohana"}),
    ],
)
def test_export_follows_the_admin_scope(persona, expected, pegawai_admin, asn_x, asn_y, request):
    user = request.getfixturevalue(persona)
    rows = _csv_rows(_export(pegawai_admin, user))
    assert rows[0] == ["NIP", "Nama", "Golongan/ruang", "Status kepegawaian"]
    assert {r[1] for r in rows[1:]} == expected
    log = ExportLog.objects.get(created_by=user)
    assert (log.source, log.fmt, log.row_count) == ("admin:jabatan.pegawai", "csv", len(expected))


def test_export_keeps_the_changelist_filters_and_search(pegawai_admin, admin_bkd, asn_x, asn_y):
    rows = _csv_rows(_export(pegawai_admin, admin_bkd, q="Yoh"))
    assert [r[1] for r in rows[1:]] == ["Yohana"]
    assert ExportLog.objects.get().query == "q=Yoh"


def test_exports_neutralise_formulas(pegawai_admin, admin_bkd, asn_x):
    Pegawai.objects.filter(user=asn_x).update(nama='=HYPERLINK("http://evil","klik")')
    rows = _csv_rows(_export(pegawai_admin, admin_bkd))
    assert rows[1][1] == '\'=HYPERLINK("http://evil","klik")'
    response = _export(pegawai_admin, admin_bkd, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    # XLSX: the exact text in a text cell with Excel's quote prefix, never a formula cell.
    assert sheet["B2"].value == '=HYPERLINK("http://evil","klik")'
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert sheet["C2"].value == "III/a – Penata Muda"


def test_large_exports_run_in_the_background(
    pegawai_admin, admin_bkd, operator_a, asn_x, asn_y, settings, django_capture_on_commit_callbacks
):
    settings.TRANSFER_EKSPOR_LATAR_MIN_BARIS = 2
    with django_capture_on_commit_callbacks(execute=True):
        log = _export(pegawai_admin, admin_bkd, fmt="xlsx", status__exact="pns")
    assert isinstance(log, ExportLog)
    log.refresh_from_db()
    assert log.status == ExportStatus.SELESAI and log.row_count == 2
    page = client_for(admin_bkd).get(f"/transfer/ekspor/{log.pk}/").content.decode()
    assert f"/transfer/ekspor/{log.pk}/unduh/" in page
    response = client_for(admin_bkd).get(f"/transfer/ekspor/{log.pk}/unduh/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3
    assert client_for(operator_a).get(f"/transfer/ekspor/{log.pk}/unduh/").status_code == 404


def test_background_export_rebuilds_the_operator_scope(
    admin_bkd,
    operator_a,
    asn_x,
    asn_y,
    settings,
    django_capture_on_commit_callbacks,
    pegawai_admin,
    monkeypatch,
):
    # the task finds the admin through the site registry: register ours for the test
    monkeypatch.setitem(admin.site._registry, Pegawai, pegawai_admin)
    settings.TRANSFER_EKSPOR_LATAR_MIN_BARIS = 1
    with django_capture_on_commit_callbacks(execute=True):
        log = _export(pegawai_admin, operator_a)
    log.refresh_from_db()
    assert log.row_count == 1
    rows = list(csv.reader(io.StringIO(log.file.read().decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Xaverius"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("asn_x", 302),
        ("operator_a", 403),
        ("verifikator", 403),
        ("admin_bkd", 200),
    ],
)
def test_import_job_admin_export_permissions(persona, status, request):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = client_for(user).get("/admin/asn_portal/importjob/ekspor/csv/")
    assert response.status_code == status


def test_import_job_admin_shows_export_buttons_and_exports(admin_bkd, operator_a):
    ImportJob.objects.create(
        kind="pegawai",
        file="x.csv",
        file_name="@SUM(1).csv",
        created_by=operator_a,
        status="selesai",
    )
    client = client_for(admin_bkd)
    page = client.get("/admin/asn_portal/importjob/?status__exact=selesai").content.decode()
    assert "/admin/asn_portal/importjob/ekspor/xlsx/?status__exact=selesai" in page
    rows = _csv_rows(client.get("/admin/asn_portal/importjob/ekspor/csv/?status__exact=selesai"))
    assert rows[1][0] == "'@SUM(1).csv"
    assert client.get("/admin/asn_portal/importjob/ekspor/pdf/").status_code == 404


def test_report_tables_export_helper_logs(admin_bkd):
    response = exports.export_response(
        user=admin_bkd,
        source="laporan:ikm",
        fmt="csv",
        headers=["Unit", "IKM"],
        rows=[["-Dinas", 91.48]],
    )
    assert _csv_rows(response) == [["Unit", "IKM"], ["'-Dinas", "91.48"]]
    assert ExportLog.objects.get().source == "laporan:ikm"


def test_mixin_keeps_the_tree_admin_template(admin_bkd, unit_a):
    from django.template.response import TemplateResponse
    from treebeard.admin import TreeAdmin

    from jabatan.models import UnitOrganisasi

    class UnitExportAdmin(ExportMixin, TreeAdmin):
        pass

    model_admin = UnitExportAdmin(UnitOrganisasi, admin.AdminSite(name="uji"))
    assert model_admin._base_change_list_template() == TreeAdmin.change_list_template
    request = RequestFactory().get("/admin/jabatan/unitorganisasi/")
    request.user = admin_bkd
    response = model_admin.changelist_view(request)
    assert isinstance(response, TemplateResponse)
    assert response.context_data["export_base_template"] == TreeAdmin.change_list_template
