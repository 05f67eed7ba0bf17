"""The import kinds, in the order the pages list them."""

from __future__ import annotations

from django.http import Http404

from asn_portal.transfer.kinds.base import ImportKind
from asn_portal.transfer.kinds.formasi import FormasiKind
from asn_portal.transfer.kinds.jabatan import JabatanKind
from asn_portal.transfer.kinds.pegawai import PegawaiKind
from asn_portal.transfer.kinds.pelatihan import PelatihanKind
from asn_portal.transfer.kinds.riwayat import RiwayatJabatanKind
from asn_portal.transfer.kinds.survei import SurveiKind
from asn_portal.transfer.kinds.unit import UnitKind

KINDS: dict[str, type[ImportKind]] = {
    kind.key: kind
    for kind in (
        PegawaiKind,
        UnitKind,
        JabatanKind,
        FormasiKind,
        RiwayatJabatanKind,
        PelatihanKind,
        SurveiKind,
    )
}


def get_kind(key: str) -> type[ImportKind]:
    try:
        return KINDS[key]
    except KeyError:
        raise Http404(key) from None
