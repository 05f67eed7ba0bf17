"""A model field holding a set of codes from fixed choices (a program's target groups)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class DaftarKodeField(models.CharField):  # type: ignore[type-arg]
    """Codes stored as ``",a,b,"`` (choices order), ``""`` when empty: one code is then matched
    with ``__contains=",a,"`` on PostgreSQL and SQLite alike. In Python the value is a list.

    The choices (``pilihan``) only validate and label; they are not part of migrations."""

    description = _("daftar kode")
    _pyi_private_set_type: list[str] | str  # type: ignore[assignment]
    _pyi_private_get_type: list[str]  # type: ignore[assignment]

    def __init__(self, *args: Any, pilihan: Sequence[tuple[str, Any]] = (), **kwargs: Any) -> None:
        self.pilihan = list(pilihan)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def _kode(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        items: Iterable[Any] = value.split(",") if isinstance(value, str) else value
        kode = {str(item).strip() for item in items if str(item).strip()}
        urutan = [k for k, _label in self.pilihan if k in kode]
        return urutan + sorted(kode - set(urutan))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        return self._kode(value)

    def to_python(self, value: Any) -> list[str]:
        return self._kode(value)

    def get_prep_value(self, value: Any) -> str:
        kode = self._kode(value)
        return f",{','.join(kode)}," if kode else ""

    def value_to_string(self, obj: Any) -> str:
        return ",".join(self._kode(self.value_from_object(obj)))

    def validate(self, value: Any, model_instance: Any) -> None:
        kode = self._kode(value)
        if not kode and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        dikenal = {k for k, _label in self.pilihan}
        asing = [k for k in kode if k not in dikenal]
        if asing:
            raise ValidationError(
                _("Kode tidak dikenal: %(kode)s."),
                code="invalid_choice",
                params={"kode": ", ".join(asing)},
            )

    def run_validators(self, value: Any) -> None:
        # The stored text's length is what the column limits, not the list's.
        super().run_validators(self.get_prep_value(value))

    def label(self, value: Iterable[str]) -> list[str]:
        """The display labels of ``value``'s codes, in choices order."""
        labels = dict(self.pilihan)
        return [str(labels.get(k, k)) for k in self._kode(list(value))]

    def formfield(self, **kwargs: Any) -> forms.Field:  # type: ignore[override]
        defaults: dict[str, Any] = {
            "choices": self.pilihan,
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(
            {k: v for k, v in kwargs.items() if k in {"label", "help_text", "required"}}
        )
        return forms.MultipleChoiceField(**defaults)
