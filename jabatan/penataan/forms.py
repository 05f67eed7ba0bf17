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

from asn_portal.access import scoped_related_queryset
from jabatan.models import Formasi, Pegawai, UnitOrganisasi
from jabatan.penataan.models import ItemRencana, JenisItem, RencanaPenataan
from jabatan.penataan.selectors import penugasan_sekarang

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
            sekarang = penugasan_sekarang([pegawai.pk]).get(pegawai.pk)
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


class ButirPindahForm(forms.Form):
    """A moving item added from the plan's page: the ASN by name or NIP, the target formasi by
    unit then jabatan; the current formasi is taken from the ASN's open definitive assignment.
    Choices are the user's write scope (asn_portal.access.scoped_related_queryset)."""

    jenis = forms.ChoiceField(
        label=_lazy("Jenis perubahan"),
        choices=[(j.value, j.label) for j in (JenisItem.MUTASI, JenisItem.PROMOSI)],
        initial=JenisItem.MUTASI,
    )
    pegawai = forms.ModelChoiceField(
        label=_lazy("Pegawai"), queryset=Pegawai.objects.none(), required=False
    )
    # Without JavaScript the search box is a plain field: a full NIP finds the ASN.
    pegawai_cari = forms.CharField(label=_lazy("Cari ASN (nama atau NIP)"), required=False)
    formasi_tujuan = forms.ModelChoiceField(
        label=_lazy("Jabatan tujuan"), queryset=Formasi.objects.none(), required=False
    )
    alasan_peringatan = forms.CharField(
        label=_lazy("Alasan atas peringatan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    keterangan = forms.CharField(label=_lazy("Keterangan"), required=False, max_length=300)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["pegawai"].queryset = scoped_related_queryset(Pegawai, user)  # type: ignore[attr-defined]
        self.fields["formasi_tujuan"].queryset = scoped_related_queryset(  # type: ignore[attr-defined]
            Formasi, user, Formasi.objects.select_related("jabatan", "unit")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pegawai") is None and "pegawai" not in self.errors:
            nip = (data.get("pegawai_cari") or "").replace(" ", "")
            ditemukan = (
                scoped_related_queryset(Pegawai, self.user).filter(nip=nip).first()
                if nip.isdigit()
                else None
            )
            if ditemukan is None:
                self.add_error(
                    "pegawai", _("Pilih ASN dari hasil pencarian (nama atau NIP lengkap).")
                )
            else:
                data["pegawai"] = ditemukan
        pegawai = data.get("pegawai")
        if pegawai is not None:
            sekarang = penugasan_sekarang([pegawai.pk]).get(pegawai.pk)
            if sekarang is None:
                self.add_error(
                    "pegawai",
                    _("%(p)s tidak memiliki jabatan definitif yang aktif.") % {"p": pegawai},
                )
            data["formasi_asal"] = sekarang.formasi if sekarang else None
        if data.get("formasi_tujuan") is None and "formasi_tujuan" not in self.errors:
            self.add_error("formasi_tujuan", _("Pilih unit, lalu jabatan tujuan."))
        return data

    def item(self, rencana: RencanaPenataan) -> ItemRencana:
        """The unsaved item these answers describe (after ``is_valid``)."""
        data = self.cleaned_data
        return ItemRencana(
            rencana=rencana,
            jenis=data["jenis"],
            pegawai=data["pegawai"],
            formasi_asal=data["formasi_asal"],
            formasi_tujuan=data["formasi_tujuan"],
            alasan_peringatan=data.get("alasan_peringatan", "").strip(),
            keterangan=data.get("keterangan", ""),
        )
