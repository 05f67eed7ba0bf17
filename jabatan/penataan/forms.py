"""Forms of the plan pages: an item (with the ASN's current formasi filled in), a rejection
reason, and the penyetaraan wizard."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.widgets import AdminDateWidget, FilteredSelectMultiple
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jabatan.models import RiwayatJabatan, UnitOrganisasi
from jabatan.penataan.models import ItemRencana, JenisItem

PERPINDAHAN = (JenisItem.MUTASI, JenisItem.PROMOSI, JenisItem.PENYETARAAN)


class ItemRencanaForm(forms.ModelForm):
    class Meta:
        model = ItemRencana
        fields = (
            "rencana",
            "jenis",
            "pegawai",
            "formasi_asal",
            "formasi_tujuan",
            "unit",
            "jabatan",
            "alasan_peringatan",
            "keterangan",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        jenis, pegawai = data.get("jenis"), data.get("pegawai")
        if jenis in PERPINDAHAN and pegawai is not None and not data.get("formasi_asal"):
            sekarang = (
                RiwayatJabatan.objects.definitif()
                .filter(pegawai=pegawai, tmt_selesai__isnull=True)
                .select_related("formasi")
                .first()
            )
            if sekarang is None:
                self.add_error(
                    "pegawai",
                    _("%(p)s tidak memiliki jabatan definitif yang aktif.") % {"p": pegawai},
                )
            else:
                data["formasi_asal"] = sekarang.formasi
                self.instance.formasi_asal = sekarang.formasi
        if jenis in (JenisItem.MUTASI, JenisItem.PROMOSI) and not data.get("formasi_tujuan"):
            self.add_error(
                "formasi_tujuan", _("Formasi tujuan wajib diisi untuk mutasi/rotasi dan promosi.")
            )
        if jenis == JenisItem.PEMBENTUKAN_FORMASI:
            for name in ("unit", "jabatan"):
                if not data.get(name):
                    self.add_error(name, _("Wajib diisi untuk pembentukan formasi."))
        if jenis in (JenisItem.PENYETARAAN, JenisItem.PENGHAPUSAN_FORMASI) and not data.get(
            "formasi_asal"
        ):
            self.add_error("formasi_asal", _("Formasi asal wajib diisi."))
        if jenis == JenisItem.PENYETARAAN and not data.get("jabatan"):
            self.add_error("jabatan", _("Jabatan fungsional tujuan wajib diisi."))
        return data


class PenolakanForm(forms.Form):
    alasan = forms.CharField(
        label=_lazy("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_lazy("Wajib diisi; dibaca penyusun untuk memperbaiki rencana."),
    )


class PenyetaraanWizardForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_lazy("Unit organisasi"),
        queryset=UnitOrganisasi.objects.none(),
        widget=FilteredSelectMultiple(_lazy("unit organisasi"), is_stacked=False),
        help_text=_lazy(
            "Seluruh jabatan Administrator, Pengawas dan eselon V di unit ini beserta sub-unitnya "
            "akan disetarakan ke jabatan fungsional."
        ),
    )
    nama = forms.CharField(label=_lazy("Nama rencana"), max_length=200)
    dasar_hukum = forms.CharField(
        label=_lazy("Dasar hukum"),
        max_length=300,
        initial=_lazy(
            "PermenPANRB Nomor 17 Tahun 2021 tentang Penyetaraan Jabatan Administrasi ke dalam Jabatan Fungsional"
        ),
    )
    tmt = forms.DateField(label=_lazy("TMT inpassing"), widget=AdminDateWidget())

    def __init__(self, *args: Any, units: QuerySet[UnitOrganisasi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        self.fields["tmt"].initial = timezone.localdate()
