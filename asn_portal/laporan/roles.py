"""Model permissions of the report models per role (the admin and API also check the role and
scope the rows through ``asn_portal.laporan.selectors``)."""

from __future__ import annotations

from asn_portal.roles import ASN, OPERATOR_OPD, VERIFIKATOR

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VERIFIKATOR: [
        "asn_portal.view_laporan",
        "asn_portal.add_laporan",
        "asn_portal.view_langgananlaporan",
        "asn_portal.add_langgananlaporan",
        "asn_portal.change_langgananlaporan",
        "asn_portal.delete_langgananlaporan",
    ],
    OPERATOR_OPD: [
        "asn_portal.view_laporan",
        "asn_portal.add_laporan",
        "asn_portal.view_langgananlaporan",
        "asn_portal.add_langgananlaporan",
        "asn_portal.change_langgananlaporan",
        "asn_portal.delete_langgananlaporan",
    ],
    ASN: [],
}
