from __future__ import annotations

import jabatan.penataan.admin  # noqa: F401 - registers the plan admin
