"""The REST API (django-ninja). Each app contributes one router from its ``api.py``."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from crosscluster.accounts.api import router as accounts_router
from crosscluster.accounts.auth import token_auth
from crosscluster.archives.api import router as archives_router
from crosscluster.brokerage.api import router as brokerage_router
from crosscluster.brokerage.api.onsite import router as brokerage_onsite_router
from crosscluster.businessplan.api import router as businessplan_router
from crosscluster.content.api import router as content_router
from crosscluster.conversations.api import router as conversations_router
from crosscluster.core import openapi_cache
from crosscluster.core.api import document_error_responses, install_error_handlers
from crosscluster.core.workers_api import router as workers_router
from crosscluster.desk.api import router as desk_router
from crosscluster.directory.api import router as directory_router
from crosscluster.events.api import router as events_router
from crosscluster.exports.api import router as exports_router
from crosscluster.imports.api import router as imports_router
from crosscluster.marketplace.api import router as marketplace_router
from crosscluster.monitoring.api import router as monitoring_router
from crosscluster.notifications.api import router as notifications_router
from crosscluster.partnerships.api import router as partnerships_router
from crosscluster.regions.api import router as regions_router
from crosscluster.strategy.api import router as strategy_router


class CrossclusterAPI(NinjaAPI):
    """The API, whose schema also documents the error answers every operation may give, built
    once per code version (``core.openapi_cache``: ninja would build it at every request)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return openapi_cache.cached_schema(
            path_prefix, lambda: self.build_openapi_schema(path_prefix)
        )

    def build_openapi_schema(self, path_prefix: str) -> Any:
        return document_error_responses(super().get_openapi_schema(path_prefix=path_prefix))


api = CrossclusterAPI(
    title="crosscluster API",
    version="1.0.0",
    description=(
        "Partnerships, organisations, events, news and documents of European strategic cluster "
        "partnerships. Reads are public where the object is public (a session or token shows "
        "more); writes need a bearer token (create one on your profile page)."
    ),
    urls_namespace="api-1.0.0",
)
install_error_handlers(api)
api.add_router("/accounts", accounts_router)
api.add_router("/accounts/me/overview", desk_router)
api.add_router("/partnerships", partnerships_router)
api.add_router("/organisations", directory_router)
api.add_router("/events", events_router)
api.add_router("/content", content_router)
api.add_router("/marketplace", marketplace_router)
api.add_router("/brokerage", brokerage_router)
api.add_router("/brokerage", brokerage_onsite_router)  # on the day (brokerage/api/onsite.py)
api.add_router("/strategy", strategy_router)
api.add_router("/business-plans", businessplan_router)
api.add_router("/regions", regions_router)
api.add_router("/exports", exports_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/imports", imports_router)
api.add_router("/archives", archives_router)
api.add_router("/notifications", notifications_router)
api.add_router("/conversations", conversations_router)
api.add_router("/workers", workers_router, auth=token_auth)
