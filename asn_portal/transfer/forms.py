from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from asn_portal.access import sees_every_instansi
from asn_portal.transfer.formats import FileError, detect_format
from jabatan.models import Instansi


class UnggahForm(forms.Form):
    """An upload. A superuser (who reaches every instansi) also chooses the instansi the file is
    for (field ``instansi``); staff always upload for their own."""

    berkas = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_("CSV (koma atau titik koma, UTF-8 atau Windows-1252) atau XLSX dari templat."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and sees_every_instansi(user):
            self.fields["instansi"] = forms.ModelChoiceField(
                label=_("Instansi"),
                queryset=Instansi.objects.order_by("kode"),
                help_text=_(
                    "Instansi pemilik data berkas ini; baris tidak pernah ditulis ke instansi lain."
                ),
                error_messages={"required": _("Instansi wajib dipilih.")},
            )

    @property
    def instansi_id(self) -> int | None:
        instansi = self.cleaned_data.get("instansi")
        return instansi.pk if instansi is not None else None

    def add_service_error(self, exc: ValidationError) -> None:
        """Errors of the service on the field they name (``instansi``), else on the file."""
        if (
            hasattr(exc, "error_dict")
            and "instansi" in exc.error_dict
            and "instansi" in self.fields
        ):
            self.add_error("instansi", exc.error_dict["instansi"])
        else:
            self.add_error("berkas", exc.messages)

    def clean_berkas(self) -> UploadedFile:
        berkas: UploadedFile = self.cleaned_data["berkas"]
        try:
            detect_format(berkas.name or "")
        except FileError as exc:
            raise forms.ValidationError(str(exc)) from None
        if berkas.size and berkas.size > settings.TRANSFER_UNGGAH_MAKS_BYTE:
            raise forms.ValidationError(
                _("Berkas terlalu besar (maksimal %(n)s MB).")
                % {"n": settings.TRANSFER_UNGGAH_MAKS_BYTE // (1024 * 1024)}
            )
        return berkas


class ImporUnggahForm(UnggahForm):
    lembar = forms.CharField(
        label=_("Lembar"),
        required=False,
        max_length=31,
        help_text=_(
            "Nama lembar XLSX yang diimpor; kosongkan bila berkas hanya punya satu lembar berisi "
            "data atau memakai templat (lembar Data)."
        ),
    )


class LembarForm(forms.Form):
    """Choose the sheet of a workbook that had several sheets with data."""

    lembar = forms.ChoiceField(label=_("Lembar"))

    def __init__(self, *args: object, sheets: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["lembar"].choices = [(name, name) for name in sheets]  # type: ignore[attr-defined]
