from __future__ import annotations

from asn_portal.roles import ASN, OPERATOR_OPD, VERIFIKATOR

_VIEW = [
    "jabatan.view_unitorganisasi",
    "jabatan.view_jabatan",
    "jabatan.view_formasi",
    "jabatan.view_uraiantugas",
    "jabatan.view_pegawai",
    "jabatan.view_riwayatjabatan",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VERIFIKATOR: _VIEW,
    OPERATOR_OPD: [
        *_VIEW,
        "jabatan.change_unitorganisasi",
        "jabatan.add_formasi",
        "jabatan.change_formasi",
        "jabatan.add_uraiantugas",
        "jabatan.change_uraiantugas",
        "jabatan.delete_uraiantugas",
        "jabatan.add_pegawai",
        "jabatan.change_pegawai",
        "jabatan.add_riwayatjabatan",
        "jabatan.change_riwayatjabatan",
    ],
    ASN: [],
}
