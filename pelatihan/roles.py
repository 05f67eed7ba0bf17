from __future__ import annotations

from asn_portal.roles import ASN, OPERATOR_OPD, VERIFIKATOR

_VIEW = [
    "pelatihan.view_kompetensi",
    "pelatihan.view_levelkompetensi",
    "pelatihan.view_standarkompetensi",
    "pelatihan.view_programpelatihan",
    "pelatihan.view_programkompetensi",
    "pelatihan.view_angkatan",
    "pelatihan.view_peserta",
    "pelatihan.view_riwayatpelatihan",
]

# Row scoping (an operator only reaches ASN of its units) is applied by pelatihan.selectors.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    VERIFIKATOR: [*_VIEW, "pelatihan.change_riwayatpelatihan"],
    OPERATOR_OPD: [
        *_VIEW,
        "pelatihan.add_peserta",
        "pelatihan.change_peserta",
        "pelatihan.change_riwayatpelatihan",
    ],
    ASN: [],
}
