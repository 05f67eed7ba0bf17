from __future__ import annotations

from asn_portal.roles import ASN, OPERATOR_OPD, VERIFIKATOR

_VIEW = [
    "survei.view_unitlayanan",
    "survei.view_kuesioner",
    "survei.view_pertanyaanunsur",
    "survei.view_respons",
    "survei.view_periodepublikasi",
    "survei.view_rencanatindaklanjut",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VERIFIKATOR: _VIEW,
    OPERATOR_OPD: [
        *_VIEW,
        "survei.change_unitlayanan",
        "survei.add_respons",
        "survei.add_periodepublikasi",
        "survei.change_periodepublikasi",
        "survei.delete_periodepublikasi",
        "survei.add_rencanatindaklanjut",
        "survei.change_rencanatindaklanjut",
    ],
    ASN: [],
}
