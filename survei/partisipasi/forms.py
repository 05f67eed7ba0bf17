from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from survei.forms import SurveiForm
from survei.models import UnitLayanan
from survei.partisipasi.models import JenisKasus, KategoriKasus, KodeStruk


class _HoneypotMixin(forms.Form):
    # Hidden from people by CSS and from assistive technology; bots fill every field they see.
    situs_web = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("situs_web"))


class KodeCariForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode survei pada struk"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Tulis kode yang tercetak pada struk layanan.")},
    )


class KodeSurveiForm(SurveiForm):
    """The survey form for a receipt code: the service date (and kind, when the code names
    one) come from the code, so the citizen does not type them."""

    def __init__(self, *args: Any, kode_struk: KodeStruk, **kwargs: Any) -> None:
        super().__init__(*args, unit_layanan=kode_struk.unit_layanan, **kwargs)
        self.fields.pop("tanggal_layanan", None)
        if kode_struk.jenis_layanan:
            self.fields.pop("jenis_layanan", None)


class PengaduanForm(_HoneypotMixin):
    unit_layanan = forms.ModelChoiceField(
        label=_("Unit layanan"),
        queryset=UnitLayanan.objects.none(),
        to_field_name="kode",
        empty_label=_("— pilih unit layanan —"),
        error_messages={
            "required": _("Pilih unit layanan yang Anda maksud."),
            "invalid_choice": _("Pilih unit layanan dari daftar."),
        },
    )
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        choices=JenisKasus.choices,
        widget=forms.RadioSelect,
        initial=JenisKasus.PENGADUAN,
        error_messages={"required": _("Pilih jenis.")},
    )
    isi = forms.CharField(
        label=_("Uraian"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Ceritakan apa yang terjadi, kapan, dan di loket/layanan mana. "
            "Jangan menulis data pribadi orang lain."
        ),
        error_messages={
            "required": _("Tulis uraian pengaduan, saran atau masukan Anda."),
            "max_length": _("Uraian paling panjang %(limit_value)d karakter."),
        },
    )
    kontak = forms.CharField(
        label=_("Kontak untuk jawaban (tidak wajib)"),
        max_length=200,
        required=False,
        help_text=_(
            "Surel atau nomor telepon. Tanpa kontak pun Anda dapat melihat jawaban "
            "dengan kode lacak. Kontak tidak pernah ditampilkan."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        from survei.selectors import unit_layanan_publik

        initial = kwargs.setdefault("initial", {})
        initial.setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        # the service units of the page's instansi (asn_portal.publik), like its unit list
        cast(forms.ModelChoiceField, self.fields["unit_layanan"]).queryset = unit_layanan_publik(
            instansi_id=instansi_id
        )


class LacakForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode lacak"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Tulis kode lacak yang Anda terima.")},
    )


class MasukanForm(_HoneypotMixin):
    nama_tampilan = forms.CharField(
        label=_("Nama tampilan (tidak wajib, boleh samaran)"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    isi = forms.CharField(
        label=_("Masukan Anda"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Tulis masukan Anda."),
            "max_length": _("Masukan paling panjang %(limit_value)d karakter."),
        },
    )
    kontak = forms.CharField(
        label=_("Kontak (tidak wajib, tidak ditampilkan)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)


class KategoriForm(forms.Form):
    kategori = forms.ChoiceField(label=_("Kategori"), choices=KategoriKasus.choices)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=JenisKasus.choices)


class TugaskanForm(forms.Form):
    petugas: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Petugas"), queryset=None, empty_label=_("— pilih —")
    )

    def __init__(self, *args: Any, kandidat: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["petugas"]).queryset = kandidat


class JawabForm(forms.Form):
    jawaban = forms.CharField(
        label=_("Jawaban untuk warga"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Jawaban tampil pada halaman lacak; tulis tanpa data pribadi."),
    )
