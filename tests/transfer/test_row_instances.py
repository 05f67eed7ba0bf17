"""The import's cheap instance builders give exactly what the constructor and copy.copy give."""

from __future__ import annotations

import copy

import pytest
from django.db import models

from asn_portal.transfer.kinds.base import copy_row_instance, new_row_instance
from jabatan.models import Pegawai, RiwayatJabatan, UnitOrganisasi
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _fields(instance: models.Model) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.parametrize("model", [Pegawai, RiwayatJabatan, UnitOrganisasi])
def test_a_new_row_instance_is_the_constructors(model: type[models.Model]) -> None:
    built = new_row_instance(model)
    assert type(built) is model
    assert _fields(built) == _fields(model())
    assert built._state.adding and built._state.db is None


def test_values_go_through_the_descriptors() -> None:
    pegawai = PegawaiFactory()
    built = new_row_instance(RiwayatJabatan, pegawai=pegawai, jenis="definitif")
    assert built.pegawai_id == pegawai.pk and built.pegawai is pegawai
    other = new_row_instance(RiwayatJabatan)
    assert other.pegawai_id is None  # nothing shared between instances


def test_a_copy_is_independent_of_its_original() -> None:
    pegawai = Pegawai.objects.get(pk=PegawaiFactory().pk)
    pegawai.instansi  # noqa: B018 - load the related object into the cache
    copied = copy_row_instance(pegawai)
    assert _fields(copied) == _fields(copy.copy(pegawai))
    assert not copied._state.adding and copied._state.db == "default"
    assert copied._state is not pegawai._state
    assert copied._state.fields_cache == pegawai._state.fields_cache
    copied.nama = "Lain"
    copied._state.fields_cache.clear()
    assert pegawai.nama != "Lain" and "instansi" in pegawai._state.fields_cache


def test_a_model_whose_construction_is_observed_is_built_by_its_constructor() -> None:
    seen: list[object] = []

    def receiver(sender: type, instance: models.Model, **kwargs: object) -> None:
        seen.append(instance)

    models.signals.post_init.connect(receiver, sender=UnitOrganisasi)
    try:
        from asn_portal.transfer.kinds import base

        base._blank_state.cache_clear()
        assert models.signals.post_init.has_listeners(UnitOrganisasi), "listener"
        assert base._blank_state(UnitOrganisasi) is None, "state"
        built = new_row_instance(UnitOrganisasi, kode="X")
        assert seen == [built]
    finally:
        models.signals.post_init.disconnect(receiver, sender=UnitOrganisasi)
        base._blank_state.cache_clear()
