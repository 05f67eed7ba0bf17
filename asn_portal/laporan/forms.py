"""The "Buat laporan" form of the reports page: a period picker (kind, year, number) and the
scope, checked by the same service rule as the admin and the API."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from asn_portal.access import may_request_rekap_report, may_request_whole_report
from asn_portal.laporan import services
from asn_portal.laporan.models import JenisLaporan
from asn_portal.laporan.selectors import lingkup_seluruh_label, unit_pilihan_laporan
from asn_portal.periode import (
    JENIS_DARI_LAPORAN,
    NOMOR_MAKS,
    JenisPeriode,
    Periode,
    periode_selesai_terakhir,
)
from jabatan.models import UnitOrganisasi

TAHUN_PERTAMA = 2020


def periode_pilihan(*, saat: Any = None) -> dict[str, Any]:
    """For each report kind: its numbers with their names, and the last period that has
    ended (the picker explains a later choice before it is sent)."""
    saat = saat or timezone.now()
    pilihan: dict[str, Any] = {}
    for jenis, jenis_periode in JENIS_DARI_LAPORAN.items():
        if jenis not in JenisLaporan.values:
            continue
        terakhir = periode_selesai_terakhir(jenis_periode, saat)
        nomor = [
            [n, Periode(terakhir.tahun, jenis_periode, n).label.rsplit(" ", 1)[0]]
            for n in range(1, NOMOR_MAKS[JenisPeriode(jenis_periode)] + 1)
        ]
        pilihan[jenis] = {
            "nomor": nomor if jenis_periode != JenisPeriode.TAHUN else [],
            "terakhir": {"tahun": terakhir.tahun, "nomor": terakhir.nomor, "label": terakhir.label},
        }
    return pilihan


def permintaan_check(
    form: forms.BaseForm, data: dict[str, Any], *, user: Any, periode_field: str = "nomor"
) -> None:
    """The service's checks of a report request (``laporan_request_validate``), reported on
    the form's fields (period problems on ``periode_field``); the admin's request form and
    "Buat laporan" share it."""
    try:
        services.laporan_request_validate(
            jenis=data["jenis"],
            tahun=data["tahun"],
            nomor=data["nomor"],
            unit=data.get("unit"),
            user=user,
            rekap=bool(data.get("rekap")),
        )
    except PermissionDenied as exc:
        form.add_error("unit", str(exc))
    except ValidationError as exc:
        per_field = (
            exc.message_dict if hasattr(exc, "error_dict") else {periode_field: exc.messages}
        )
        for field, pesan_list in per_field.items():
            target = field if field in form.fields and field != "nomor" else periode_field
            for pesan in pesan_list:
                form.add_error(target, pesan)


def bulan_selesai_terakhir() -> Periode:
    return periode_selesai_terakhir(JenisPeriode.BULAN, timezone.now())


class BuatLaporanForm(forms.Form):
    jenis = forms.ChoiceField(label=_lazy("Jenis laporan"), choices=JenisLaporan.choices)
    tahun = forms.TypedChoiceField(label=_lazy("Tahun"), coerce=int)
    nomor = forms.TypedChoiceField(
        label=_lazy("Bulan/triwulan"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 13)],
        required=False,
        help_text=_lazy("Tidak dipakai untuk laporan tahunan."),
    )
    unit = forms.ModelChoiceField(
        label=_lazy("Lingkup"), queryset=UnitOrganisasi.objects.none(), required=False
    )
    rekap = forms.BooleanField(
        label=_lazy("Rekap lintas instansi"),
        required=False,
        help_text=_lazy(
            "Satu bagian per instansi provinsi ini (triwulanan atau tahunan); lingkup dikosongkan."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.pilihan = periode_pilihan()
        bulan = self.pilihan[JenisLaporan.BULANAN]
        tahun_ini = timezone.localdate().year
        field: Any = self.fields["tahun"]
        field.choices = [(t, str(t)) for t in range(tahun_ini, TAHUN_PERTAMA - 1, -1)]
        self.fields["nomor"].choices = [(n, label) for n, label in bulan["nomor"]]  # type: ignore[attr-defined]
        self.initial.setdefault("jenis", JenisLaporan.BULANAN)
        self.initial.setdefault("tahun", bulan["terakhir"]["tahun"])
        self.initial.setdefault("nomor", bulan["terakhir"]["nomor"])
        unit: Any = self.fields["unit"]
        unit.queryset = unit_pilihan_laporan(user)
        whole = may_request_whole_report(user)
        unit.required = not whole
        unit.empty_label = lingkup_seluruh_label(user) if whole else None
        if not may_request_rekap_report(user):
            del self.fields["rekap"]

    @property
    def pilihan_json(self) -> str:
        return json.dumps(self.pilihan)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data["jenis"] == JenisLaporan.TAHUNAN:
            data["nomor"] = 1
        elif not data.get("nomor"):
            self.add_error("nomor", _("Pilih bulan atau triwulan laporan."))
            return data
        # A yearly report has no number field on the page: its period problem goes to the year.
        tahunan = data["jenis"] == JenisLaporan.TAHUNAN
        permintaan_check(self, data, user=self.user, periode_field="tahun" if tahunan else "nomor")
        return data
