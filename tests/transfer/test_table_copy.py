"""A previewed XLSX is committed from the rows the preview read: the workbook is parsed once per
import, and the copy is used only for the very bytes and sheet it was read from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile

from asn_portal.transfer import formats, services
from asn_portal.transfer.formats import BadCell, Table, table_dumps, table_loads
from asn_portal.transfer.models import ImportStatus
from jabatan.models import Pegawai
from tests.factories import make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def _rows(*numbers: int, nama: str = "Pegawai") -> list[list[object]]:
    return [
        [make_nip(n), f"{nama} {n}", "pns", "III/a", "01/04/2019", "A", "ANL", "01/05/2020"]
        for n in numbers
    ]


@pytest.fixture
def workbooks_opened(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time a workbook is parsed (openpyxl opens it), the size of the bytes parsed."""
    opened: list[int] = []
    real = formats._open_workbook

    def counting(data: bytes) -> Any:
        opened.append(len(data))
        return real(data)

    monkeypatch.setattr(formats, "_open_workbook", counting)
    return opened


def _commit(job: Any, user: Any, capture: Any) -> Any:
    with capture(execute=True):
        services.import_commit_request(job=job, user=user)
    job.refresh_from_db()
    return job


def test_the_commit_reads_the_previews_rows_not_the_workbook(
    admin_bkd, formasi_a, run_import, workbooks_opened
) -> None:
    content = xlsx_bytes(PEGAWAI_HEADERS, _rows(1, 2, 3))
    job = run_import(admin_bkd, "pegawai", "p.xlsx", content, commit=True)
    assert job.status == ImportStatus.SELESAI, (job.errors, job.message)
    assert workbooks_opened == [len(content)]  # parsed once for preview and commit together
    assert job.table_copy.name.endswith(".baris.json.gz")
    assert set(Pegawai.objects.values_list("nama", flat=True)) == {
        "Pegawai 1",
        "Pegawai 2",
        "Pegawai 3",
    }


def test_a_file_changed_after_the_preview_is_read_again(
    admin_bkd, formasi_a, run_import, workbooks_opened, django_capture_on_commit_callbacks
) -> None:
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(PEGAWAI_HEADERS, _rows(1, 2)))
    assert job.status == ImportStatus.PRATINJAU, job.errors
    other = xlsx_bytes(PEGAWAI_HEADERS, _rows(1, 2, nama="Lain"))
    job.file.save("p.xlsx", ContentFile(other), save=True)  # the stored bytes are not the preview's
    job = _commit(job, admin_bkd, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.SELESAI, job.message
    assert len(workbooks_opened) == 2 and workbooks_opened[-1] == len(other)
    assert set(Pegawai.objects.values_list("nama", flat=True)) == {"Lain 1", "Lain 2"}


def test_csv_keeps_no_copy(admin_bkd, formasi_a, run_import) -> None:
    job = run_import(admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, _rows(1)))
    assert job.status == ImportStatus.PRATINJAU and not job.table_copy


def test_every_cell_type_comes_back_as_it_was_read() -> None:
    values = [
        None,
        "teks",
        "",
        7,
        3.5,
        1e17,
        True,
        dt.datetime(2024, 2, 29, 13, 45, 1),
        dt.date(2020, 5, 1),
        dt.time(7, 30),
        dt.timedelta(hours=36),
        Decimal("12.50"),
        BadCell("Sel B2 berisi kesalahan rumus #REF!."),
    ]
    table = Table(
        headers=["a"] * len(values),
        rows=[(2, values), (5, list(reversed(values)))],
        sheet="Data",
        hidden_rows=[3],
        hidden_columns=["a"],
        stopped_at=1200,
    )
    back = table_loads(table_dumps(table, source="x"), source="x")
    assert back == table
    assert [type(v) for v in back.rows[0][1]] == [type(v) for v in values]
    assert table_loads(table_dumps(table, source="x"), source="y") is None


def test_a_value_it_cannot_keep_exactly_is_refused() -> None:
    table = Table(headers=["a"], rows=[(2, [object()])])
    with pytest.raises(TypeError):
        table_dumps(table, source="x")
