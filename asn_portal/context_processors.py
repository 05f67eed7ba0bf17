from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def instansi(request: HttpRequest) -> dict[str, Any]:
    return {
        "INSTANSI_NAMA": settings.INSTANSI_NAMA,
        "INSTANSI_SINGKAT": settings.INSTANSI_SINGKAT,
        "INSTANSI_BKD": settings.INSTANSI_BKD,
    }
