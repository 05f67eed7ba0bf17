"""Pages of impor-ekspor. Thin: check who asks, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import staff_required
from asn_portal.files import download_response
from asn_portal.jobs import warn_if_enqueue_failed
from asn_portal.progress import progress_get
from asn_portal.transfer import rekonsiliasi as rekon_service
from asn_portal.transfer import services
from asn_portal.transfer.forms import ImporUnggahForm, LembarForm, UnggahForm
from asn_portal.transfer.kinds import KINDS, get_kind
from asn_portal.transfer.models import (
    ExportStatus,
    ImportStatus,
    Kelompok,
    RekonsiliasiStatus,
)
from asn_portal.transfer.selectors import (
    can_write,
    export_logs_for_user,
    import_jobs_for_user,
    rekonsiliasi_counts,
    rekonsiliasi_for_user,
    rekonsiliasi_items,
)

View = Callable[..., HttpResponseBase]


staff_only = staff_required(login_url=reverse_lazy("admin:login"))


@staff_only
def index(request: HttpRequest) -> HttpResponse:
    kinds = [
        {"kind": kind, "allowed": services.import_allowed(request.user, kind)}
        for kind in KINDS.values()
    ]
    page = Paginator(import_jobs_for_user(user=request.user), 25).get_page(
        request.GET.get("halaman")
    )
    return render(request, "transfer/index.html", {"kinds": kinds, "page": page})


@staff_only
def impor_templat(request: HttpRequest, kind: str) -> HttpResponse:
    kind_class = get_kind(kind)
    return download_response(
        user=request.user,
        source=f"templat:{kind_class.key}",
        fmt="xlsx",
        content=services.template_workbook(kind=kind),
        filename=f"templat-impor-{kind_class.key}.xlsx",
    )


@staff_only
def impor_data(request: HttpRequest, kind: str) -> HttpResponse:
    """The user's current rows in the template layout (logged like every export)."""
    kind_class = get_kind(kind)
    if not kind_class.has_data_download or not services.import_allowed(request.user, kind_class):
        raise PermissionDenied
    content = services.template_workbook(kind=kind, user=request.user, with_data=True)
    return download_response(
        user=request.user,
        source=f"impor:{kind_class.key}",
        fmt="xlsx",
        content=content,
        filename=f"data-{kind_class.key}.xlsx",
    )


@staff_only
def impor_unggah(request: HttpRequest, kind: str) -> HttpResponse:
    kind_class = get_kind(kind)
    if not services.import_allowed(request.user, kind_class):
        raise PermissionDenied
    form = ImporUnggahForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                user=request.user,
                kind=kind,
                upload=form.cleaned_data["berkas"],
                sheet=form.cleaned_data["lembar"],
                instansi_id=form.instansi_id,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            warn_if_enqueue_failed(request, job)
            return redirect("transfer:impor_detail", pk=job.pk)
    return render(
        request, "transfer/impor_unggah.html", {"kind": kind_class(request.user), "form": form}
    )


def _job(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(import_jobs_for_user(user=request.user).defer(None), pk=pk)


def _progress(job: Any) -> dict[str, Any]:
    progress: dict[str, Any] = dict(progress_get(services.PROGRESS_KIND, job.pk) or {})
    total = progress.get("total") or job.total_rows
    done = progress.get("done", 0) if job.is_running else total
    percent = int(done * 100 / total) if total else (0 if job.is_running else 100)
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "running": job.is_running,
        "done": done,
        "total": total,
        "percent": min(percent, 100),
    }


@staff_only
def impor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    kind = get_kind(job.kind)
    return render(
        request,
        "transfer/impor_detail.html",
        {
            "job": job,
            "kind": kind(request.user),
            "progress": _progress(job),
            "can_commit": job.status == ImportStatus.PRATINJAU
            and services.import_allowed(request.user, kind),
            "can_retry": services.import_can_retry(job)
            and services.import_retry_allowed(request.user, job),
            "sheet_form": LembarForm(sheets=job.sheet_choices)
            if job.sheet_choices and job.status == ImportStatus.DITOLAK
            else None,
            "repaired": [p for p in job.preview if p.get("repair")],
            "plain": [p for p in job.preview if not p.get("repair")],
        },
    )


@staff_only
def impor_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_object_or_404(import_jobs_for_user(user=request.user), pk=pk)
    return JsonResponse(_progress(job))


def _queue_and_show(request: HttpRequest, job: Any, action: Callable[[], Any]) -> HttpResponse:
    """Run a service that (re)queues ``job``; its refusal, or an enqueue that fails after commit,
    becomes a message on the job's page."""
    try:
        queued = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        warn_if_enqueue_failed(request, queued)
    return redirect("transfer:impor_detail", pk=job.pk)


@require_POST
@staff_only
def impor_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return _queue_and_show(
        request,
        job,
        lambda: services.import_commit_request(
            job=job,
            user=request.user,
            confirm_reconstructed=request.POST.get("konfirmasi_nip") == "1",
        ),
    )


@require_POST
@staff_only
def impor_lembar(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = LembarForm(request.POST, sheets=job.sheet_choices)
    if not form.is_valid():
        messages.error(request, _("Pilih salah satu lembar yang tersedia."))
        return redirect("transfer:impor_detail", pk=job.pk)
    return _queue_and_show(
        request,
        job,
        lambda: services.import_sheet_select(
            job=job, user=request.user, sheet=form.cleaned_data["lembar"]
        ),
    )


@require_POST
@staff_only
def impor_ulang(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return _queue_and_show(request, job, lambda: services.import_retry(job=job, user=request.user))


@staff_only
def ekspor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_object_or_404(export_logs_for_user(user=request.user), pk=pk)
    return render(
        request,
        "transfer/ekspor_detail.html",
        {"log": log, "siap": log.status == ExportStatus.SELESAI},
    )


@staff_only
def ekspor_unduh(request: HttpRequest, pk: int) -> HttpResponseBase:
    log = get_object_or_404(export_logs_for_user(user=request.user), pk=pk)
    if log.status != ExportStatus.SELESAI or not log.file:
        raise Http404
    if log.created_by_id != request.user.pk:
        raise PermissionDenied  # a file holds the creator's scope, not the reader's
    return FileResponse(
        log.file.open("rb"),
        as_attachment=True,
        filename=cast(str, log.file.name).rsplit("/", 1)[-1],  # a set file has a name
    )


@staff_only
def rekonsiliasi_index(request: HttpRequest) -> HttpResponse:
    allowed = can_write(request.user) and request.user.has_perm("jabatan.change_pegawai")
    form = UnggahForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                rekon = rekon_service.rekonsiliasi_create(
                    user=request.user,
                    upload=form.cleaned_data["berkas"],
                    instansi_id=form.instansi_id,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                return redirect("transfer:rekonsiliasi_detail", pk=rekon.pk)
    page = Paginator(rekonsiliasi_for_user(user=request.user), 25).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "transfer/rekonsiliasi_index.html",
        {"form": form, "allowed": allowed, "page": page},
    )


@staff_only
def rekonsiliasi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rekon = get_object_or_404(rekonsiliasi_for_user(user=request.user), pk=pk)
    kelompok = request.GET.get("kelompok") or Kelompok.BERBEDA
    if kelompok not in Kelompok.values:
        raise Http404(kelompok)
    items = (
        rekonsiliasi_items(user=request.user, rekonsiliasi=rekon)
        .filter(kelompok=kelompok)
        .order_by("nama", "nip")
    )
    page = Paginator(items, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "transfer/rekonsiliasi_detail.html",
        {
            "rekon": rekon,
            "kelompok": kelompok,
            "groups": Kelompok.choices,
            "counts": rekonsiliasi_counts(user=request.user, rekonsiliasi=rekon),
            "page": page,
            "can_accept": can_write(request.user),
            "running": rekon.status == RekonsiliasiStatus.MENUNGGU,
            "reconstructed": rekonsiliasi_items(user=request.user, rekonsiliasi=rekon)
            .filter(kelompok=Kelompok.BERBEDA)
            .exclude(nip_cell="")
            .count(),
        },
    )


@require_POST
@staff_only
def rekonsiliasi_terima(request: HttpRequest, pk: int) -> HttpResponse:
    rekon = get_object_or_404(rekonsiliasi_for_user(user=request.user), pk=pk)
    if not can_write(request.user):
        raise PermissionDenied
    if request.POST.get("semua"):
        ids = list(
            rekonsiliasi_items(user=request.user, rekonsiliasi=rekon)
            .filter(kelompok=Kelompok.BERBEDA)
            .values_list("pk", flat=True)
        )
    else:
        ids = [int(i) for i in request.POST.getlist("item") if i.isdigit()]
    field = request.POST.get("field") or None
    try:
        accepted = rekon_service.rekonsiliasi_accept(
            user=request.user,
            rekonsiliasi=rekon,
            item_ids=ids,
            fields=[field] if field else None,
            confirm_reconstructed=request.POST.get("konfirmasi_nip") == "1",
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(n)s perbedaan diterima dari SIASN.") % {"n": accepted})
    return redirect(f"{reverse('transfer:rekonsiliasi_detail', args=[rekon.pk])}?kelompok=berbeda")
