"""Role grants of the restructuring plans, collected by asn_portal.roles.

Admin BKD receives every permission automatically (asn_portal.roles), which includes
``terapkan_rencana``: only Admin BKD applies plans.
"""

from __future__ import annotations

from asn_portal.roles import ASN, OPERATOR_OPD, VERIFIKATOR

_LIHAT = [
    "jabatan.view_rencanapenataan",
    "jabatan.view_itemrencana",
    "jabatan.view_transisirencana",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VERIFIKATOR: [*_LIHAT, "jabatan.setujui_rencana"],
    OPERATOR_OPD: [
        *_LIHAT,
        "jabatan.add_rencanapenataan",
        "jabatan.change_rencanapenataan",
        "jabatan.delete_rencanapenataan",
        "jabatan.add_itemrencana",
        "jabatan.change_itemrencana",
        "jabatan.delete_itemrencana",
        "jabatan.ajukan_rencana",
    ],
    # ASN read their own changes on /jabatan/penataan/saya/ without model permissions.
    ASN: [],
}
