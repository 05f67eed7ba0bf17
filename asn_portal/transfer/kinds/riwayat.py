"""Riwayat jabatan: who held which formasi from when until when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.access import scope_queryset
from asn_portal.transfer.kinds.base import (
    CHANGED,
    CREATED,
    NAMA_PEMBANDING,
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
from jabatan.models import Formasi, JenisPenugasan, Pegawai, RiwayatJabatan

FIELDS = ("tmt_selesai", "nomor_sk", "tanggal_sk", "keterangan")


class RiwayatJabatanKind(ImportKind):
    key = "riwayat"
    label = gettext_lazy("Riwayat jabatan")
    description = gettext_lazy(
        "Satu baris per penugasan, dikenali dari NIP, formasi (kode unit + kode jabatan), jenis dan "
        "TMT mulai. TMT selesai adalah hari pertama tidak lagi menjabat (kosong bila masih menjabat)."
    )
    permissions = ("jabatan.add_riwayatjabatan", "jabatan.change_riwayatjabatan")
    columns = [
        Column("nip", gettext_lazy("NIP"), required=True, kind="nip", example="198609262015051001"),
        NAMA_PEMBANDING,
        Column("kode_unit", gettext_lazy("Kode unit"), required=True, example="A"),
        Column("kode_jabatan", gettext_lazy("Kode jabatan"), required=True, example="J00001"),
        Column(
            "jenis",
            gettext_lazy("Jenis penugasan"),
            required=True,
            kind="choice",
            choices=JenisPenugasan.choices,
            example="definitif",
        ),
        Column(
            "tmt_mulai", gettext_lazy("TMT mulai"), required=True, kind="date", example="01/05/2015"
        ),
        Column("tmt_selesai", gettext_lazy("TMT selesai"), kind="date", example=""),
        Column("nomor_sk", gettext_lazy("Nomor SK"), example="800/12/BKD/2015", max_length=100),
        Column("tanggal_sk", gettext_lazy("Tanggal SK"), kind="date", example="20/04/2015"),
        Column("keterangan", gettext_lazy("Keterangan"), example="", max_length=300),
    ]

    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        nips = self.load_nips(rows)
        self.pegawai: dict[str, Pegawai] = {}
        for chunk in batched(sorted(nips), 2000):
            self.pegawai.update(  # an ASN of another instansi answers like a missing NIP
                {p.nip: p for p in self.own(Pegawai.objects.filter(nip__in=chunk))}
            )
        units = {v["kode_unit"] for _n, v in rows}
        self.formasi = {
            (f.unit.kode, f.jabatan.kode): f
            for f in Formasi.objects.filter(unit__kode__in=units).select_related("unit", "jabatan")
        }
        self.existing: dict[tuple[int, int, str, dt.date], RiwayatJabatan] = {}
        ids = [p.pk for p in self.pegawai.values()]
        for chunk in batched(ids, 2000):
            for riwayat in RiwayatJabatan.objects.filter(pegawai_id__in=chunk):
                key = (riwayat.pegawai_id, riwayat.formasi_id, riwayat.jenis, riwayat.tmt_mulai)
                self.existing[key] = riwayat

    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        errors: list[tuple[str, str]] = []
        nip, repair = self.resolve_nip(values)
        pegawai = self.pegawai.get(nip)
        if pegawai is None:
            errors.append(("nip", _("Pegawai dengan NIP %(n)s tidak ditemukan.") % {"n": nip}))
        formasi = self.formasi.get((values["kode_unit"], values["kode_jabatan"]))
        if formasi is None:
            errors.append(
                (
                    "kode_jabatan",
                    _(
                        "Formasi jabatan %(j)s di unit %(u)s belum ada; impor formasi "
                        "terlebih dahulu."
                    )
                    % {"j": values["kode_jabatan"], "u": values["kode_unit"]},
                )
            )
        elif not in_scope(self.user, formasi.unit.path):
            errors.append(("kode_unit", out_of_scope_message(formasi.unit)))
        if errors:
            raise RowInvalid(errors)
        assert pegawai is not None and formasi is not None  # each None added an error above  # nosec B101
        key = (pegawai.pk, formasi.pk, values["jenis"], values["tmt_mulai"])
        existing = self.existing.get(key)
        instance = (
            copy_row_instance(existing)
            if existing
            else new_row_instance(
                RiwayatJabatan,
                formasi=formasi,
                jenis=values["jenis"],
                tmt_mulai=values["tmt_mulai"],
            )
        )
        for name in FIELDS:
            if name in values:
                setattr(
                    instance,
                    name,
                    values[name]
                    if values[name] is not None or name in ("tmt_selesai", "tanggal_sk")
                    else "",
                )
        if existing is None:
            # pegawai is set after full_clean: the overlap check runs in bulk in finish()
            errors.extend(self.full_clean(instance, exclude=["pegawai"]))
            instance.pegawai = pegawai
        else:
            errors.extend(self.full_clean(instance, exclude=["pegawai", "formasi"]))
        if errors:
            raise RowInvalid(errors)
        result_key = f"{nip}|{formasi.pk}|{values['jenis']}|{values['tmt_mulai']}"
        if existing is None:
            return RowResult(number, result_key, CREATED, payload=instance, repair=repair)
        changes = diff(existing, {n: getattr(instance, n) for n in FIELDS})
        return RowResult(
            number, result_key, CHANGED if changes else UNCHANGED, changes, instance, repair
        )

    def finish(self, results: list[RowResult]) -> list[tuple[int | None, str, str]]:
        """Definitive periods of one pegawai may not overlap (file rows and stored rows together)."""
        periods: dict[int, list[tuple[dt.date, dt.date | None, int | None]]] = {}
        replaced = set()
        for result in results:
            riwayat: RiwayatJabatan = result.payload
            if riwayat.jenis != JenisPenugasan.DEFINITIF:
                continue
            if riwayat.pk:
                replaced.add(riwayat.pk)
            periods.setdefault(riwayat.pegawai_id, []).append(
                (riwayat.tmt_mulai, riwayat.tmt_selesai, result.number)
            )
        for riwayat in self.existing.values():
            if (
                riwayat.jenis == JenisPenugasan.DEFINITIF
                and riwayat.pk not in replaced
                and riwayat.pegawai_id in periods
            ):
                periods[riwayat.pegawai_id].append((riwayat.tmt_mulai, riwayat.tmt_selesai, None))
        errors: list[tuple[int | None, str, str]] = []
        for items in periods.values():
            items.sort(key=lambda p: p[0])
            for (start_a, end_a, row_a), (start_b, _end_b, row_b) in zip(
                items, items[1:], strict=False
            ):
                if end_a is None or end_a > start_b:
                    row = row_b if row_b is not None else row_a
                    errors.append(
                        (
                            row,
                            "tmt_mulai",
                            _(
                                "Periode jabatan definitif tumpang tindih dengan periode mulai %(t)s."
                            )
                            % {"t": display(start_a if row == row_b else start_b)},
                        )
                    )
        return errors

    def write(self, results: list[RowResult], progress: Progress) -> None:
        changed = [r.payload for r in results if r.action == CHANGED]
        for chunk in batched(changed):  # closing first frees the "one open definitive" slot
            RiwayatJabatan.objects.bulk_update(chunk, list(FIELDS))
        new = [r.payload for r in results if r.action == CREATED]
        for chunk in batched(new):
            RiwayatJabatan.objects.bulk_create(chunk)
        progress(len(results), len(results))

    def export_rows(self) -> Iterable[list[Any]]:
        rows = scope_queryset(
            RiwayatJabatan.objects.select_related("pegawai", "formasi__unit", "formasi__jabatan"),
            self.user,
            "formasi__unit__path",
        ).order_by("pegawai__nip", "tmt_mulai")
        for r in rows.iterator(chunk_size=2000):
            yield [
                r.pegawai.nip,
                r.pegawai.nama,
                r.formasi.unit.kode,
                r.formasi.jabatan.kode,
                r.jenis,
                display(r.tmt_mulai),
                display(r.tmt_selesai),
                r.nomor_sk,
                display(r.tanggal_sk),
                r.keterangan,
            ]
