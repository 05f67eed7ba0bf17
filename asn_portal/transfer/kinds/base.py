"""The contract every import kind fulfils, and the shared column parsers.

A kind declares its columns, then in three steps: ``load`` fetches in a few bulk queries whatever
the rows refer to, ``check`` validates one row (the model's own ``full_clean`` included) and says
what it would do, ``write`` performs every row's action with bulk operations. The engine in
``asn_portal.transfer.services`` runs these steps for the preview and again, inside one
transaction, for the commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.access import (
    instansi_of_new_rows,
    reaches_instansi,
    reaches_unit_path,
    scope_instansi,
    sees_all_units,
)
from asn_portal.transfer.formats import (
    CellError,
    clean_text,
    parse_date_cell,
    parse_decimal_cell,
    parse_int_cell,
)
from asn_portal.transfer.nip_cells import (
    IDENTITY_FIELDS,
    NipMatcher,
    NipUnresolved,
    NipValue,
    Repair,
    parse_nip_cell,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CREATED = "created"
CHANGED = "changed"
UNCHANGED = "unchanged"

Progress = Callable[[int, int], None]


def _norm_choice(text: StrOrPromise) -> str:
    return re.sub(r"[\s_\-]+", "", str(text)).lower()


@dataclass
class Column:
    key: str
    header: StrOrPromise
    required: bool = False
    kind: str = "text"  # text | date | decimal | int | bool | choice | nip
    choices: Sequence[tuple[str, StrOrPromise]] = ()
    example: Any = ""
    help: StrOrPromise = ""
    max_length: int | None = None

    def parse(self, raw: Any) -> Any:
        if self.kind == "date":
            return parse_date_cell(raw)
        if self.kind == "decimal":
            return parse_decimal_cell(raw)
        if self.kind == "int":
            return parse_int_cell(raw)
        if self.kind == "nip":
            return parse_nip_cell(raw)
        text = clean_text(raw)
        if self.kind == "bool":
            if not text:
                return None
            lowered = text.lower()
            if lowered in {"ya", "y", "yes", "true", "1", "aktif"}:
                return True
            if lowered in {"tidak", "t", "no", "n", "false", "0", "nonaktif", "tidak aktif"}:
                return False
            raise CellError(_("Isi dengan Ya atau Tidak, tertulis %(v)s.") % {"v": text})
        if self.kind == "choice" and text:
            try:
                return self._choice_lookup[_norm_choice(text)]
            except KeyError:
                allowed = ", ".join(str(v) for v, _label in self.choices)
                raise CellError(
                    _("Nilai %(v)s tidak dikenal; pilih salah satu: %(a)s.")
                    % {"v": text, "a": allowed}
                ) from None
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                _("Paling banyak %(n)s karakter, tertulis %(m)s.")
                % {"n": self.max_length, "m": len(text)}
            )
        return text

    @cached_property
    def _choice_lookup(self) -> dict[str, str]:
        lookup = {}
        for value, label in self.choices:
            lookup[_norm_choice(label)] = value
            lookup[_norm_choice(value)] = value
        return lookup

    @property
    def choice_values(self) -> list[str]:
        return [str(value) for value, _label in self.choices]


# The ASN's name in kinds that identify people by NIP only: never written, compared with the
# register when Excel cut the NIP (asn_portal.transfer.nip_cells).
NAMA_PEMBANDING = Column(
    "nama",
    gettext_lazy("Nama pegawai"),
    example="Budi Santoso",
    help=gettext_lazy(
        "Tidak diubah; dipakai untuk memastikan pegawai bila Excel memotong NIP menjadi angka."
    ),
)


class RowInvalid(Exception):  # noqa: N818 - reads as a state of the row
    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors)


@dataclass
class RowResult:
    number: int
    key: str
    action: str | None  # None: part of a group whose first row carries the action
    changes: dict[str, list[str]] = field(default_factory=dict)
    payload: Any = None
    # Set when the row's NIP was cut by Excel and matched to a registered ASN (nip_cells)
    repair: Repair | None = None


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    return str(value)


def diff(instance: models.Model, values: dict[str, Any]) -> dict[str, list[str]]:
    """Fields whose new value differs from the stored one: {field: [old, new]} for display."""
    changes = {}
    for name, new in values.items():
        old = getattr(instance, name)
        same = old == new if isinstance(old, Decimal) and isinstance(new, Decimal) else old == new
        if not same:
            changes[name] = [display(old), display(new)]
    return changes


class ImportKind(ABC):
    key: ClassVar[str]
    label: ClassVar[StrOrPromise]
    description: ClassVar[StrOrPromise] = ""
    columns: ClassVar[list[Column]]
    # Model permissions the user needs (besides the unit scope checked per row).
    permissions: ClassVar[tuple[str, ...]] = ()
    # A model field that maps to a different column name in error messages.
    field_columns: ClassVar[dict[str, str]] = {}
    has_data_download = True
    do_not_call_in_templates = True  # templates get the class itself, not an instance

    def __init__(self, user: Any, instansi_id: int | None = None) -> None:
        self.user = user
        # The instansi the import belongs to (its job's); rows are looked up and written there
        # only, whoever uploads (a superuser's import writes into the instansi chosen for it).
        self.instansi_id = instansi_id if instansi_id is not None else instansi_of_new_rows(user)

    def own(self, queryset: Any, field: str = "instansi", *, shared: bool = False) -> Any:
        """``queryset`` in the user's reach and of the import's instansi (``shared``: the
        national catalogue's rows too): a row of another instansi answers like a missing one."""
        own = Q(**{f"{field}_id": self.instansi_id})
        if shared:
            own |= Q(**{f"{field}__isnull": True})
        return scope_instansi(queryset, self.user, field, shared=shared).filter(own)

    def of_import(self, instansi_id: int | None) -> bool:
        """Whether a row of ``instansi_id`` belongs to the import's instansi."""
        return instansi_id == self.instansi_id and reaches_instansi(self.user, instansi_id)

    # -- steps ---------------------------------------------------------------------------------
    def load(self, rows: list[tuple[int, dict[str, Any]]]) -> None:  # noqa: B027 - optional step
        """Fetch, in bulk, everything the rows refer to (kinds that refer to nothing skip it)."""

    @abstractmethod
    def check(self, number: int, values: dict[str, Any]) -> RowResult:
        """Validate one row and say what it would create or change."""

    def finish(self, results: list[RowResult]) -> Sequence[tuple[int | None, str, str]]:
        """Checks across rows after every row passed; returns (row, column, message) errors."""
        return []

    @abstractmethod
    def write(self, results: list[RowResult], progress: Progress) -> None:
        """Write every checked row, in bulk, inside the caller's transaction."""

    def template_rows(self) -> list[list[Any]]:
        return [[column.example for column in self.columns]]

    def export_rows(self) -> Iterable[list[Any]]:
        """The user's current data in the template's layout (import it back: nothing changes)."""
        raise TypeError(f"{type(self).__name__} offers no data download (has_data_download=False)")

    # -- helpers -------------------------------------------------------------------------------
    def load_nips(self, rows: list[tuple[int, dict[str, Any]]]) -> set[str]:
        """Prepare :meth:`resolve_nip` for these rows; returns every NIP the rows may refer to
        (the full ones and the registered ones a cut NIP could stand for), to load in bulk."""
        values = [v["nip"] for _n, v in rows if isinstance(v.get("nip"), NipValue)]
        self.nip_matcher = NipMatcher(values)
        return {v.nip for v in values if v.nip} | self.nip_matcher.nips

    def resolve_nip(self, values: dict[str, Any]) -> tuple[str, Repair | None]:
        """The row's full NIP (the one rule of :mod:`asn_portal.transfer.nip_cells`)."""
        identity = {key: values[key] for key in IDENTITY_FIELDS if key in values}
        try:
            return self.nip_matcher.resolve(values["nip"], identity)
        except NipUnresolved as exc:
            raise RowInvalid([("nip", str(exc))]) from None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @classmethod
    def headers(cls, *keys: str) -> list[str]:
        """The file headers of the columns ``keys``, in that order: the one source of header
        names for files written elsewhere (demo data, tests, benchmarks)."""
        by_key = {column.key: column for column in cls.columns}
        return [str(by_key[key].header) for key in keys]

    def validation_errors(self, exc: ValidationError) -> list[tuple[str, str]]:
        errors: list[tuple[str, str]] = []
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else self.field_columns.get(name, name)
                errors.extend((column, message) for message in messages)
        else:
            errors.extend(("", message) for message in exc.messages)
        return errors

    def full_clean(
        self, instance: models.Model, exclude: Sequence[str] = ()
    ) -> list[tuple[str, str]]:
        """The model's own validation (``Model.full_clean`` without the uniqueness and constraint
        checks: the kind checks those in bulk, as one query per row would not scale to 40,000
        rows, and the database checks them again). The fields whose validation reads only their
        value (:func:`_cleaned_by_value`) are cleaned once per distinct value of the import; the
        other fields (through the model's ``clean_fields``, overrides included) and the model's
        ``clean()`` run for every row. Errors come in the order ``full_clean`` gives them."""
        excluded = set(exclude)
        by_value = [f for f in _cleaned_by_value(type(instance)) if f.name not in excluded]
        field_errors: dict[str, list[ValidationError]] = {}
        cleaned = self.__dict__.setdefault("_cleaned", {})
        for f in by_value:
            raw = getattr(instance, f.attname)
            if f.blank and raw in f.empty_values:
                continue
            key = (f, *value_key(raw))
            outcome = cleaned.get(key)
            if outcome is None:
                try:
                    outcome = cleaned[key] = (f.clean(raw, instance), None)
                except ValidationError as exc:
                    outcome = cleaned[key] = (raw, exc.error_list)
            value, error_list = outcome
            if error_list is None:
                setattr(instance, f.attname, value)
            else:
                field_errors[f.name] = error_list
        try:
            instance.clean_fields(exclude=excluded | {f.name for f in by_value})
        except ValidationError as exc:
            field_errors.update(exc.error_dict)
        errors: dict[str, list[ValidationError]] = {}
        if field_errors:
            order = [f.name for f in instance._meta.fields]
            errors = ValidationError(
                dict(sorted(field_errors.items(), key=lambda item: order.index(item[0])))
            ).update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        return self.validation_errors(ValidationError(errors)) if errors else []


# Values of these exact types are keys as they are; any other by its repr (Decimal 1.0 and 1.00
# are equal but not the same number of digits, 0.0 equals -0.0, an aware datetime equals the
# same moment in another zone).
_KEYED_AS_IS = frozenset({str, int, bool, dt.date, dt.time, type(None)})


def value_key(value: Any) -> tuple[type, Any]:
    """A key under which ``value`` is worked on once per import (parsed, cleaned): equal keys
    only for values that are the same to every parser and validator."""
    return type(value), value if type(value) in _KEYED_AS_IS else repr(value)


M = TypeVar("M", bound=models.Model)


@functools.cache
def _blank_state(model: type[models.Model]) -> dict[str, Any] | None:
    """The attributes of ``model()`` (every field at its default), or None when building an
    instance from them would not be the same as calling the constructor: a model whose
    construction is observed (``pre_init``/``post_init`` receivers, e.g. an ImageField's) or
    one with a default computed per instance."""
    if models.signals.pre_init.has_listeners(model) or models.signals.post_init.has_listeners(
        model
    ):
        return None
    if any(f.has_default() and callable(f.default) for f in model._meta.concrete_fields):
        return None
    state = dict(model().__dict__)
    del state["_state"]
    return state


def new_row_instance(model: type[M], **values: Any) -> M:
    """``model(**values)`` for a row of an import, without the constructor's work per field
    (40,000 new rows spent a tenth of the commit in ``Model.__init__``): the attributes of a blank
    instance, then ``values``. Falls back to the constructor where that would differ."""
    state = _blank_state(model)
    if state is None:
        return model(**values)
    instance = model.__new__(model)
    instance.__dict__.update(state)
    instance._state = models.base.ModelState()
    for name, value in values.items():
        setattr(instance, name, value)
    return instance


def copy_row_instance(existing: M) -> M:
    """``copy.copy(existing)`` without the pickling protocol it goes through: its attributes, and
    a state of its own (the same database, not adding, the related objects already loaded)."""
    instance = type(existing).__new__(type(existing))
    instance.__dict__.update(existing.__dict__)
    state = instance._state = models.base.ModelState()
    state.db, state.adding = existing._state.db, existing._state.adding
    state.fields_cache = dict(existing._state.fields_cache)
    return instance


@functools.cache
def _cleaned_by_value(model: type[models.Model]) -> tuple[models.Field, ...]:
    """Fields of Django's own classes whose cleaning depends on the value alone: not relations
    (their check reads the database), and not free text (all different, and a model may clean
    its text itself, as Pegawai does its NIP)."""
    return tuple(
        f
        for f in model._meta.fields
        if type(f).__module__.startswith("django.db.models.fields")
        and not f.is_relation
        and not f.generated
        and (f.choices or not isinstance(f, models.CharField | models.TextField))
    )


def batched(items: Sequence[Any], size: int = 1000) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_scope(user: Any, path: str) -> bool:
    """Whether ``user`` may write to the unit with tree path ``path`` (asn_portal.access rules)."""

    if not path:  # no unit (an ASN without a placement): staff who span their instansi
        return sees_all_units(user)
    return reaches_unit_path(user, path)


def out_of_scope_message(unit: Any) -> str:
    return _("Unit %(u)s di luar kewenangan Anda.") % {"u": f"{unit.nama} ({unit.kode})"}
