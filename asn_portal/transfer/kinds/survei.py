"""Paper SKM questionnaires (kuesioner kertas) typed into a spreadsheet: one row per respondent.

Each row is checked by the same rule as a questionnaire entered by hand
(``survei.services`` validation for ``sumber=kertas``). The questionnaire number on the paper
makes the import idempotent: importing the same file again adds nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.transfer.kinds.base import (
    CREATED,
    UNCHANGED,
    Column,
    ImportKind,
    Progress,
    RowInvalid,
    RowResult,
    batched,
    in_scope,
    out_of_scope_message,
)
from survei.models import (
    KODE_UNSUR,
    JenisKelamin,
    Pekerjaan,
    Pendidikan,
    Respons,
    SumberRespons,
    UnitLayanan,
)
from survei.selectors import kuesioner_aktif
from survei.services import respons_validate

NAMESPACE = uuid.UUID("6f1c8f4e-5d1b-4c53-9a52-3f0f7b0e2a11")
NILAI = [(str(n), str(n)) for n in range(1, 5)]


def respons_key(unit_kode: str, nomor: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{unit_kode}:{nomor}")


class SurveiKind(ImportKind):
    key = "survei"
    label = gettext_lazy("Kuesioner SKM kertas")
    description = gettext_lazy(
        "Satu baris per lembar kuesioner kertas. Nomor kuesioner (tertulis di lembar) membuat impor "
        "tidak menggandakan data bila berkas yang sama diunggah lagi. Jawaban U1–U9 bernilai 1–4 "
        "atau kosong bila tidak dijawab."
    )
    permissions = ("survei.add_respons",)
    # Stored responses keep no questionnaire number, so there is no current-data download.
    has_data_download = False
    field_columns = {k.lower(): k.lower() for k in KODE_UNSUR}
    columns = [
        Column(
            "kode_unit_layanan", gettext_lazy("Kode unit layanan"), required=True, example="rsud-mm"
        ),
        Column(
            "nomor",
            gettext_lazy("Nomor kuesioner"),
            required=True,
            example="2025-001",
            max_length=50,
        ),
        Column(
            "tanggal_layanan",
            gettext_lazy("Tanggal layanan"),
            required=True,
            kind="date",
            example="03/03/2025",
        ),
        Column("umur", gettext_lazy("Umur"), required=True, kind="int", example=34),
        Column(
            "jenis_kelamin",
            gettext_lazy("Jenis kelamin"),
            required=True,
            kind="choice",
            choices=JenisKelamin.choices,
            example="P",
        ),
        Column(
            "pendidikan",
            gettext_lazy("Pendidikan"),
            required=True,
            kind="choice",
            choices=Pendidikan.choices,
            example="d4_s1",
        ),
        Column(
            "pekerjaan",
            gettext_lazy("Pekerjaan"),
            required=True,
            kind="choice",
            choices=Pekerjaan.choices,
            example="swasta",
        ),
        Column(
            "jenis_layanan",
            gettext_lazy("Jenis layanan"),
            required=True,
            example="Rawat jalan",
            max_length=200,
        ),
        *[Column(k.lower(), k, kind="choice", choices=NILAI, example=3) for k in KODE_UNSUR],
        Column("saran", gettext_lazy("Saran"), example=""),
    ]

    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        codes = {v["kode_unit_layanan"] for _n, v in rows}
        self.units = {
            u.kode: u
            for u in self.own(
                UnitLayanan.objects.filter(kode__in=codes), "unit__instansi"
            ).select_related("unit")
        }
        keys = [respons_key(v["kode_unit_layanan"], v["nomor"]) for _n, v in rows]
        self.existing: set[uuid.UUID] = set()
        for chunk in batched(keys, 2000):
            self.existing.update(
                Respons.objects.filter(idempotency_key__in=chunk).values_list(
                    "idempotency_key", flat=True
                )
            )
        self.kuesioner = kuesioner_aktif() if rows else None

    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        unit = self.units.get(values["kode_unit_layanan"])
        if unit is None:
            raise RowInvalid(
                [
                    (
                        "kode_unit_layanan",
                        _("Unit layanan dengan kode %(k)s tidak ditemukan.")
                        % {"k": values["kode_unit_layanan"]},
                    )
                ]
            )
        if not in_scope(self.user, unit.unit.path):
            raise RowInvalid([("kode_unit_layanan", out_of_scope_message(unit.unit))])
        key = respons_key(unit.kode, values["nomor"])
        if key in self.existing:
            return RowResult(number, str(key), UNCHANGED)
        respons = Respons(
            unit_layanan=unit,
            kuesioner=self.kuesioner,
            **{
                k.lower(): int(values[k.lower()]) if values.get(k.lower()) else None
                for k in KODE_UNSUR
            },
            umur=values["umur"],
            jenis_kelamin=values["jenis_kelamin"],
            pendidikan=values["pendidikan"],
            pekerjaan=values["pekerjaan"],
            jenis_layanan=values["jenis_layanan"],
            tanggal_layanan=values["tanggal_layanan"],
            saran=values.get("saran") or "",
            sumber=SumberRespons.KERTAS,
            idempotency_key=key,
            tanggal_isi=timezone.localdate(),
            dientri_oleh=self.user,
        )
        try:
            respons_validate(respons, unit, SumberRespons.KERTAS)
        except ValidationError as exc:
            raise RowInvalid(self.validation_errors(exc)) from None
        return RowResult(number, str(key), CREATED, {"nomor": ["", values["nomor"]]}, respons)

    def write(self, results: list[RowResult], progress: Progress) -> None:
        new = [r.payload for r in results if r.action == CREATED]
        done = 0
        for chunk in batched(new):
            Respons.objects.bulk_create(chunk)
            done += len(chunk)
            progress(done, len(results))
        progress(len(results), len(results))
