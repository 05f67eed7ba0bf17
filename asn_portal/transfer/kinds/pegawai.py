"""Pegawai ASN, optionally placed on a formasi (unit + jabatan) from a TMT."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal import bulk
from asn_portal.access import (
    scope_by_current_unit,
)
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
from jabatan.golongan import GOLONGAN_PNS, GOLONGAN_PPPK
from jabatan.models import (
    Formasi,
    Jabatan,
    JenisPenugasan,
    Pegawai,
    Pendidikan,
    RiwayatJabatan,
    StatusAktif,
    StatusPegawai,
    UnitOrganisasi,
)
from jabatan.services import NIP_TIDAK_DAPAT_DIGUNAKAN

PEGAWAI_FIELDS = (
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "status",
    "golongan",
    "tmt_golongan",
    "pendidikan_terakhir",
    "status_aktif",
    "email",
)
GOLONGAN = [(g, g) for g in (*GOLONGAN_PNS, *GOLONGAN_PPPK)]


class PegawaiKind(ImportKind):
    key = "pegawai"
    label = gettext_lazy("Pegawai ASN")
    description = gettext_lazy(
        "Satu baris per pegawai, dikenali dari NIP. Pegawai baru ditempatkan pada formasi (kode "
        "unit + kode jabatan) sejak TMT jabatan; pegawai lama yang unit/jabatannya berubah "
        "dimutasi sejak TMT tersebut. Kolom yang tidak ada di berkas tidak diubah."
    )
    permissions = ("jabatan.add_pegawai", "jabatan.change_pegawai", "jabatan.add_riwayatjabatan")
    # The fewest columns of a file that registers new ASN with their rank and placement.
    placement_columns: ClassVar[tuple[str, ...]] = (
        "nip",
        "nama",
        "status",
        "golongan",
        "tmt_golongan",
        "kode_unit",
        "kode_jabatan",
        "tmt_jabatan",
    )
    columns = [
        Column(
            "nip",
            gettext_lazy("NIP"),
            required=True,
            kind="nip",
            example="198609262015051001",
            help=gettext_lazy("18 angka; boleh dengan spasi. Format sel sebagai Teks."),
        ),
        Column("nama", gettext_lazy("Nama"), required=True, example="Budi Santoso", max_length=150),
        Column("gelar_depan", gettext_lazy("Gelar depan"), example="", max_length=30),
        Column("gelar_belakang", gettext_lazy("Gelar belakang"), example="S.Kom.", max_length=50),
        Column(
            "status",
            gettext_lazy("Status kepegawaian"),
            required=True,
            kind="choice",
            choices=StatusPegawai.choices,
            example="pns",
        ),
        Column(
            "golongan",
            gettext_lazy("Golongan"),
            required=True,
            kind="choice",
            choices=GOLONGAN,
            example="III/a",
            help=gettext_lazy("PNS/CPNS I/a–IV/e; PPPK I–XVII."),
        ),
        Column(
            "tmt_golongan",
            gettext_lazy("TMT golongan"),
            kind="date",
            example="01/04/2019",
            help=gettext_lazy("dd/mm/yyyy"),
        ),
        Column(
            "pendidikan_terakhir",
            gettext_lazy("Pendidikan terakhir"),
            kind="choice",
            choices=Pendidikan.choices,
            example="s1",
        ),
        Column(
            "status_aktif",
            gettext_lazy("Keaktifan"),
            kind="choice",
            choices=StatusAktif.choices,
            example="aktif",
        ),
        Column("email", gettext_lazy("E-mail"), example="budi@example.go.id", max_length=254),
        Column(
            "kode_unit",
            gettext_lazy("Kode unit"),
            example="A",
            help=gettext_lazy("Wajib bagi Operator OPD untuk pegawai baru."),
        ),
        Column("kode_jabatan", gettext_lazy("Kode jabatan"), example="J00001"),
        Column(
            "tmt_jabatan",
            gettext_lazy("TMT jabatan"),
            kind="date",
            example="01/05/2015",
            help=gettext_lazy("dd/mm/yyyy; wajib bila unit/jabatan diisi."),
        ),
        Column(
            "nomor_sk", gettext_lazy("Nomor SK jabatan"), example="800/12/BKD/2015", max_length=100
        ),
    ]

    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        nips = self.load_nips(rows)
        unit_codes, jabatan_codes = set(), set()
        for _number, values in rows:
            if values.get("kode_unit"):
                unit_codes.add(values["kode_unit"])
            if values.get("kode_jabatan"):
                jabatan_codes.add(values["kode_jabatan"])
        self.pegawai: dict[str, Pegawai] = {}
        for chunk in batched(sorted(nips), 10_000):
            for pegawai in Pegawai.objects.filter(bulk.any_of(Pegawai, "nip", chunk)).order_by():
                self.pegawai[pegawai.nip] = pegawai
        ids = [p.pk for p in self.pegawai.values()]
        self.current: dict[int, RiwayatJabatan] = {}
        self.bounds: dict[int, tuple[dt.date | None, dt.date | None]] = {}
        for chunk in batched(ids, 10_000):
            of_chunk = bulk.any_of(RiwayatJabatan, "pegawai", chunk)
            for riwayat in (
                RiwayatJabatan.objects.definitif()
                .filter(of_chunk, tmt_selesai__isnull=True)
                .select_related("formasi__unit", "formasi__jabatan")
            ):
                self.current[riwayat.pegawai_id] = riwayat
            for row in (
                RiwayatJabatan.objects.definitif()
                .filter(of_chunk)
                .values("pegawai_id")
                .annotate(mulai=Max("tmt_mulai"), selesai=Max("tmt_selesai"))
            ):
                self.bounds[row["pegawai_id"]] = (row["mulai"], row["selesai"])
        # Units and jabatan of another instansi answer like missing ones.
        self.units = {
            u.kode: u for u in self.own(UnitOrganisasi.objects.filter(kode__in=unit_codes))
        }
        self.jabatan = {
            j.kode: j for j in self.own(Jabatan.objects.filter(kode__in=jabatan_codes), shared=True)
        }
        self.formasi = {
            (f.unit_id, f.jabatan_id): f
            for f in Formasi.objects.filter(
                unit__kode__in=unit_codes, jabatan__kode__in=jabatan_codes
            )
        }

    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        errors: list[tuple[str, str]] = []
        nip, repair = self.resolve_nip(values)
        existing = self.pegawai.get(nip)
        instance = (
            new_row_instance(Pegawai, nip=nip, instansi_id=self.instansi_id)
            if existing is None
            else copy_row_instance(existing)
        )
        for name in PEGAWAI_FIELDS:
            if name in values:
                new = values[name]
                if name == "status_aktif" and not new:
                    new = existing.status_aktif if existing else StatusAktif.AKTIF
                setattr(instance, name, new if new is not None or name == "tmt_golongan" else "")
        # the instansi is the importer's (set above), not a cell: no lookup per row
        errors.extend(self.full_clean(instance, exclude=["user", "instansi"]))

        unit = jabatan = None
        kode_unit, kode_jabatan = values.get("kode_unit"), values.get("kode_jabatan")
        if kode_unit:
            unit = self.units.get(kode_unit)
            if unit is None:
                errors.append(
                    ("kode_unit", _("Unit dengan kode %(k)s tidak ditemukan.") % {"k": kode_unit})
                )
            elif not in_scope(self.user, unit.path):
                errors.append(("kode_unit", out_of_scope_message(unit)))
        if kode_jabatan:
            jabatan = self.jabatan.get(kode_jabatan)
            if jabatan is None:
                errors.append(
                    (
                        "kode_jabatan",
                        _("Jabatan dengan kode %(k)s tidak ditemukan.") % {"k": kode_jabatan},
                    )
                )
        if bool(kode_unit) != bool(kode_jabatan):
            missing = "kode_jabatan" if kode_unit else "kode_unit"
            errors.append((missing, _("Kode unit dan kode jabatan diisi bersama-sama.")))

        current = self.current.get(existing.pk) if existing else None
        other_instansi = existing is not None and not self.of_import(existing.instansi_id)
        if other_instansi:  # said as for any NIP outside reach, without telling where
            errors.append(("nip", str(NIP_TIDAK_DAPAT_DIGUNAKAN)))
        outside = existing is not None and not in_scope(
            self.user, current.formasi.unit.path if current else ""
        )
        # an unplaced ASN may be claimed by an operator who places them in one of their units
        if outside and not other_instansi and (current is not None or not kode_unit):
            errors.append(
                ("nip", _("Pegawai dengan NIP ini terdaftar di unit di luar kewenangan Anda."))
            )
        if existing is None and not kode_unit and not in_scope(self.user, ""):
            errors.append(
                ("kode_unit", _("Wajib diisi: pegawai baru harus ditempatkan di unit Anda."))
            )

        placement: dict[str, Any] | None = None
        changes = (
            diff(existing, {n: getattr(instance, n) for n in PEGAWAI_FIELDS}) if existing else {}
        )
        if unit is not None and jabatan is not None:
            tmt = values.get("tmt_jabatan")
            same = current is not None and (
                current.formasi.unit_id,
                current.formasi.jabatan_id,
            ) == (unit.pk, jabatan.pk)
            formasi = self.formasi.get((unit.pk, jabatan.pk))
            if not same:
                if tmt is None:
                    errors.append(("tmt_jabatan", _("Wajib diisi bila unit dan jabatan diisi.")))
                elif existing is not None:
                    mulai, selesai = self.bounds.get(existing.pk, (None, None))
                    if mulai and tmt <= mulai:
                        errors.append(
                            (
                                "tmt_jabatan",
                                _("Harus sesudah TMT jabatan definitif terakhir (%(t)s).")
                                % {"t": display(mulai)},
                            )
                        )
                    elif selesai and current is None and tmt < selesai:
                        errors.append(
                            (
                                "tmt_jabatan",
                                _("Tumpang tindih dengan jabatan definitif yang berakhir %(t)s.")
                                % {"t": display(selesai)},
                            )
                        )
                if formasi is not None and not formasi.aktif:
                    errors.append(
                        ("kode_jabatan", _("Formasi %(f)s tidak aktif.") % {"f": formasi})
                    )
                if instance.status_aktif != StatusAktif.AKTIF:
                    errors.append(
                        ("status_aktif", _("Hanya pegawai aktif yang dapat ditempatkan."))
                    )
                placement = {
                    "unit": unit.pk,
                    "jabatan": jabatan.pk,
                    "tmt": tmt,
                    "nomor_sk": values.get("nomor_sk", ""),
                    "close": current,
                }
                old = (
                    f"{current.formasi.jabatan.nama} — {current.formasi.unit.nama}"
                    if current
                    else ""
                )
                changes["penempatan"] = [old, f"{jabatan.nama} — {unit.nama} ({display(tmt)})"]
        if errors:
            raise RowInvalid(errors)
        action = CREATED if existing is None else CHANGED if changes else UNCHANGED
        return RowResult(
            number=number,
            key=nip,
            action=action,
            changes=changes,
            payload={"instance": instance, "placement": placement},
            repair=repair,
        )

    def write(self, results: list[RowResult], progress: Progress) -> None:
        # COPY for the new rows and one UPDATE … FROM (VALUES …) for the changed ones
        # (asn_portal.bulk): Django's batches prepare every value through the field API.
        total = len(results)
        new = [r.payload["instance"] for r in results if r.action == CREATED]
        bulk.copy_insert(Pegawai, new)
        progress(len(new), total)
        changed = [r.payload["instance"] for r in results if r.action == CHANGED]
        now = _now()
        for instance in changed:
            instance.updated_at = now
        bulk.bulk_update(Pegawai, changed, [*PEGAWAI_FIELDS, "updated_at"])
        progress(len(new) + len(changed), total)
        placements = [
            (r.payload["instance"], r.payload["placement"])
            for r in results
            if r.payload["placement"]
        ]
        if not placements:
            progress(total, total)
            return
        unsaved = [p.nip for p, _placement in placements if p.pk is None]  # COPY returns no ids
        ids: dict[str, int] = {}
        for chunk in batched(unsaved, 10_000):
            ids.update(
                Pegawai.objects.filter(bulk.any_of(Pegawai, "nip", chunk))
                .order_by()
                .values_list("nip", "pk")
            )
        for pegawai, _placement in placements:
            if pegawai.pk is None:
                pegawai.pk = ids[pegawai.nip]
        wanted = {(p["unit"], p["jabatan"]) for _x, p in placements}
        missing = [
            Formasi(unit_id=u, jabatan_id=j) for u, j in wanted if (u, j) not in self.formasi
        ]
        for chunk in batched(missing):
            Formasi.objects.bulk_create(chunk)
        if missing:
            unit_ids = {u for u, _j in wanted}
            self.formasi = {
                (f.unit_id, f.jabatan_id): f for f in Formasi.objects.filter(unit_id__in=unit_ids)
            }
        closes = []
        for _pegawai, p in placements:
            if p["close"] is not None:
                riwayat = p["close"]
                riwayat.tmt_selesai = p["tmt"]
                closes.append(riwayat)
        bulk.bulk_update(RiwayatJabatan, closes, ["tmt_selesai"])
        # The new assignments as plain rows (no model instance each), every column as an INSERT
        # of RiwayatJabatan(...) with these values writes it.
        same = {
            "jenis": JenisPenugasan.DEFINITIF.value,
            "tmt_selesai": None,
            "tanggal_sk": None,
            "keterangan": _("Impor data"),
            "created_at": _now(),
        }
        bulk.copy_values(
            RiwayatJabatan,
            (
                {
                    **same,
                    "pegawai_id": pegawai.pk,
                    "formasi_id": self.formasi[(p["unit"], p["jabatan"])].pk,
                    "tmt_mulai": p["tmt"],
                    "nomor_sk": p["nomor_sk"] or "",
                }
                for pegawai, p in placements
            ),
        )
        progress(total, total)

    def export_rows(self) -> Iterable[list[Any]]:

        current = RiwayatJabatan.objects.filter(
            pegawai_id=OuterRef("pk"), jenis=JenisPenugasan.DEFINITIF, tmt_selesai__isnull=True
        )
        rows = Pegawai.objects.annotate(
            unit_path=Subquery(current.values("formasi__unit__path")[:1]),
            kode_unit=Subquery(current.values("formasi__unit__kode")[:1]),
            kode_jabatan=Subquery(current.values("formasi__jabatan__kode")[:1]),
            tmt_jabatan=Subquery(current.values("tmt_mulai")[:1]),
            nomor_sk_jabatan=Subquery(current.values("nomor_sk")[:1]),
        ).order_by("nip")
        rows = scope_by_current_unit(rows, self.user, "unit_path", "instansi")
        for p in rows.iterator(chunk_size=2000):
            yield [
                p.nip,
                p.nama,
                p.gelar_depan,
                p.gelar_belakang,
                p.status,
                p.golongan,
                display(p.tmt_golongan),
                p.pendidikan_terakhir,
                p.status_aktif,
                p.email,
                p.kode_unit or "",
                p.kode_jabatan or "",
                display(p.tmt_jabatan),
                p.nomor_sk_jabatan or "",
            ]


def _now() -> dt.datetime:
    return timezone.now()
