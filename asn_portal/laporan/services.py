"""Writes of the reform-progress reports: request, generate (claim → build → swap), publish,
notify. Views, the admin, the API and the Celery tasks all go through these functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal import jobs
from asn_portal.access import (
    can_manage_unit,
    instansi_of_new_rows,
    instansi_wilayah_ids,
    may_request_rekap_report,
    may_request_whole_report,
    sees_every_instansi,
)
from asn_portal.laporan.models import (
    LINGKUP_PROVINSI,
    LINGKUP_REKAP,
    LanggananLaporan,
    Laporan,
    StatusLaporan,
    jenis_laporan,
)
from asn_portal.laporan.pdf import render_pdf
from asn_portal.laporan.sections import Konteks, kompetensi, pelayanan, penataan, ringkasan
from asn_portal.laporan.selectors import laporan_for_user
from asn_portal.laporan.xlsx import render_xlsx
from asn_portal.periode import Periode, periode_selesai_terakhir
from asn_portal.progress import progress_set
from asn_portal.roles import ADMIN_BKD, user_has_role
from jabatan.abk import konvensi as abk_konvensi
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import Instansi, JenisInstansi, UnitOrganisasi
from survei.ikm import BOBOT_LABEL

logger = logging.getLogger(__name__)

# (key, module, title): the order in which sections are built and shown.
SECTIONS: list[tuple[str, Any, str]] = [
    ("penataan", penataan, "Penataan jabatan"),
    ("kompetensi", kompetensi, "Pengembangan kompetensi"),
    ("pelayanan", pelayanan, "Pelayanan publik"),
]

Progress = Callable[[int, str], None]
PROGRESS_KIND = "laporan"


# --- content ---------------------------------------------------------------------------------------
def lingkup_kunci(unit: UnitOrganisasi | None, *, rekap: bool = False) -> str:
    if rekap:
        return LINGKUP_REKAP
    return str(unit.pk) if unit is not None else LINGKUP_PROVINSI


def konvensi() -> dict[str, str]:
    """The conventions the numbers were computed with, printed on every report."""

    bup = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in settings.BATAS_USIA_PENSIUN.items())
    return {
        "abk": abk_konvensi(),
        "ikm": _(
            "IKM menurut PermenPANRB 14/2017 dengan %(bobot)s; NRR dibulatkan 4 desimal, IKM 2 desimal "
            "(setengah ke atas); mutu dari IKM skala 25–100."
        )
        % {"bobot": BOBOT_LABEL[settings.SURVEI_IKM_BOBOT]},
        "jp": _(
            "Hak pengembangan kompetensi minimal %(jp)s JP per tahun kalender (1 JP = 45 menit); "
            "pelatihan dihitung pada tahun selesai dan hanya yang terverifikasi sebelum akhir periode."
        )
        % {"jp": settings.JP_MINIMUM_PER_TAHUN},
        "pensiun": _(
            "Batas usia pensiun (UU 20/2023): %(bup)s; pensiun berlaku tanggal 1 bulan berikutnya."
        )
        % {"bup": bup},
        "per_tanggal": _(
            "Semua angka per akhir periode: jabatan menurut TMT riwayat jabatan, catatan menurut "
            "tanggalnya (dicatat/diverifikasi/diterima sebelum akhir periode, WIB). Uraian tugas ABK "
            "tidak berversi: kebutuhan memakai ABK yang berlaku saat laporan disusun."
        ),
    }


def _meta(periode: Periode, *, lingkup: str, lingkup_kode: str) -> dict[str, Any]:
    return {
        "periode": periode.label,
        "kode_periode": periode.kode,
        "jenis": jenis_laporan(periode),
        "awal": periode.awal.isoformat(),
        "akhir": periode.akhir.isoformat(),
        "lingkup": lingkup,
        "lingkup_kode": lingkup_kode,
        "periode_sebelumnya": periode.sebelumnya().label,
    }


def laporan_data_compute(
    *,
    periode: Periode,
    unit: UnitOrganisasi | None,
    instansi: Instansi | None = None,
    progress: Progress | None = None,
    rekap: bool = False,
) -> dict[str, Any]:
    """Every number of the report, JSON-ready and free of generation timestamps (so that the same
    period and scope give the same data and hash again). The scope is ``unit``'s subtree, or
    with ``unit=None`` every unit of ``instansi`` (the first instansi when not given); never
    another instansi's units. ``rekap``: the province report of ``instansi``, one section per
    instansi of its province (``asn_portal.laporan.rekap``)."""
    if unit is not None:
        instansi = unit.instansi
    elif instansi is None:
        instansi = Instansi.objects.get(pk=instansi_bawaan_id())
    if rekap:
        return _rekap_data_compute(periode=periode, instansi=instansi, progress=progress)
    ctx = Konteks(
        periode=periode,
        unit_path=unit.path if unit else "",
        unit_id=unit.pk if unit else None,
        instansi_id=instansi.pk,
    )
    step = 80 // (2 * len(SECTIONS))
    data: dict[str, Any] = {
        "meta": _meta(
            periode,
            lingkup=unit.nama if unit else instansi.lingkup_seluruh,
            lingkup_kode=unit.kode if unit else "",
        ),
        "konvensi": konvensi(),
    }
    indikator_now: dict[str, dict[str, Any]] = {}
    indikator_lalu: dict[str, dict[str, Any]] = {}
    ctx_lalu = ctx.sebelumnya()
    for index, (key, module, judul) in enumerate(SECTIONS):
        if progress:
            progress(10 + 2 * index * step, _("Menghitung bagian %(s)s") % {"s": judul})
        data[key] = module.hitung(ctx)
        indikator_now[key] = module.indikator(data[key])
        if progress:
            progress(10 + (2 * index + 1) * step, _("Menghitung pembanding %(s)s") % {"s": judul})
        indikator_lalu[key] = module.indikator(module.hitung(ctx_lalu))
    data["ringkasan"] = {
        "indikator": indikator_now,
        "indikator_sebelumnya": indikator_lalu,
        "kalimat": ringkasan.kalimat(
            indikator_now, indikator_lalu, label_lalu=periode.sebelumnya().label
        ),
    }
    return data


def _rekap_data_compute(
    *, periode: Periode, instansi: Instansi, progress: Progress | None
) -> dict[str, Any]:
    from asn_portal.laporan.rekap import rekap_data_compute

    if progress:
        progress(10, _("Menghitung rekap lintas instansi"))
    return {
        "meta": _meta(
            periode,
            lingkup=_("Rekap lintas instansi %(nama)s") % {"nama": instansi.nama},
            lingkup_kode=instansi.kode,
        ),
        "konvensi": konvensi(),
        "rekap": rekap_data_compute(periode=periode, instansi=instansi),
    }


def hash_data(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- request -----------------------------------------------------------------------------------------
def laporan_instansi_id(
    *, unit: UnitOrganisasi | None, user: Any | None, instansi_id: int | None = None
) -> int:
    """The instansi a report belongs to: its OPD's; for a whole-instansi report the one asked
    for (the scheduler, a superuser), else the requester's (``instansi_of_new_rows``)."""
    if unit is not None:
        return int(unit.instansi_id)
    if instansi_id is not None:
        return instansi_id
    return instansi_of_new_rows(user)


def laporan_request_validate(
    *,
    jenis: str,
    tahun: int,
    nomor: int,
    unit: UnitOrganisasi | None,
    user: Any | None,
    instansi_id: int | None = None,
    rekap: bool = False,
) -> Periode:
    """Checks shared by the admin form, the API and the service; returns the period."""
    try:
        periode = Periode(tahun=tahun, jenis=jenis, nomor=nomor)
    except ValueError as exc:
        raise ValidationError({"nomor": str(exc)}) from None
    if periode.akhir >= timezone.localdate():
        raise ValidationError(
            {
                "nomor": _(
                    "Periode %(p)s belum berakhir; laporan hanya disusun untuk periode yang sudah selesai."
                )
                % {"p": periode.label}
            }
        )
    if user is not None:
        if unit is None and not may_request_whole_report(user):
            raise PermissionDenied(
                _("Hanya Admin BKD dan Verifikator yang dapat meminta laporan seluruh instansi.")
            )
        if unit is not None and not can_manage_unit(user, unit):
            raise PermissionDenied(_("Unit ini di luar kewenangan Anda."))
    if rekap:
        _rekap_request_validate(jenis=jenis, unit=unit, user=user, instansi_id=instansi_id)
    existing = Laporan.objects.filter(
        instansi_id=laporan_instansi_id(unit=unit, user=user, instansi_id=instansi_id),
        jenis=jenis,
        tahun=tahun,
        nomor=nomor,
        lingkup_kunci=lingkup_kunci(unit, rekap=rekap),
        status=StatusLaporan.TERBIT,
    ).exists()
    if existing:
        raise ValidationError(
            {
                "nomor": _(
                    "Laporan %(p)s untuk lingkup ini sudah terbit dan dibekukan; tidak dapat disusun ulang."
                )
                % {"p": periode.label}
            }
        )
    return periode


JENIS_REKAP = ("triwulanan", "tahunan")


def _rekap_request_validate(
    *, jenis: str, unit: UnitOrganisasi | None, user: Any | None, instansi_id: int | None
) -> None:
    """The province report covers a quarter or a year of a province's instansi."""
    if user is not None and not may_request_rekap_report(user):
        raise PermissionDenied(
            _("Hanya Admin BKD provinsi yang dapat meminta laporan rekap lintas instansi.")
        )
    if unit is not None:
        raise ValidationError({"unit": _("Laporan rekap lintas instansi tidak memilih OPD.")})
    if jenis not in JENIS_REKAP:
        raise ValidationError(
            {"jenis": _("Laporan rekap lintas instansi disusun per triwulan atau per tahun.")}
        )
    pemilik = laporan_instansi_id(unit=None, user=user, instansi_id=instansi_id)
    if not Instansi.objects.filter(pk=pemilik, jenis=JenisInstansi.PROVINSI).exists():
        raise ValidationError(
            {"jenis": _("Laporan rekap lintas instansi hanya disusun untuk instansi provinsi.")}
        )


def laporan_request(
    *,
    jenis: str,
    tahun: int,
    nomor: int,
    unit: UnitOrganisasi | None = None,
    user: Any | None = None,
    enqueue: bool = True,
    instansi_id: int | None = None,
    rekap: bool = False,
) -> Laporan:
    """Get or create the one report of this kind, period and scope, queue it and enqueue the
    build after commit (``enqueue=False``: the caller builds it). A published report is frozen
    and refused. ``instansi_id`` names the instansi of a whole-instansi report made for the
    system or a superuser (:func:`laporan_instansi_id`); staff always get their own."""
    if user is not None and not sees_every_instansi(user):
        instansi_id = None
    periode = laporan_request_validate(
        jenis=jenis,
        tahun=tahun,
        nomor=nomor,
        unit=unit,
        user=user,
        instansi_id=instansi_id,
        rekap=rekap,
    )
    kunci = lingkup_kunci(unit, rekap=rekap)
    # get_or_create under the unique constraint: when two requests race, the loser's INSERT
    # fails and Django reads the winner's row instead, so there is never a duplicate.
    laporan, _created = Laporan.objects.get_or_create(
        instansi_id=laporan_instansi_id(unit=unit, user=user, instansi_id=instansi_id),
        jenis=jenis,
        tahun=tahun,
        nomor=nomor,
        lingkup_kunci=kunci,
        defaults={"unit": unit, "tanggal_awal": periode.awal, "tanggal_akhir": periode.akhir},
    )
    with transaction.atomic():
        laporan = Laporan.objects.select_for_update().get(pk=laporan.pk)
        if laporan.is_beku:
            raise ValidationError({"nomor": _("Laporan ini sudah terbit dan dibekukan.")})
        building = laporan.heartbeat_at is not None and laporan.heartbeat_at >= jobs.stale_before()
        if not building:
            # A ready report stays ready (and visible) while its new build waits and runs.
            if laporan.status != StatusLaporan.SIAP:
                laporan.status = StatusLaporan.ANTRE
            laporan.progres = 0
            laporan.langkah = _("Menunggu worker")
            laporan.pesan_galat = ""
        laporan.diminta_pada = timezone.now()
        if user is not None and user.is_authenticated:
            laporan.diminta_oleh = user
        laporan.save(
            update_fields=[
                "status",
                "progres",
                "langkah",
                "pesan_galat",
                "diminta_oleh",
                "diminta_pada",
                "updated_at",
            ]
        )
        if enqueue:
            laporan.enqueued = _enqueue_generate(laporan.pk)  # type: ignore[attr-defined]
    return laporan


def _enqueue_generate(pk: int) -> jobs.Enqueued:
    from asn_portal.laporan.tasks import laporan_generate_task  # tasks import this module

    return jobs.enqueue_on_commit(laporan_generate_task, pk)


def laporan_requeue(*, now: dt.datetime | None = None) -> int:
    """The outbox: enqueue again every requested build nobody works on (its message was never
    sent, or its worker died: heartbeat stale) once it has waited long enough."""
    from asn_portal.laporan.tasks import laporan_generate_task

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS)
    pks = list(
        Laporan.objects.filter(diminta_pada__lt=cutoff)
        .exclude(status=StatusLaporan.TERBIT)
        .filter(jobs.not_beating(now))
        .values_list("pk", flat=True)[:200]
    )
    sent = 0
    for pk in pks:
        if not jobs.enqueue(laporan_generate_task, pk):
            break  # broker still down: the next sweep tries again
        Laporan.objects.filter(pk=pk).update(diminta_pada=now)
        sent += 1
    return sent


def laporan_catch_up(*, now: dt.datetime | None = None) -> int:
    """Request the scheduled province reports of recently ended periods that do not exist (their
    beat run was lost during an outage). Reports are unique per period, so this is idempotent."""
    from django_celery_beat.models import PeriodicTask

    now = now or timezone.now()
    kinds: set[str] = set()
    for args in PeriodicTask.objects.filter(
        task="asn_portal.laporan.terjadwal", enabled=True
    ).values_list("args", flat=True):
        try:
            kinds.update(str(a) for a in json.loads(args or "[]")[:1])
        except ValueError:
            continue
    requested = 0
    for jenis in sorted(kinds):
        sasaran = sasaran_terjadwal(jenis)
        periode = periode_selesai_terakhir(jenis, now)
        for _i in range(settings.LAPORAN_SUSUL_PERIODE):
            ada = set(
                Laporan.objects.filter(
                    jenis=jenis,
                    tahun=periode.tahun,
                    nomor=periode.nomor,
                    lingkup_kunci__in=[LINGKUP_PROVINSI, LINGKUP_REKAP],
                ).values_list("instansi_id", "lingkup_kunci")
            )
            for instansi_id, rekap in sasaran:
                if (instansi_id, lingkup_kunci(None, rekap=rekap)) not in ada:
                    laporan_request(
                        jenis=jenis,
                        tahun=periode.tahun,
                        nomor=periode.nomor,
                        instansi_id=instansi_id,
                        rekap=rekap,
                    )
                    logger.info(
                        "Laporan %s %s instansi %s%s disusulkan",
                        jenis,
                        periode.kode,
                        instansi_id,
                        " (rekap)" if rekap else "",
                    )
                    requested += 1
            periode = periode.sebelumnya()
    return requested


def sasaran_terjadwal(jenis: str) -> list[tuple[int, bool]]:
    """What the schedule makes for a period of ``jenis``, as ``(instansi id, rekap)``: the
    whole-instansi report of every instansi that has units of its own, and for a quarter or a
    year the province report of every province with instansi under its code."""
    punya_unit = Exists(UnitOrganisasi.objects.filter(instansi_id=OuterRef("pk"), depth=1))
    sasaran = [
        (pk, False)
        for pk in Instansi.objects.filter(punya_unit).order_by("pk").values_list("pk", flat=True)
    ]
    if jenis in JENIS_REKAP:
        provinsi = Instansi.objects.filter(jenis=JenisInstansi.PROVINSI).order_by("pk")
        sasaran += [
            (item.pk, True)
            for item in provinsi.only("pk", "kode")
            if len(instansi_wilayah_ids(item.kode)) > 1  # it has instansi under its code
        ]
    return sasaran


# --- generate ----------------------------------------------------------------------------------------
def _claim(laporan_id: int) -> tuple[Laporan, str] | None:
    """One conditional UPDATE: only a requested build that nobody works on is taken, so a second
    delivery of the same message (or a concurrent one) does nothing."""
    token = uuid.uuid4().hex
    now = timezone.now()
    claimed = (
        Laporan.objects.filter(pk=laporan_id, diminta_pada__isnull=False)
        .exclude(status=StatusLaporan.TERBIT)
        .filter(jobs.not_beating(now))
        .update(
            token_proses=token,
            heartbeat_at=now,
            status=Case(
                When(status=StatusLaporan.SIAP, then=Value(StatusLaporan.SIAP)),
                default=Value(StatusLaporan.PROSES),
            ),
            progres=5,
            langkah=_("Mulai menyusun"),
            pesan_galat="",
            updated_at=now,
        )
    )
    if not claimed:
        if not Laporan.objects.filter(pk=laporan_id).exists():
            raise Laporan.DoesNotExist
        return None
    laporan = Laporan.objects.select_related("unit", "instansi").get(pk=laporan_id)
    progress_set(PROGRESS_KIND, laporan_id, status=laporan.status, done=5, total=100)
    return laporan, token


def _progress_for(laporan_id: int, token: str) -> Progress:
    def progress(percent: int, langkah: str) -> None:
        percent = min(percent, 99)
        progress_set(
            PROGRESS_KIND,
            laporan_id,
            status=StatusLaporan.PROSES,
            done=percent,
            total=100,
            step=langkah,
        )
        Laporan.objects.filter(pk=laporan_id, token_proses=token).update(
            progres=percent,
            langkah=langkah[:200],
            heartbeat_at=timezone.now(),
            updated_at=timezone.now(),
        )

    return progress


def _files_delete(names: list[str]) -> None:
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Berkas laporan %s tidak dapat dihapus", name)


def laporan_generate(*, laporan_id: int, last_attempt: bool = True) -> Laporan | None:
    """Build the report and swap it in atomically.

    The run claims the row (conditional UPDATE, see :func:`_claim`) and keeps its heartbeat
    fresh. It computes the data and renders the files into new, unique file names, then, in one
    transaction under the row lock, publishes them only if its claim is still the latest and the
    report is not frozen. A ready report stays visible with its previous content until then. A run
    that dies midway leaves the row requested with a stale heartbeat: the sweep enqueues it again.
    Returns ``None`` when there was nothing to build (frozen, not requested, or another run holds
    it). ``last_attempt=False`` keeps the request open after a failure, for the task's retry.
    """

    claimed = _claim(laporan_id)
    if claimed is None:
        return None
    laporan, token = claimed
    progress = _progress_for(laporan_id, token)
    new_files: list[str] = []
    try:
        with jobs.heartbeat(Laporan, laporan_id):
            data = laporan_data_compute(
                periode=laporan.periode,
                unit=laporan.unit,
                instansi=laporan.instansi,
                progress=progress,
                rekap=laporan.lingkup_kunci == LINGKUP_REKAP,
            )
            hash_konten = hash_data(data)
            progress(90, _("Menyusun PDF"))
            pdf_bytes = render_pdf(laporan=laporan, data=data, hash_konten=hash_konten)
            progress(95, _("Menyusun XLSX"))
            xlsx_bytes = render_xlsx(laporan=laporan, data=data, hash_konten=hash_konten)
        base = f"laporan/{laporan.periode.kode}-{laporan.lingkup_kunci}-{token[:12]}"
        new_files.append(default_storage.save(f"{base}.pdf", ContentFile(pdf_bytes)))
        new_files.append(default_storage.save(f"{base}.xlsx", ContentFile(xlsx_bytes)))
        with transaction.atomic():
            current = Laporan.objects.select_for_update().get(pk=laporan_id)
            if current.token_proses != token or current.is_beku:
                transaction.on_commit(lambda: _files_delete(new_files))
                return None
            old_files: list[str] = [current.pdf.name or "", current.xlsx.name or ""]
            current.data = data
            current.hash_konten = hash_konten
            current.pdf.name, current.xlsx.name = new_files
            current.hash_pdf = hashlib.sha256(pdf_bytes).hexdigest()
            current.status = StatusLaporan.SIAP
            current.progres = 100
            current.langkah = _("Selesai")
            current.token_proses = ""  # nosec B105  # clears a job token, not a password
            current.heartbeat_at = None
            current.diminta_pada = None
            current.versi += 1
            current.selesai_pada = timezone.now()
            current.save()
            transaction.on_commit(
                lambda: _files_delete([n for n in old_files if n not in new_files])
            )
            transaction.on_commit(lambda: _enqueue_notify(laporan_id))
        progress_set(PROGRESS_KIND, laporan_id, status=StatusLaporan.SIAP, done=100, total=100)
        return current
    except Exception as exc:
        _files_delete(new_files)
        changes: dict[str, Any] = {
            "langkah": _("Gagal"),
            "pesan_galat": f"{type(exc).__name__}: {exc}"[:2000],
            "heartbeat_at": None,
            "token_proses": "",  # nosec B105
            "updated_at": timezone.now(),
        }
        if last_attempt:
            changes["diminta_pada"] = None
        mine = Laporan.objects.filter(pk=laporan_id, token_proses=token)
        # A ready report keeps its previous content and stays "siap"; the message tells why the
        # rebuild failed.
        mine.exclude(status=StatusLaporan.SIAP).update(status=StatusLaporan.GAGAL, **changes)
        mine.update(**changes)
        progress_set(
            PROGRESS_KIND, laporan_id, status=StatusLaporan.GAGAL, message=changes["pesan_galat"]
        )
        raise


# --- publish -----------------------------------------------------------------------------------------
def can_publish(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user_has_role(user, ADMIN_BKD)))


@transaction.atomic
def laporan_publish(*, laporan: Laporan, user: Any) -> Laporan:
    """Freeze a ready report: it can no longer be regenerated or changed."""
    if not can_publish(user):
        raise PermissionDenied(_("Hanya Admin BKD yang dapat menerbitkan laporan."))
    laporan = Laporan.objects.select_for_update().get(pk=laporan.pk)
    if laporan.status != StatusLaporan.SIAP:
        raise ValidationError({"status": _("Hanya laporan berstatus siap yang dapat diterbitkan.")})
    laporan.status = StatusLaporan.TERBIT
    laporan.diterbitkan_oleh = user
    laporan.diterbitkan_pada = timezone.now()
    laporan.save(update_fields=["status", "diterbitkan_oleh", "diterbitkan_pada", "updated_at"])
    return laporan


# --- notify ------------------------------------------------------------------------------------------
def _enqueue_notify(pk: int) -> None:
    from asn_portal.laporan.tasks import laporan_notify_task  # tasks import this module

    jobs.enqueue(laporan_notify_task, pk)


def laporan_notify(*, laporan_id: int) -> int:
    """E-mail every active subscriber who may see the report, one message each (no address of
    one staff member is shown to another). Returns the number of messages sent."""

    laporan = Laporan.objects.select_related("unit").get(pk=laporan_id)
    if not laporan.is_terlihat:
        return 0
    langganan = (
        LanggananLaporan.objects.filter(aktif=True, user__is_active=True)
        .exclude(user__email="")
        .filter(jenis__in=["", laporan.jenis])
        .select_related("user")
        .order_by("user_id")
    )
    link = settings.SITE_URL.rstrip("/") + reverse("laporan:detail", args=[laporan.pk])
    subject = _("[ASN Portal] %(judul)s — %(periode)s — %(lingkup)s siap") % {
        "judul": laporan.judul,
        "periode": laporan.periode.label,
        "lingkup": laporan.lingkup_label,
    }
    body = _(
        "Laporan berikut sudah selesai disusun:\n\n%(judul)s\nPeriode: %(periode)s\nLingkup: %(lingkup)s\n"
        "Hash SHA-256 isi: %(hash)s\n\nBuka laporan: %(link)s\n"
    ) % {
        "judul": laporan.judul,
        "periode": laporan.periode.label,
        "lingkup": laporan.lingkup_label,
        "hash": laporan.hash_konten,
        "link": link,
    }
    messages = []
    seen: set[int] = set()
    for item in langganan:
        if (
            item.user_id in seen
            or not laporan_for_user(user=item.user).filter(pk=laporan.pk).exists()
        ):
            continue
        seen.add(item.user_id)
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [item.user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
