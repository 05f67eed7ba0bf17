"""Formasi (a jabatan placed in a unit) with its ABK task rows: one row per uraian tugas.

Rows of the same unit + jabatan form one formasi. When a formasi's rows carry uraian tugas, those
rows replace the formasi's task list; rows without uraian leave the existing list alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
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
    display,
    in_scope,
    out_of_scope_message,
)
from jabatan.models import Formasi, Jabatan, UnitOrganisasi, UraianTugas

TASK_FIELDS = ("uraian", "hasil_kerja", "volume_per_tahun", "norma_waktu_menit")


class FormasiKind(ImportKind):
    key = "formasi"
    label = gettext_lazy("Formasi dan uraian tugas (ABK)")
    description = gettext_lazy(
        "Satu baris per uraian tugas; baris dengan kode unit dan kode jabatan yang sama membentuk satu "
        "formasi. Bila uraian diisi, daftar uraian tugas formasi itu diganti dengan isi berkas."
    )
    permissions = (
        "jabatan.add_formasi",
        "jabatan.change_formasi",
        "jabatan.add_uraiantugas",
        "jabatan.delete_uraiantugas",
    )
    field_columns = {
        "volume_per_tahun": "volume_per_tahun",
        "norma_waktu_menit": "norma_waktu_menit",
    }
    columns = [
        Column("kode_unit", gettext_lazy("Kode unit"), required=True, example="A"),
        Column("kode_jabatan", gettext_lazy("Kode jabatan"), required=True, example="J00001"),
        Column("aktif", gettext_lazy("Formasi aktif"), kind="bool", example="Ya"),
        Column(
            "uraian",
            gettext_lazy("Uraian tugas"),
            example="Menyusun laporan kepegawaian",
            max_length=500,
        ),
        Column("hasil_kerja", gettext_lazy("Hasil kerja"), example="Laporan", max_length=200),
        Column("volume_per_tahun", gettext_lazy("Volume per tahun"), kind="decimal", example=12),
        Column(
            "norma_waktu_menit", gettext_lazy("Norma waktu (menit)"), kind="decimal", example=300
        ),
    ]

    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        units = {v["kode_unit"] for _n, v in rows}
        jabatan = {v["kode_jabatan"] for _n, v in rows}
        # Units and jabatan of another instansi answer like missing ones.
        self.units = {u.kode: u for u in self.own(UnitOrganisasi.objects.filter(kode__in=units))}
        self.jabatan = {
            j.kode: j for j in self.own(Jabatan.objects.filter(kode__in=jabatan), shared=True)
        }
        self.formasi = {
            (f.unit_id, f.jabatan_id): f
            for f in Formasi.objects.filter(unit__kode__in=units, jabatan__kode__in=jabatan)
        }
        self.tasks: dict[int, list[tuple[str, str, Decimal, Decimal]]] = {}
        for task in UraianTugas.objects.filter(formasi__in=list(self.formasi.values())).order_by(
            "urutan", "id"
        ):
            self.tasks.setdefault(task.formasi_id, []).append(
                (task.uraian, task.hasil_kerja, task.volume_per_tahun, task.norma_waktu_menit)
            )
        self.groups: dict[tuple[int, int], RowResult] = {}

    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        errors: list[tuple[str, str]] = []
        unit = self.units.get(values["kode_unit"])
        jabatan = self.jabatan.get(values["kode_jabatan"])
        if unit is None:
            errors.append(
                (
                    "kode_unit",
                    _("Unit dengan kode %(k)s tidak ditemukan.") % {"k": values["kode_unit"]},
                )
            )
        elif not in_scope(self.user, unit.path):
            errors.append(("kode_unit", out_of_scope_message(unit)))
        if jabatan is None:
            errors.append(
                (
                    "kode_jabatan",
                    _("Jabatan dengan kode %(k)s tidak ditemukan.") % {"k": values["kode_jabatan"]},
                )
            )
        task = None
        if values.get("uraian"):
            task = UraianTugas(**{n: values.get(n) for n in TASK_FIELDS})
            for name in ("hasil_kerja", "volume_per_tahun", "norma_waktu_menit"):
                if values.get(name) in (None, ""):
                    errors.append((name, _("Wajib diisi bila uraian tugas diisi.")))
            if not any(c == n for c, _m in errors for n in TASK_FIELDS):
                errors.extend(self.full_clean(task, exclude=["formasi"]))
        elif any(values.get(n) not in (None, "") for n in TASK_FIELDS[1:]):
            errors.append(
                ("uraian", _("Wajib diisi bila hasil kerja, volume atau norma waktu diisi."))
            )
        if errors:
            raise RowInvalid(errors)
        assert unit is not None and jabatan is not None  # each None added an error above  # nosec B101
        key = (unit.pk, jabatan.pk)
        group = self.groups.get(key)
        if group is None:
            group = RowResult(
                number,
                f"{unit.kode}|{jabatan.kode}",
                UNCHANGED,
                payload={
                    "unit": unit,
                    "jabatan": jabatan,
                    "aktif": values.get("aktif"),
                    "tasks": [],
                },
            )
            self.groups[key] = group
            result = group
        else:
            result = RowResult(number, f"{unit.kode}|{jabatan.kode}#{number}", None)
            if values.get("aktif") is not None:
                group.payload["aktif"] = values["aktif"]
        if task is not None:
            group.payload["tasks"].append(task)
        return result

    def finish(self, results: list[RowResult]) -> list[tuple[int, str, str]]:
        for key, group in self.groups.items():
            existing = self.formasi.get(key)
            tasks = group.payload["tasks"]
            new_tasks = [
                (t.uraian, t.hasil_kerja, t.volume_per_tahun, t.norma_waktu_menit) for t in tasks
            ]
            if existing is None:
                group.action = CREATED
                group.changes = {"uraian_tugas": ["", str(len(tasks))]}
                continue
            changes = {}
            aktif = group.payload["aktif"]
            if aktif is not None and aktif != existing.aktif:
                changes["aktif"] = [display(existing.aktif), display(aktif)]
            old_tasks = self.tasks.get(existing.pk, [])
            if tasks and new_tasks != old_tasks:
                changes["uraian_tugas"] = [str(len(old_tasks)), str(len(tasks))]
            group.action = CHANGED if changes else UNCHANGED
            group.changes = changes
            group.payload["formasi"] = existing
        return []

    def write(self, results: list[RowResult], progress: Progress) -> None:
        groups = [r for r in results if r.action in (CREATED, CHANGED)]
        new = [
            Formasi(
                unit=g.payload["unit"],
                jabatan=g.payload["jabatan"],
                aktif=g.payload["aktif"] if g.payload["aktif"] is not None else True,
            )
            for g in groups
            if g.action == CREATED
        ]
        for chunk in batched(new):
            Formasi.objects.bulk_create(chunk)
        ids = {
            (f.unit_id, f.jabatan_id): f.pk
            for f in Formasi.objects.filter(unit__in=[g.payload["unit"] for g in groups])
        }
        changed = []
        for group in groups:
            formasi = group.payload.get("formasi")
            if formasi is not None and group.payload["aktif"] is not None:
                formasi.aktif = group.payload["aktif"]
                changed.append(formasi)
        for chunk in batched(changed):
            Formasi.objects.bulk_update(chunk, ["aktif"])
        replace = [g for g in groups if g.payload["tasks"]]
        formasi_ids = [ids[(g.payload["unit"].pk, g.payload["jabatan"].pk)] for g in replace]
        for chunk in batched(formasi_ids):
            UraianTugas.objects.filter(formasi_id__in=chunk).delete()
        tasks = []
        for group, formasi_id in zip(replace, formasi_ids, strict=True):
            for urutan, task in enumerate(group.payload["tasks"], start=1):
                task.formasi_id = formasi_id
                task.urutan = urutan
                tasks.append(task)
        for chunk in batched(tasks):
            UraianTugas.objects.bulk_create(chunk)
        progress(len(results), len(results))

    def export_rows(self) -> Iterable[list[Any]]:
        formasi = scope_queryset(
            Formasi.objects.select_related("unit", "jabatan"), self.user, "unit__path"
        )
        tasks: dict[int, list[UraianTugas | None]] = {}
        for uraian in UraianTugas.objects.filter(formasi__in=formasi).order_by("urutan", "id"):
            tasks.setdefault(uraian.formasi_id, []).append(uraian)
        for f in formasi.order_by("unit__kode", "jabatan__kode"):
            for task in tasks.get(f.pk) or [None]:
                yield [
                    f.unit.kode,
                    f.jabatan.kode,
                    display(f.aktif),
                    *(
                        [
                            task.uraian,
                            task.hasil_kerja,
                            task.volume_per_tahun,
                            task.norma_waktu_menit,
                        ]
                        if task
                        else ["", "", None, None]
                    ),
                ]
