"""/api/v1/: one NinjaAPI, one router per domain module."""

from __future__ import annotations

from thidua.api import errors
from thidua.api.auth import STAFF_AUTH
from thidua.api.openapi import ThiduaAPI

from . import commendations, dossiers, emulation, portal, units

api = ThiduaAPI(
    title="Thi đua API",
    version="1",
    description="API của hệ thống Thi đua – Khen thưởng. Lỗi dữ liệu: HTTP 422 "
    '{"errors": [{"field": ..., "message": ...}]}.',
    urls_namespace="api-v1",
    auth=STAFF_AUTH,
    parser=errors.BoundedJSONParser(),
)
errors.install(api)
api.add_router("/", units.router)
api.add_router("/", emulation.router)
api.add_router("/", commendations.router)
api.add_router("/", dossiers.router)
api.add_router("/", portal.router)
