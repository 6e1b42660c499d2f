from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from crosscluster.core import views

app_name = "core"
urlpatterns = [
    path("administration/", views.administration, name="administration"),
    path("administration/workers/", views.background_workers, name="workers"),
    path("sources/", views.sources, name="sources"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    path(
        "favicon.ico", RedirectView.as_view(url=static("crosscluster/favicon.svg"), permanent=True)
    ),
]
