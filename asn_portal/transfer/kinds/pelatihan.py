"""Riwayat pelatihan: completed trainings recorded by BKD staff (counted towards the 20 JP)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.access import scope_by_current_unit
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
)
from jabatan.models import JenisPenugasan, Pegawai, RiwayatJabatan
from pelatihan.models import (
    JenisProgram,
    Metode,
    ProgramPelatihan,
    RiwayatPelatihan,
    StatusRiwayat,
    SumberRiwayat,
)

FIELDS = (
    "jenis",
    "metode",
    "penyelenggara",
    "tanggal_selesai",
    "jp",
    "hasil",
    "nomor_sertifikat",
    "program",
)


class PelatihanKind(ImportKind):
    key = "pelatihan"
    label = gettext_lazy("Riwayat pelatihan")
    description = gettext_lazy(
        "Satu baris per pelatihan yang telah selesai, dikenali dari NIP, nama pelatihan dan tanggal "
        "mulai. Catatan yang diimpor staf BKD langsung terverifikasi dan dihitung dalam JP tahun "
        "tanggal selesai."
    )
    permissions = ("pelatihan.add_riwayatpelatihan", "pelatihan.change_riwayatpelatihan")
    columns = [
        Column("nip", gettext_lazy("NIP"), required=True, kind="nip", example="198609262015051001"),
        NAMA_PEMBANDING,
        Column(
            "nama_pelatihan",
            gettext_lazy("Nama pelatihan"),
            required=True,
            example="Pelatihan Kepemimpinan Pengawas",
            max_length=200,
        ),
        Column(
            "jenis",
            gettext_lazy("Jenis"),
            required=True,
            kind="choice",
            choices=JenisProgram.choices,
            example=JenisProgram.choices[0][0],
        ),
        Column(
            "metode",
            gettext_lazy("Metode"),
            required=True,
            kind="choice",
            choices=Metode.choices,
            example=Metode.choices[0][0],
        ),
        Column(
            "penyelenggara",
            gettext_lazy("Penyelenggara"),
            required=True,
            example="BPSDM Provinsi",
            max_length=200,
        ),
        Column(
            "tanggal_mulai",
            gettext_lazy("Tanggal mulai"),
            required=True,
            kind="date",
            example="03/03/2025",
        ),
        Column(
            "tanggal_selesai",
            gettext_lazy("Tanggal selesai"),
            required=True,
            kind="date",
            example="07/03/2025",
        ),
        Column(
            "jp",
            gettext_lazy("JP"),
            required=True,
            kind="int",
            example=40,
            help=gettext_lazy("1 JP = 45 menit"),
        ),
        Column("kode_program", gettext_lazy("Kode program katalog"), example=""),
        Column("hasil", gettext_lazy("Hasil/predikat"), example="Memuaskan", max_length=100),
        Column("nomor_sertifikat", gettext_lazy("Nomor sertifikat"), example="", max_length=100),
    ]

    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        nips = self.load_nips(rows)
        self.pegawai: dict[str, Pegawai] = {}
        for chunk in batched(sorted(nips), 2000):
            self.pegawai.update(  # an ASN of another instansi answers like a missing NIP
                {p.nip: p for p in self.own(Pegawai.objects.filter(nip__in=chunk))}
            )
        ids = [p.pk for p in self.pegawai.values()]
        self.unit_paths: dict[int, str] = {}
        self.existing: dict[tuple[int, str, Any], RiwayatPelatihan] = {}
        for chunk in batched(ids, 2000):
            self.unit_paths.update(
                RiwayatJabatan.objects.filter(
                    pegawai_id__in=chunk, jenis=JenisPenugasan.DEFINITIF, tmt_selesai__isnull=True
                ).values_list("pegawai_id", "formasi__unit__path")
            )
            for riwayat in RiwayatPelatihan.objects.filter(pegawai_id__in=chunk):
                self.existing[
                    (riwayat.pegawai_id, riwayat.nama_pelatihan.lower(), riwayat.tanggal_mulai)
                ] = riwayat
        codes = {v.get("kode_program") for _n, v in rows if v.get("kode_program")}
        self.program = {p.kode: p for p in ProgramPelatihan.objects.filter(kode__in=codes)}

    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        nip, repair = self.resolve_nip(values)
        pegawai = self.pegawai.get(nip)
        if pegawai is None:
            raise RowInvalid([("nip", _("Pegawai dengan NIP %(n)s tidak ditemukan.") % {"n": nip})])
        errors: list[tuple[str, str]] = []
        if not in_scope(self.user, self.unit_paths.get(pegawai.pk, "")):
            errors.append(
                ("nip", _("Pegawai dengan NIP ini terdaftar di unit di luar kewenangan Anda."))
            )
        program = None
        if values.get("kode_program"):
            program = self.program.get(values["kode_program"])
            if program is None:
                errors.append(
                    (
                        "kode_program",
                        _("Program dengan kode %(k)s tidak ditemukan.")
                        % {"k": values["kode_program"]},
                    )
                )
        key = (pegawai.pk, values["nama_pelatihan"].lower(), values["tanggal_mulai"])
        existing = self.existing.get(key)
        if existing is not None:
            instance = copy_row_instance(existing)
        else:
            instance = RiwayatPelatihan(
                nama_pelatihan=values["nama_pelatihan"],
                tanggal_mulai=values["tanggal_mulai"],
                sumber=SumberRiwayat.STAF,
                status=StatusRiwayat.TERVERIFIKASI,
            )
        for name in FIELDS:
            if name == "program":
                if "kode_program" in values:
                    instance.program = program
            elif name in values:
                instance_value = values[name]
                setattr(
                    instance,
                    name,
                    ""
                    if instance_value is None and name in ("hasil", "nomor_sertifikat")
                    else instance_value,
                )
        errors.extend(
            self.full_clean(instance, exclude=["pegawai", "program", "peserta", "sertifikat"])
        )
        if errors:
            raise RowInvalid(errors)
        instance.pegawai = pegawai
        result_key = f"{nip}|{key[1]}|{key[2]}"
        if existing is None:
            return RowResult(number, result_key, CREATED, payload=instance, repair=repair)
        changes = diff(existing, {n: getattr(instance, n) for n in FIELDS if n != "program"})
        if instance.program_id != existing.program_id:
            changes["program"] = [str(existing.program or ""), str(instance.program or "")]
        return RowResult(
            number, result_key, CHANGED if changes else UNCHANGED, changes, instance, repair
        )

    def write(self, results: list[RowResult], progress: Progress) -> None:
        now = timezone.now()
        new = [r.payload for r in results if r.action == CREATED]
        for riwayat in new:
            riwayat.diverifikasi_oleh = self.user
            riwayat.diverifikasi_pada = now
        for chunk in batched(new):
            RiwayatPelatihan.objects.bulk_create(chunk)
        changed = [r.payload for r in results if r.action == CHANGED]
        for riwayat in changed:
            riwayat.updated_at = now
        for chunk in batched(changed):
            RiwayatPelatihan.objects.bulk_update(chunk, [*FIELDS, "updated_at"])
        progress(len(results), len(results))

    def export_rows(self) -> Iterable[list[Any]]:

        current = RiwayatJabatan.objects.filter(
            pegawai_id=OuterRef("pegawai_id"),
            jenis=JenisPenugasan.DEFINITIF,
            tmt_selesai__isnull=True,
        ).values("formasi__unit__path")[:1]
        rows = scope_by_current_unit(
            RiwayatPelatihan.objects.annotate(unit_path=Subquery(current)).select_related(
                "pegawai", "program"
            ),
            self.user,
            "unit_path",
            "pegawai__instansi",
        ).order_by("pegawai__nip", "tanggal_mulai")
        for r in rows.iterator(chunk_size=2000):
            yield [
                r.pegawai.nip,
                r.pegawai.nama,
                r.nama_pelatihan,
                r.jenis,
                r.metode,
                r.penyelenggara,
                display(r.tanggal_mulai),
                display(r.tanggal_selesai),
                r.jp,
                r.program.kode if r.program else "",
                r.hasil,
                r.nomor_sertifikat,
            ]
