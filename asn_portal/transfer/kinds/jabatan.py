"""Jabatan: the instansi's catalogue of positions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.access import may_change_catalogue_row, sees_every_instansi
from asn_portal.transfer.kinds.base import (
    CHANGED,
    CREATED,
    UNCHANGED,
    Column,
    ImportKind,
    Progress,
    RowInvalid,
    RowResult,
    batched,
    copy_row_instance,
    diff,
    display,
)
from jabatan.models import Eselon, Jabatan, Jenjang, KategoriJabatan

FIELDS = ("nama", "kategori", "jenjang", "kelas_jabatan", "eselon", "aktif")


class JabatanKind(ImportKind):
    key = "jabatan"
    label = gettext_lazy("Jabatan")
    description = gettext_lazy(
        "Satu baris per jabatan, dikenali dari kode. Jenjang hanya diisi untuk jabatan fungsional."
    )
    permissions = ("jabatan.add_jabatan", "jabatan.change_jabatan")
    columns = [
        Column("kode", gettext_lazy("Kode"), required=True, example="JF-AK-AM", max_length=30),
        Column(
            "nama",
            gettext_lazy("Nama jabatan"),
            required=True,
            example="Analis Kebijakan Ahli Muda",
            max_length=200,
        ),
        Column(
            "kategori",
            gettext_lazy("Kategori"),
            required=True,
            kind="choice",
            choices=KategoriJabatan.choices,
            example="fungsional_keahlian",
        ),
        Column(
            "jenjang",
            gettext_lazy("Jenjang"),
            kind="choice",
            choices=Jenjang.choices,
            example="ahli_muda",
        ),
        Column(
            "kelas_jabatan",
            gettext_lazy("Kelas jabatan"),
            required=True,
            kind="int",
            example=9,
            help=gettext_lazy("1–17"),
        ),
        Column(
            "eselon",
            gettext_lazy("Eselon (lama)"),
            kind="choice",
            choices=Eselon.choices,
            example="",
        ),
        Column("aktif", gettext_lazy("Aktif"), kind="bool", example="Ya"),
    ]

    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        codes = [values["kode"] for _n, values in rows]
        self.existing = {j.kode: j for j in Jabatan.objects.filter(kode__in=codes)}

    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        existing = self.existing.get(values["kode"])
        # A row of the national catalogue is kept by its keepers, another instansi's addition
        # is theirs: the code is refused without saying whose it is.
        if existing is not None and not may_change_catalogue_row(self.user, existing):
            raise RowInvalid([("kode", str(_("Kode jabatan ini tidak dapat digunakan.")))])
        instance = (
            copy_row_instance(existing)
            if existing
            else Jabatan(
                kode=values["kode"],
                instansi_id=None if sees_every_instansi(self.user) else self.instansi_id,
            )
        )
        for name in FIELDS:
            if name in values:
                value = values[name]
                if name == "aktif" and value is None:
                    value = existing.aktif if existing else True
                setattr(
                    instance, name, "" if value is None and name in ("jenjang", "eselon") else value
                )
        errors = self.full_clean(instance)
        if errors:
            raise RowInvalid(errors)
        if existing is None:
            return RowResult(number, instance.kode, CREATED, payload=instance)
        changes = diff(existing, {n: getattr(instance, n) for n in FIELDS})
        return RowResult(
            number, instance.kode, CHANGED if changes else UNCHANGED, changes, instance
        )

    def write(self, results: list[RowResult], progress: Progress) -> None:
        new = [r.payload for r in results if r.action == CREATED]
        changed = [r.payload for r in results if r.action == CHANGED]
        for chunk in batched(new):
            Jabatan.objects.bulk_create(chunk)
        for chunk in batched(changed):
            Jabatan.objects.bulk_update(chunk, [*FIELDS])
        progress(len(results), len(results))

    def export_rows(self) -> Iterable[list[Any]]:
        for j in Jabatan.objects.order_by("kode"):
            yield [
                j.kode,
                j.nama,
                j.kategori,
                j.jenjang,
                j.kelas_jabatan,
                j.eselon,
                display(j.aktif),
            ]
