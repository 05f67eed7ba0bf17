"""Reads of the register. Every function that lists rows takes ``user=`` and scopes through
``asn_portal.access`` so that views, admin, API and exports see the same rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jabatan.models import Pegawai, RiwayatJabatan


def pegawai_for_user(user: Any) -> Pegawai | None:
    """The ASN record linked to a portal account, if any."""
    if not user.is_authenticated:
        return None
    return Pegawai.objects.filter(user=user).first()


def jabatan_sekarang(pegawai: Pegawai, *, tanggal: dt.date | None = None) -> RiwayatJabatan | None:
    """The definitive assignment in force on ``tanggal`` (today by default)."""
    tanggal = tanggal or timezone.localdate()
    return (
        RiwayatJabatan.objects.definitif()
        .aktif_pada(tanggal)
        .filter(pegawai=pegawai)
        .select_related("formasi__jabatan", "formasi__unit")
        .first()
    )
