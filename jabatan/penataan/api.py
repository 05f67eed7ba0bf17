from __future__ import annotations

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the penataan viewsets to the shared /api/v1/ router."""
