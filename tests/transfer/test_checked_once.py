"""An import works on each distinct cell and field value once (``services._parse_cell``,
``ImportKind.full_clean``): every row still gets its own message naming its row and column, and
the model's validation says exactly what ``Model.full_clean`` says, in the same order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from asn_portal.transfer.kinds.base import value_key
from asn_portal.transfer.kinds.pegawai import PegawaiKind
from asn_portal.transfer.models import ImportStatus
from jabatan.models import Pegawai
from tests.factories import make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def _row(n: int, **over: Any) -> list[Any]:
    row = {
        "nip": make_nip(n),
        "nama": f"Pegawai {n}",
        "status": "pns",
        "golongan": "III/a",
        "tmt": "01/04/2019",
        "unit": "A",
        "jabatan": "ANL",
        "tmt_jabatan": "01/05/2020",
        **over,
    }
    return list(row.values())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bad_cell_repeated_is_reported_on_every_row(
    admin_bkd: Any, formasi_a: Any, run_import: Any, fmt: str
) -> None:
    rows = [
        _row(600, tmt="31/02/2020"),
        _row(601),
        _row(602, tmt="31/02/2020", status="honorer"),
        _row(603, status="honorer"),
        _row(604, tmt="31/02/2020"),
    ]
    content = (csv_bytes if fmt == "csv" else xlsx_bytes)(PEGAWAI_HEADERS, rows)
    job = run_import(admin_bkd, "pegawai", f"p.{fmt}", content, commit=True)
    assert job.status == ImportStatus.DITOLAK
    errors = {(e["row"], e["column"]): e["message"] for e in job.errors}
    date_message = "Tanggal tidak valid: 31 Februari 2020 tidak ada di kalender."
    for row in (2, 4, 6):
        assert errors[(row, "TMT golongan")] == date_message
    for row in (4, 5):
        assert errors[(row, "Status kepegawaian")].startswith("Nilai honorer tidak dikenal")
    assert (3, "TMT golongan") not in errors
    assert Pegawai.objects.count() == 0


def _django_says(instance: Pegawai, exclude: list[str]) -> list[tuple[str, str]]:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return PegawaiKind(None).validation_errors(exc)
    return []


_CASES = [
    {},
    {"status": "tamu"},  # not a choice of the model
    {"status": "tamu", "golongan": "Z"},
    {"golongan": "XVII"},  # PPPK rank for a PNS: the model's clean()
    {"nama": "x" * 151},
    {"nama": ""},
    {"email": "bukan-email"},
    {"tmt_golongan": dt.date(1990, 1, 1)},  # before TMT CPNS: clean()
    {"nip": "123"},
    {"pendidikan_terakhir": "s9", "status_aktif": "cuti panjang"},
    # per-row and per-value fields failing together, and clean(): in field order, then clean()
    {"nama": "", "status": "tamu", "email": "bukan-email", "nip": "123"},
    {"gelar_depan": "d" * 31, "golongan": "XVII", "tmt_golongan": dt.date(1990, 1, 1)},
]


def test_kind_full_clean_says_what_model_full_clean_says() -> None:
    kind = PegawaiKind(None)
    for _ in range(2):  # the second pass is answered from the values cleaned in the first
        for n, case in enumerate(_CASES):
            values = {
                "nip": make_nip(700 + n),
                "nama": "Ani",
                "status": "pns",
                "golongan": "III/a",
                "tmt_golongan": dt.date(2019, 4, 1),
                "status_aktif": "aktif",
                **case,
            }
            ours, theirs = Pegawai(**values), Pegawai(**values)
            assert kind.full_clean(ours, exclude=["user"]) == _django_says(theirs, ["user"]), case
            for field in Pegawai._meta.concrete_fields:
                assert getattr(ours, field.attname) == getattr(theirs, field.attname), field.name


def test_value_keys_tell_apart_what_parsers_tell_apart() -> None:
    assert value_key(1) != value_key(True)
    assert value_key(1) != value_key(1.0)
    assert value_key(0.0) != value_key(-0.0)
    assert value_key(Decimal("1.0")) != value_key(Decimal("1.00"))
    assert value_key(dt.date(2020, 1, 1)) != value_key(dt.datetime(2020, 1, 1))
    assert value_key("01/04/2019") == value_key("01/04/2019")


def test_the_cycle_collector_pauses_during_an_import_and_runs_again_after(
    admin_bkd: Any, formasi_a: Any, run_import: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen: list[bool] = []
    real_check = PegawaiKind.check

    def check(self: PegawaiKind, number: int, values: dict[str, Any]) -> Any:
        seen.append(gc.isenabled())
        return real_check(self, number, values)

    monkeypatch.setattr(PegawaiKind, "check", check)
    job = run_import(
        admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, [_row(800)]), commit=True
    )
    assert job.status == ImportStatus.SELESAI
    assert seen == [False, False]  # the preview's check and the commit's
    assert gc.isenabled()

    def boom(self: PegawaiKind, results: Any, progress: Any) -> None:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(PegawaiKind, "write", boom)
    job = run_import(
        admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, [_row(801)]), commit=True
    )
    assert job.status == ImportStatus.GAGAL
    assert gc.isenabled()
