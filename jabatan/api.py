from __future__ import annotations

from rest_framework.routers import BaseRouter

from jabatan.penataan import api as penataan_api


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the shared /api/v1/ router."""
    penataan_api.register(router)
