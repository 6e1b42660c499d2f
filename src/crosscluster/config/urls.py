from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from crosscluster.accounts.views import set_language
from crosscluster.config.api import api
from crosscluster.core.api import api_not_found
from crosscluster.partnerships.views import home

# The admin's login page hands over to allauth's, which throttles and asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Pages at language-prefixed addresses (/de/partnerships/...), English unprefixed: each language
# has its own indexable address. The API, the language switch and the probes stay unprefixed.
urlpatterns = [
    path("language/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found),
]
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("", include("crosscluster.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("crosscluster.accounts.urls")),
    path("directory/", include("crosscluster.directory.urls")),
    path("partnerships/", include("crosscluster.partnerships.urls")),
    path("events/", include("crosscluster.events.urls")),
    path("content/", include("crosscluster.content.urls")),
    path("marketplace/", include("crosscluster.marketplace.urls")),
    path("brokerage/", include("crosscluster.brokerage.urls")),
    path("strategy/", include("crosscluster.strategy.urls")),
    path("business-plans/", include("crosscluster.businessplan.urls")),
    path("regions/", include("crosscluster.regions.urls")),
    path("exports/", include("crosscluster.exports.urls")),
    path("monitoring/", include("crosscluster.monitoring.urls")),
    path("imports/", include("crosscluster.imports.urls")),
    path("archives/", include("crosscluster.archives.urls")),
    path("notifications/", include("crosscluster.notifications.urls")),
    path("conversations/", include("crosscluster.conversations.urls")),
    path("desk/", include("crosscluster.desk.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler403 = "crosscluster.core.views.permission_denied"
handler404 = "crosscluster.core.views.page_not_found"
handler500 = "crosscluster.core.views.server_error"
