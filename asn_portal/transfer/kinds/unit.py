"""Unit organisasi: the tree, parents by their kode (a parent comes before its children)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.access import scope_queryset
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
    in_scope,
    new_row_instance,
    out_of_scope_message,
)
from jabatan.models import JenisUnit, UnitOrganisasi

FIELDS = ("nama", "jenis", "aktif", "berlaku_sejak", "berlaku_sampai")


class UnitKind(ImportKind):
    key = "unit"
    label = gettext_lazy("Unit organisasi")
    description = gettext_lazy(
        "Satu baris per unit, dikenali dari kode. Unit induk disebut dengan kodenya dan harus sudah "
        "ada atau muncul lebih dulu di berkas. Memindahkan unit ke induk lain tidak dilakukan lewat impor."
    )
    permissions = ("jabatan.add_unitorganisasi", "jabatan.change_unitorganisasi")
    columns = [
        Column("kode", gettext_lazy("Kode"), required=True, example="1.02.01", max_length=30),
        Column(
            "nama", gettext_lazy("Nama"), required=True, example="Bidang Mutasi", max_length=200
        ),
        Column(
            "jenis",
            gettext_lazy("Jenis"),
            required=True,
            kind="choice",
            choices=JenisUnit.choices,
            example="bidang",
        ),
        Column(
            "kode_induk",
            gettext_lazy("Kode induk"),
            example="1.02",
            help=gettext_lazy("Kosong untuk unit tertinggi (OPD)."),
        ),
        Column("aktif", gettext_lazy("Aktif"), kind="bool", example="Ya"),
        Column("berlaku_sejak", gettext_lazy("Berlaku sejak"), kind="date", example="01/01/2024"),
        Column("berlaku_sampai", gettext_lazy("Berlaku sampai"), kind="date", example=""),
    ]

    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        self.units = {u.kode: u for u in UnitOrganisasi.objects.all()}
        self.by_path = {u.path: u for u in self.units.values()}
        self.in_file: set[str] = set()

    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        errors: list[tuple[str, str]] = []
        kode = values["kode"]
        existing = self.units.get(kode)
        kode_induk = values.get("kode_induk") or ""
        parent = self.units.get(kode_induk) if kode_induk else None
        if kode_induk and parent is None and kode_induk not in self.in_file:
            errors.append(
                (
                    "kode_induk",
                    _(
                        "Unit induk dengan kode %(k)s tidak ditemukan (harus sudah ada "
                        "atau muncul di baris sebelumnya)."
                    )
                    % {"k": kode_induk},
                )
            )
        if kode_induk == kode:
            errors.append(("kode_induk", _("Unit tidak dapat menjadi induk dirinya sendiri.")))
        instance = (
            copy_row_instance(existing) if existing else new_row_instance(UnitOrganisasi, kode=kode)
        )
        for name in FIELDS:
            if name in values:
                value = values[name]
                if name == "aktif" and value is None:
                    value = existing.aktif if existing else True
                setattr(instance, name, value)
        errors.extend(self.full_clean(instance, exclude=["path", "depth", "numchild"]))
        if existing is not None:
            old_parent = self.by_path.get(existing.path[: -UnitOrganisasi.steplen])
            if "kode_induk" in values and (old_parent.kode if old_parent else "") != kode_induk:
                errors.append(
                    (
                        "kode_induk",
                        _(
                            "Memindahkan unit ke induk lain tidak dilakukan lewat impor "
                            "(induk sekarang: %(k)s)."
                        )
                        % {"k": old_parent.kode if old_parent else "-"},
                    )
                )
            if not in_scope(self.user, existing.path) or not self.of_import(existing.instansi_id):
                errors.append(("kode", out_of_scope_message(existing)))
        elif parent is not None and (
            not in_scope(self.user, parent.path) or not self.of_import(parent.instansi_id)
        ):
            errors.append(("kode_induk", out_of_scope_message(parent)))
        elif parent is None and not kode_induk and not in_scope(self.user, ""):
            errors.append(("kode_induk", _("Hanya Admin BKD yang dapat menambah unit tertinggi.")))
        if errors:
            raise RowInvalid(errors)
        self.in_file.add(kode)
        if existing is None:
            return RowResult(
                number, kode, CREATED, payload={"instance": instance, "induk": kode_induk}
            )
        changes = diff(existing, {n: getattr(instance, n) for n in FIELDS})
        return RowResult(
            number, kode, CHANGED if changes else UNCHANGED, changes, {"instance": instance}
        )

    def write(self, results: list[RowResult], progress: Progress) -> None:
        total = len(results)
        changed = [r.payload["instance"] for r in results if r.action == CHANGED]
        for chunk in batched(changed):
            UnitOrganisasi.objects.bulk_update(chunk, list(FIELDS))
        done = len(changed)
        for result in results:
            if result.action != CREATED:
                continue
            instance: UnitOrganisasi = result.payload["instance"]
            data = {"kode": instance.kode, **{n: getattr(instance, n) for n in FIELDS}}
            if result.payload["induk"]:
                # treebeard renumbers siblings (node_order_by): always start from a fresh parent
                parent = UnitOrganisasi.objects.get(kode=result.payload["induk"])
                UnitOrganisasi.objects.add_child(parent, create_kwargs=data)
            else:
                data["instansi_id"] = self.instansi_id
                UnitOrganisasi.objects.add_root(create_kwargs=data)
            done += 1
            progress(done, total)
        progress(total, total)

    def export_rows(self) -> Iterable[list[Any]]:
        codes = dict(UnitOrganisasi.objects.values_list("path", "kode"))
        for unit in scope_queryset(UnitOrganisasi.objects.order_by("path"), self.user, "path"):
            yield [
                unit.kode,
                unit.nama,
                unit.jenis,
                codes.get(unit.path[: -UnitOrganisasi.steplen], ""),
                display(unit.aktif),
                display(unit.berlaku_sejak),
                display(unit.berlaku_sampai),
            ]
