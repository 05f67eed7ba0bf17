"""Model permissions of the participation channels per role, collected by asn_portal.roles
(row scoping is asn_portal.access's job)."""

from __future__ import annotations

from asn_portal.roles import ASN, OPERATOR_OPD, VERIFIKATOR

_VIEW = [
    "survei.view_batchkodestruk",
    "survei.view_kodestruk",
    "survei.view_kiosk",
    "survei.view_kirimankiosk",
    "survei.view_kasus",
    "survei.view_riwayatkasus",
    "survei.view_konsultasi",
    "survei.view_masukankonsultasi",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VERIFIKATOR: _VIEW,
    OPERATOR_OPD: [
        *_VIEW,
        "survei.add_batchkodestruk",
        "survei.add_kodestruk",
        "survei.add_kiosk",
        "survei.change_kiosk",
        "survei.change_kasus",
        "survei.add_konsultasi",
        "survei.change_konsultasi",
        "survei.change_masukankonsultasi",
    ],
    ASN: [],
}
