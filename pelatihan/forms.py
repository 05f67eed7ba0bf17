from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pelatihan.models import JenisProgram, Metode, ProgramPelatihan, StatusPeserta


class DateInput(forms.DateInput):
    input_type = "date"


class PengajuanForm(forms.Form):
    nama_pelatihan = forms.CharField(label=_("Nama pelatihan"), max_length=200)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=JenisProgram.choices)
    metode = forms.ChoiceField(label=_("Metode"), choices=Metode.choices)
    penyelenggara = forms.CharField(label=_("Penyelenggara"), max_length=200)
    tanggal_mulai = forms.DateField(label=_("Tanggal mulai"), widget=DateInput)
    tanggal_selesai = forms.DateField(
        label=_("Tanggal selesai"),
        widget=DateInput,
        help_text=_("JP dihitung pada tahun pelatihan selesai."),
    )
    jp = forms.IntegerField(
        label=_("Jumlah JP"), min_value=1, max_value=2000, help_text=_("1 JP = 45 menit.")
    )
    program = forms.ModelChoiceField(
        label=_("Setara dengan program katalog (opsional)"),
        queryset=ProgramPelatihan.objects.filter(aktif=True).order_by("nama"),
        required=False,
    )
    hasil = forms.CharField(label=_("Hasil/predikat (opsional)"), max_length=100, required=False)
    nomor_sertifikat = forms.CharField(
        label=_("Nomor sertifikat (opsional)"), max_length=100, required=False
    )
    sertifikat = forms.FileField(
        label=_("Sertifikat"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sertifikat"].help_text = _("PDF, JPEG atau PNG, maksimal %(maks)s.") % {
            "maks": filesizeformat(settings.PELATIHAN_SERTIFIKAT_MAKS_BYTE)
        }
        self.fields["tanggal_selesai"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error(
                "tanggal_selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
            )
        return data


class TolakForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class PesertaStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tandai peserta terpilih sebagai"), choices=StatusPeserta.choices
    )
    peserta = forms.TypedMultipleChoiceField(label=_("Peserta"), coerce=int, choices=())

    def __init__(self, *args: Any, peserta_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["peserta"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # nosec B101  # type narrowing of the form's own field
        field.choices = [(pk, pk) for pk in peserta_ids]
        field.error_messages["required"] = _("Pilih minimal satu peserta.")
