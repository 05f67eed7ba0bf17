from __future__ import annotations

import asn_portal.laporan.admin  # noqa: F401
import asn_portal.transfer.admin  # noqa: F401 - registers impor-ekspor admins
