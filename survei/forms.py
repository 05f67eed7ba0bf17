from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from survei.models import (
    JenisKelamin,
    Pekerjaan,
    Pendidikan,
    PertanyaanUnsur,
    RencanaTindakLanjut,
    StatusRencanaTindakLanjut,
    UnitLayanan,
)

PESAN_WAJIB_JAWABAN = _("Pilih salah satu jawaban untuk pertanyaan ini.")


class _ProfilMixin(forms.Form):
    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        # Tie each message to its input for screen readers (aria-describedby).
        for name in list(self.errors):
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"galat-{name}"

    umur = forms.IntegerField(
        label=_("Umur (tahun)"),
        min_value=10,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Isi umur Anda dalam tahun."),
            "invalid": _("Umur harus berupa angka."),
            "min_value": _("Umur paling sedikit 10 tahun."),
            "max_value": _("Umur paling banyak 120 tahun."),
        },
    )
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=JenisKelamin.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih jenis kelamin."),
            "invalid_choice": _("Pilih L atau P."),
        },
    )
    pendidikan = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=[("", _("— pilih —")), *Pendidikan.choices],
        error_messages={
            "required": _("Pilih pendidikan terakhir."),
            "invalid_choice": _("Pilih pendidikan dari daftar."),
        },
    )
    pekerjaan = forms.ChoiceField(
        label=_("Pekerjaan utama"),
        choices=[("", _("— pilih —")), *Pekerjaan.choices],
        error_messages={
            "required": _("Pilih pekerjaan utama."),
            "invalid_choice": _("Pilih pekerjaan dari daftar."),
        },
    )
    tanggal_layanan = forms.DateField(
        label=_("Tanggal menerima layanan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggal Anda menerima layanan."),
            "invalid": _("Tulis tanggal seperti 2026-11-29."),
        },
    )
    saran = forms.CharField(
        label=_("Saran dan masukan (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Saran paling panjang %(limit_value)d karakter.")},
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def _siapkan_jenis_layanan(self, unit_layanan: UnitLayanan) -> None:
        daftar = unit_layanan.jenis_layanan or []
        if daftar:
            self.fields["jenis_layanan"] = forms.ChoiceField(
                label=_("Jenis layanan yang Anda terima"),
                choices=[("", _("— pilih —")), *[(j, j) for j in daftar]],
                error_messages={
                    "required": _("Pilih jenis layanan yang Anda terima."),
                    "invalid_choice": _("Pilih jenis layanan dari daftar."),
                },
            )
        else:
            self.fields["jenis_layanan"] = forms.CharField(
                label=_("Jenis layanan yang Anda terima"),
                max_length=200,
                error_messages={"required": _("Tulis jenis layanan yang Anda terima.")},
            )


class SurveiForm(_ProfilMixin):
    """The citizen's form: every answer is required; the honeypot must stay empty."""

    # Hidden from people by CSS and from assistive technology; bots fill every field they see.
    situs_web = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        *args: Any,
        unit_layanan: UnitLayanan,
        pertanyaan: list[PertanyaanUnsur],
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("idempotency_key", uuid.uuid4())
        initial.setdefault("tanggal_layanan", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.pertanyaan = pertanyaan
        for item in pertanyaan:
            self.fields[item.kode.lower()] = forms.TypedChoiceField(
                label=item.pertanyaan,
                choices=[(str(n), label) for n, label in item.pilihan],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": PESAN_WAJIB_JAWABAN,
                    "invalid_choice": PESAN_WAJIB_JAWABAN,
                },
            )
        self._siapkan_jenis_layanan(unit_layanan)

    def unsur_fields(self) -> list[tuple[PertanyaanUnsur, forms.BoundField]]:
        return [(item, self[item.kode.lower()]) for item in self.pertanyaan]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("situs_web"))


class KertasForm(_ProfilMixin):
    """Paper questionnaire entry: answers typed as digits 1–4, blanks allowed as on paper."""

    def __init__(
        self,
        *args: Any,
        unit_layanan: UnitLayanan,
        pertanyaan: list[PertanyaanUnsur],
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.pertanyaan = pertanyaan
        for index, item in enumerate(pertanyaan):
            self.fields[item.kode.lower()] = forms.IntegerField(
                label=f"{item.kode} {item.unsur}",
                required=False,
                min_value=1,
                max_value=4,
                widget=forms.NumberInput(
                    attrs={
                        "inputmode": "numeric",
                        "min": 1,
                        "max": 4,
                        "class": "nilai",
                        "autocomplete": "off",
                        **({"autofocus": True} if index == 0 else {}),
                    }
                ),
                error_messages={
                    "min_value": _("Nilai 1 sampai 4."),
                    "max_value": _("Nilai 1 sampai 4."),
                    "invalid": _("Nilai 1 sampai 4."),
                },
            )
        self._siapkan_jenis_layanan(unit_layanan)
        # A select answers to typed letters (L/P), quicker than radio buttons for data entry.
        jenis_kelamin = cast(forms.ChoiceField, self.fields["jenis_kelamin"])
        jenis_kelamin.choices = [("", _("— pilih —")), *JenisKelamin.choices]
        jenis_kelamin.widget = forms.Select(choices=jenis_kelamin.choices)
        # Paper entry is typed from the questionnaire in its printed order, profile after answers.
        self.order_fields(
            [f.kode.lower() for f in pertanyaan]
            + [
                "umur",
                "jenis_kelamin",
                "pendidikan",
                "pekerjaan",
                "jenis_layanan",
                "tanggal_layanan",
                "saran",
            ]
        )


class PeriodeForm(forms.Form):
    periode = forms.CharField(label=_("Periode"), max_length=8)


class RencanaForm(forms.ModelForm):
    class Meta:
        model = RencanaTindakLanjut
        fields = [
            "masalah",
            "kegiatan",
            "penanggung_jawab",
            "target_selesai",
            "status",
            "catatan_progres",
        ]
        widgets = {
            "masalah": forms.Textarea(attrs={"rows": 3}),
            "kegiatan": forms.Textarea(attrs={"rows": 3}),
            "catatan_progres": forms.Textarea(attrs={"rows": 3}),
            "target_selesai": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": forms.Select(choices=StatusRencanaTindakLanjut.choices),
        }
