"""Every file the product produces, downloaded with formula-shaped names in the data.

The endpoints are enumerated from the admin registry (every list with the export mixin) and
from the URLconf (every view that hands out a file, found by reading the views' source), so a
new export that is not listed here, or that writes files without :mod:`asn_portal.files`,
fails :func:`test_every_file_endpoint_is_covered` or :func:`test_only_the_writer_writes_files`.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from asn_portal.transfer.admin import ExportMixin
from asn_portal.transfer.kinds import KINDS
from asn_portal.transfer.models import ExportLog
from tests.conftest import client_for
from tests.files.conftest import HOSTILE

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("asn_portal", "jabatan", "pelatihan", "survei")

# Independent of asn_portal.files on purpose: what a spreadsheet would run.
DANGER = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _dangerous(text: str) -> bool:
    return text[:1] in ("\t", "\r") or text.lstrip(" ")[:1] in DANGER


# --- the files ----------------------------------------------------------------------------------


def _csv_cells(content: bytes) -> list[str]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV without BOM: Excel garbles the names"
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row]


def assert_csv_safe(content: bytes) -> list[str]:
    cells = _csv_cells(content)
    for cell in cells:
        # A bare number (-2 as a count) is data Excel reads as a number; text is quoted.
        assert not _dangerous(cell) or NUMBER.match(cell), f"unquoted formula cell {cell!r}"
    return cells


def assert_xlsx_safe(content: bytes) -> list[Any]:
    """No formula cell anywhere; text that looks like one is quoted (prefix or apostrophe)."""
    workbook = load_workbook(io.BytesIO(content), data_only=False)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    texts.append(cell)
                    if _dangerous(cell.value):
                        assert cell.quotePrefix or cell.value.startswith("'"), (
                            f"unquoted {cell.value!r} in {sheet.title}!{cell.coordinate}"
                        )
    return texts


def _hostile_in_csv(cells: list[str]) -> bool:
    return any(cell.startswith("'" + value) for cell in cells for value in HOSTILE)


def _hostile_in_xlsx(cells: list[Any]) -> bool:
    return any(
        cell.value.startswith(value) and cell.quotePrefix for cell in cells for value in HOSTILE
    )


# --- the endpoints ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    id: str
    fmt: str
    url: Callable[[Any], str]  # register -> URL
    source: str  # ExportLog.source prefix the download must leave
    carries_names: bool = False  # the file must contain a hostile name (proves the test bites)
    api: bool = False


def _admin_exports() -> Iterator[Endpoint]:
    names = {
        "jabatan.unitorganisasi",
        "jabatan.jabatan",
        "jabatan.formasi",
        "jabatan.pegawai",
        "jabatan.riwayatjabatan",
        "pelatihan.programpelatihan",
        "pelatihan.angkatan",
        "pelatihan.riwayatpelatihan",
        "jabatan.rencanapenataan",
        "survei.unitlayanan",
    }
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower
    ):
        if not isinstance(model_admin, ExportMixin):
            continue
        opts = model._meta
        for fmt in ("csv", "xlsx"):
            yield Endpoint(
                id=f"admin-{opts.label_lower}-{fmt}",
                fmt=fmt,
                url=lambda _r, o=opts, f=fmt: reverse(
                    f"admin:{o.app_label}_{o.model_name}_ekspor", args=[f]
                ),
                source=f"admin:{opts.label_lower}",
                carries_names=opts.label_lower in names,
            )


def _laporan_pk(_register: Any) -> int:
    from asn_portal.laporan import services

    laporan = services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)
    return int(laporan.pk)


ENDPOINTS: list[Endpoint] = [
    *_admin_exports(),
    *(
        Endpoint(
            id=f"templat-{key}",
            fmt="xlsx",
            url=lambda _r, k=key: reverse("transfer:templat", args=[k]),
            source=f"templat:{key}",
        )
        for key in KINDS
    ),
    *(
        Endpoint(
            id=f"data-{key}",
            fmt="xlsx",
            url=lambda _r, k=key: reverse("transfer:data", args=[k]),
            source=f"impor:{key}",
            carries_names=key in ("pegawai", "unit", "jabatan"),
        )
        for key, kind in KINDS.items()
        if kind.has_data_download
    ),
    *(
        Endpoint(
            id=f"laporan-jp-{fmt}",
            fmt=fmt,
            url=lambda _r, f=fmt: reverse("pelatihan:laporan_jp") + f"?format={f}&tahun=2026",
            source="pelatihan:laporan_jp",
            carries_names=True,
        )
        for fmt in ("csv", "xlsx")
    ),
    Endpoint(
        id="laporan-xlsx",
        fmt="xlsx",
        url=lambda r: reverse("laporan:xlsx", args=[_laporan_pk(r)]),
        source="laporan:",
        carries_names=True,
    ),
    Endpoint(
        id="laporan-xlsx-api",
        fmt="xlsx",
        url=lambda r: f"/api/v1/laporan/{_laporan_pk(r)}/xlsx/",
        source="laporan:",
        carries_names=True,
        api=True,
    ),
    *(
        Endpoint(
            id=f"rekap-{fmt}",
            fmt=fmt,
            url=lambda _r, f=fmt: reverse("rekap:index") + f"?format={f}&tahun=2026",
            source="rekap:index",
        )
        for fmt in ("csv", "xlsx")
    ),
    Endpoint(
        id="laporan-pdf",
        fmt="pdf",
        url=lambda r: reverse("laporan:pdf", args=[_laporan_pk(r)]),
        source="laporan:",
    ),
]


def _body(response: Any) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.id for e in ENDPOINTS])
def test_every_file_is_safe_with_hostile_names(
    endpoint: Endpoint,
    hostile_register: Any,
    superuser: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TRANSFER_EKSPOR_LATAR_MIN_BARIS = 100_000
    with django_capture_on_commit_callbacks(execute=True):
        url = endpoint.url(hostile_register)
    client = client_for(superuser)
    before = ExportLog.objects.count()
    response = client.get(url, HTTP_ACCEPT="*/*") if endpoint.api else client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    content = _body(response)

    if endpoint.fmt == "csv":
        cells = assert_csv_safe(content)
        if endpoint.carries_names:
            assert _hostile_in_csv(cells), "the file holds none of the hostile names"
    elif endpoint.fmt == "xlsx":
        texts = assert_xlsx_safe(content)
        if endpoint.carries_names:
            assert _hostile_in_xlsx(texts), "the file holds none of the hostile names"
    else:
        assert content.startswith(b"%PDF")

    logs = ExportLog.objects.order_by("-pk")[: ExportLog.objects.count() - before]
    assert [
        (log.source.startswith(endpoint.source), log.fmt, log.created_by_id) for log in logs
    ] == [(True, endpoint.fmt, superuser.pk)]


def test_a_background_export_file_is_safe_too(
    hostile_register: Any, superuser: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TRANSFER_EKSPOR_LATAR_MIN_BARIS = 1
    client = client_for(superuser)
    for fmt in ("csv", "xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(reverse("admin:jabatan_pegawai_ekspor", args=[fmt]))
        assert response.status_code == 302
        log = ExportLog.objects.filter(fmt=fmt).latest("pk")
        download = client.get(reverse("transfer:ekspor_unduh", args=[log.pk]))
        content = _body(download)
        if fmt == "csv":
            assert _hostile_in_csv(assert_csv_safe(content))
        else:
            assert _hostile_in_xlsx(assert_xlsx_safe(content))


def test_current_data_imports_back_unchanged(hostile_register: Any, superuser: Any) -> None:
    """The quoted cells keep the exact names: the round trip the download promises."""
    from asn_portal.transfer.formats import read_table
    from jabatan.models import Pegawai

    content = _body(client_for(superuser).get(reverse("transfer:data", args=["pegawai"])))
    table = read_table(content, "data.xlsx")
    names = {values[table.headers.index("nama")] for _row, values in table.rows}
    # XML turns a carriage return into a line feed: the one character an XLSX cannot keep.
    stored = {n.replace("\r", "\n") for n in Pegawai.objects.values_list("nama", flat=True)}
    assert names == stored
    assert {h.replace("\r", "\n") for h in HOSTILE} <= names


# --- completeness -------------------------------------------------------------------------------

# Views that hand out a file without the spreadsheet rule, each with the reason.
EXEMPT = {
    "survei.views.poster_png": "public QR poster of a service unit: no personal data",
    "survei.views.poster_pdf": "public QR poster of a service unit: no personal data",
    "survei.partisipasi.views.konsultasi_dokumen": "public consultation document",
    "survei.partisipasi.views.konsultasi_berita_acara": "public minutes of a consultation",
    "survei.partisipasi.views.staf_batch_slip": "PDF of receipt codes: no personal data",
    "pelatihan.views.sertifikat": "uploaded certificate served as is; logged (personal data)",
    "asn_portal.transfer.views.ekspor_unduh": "serves a background export whose request is in the log (tested above)",
}
COVERED = {
    "asn_portal.transfer.views.impor_templat",
    "asn_portal.transfer.views.impor_data",
    "pelatihan.views.laporan_jp",
    "asn_portal.rekap.views.index",
    "asn_portal.laporan.views.unduh_pdf",
    "asn_portal.laporan.views.unduh_xlsx",
}
_FILE_MARKERS = ("Content-Disposition", "FileResponse", "download_response", "table_download")


def _product_files() -> Iterator[Path]:
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _file_functions() -> set[str]:
    """Dotted names of the functions whose body hands out a file."""
    found = set()
    for path in _product_files():
        tree = ast.parse(path.read_text())
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                source = ast.get_source_segment(path.read_text(), node) or ""
                if any(marker in source for marker in _FILE_MARKERS):
                    found.add(f"{module}.{node.name}")
    return found


def _url_views() -> set[str]:
    seen = set()

    def walk(patterns: list[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view = pattern.callback
                while hasattr(view, "__wrapped__"):
                    view = view.__wrapped__
                seen.add(f"{view.__module__}.{getattr(view, '__name__', '')}")

    walk(get_resolver().url_patterns)
    return seen


def test_every_file_endpoint_is_covered() -> None:
    """A view in the URLconf that hands out a file is tested above or exempt with a reason."""
    file_views = _file_functions() & _url_views()
    assert file_views, "the scan found no download view: the markers are out of date"
    assert file_views - COVERED - EXEMPT.keys() == set()
    assert file_views >= COVERED  # the list above does not name views that are gone


def test_only_the_writer_writes_files() -> None:
    """CSV writers and openpyxl workbooks are made in asn_portal/files.py only."""
    offenders = []
    for path in _product_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative == "asn_portal/files.py":
            continue
        source = path.read_text()
        for pattern in (
            r"csv\.(Dict)?[Ww]riter\(",
            r"\bWorkbook\(",
            r"from openpyxl import .*\bWorkbook\b",
        ):
            if re.search(pattern, source):
                offenders.append(f"{relative}: {pattern}")
    assert offenders == []


def test_every_download_view_logs() -> None:
    """Each file view either goes through the writer's logging call or is exempt for a reason."""
    text_of = {}
    for path in _product_files():
        tree = ast.parse(path.read_text())
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                text_of[f"{module}.{node.name}"] = (
                    ast.get_source_segment(path.read_text(), node) or ""
                )
    unlogged = {
        name
        for name in _file_functions() & _url_views()
        if name not in EXEMPT or "logged" in EXEMPT[name]
        if not re.search(
            r"export_log_create|download_response|table_download|_berkas\(", text_of[name]
        )
    }
    assert unlogged == set()
