"""Reconciliation of the register with an ASN export from SIASN (columns: docs/siasn.md).

Each NIP lands in one group: cocok (every compared field equal), berbeda (field by field),
hanya di ASN Portal, hanya di SIASN. Accepting a difference writes the SIASN value through
``jabatan.services.pegawai_update`` — the same validation, scope check and audit log as an edit
in the admin.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal import jobs
from asn_portal.transfer.formats import (
    CellError,
    FileError,
    clean_text,
    detect_format,
    parse_date_cell,
    read_table,
)
from asn_portal.transfer.kinds.base import batched, display
from asn_portal.transfer.models import Kelompok, Rekonsiliasi, RekonsiliasiItem, RekonsiliasiStatus
from asn_portal.transfer.nip_cells import (
    IDENTITY_FIELDS,
    NipMatcher,
    NipUnresolved,
    NipValue,
    parse_nip_cell,
)
from asn_portal.transfer.selectors import can_write, rekonsiliasi_items
from jabatan.golongan import GOLONGAN_PNS, GOLONGAN_PPPK
from jabatan.models import (
    JenisPenugasan,
    Pegawai,
    Pendidikan,
    RiwayatJabatan,
    StatusAktif,
    StatusPegawai,
)
from jabatan.services import pegawai_update

# Our field -> (label, accepted SIASN headers after normalisation: lower case, "_" for spaces)
KOLOM: dict[str, tuple[Any, tuple[str, ...]]] = {
    "nip": (gettext_lazy("NIP"), ("nip_baru", "nip")),
    "nama": (gettext_lazy("Nama"), ("nama",)),
    "gelar_depan": (gettext_lazy("Gelar depan"), ("gelar_depan",)),
    "gelar_belakang": (gettext_lazy("Gelar belakang"), ("gelar_belakang",)),
    "status": (
        gettext_lazy("Status kepegawaian"),
        ("status_cpns_pns", "status_pegawai", "jenis_pegawai_nama"),
    ),
    "golongan": (gettext_lazy("Golongan"), ("gol_akhir_nama", "golongan", "gol_ruang_akhir")),
    "tmt_golongan": (gettext_lazy("TMT golongan"), ("tmt_golongan", "tmt_gol_akhir")),
    "pendidikan_terakhir": (
        gettext_lazy("Pendidikan terakhir"),
        ("tingkat_pendidikan_nama", "tingkat_pendidikan"),
    ),
    "email": (gettext_lazy("E-mail"), ("email", "email_gov")),
    "status_aktif": (gettext_lazy("Keaktifan"), ("kedudukan_hukum_nama", "kedudukan_hukum")),
    "tanggal_lahir": (
        gettext_lazy("Tanggal lahir (pembanding NIP)"),
        ("tanggal_lahir", "tgl_lahir"),
    ),
}
MAX_REFUSED_SHOWN = 50
COMPARED = (
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "status",
    "golongan",
    "tmt_golongan",
    "pendidikan_terakhir",
    "email",
    "status_aktif",
)

_PENDIDIKAN = {
    "sd": Pendidikan.SD,
    "sltp": Pendidikan.SMP,
    "smp": Pendidikan.SMP,
    "slta": Pendidikan.SMA,
    "sma": Pendidikan.SMA,
    "smk": Pendidikan.SMA,
    "d1": Pendidikan.D1,
    "di": Pendidikan.D1,
    "d2": Pendidikan.D2,
    "dii": Pendidikan.D2,
    "d3": Pendidikan.D3,
    "diii": Pendidikan.D3,
    "d4": Pendidikan.D4,
    "div": Pendidikan.D4,
    "s1": Pendidikan.S1,
    "s2": Pendidikan.S2,
    "s3": Pendidikan.S3,
}
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def _status(text: str) -> str:
    value = text.upper()
    if "PPPK" in value or "P3K" in value:
        return StatusPegawai.PPPK
    if value in ("C", "CPNS") or value.startswith("CPNS"):
        return StatusPegawai.CPNS
    if value in ("P", "PNS") or value.startswith("PNS"):
        return StatusPegawai.PNS
    raise CellError(_("Status kepegawaian tidak dikenal: %(v)s") % {"v": text})


def _golongan(text: str) -> str:
    value = text.replace(" ", "").replace("\\", "/")
    if "/" in value:
        head, ruang = value.split("/", 1)
        head = _ROMAN.get(head, head.upper())
        candidate = f"{head}/{ruang.lower()}"
        if candidate in GOLONGAN_PNS:
            return candidate
    if value.upper() in GOLONGAN_PPPK:
        return value.upper()
    raise CellError(_("Golongan tidak dikenal: %(v)s") % {"v": text})


def _pendidikan(text: str) -> str:
    key = text.lower().replace("-", "").replace(" ", "").replace("/", "").replace(".", "")
    key = key.replace("sederajat", "").replace("sltaumum", "slta").replace("sltakejuruan", "slta")
    for prefix, value in _PENDIDIKAN.items():
        if key == prefix:
            return value
    raise CellError(_("Tingkat pendidikan tidak dikenal: %(v)s") % {"v": text})


def _status_aktif(text: str) -> str:
    value = text.lower()
    if "pensiun" in value:
        return StatusAktif.PENSIUN
    if value.startswith("aktif") or value in ("cltn", "tugas belajar"):
        return StatusAktif.AKTIF
    return StatusAktif.BERHENTI


PARSERS = {
    "status": _status,
    "golongan": _golongan,
    "pendidikan_terakhir": _pendidikan,
    "status_aktif": _status_aktif,
}


def parse_siasn(data: bytes, filename: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows as {field: value, "_row": n}; the second value lists fields found in the header."""
    table = read_table(data, filename)
    index: dict[str, int] = {}
    for field, (_label, aliases) in KOLOM.items():
        for alias in aliases:
            if alias in table.headers:
                index[field] = table.headers.index(alias)
                break
    if "nip" not in index:
        raise FileError(_("Kolom NIP_BARU tidak ditemukan di baris judul berkas SIASN."))
    rows = []
    for number, raw in table.rows:
        row: dict[str, Any] = {"_row": number, "_errors": {}}
        for field, position in index.items():
            cell = raw[position] if position < len(raw) else None
            try:
                if field == "nip":
                    row[field] = parse_nip_cell(cell)
                elif field in ("tmt_golongan", "tanggal_lahir"):
                    row[field] = parse_date_cell(cell)
                else:
                    text = clean_text(cell)
                    row[field] = PARSERS[field](text) if field in PARSERS and text else text
            except CellError as exc:
                row["_errors"][field] = str(exc)
        rows.append(row)
    return rows, list(index)


@transaction.atomic
def rekonsiliasi_create(
    *, user: Any, upload: UploadedFile, instansi_id: int | None = None
) -> Rekonsiliasi:
    """A SIASN reconciliation of one instansi (the uploader's; a superuser names it): the file
    is compared with that instansi's register only."""
    from asn_portal.transfer.services import import_instansi

    if not can_write(user) or not user.has_perm("jabatan.change_pegawai"):
        raise PermissionDenied(_("Anda tidak berhak melakukan rekonsiliasi."))
    instansi_id = import_instansi(user, instansi_id)
    try:
        detect_format(upload.name or "")
    except FileError as exc:
        raise ValidationError({"berkas": str(exc)}) from None
    rekon = Rekonsiliasi(
        file_name=(upload.name or "")[:255],
        created_by=user,
        instansi_id=instansi_id,
    )
    rekon.file.save(upload.name or "siasn", upload, save=False)
    rekon.save()
    from asn_portal.transfer import tasks  # tasks import this module

    rekon.enqueued = jobs.enqueue_on_commit(tasks.rekonsiliasi_run, rekon.pk)  # type: ignore[attr-defined]
    return rekon


def _current_unit_paths() -> Subquery:
    return Subquery(
        RiwayatJabatan.objects.filter(
            pegawai_id=OuterRef("pk"), jenis=JenisPenugasan.DEFINITIF, tmt_selesai__isnull=True
        ).values("formasi__unit__path")[:1]
    )


def rekonsiliasi_run(*, rekonsiliasi_id: int) -> Rekonsiliasi:
    rekon = Rekonsiliasi.objects.get(pk=rekonsiliasi_id)
    rekon.file.open("rb")
    try:
        data = rekon.file.read()
    finally:
        rekon.file.close()
    try:
        rows, fields = parse_siasn(data, rekon.file_name)
    except FileError as exc:
        rekon.status = RekonsiliasiStatus.GAGAL
        rekon.message = str(exc)
        rekon.save(update_fields=["status", "message"])
        return rekon
    compared = [f for f in COMPARED if f in fields]
    with transaction.atomic():
        # The claim: a second delivery waits for the lock, then finds the run finished.
        locked = Rekonsiliasi.objects.select_for_update().filter(
            pk=rekon.pk, status=RekonsiliasiStatus.MENUNGGU
        )
        if not locked.exists():
            rekon.refresh_from_db()
            return rekon
        rekon.items.all().delete()
        register = {
            p.nip: p
            # the register of the instansi that uploaded the SIASN file (SIASN per instansi)
            for p in Pegawai.objects.filter(instansi_id=rekon.instansi_id)
            .annotate(unit_path=_current_unit_paths())
            .only("nip", "nama", *compared, "tanggal_lahir")
        }
        matcher = NipMatcher(row.get("nip") for row in rows)
        items: list[RekonsiliasiItem] = []
        seen: set[str] = set()
        unreadable = 0
        refused: list[str] = []
        for row in rows:
            value: NipValue | None = row.get("nip")
            if value is None or value.empty or "nip" in row["_errors"]:
                if "nip" in row["_errors"]:
                    refused.append(
                        _("Baris %(r)s: %(m)s") % {"r": row["_row"], "m": row["_errors"]["nip"]}
                    )
                unreadable += 1
                continue
            identity = {
                k: row[k] for k in IDENTITY_FIELDS if row.get(k) and k not in row["_errors"]
            }
            try:
                nip, repair = matcher.resolve(value, identity)
            except NipUnresolved as exc:
                refused.append(_("Baris %(r)s: %(m)s") % {"r": row["_row"], "m": exc})
                unreadable += 1
                continue
            if nip in seen:
                unreadable += 1
                continue
            seen.add(nip)
            pegawai = register.get(nip)
            if pegawai is None:
                items.append(
                    RekonsiliasiItem(
                        rekonsiliasi=rekon,
                        kelompok=Kelompok.HANYA_DI_SIASN,
                        nip=nip,
                        nama=row.get("nama", ""),
                        siasn_row=row["_row"],
                        nip_cell=repair.shown if repair else "",
                    )
                )
                continue
            perbedaan = {}
            for field in compared:
                if field in row["_errors"]:
                    continue
                ours, theirs = getattr(pegawai, field), row.get(field)
                if (ours or None) != (theirs or None):
                    perbedaan[field] = {
                        "sini": display(ours),
                        "siasn": display(theirs),
                        "nilai": theirs.isoformat() if isinstance(theirs, dt.date) else theirs,
                        "label": str(KOLOM[field][0]),
                    }
            if (
                "tanggal_lahir" in fields
                and row.get("tanggal_lahir")
                and row["tanggal_lahir"] != pegawai.tanggal_lahir
            ):
                perbedaan["tanggal_lahir"] = {
                    "sini": display(pegawai.tanggal_lahir),
                    "siasn": display(row["tanggal_lahir"]),
                    "nilai": None,
                    "label": str(KOLOM["tanggal_lahir"][0]),
                }
            items.append(
                RekonsiliasiItem(
                    rekonsiliasi=rekon,
                    kelompok=Kelompok.BERBEDA if perbedaan else Kelompok.COCOK,
                    nip=nip,
                    nama=pegawai.nama,
                    pegawai=pegawai,
                    unit_path=pegawai.unit_path or "",
                    siasn_row=row["_row"],
                    perbedaan=perbedaan,
                    nip_cell=repair.shown if repair else "",
                )
            )
        for nip, pegawai in register.items():
            if nip not in seen:
                items.append(
                    RekonsiliasiItem(
                        rekonsiliasi=rekon,
                        kelompok=Kelompok.HANYA_DI_SINI,
                        nip=nip,
                        nama=pegawai.nama,
                        pegawai=pegawai,
                        unit_path=pegawai.unit_path or "",
                    )
                )
        for chunk in batched(items, 2000):
            RekonsiliasiItem.objects.bulk_create(chunk)
        rekon.status = RekonsiliasiStatus.SELESAI
        messages = (
            [_("%(n)s baris tanpa NIP yang terbaca atau NIP ganda dilewati.") % {"n": unreadable}]
            if unreadable
            else []
        )
        messages.extend(refused[:MAX_REFUSED_SHOWN])
        if len(refused) > MAX_REFUSED_SHOWN:
            messages.append(_("… dan %(n)s baris lain.") % {"n": len(refused) - MAX_REFUSED_SHOWN})
        rekon.message = "\n".join(messages)
        rekon.save(update_fields=["status", "message"])
    return rekon


def _value(field: str, raw: Any) -> Any:
    if field == "tmt_golongan" and raw:
        return dt.date.fromisoformat(raw)
    return raw if raw is not None else ""


@transaction.atomic
def rekonsiliasi_accept(
    *,
    user: Any,
    rekonsiliasi: Rekonsiliasi,
    item_ids: list[int],
    fields: list[str] | None = None,
    confirm_reconstructed: bool = False,
) -> int:
    """Take SIASN's value for the chosen fields (all open ones when ``fields`` is None) of the
    chosen items. All-or-nothing: one value the register refuses rolls every item back. Items
    matched through a NIP Excel had cut (``nip_cell``) need ``confirm_reconstructed``."""
    if not can_write(user):
        raise PermissionDenied(_("Anda tidak berhak menerima perbedaan."))

    items = list(
        rekonsiliasi_items(user=user, rekonsiliasi=rekonsiliasi)
        .filter(pk__in=item_ids, kelompok=Kelompok.BERBEDA)
        .select_related("pegawai")
        .select_for_update(of=("self",))
    )
    if not confirm_reconstructed and any(item.nip_cell for item in items):
        raise ValidationError(
            _(
                "Sebagian butir dicocokkan dari NIP yang terpotong oleh Excel (mis. %(v)s); "
                "centang konfirmasi NIP dipulihkan untuk menerimanya. Tidak ada perubahan yang "
                "disimpan."
            )
            % {"v": next(item.nip_cell for item in items if item.nip_cell)}
        )
    accepted = 0
    now = timezone.now().isoformat()
    for item in items:
        open_fields = {k: v for k, v in item.terbuka.items() if k in COMPARED}
        chosen = {k: v for k, v in open_fields.items() if fields is None or k in fields}
        if not chosen:
            continue
        changes = {field: _value(field, diff["nilai"]) for field, diff in chosen.items()}
        assert item.pegawai is not None  # a BERBEDA item is always matched to a pegawai  # nosec B101
        try:
            pegawai_update(pegawai=item.pegawai, user=user, **changes)
        except ValidationError as exc:
            messages = (
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                if hasattr(exc, "error_dict")
                else " ".join(exc.messages)
            )
            raise ValidationError(
                _("NIP %(nip)s: nilai SIASN ditolak (%(m)s). Tidak ada perubahan yang disimpan.")
                % {"nip": item.nip, "m": messages}
            ) from None
        for field in chosen:
            item.diterima[field] = {"oleh": user.get_username(), "pada": now}
        item.save(update_fields=["diterima"])
        accepted += len(chosen)
    return accepted
