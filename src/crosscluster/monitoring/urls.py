from django.urls import path

from crosscluster.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("<slug:slug>/", views.scoreboard, name="scoreboard"),
    path("<slug:slug>/network/", views.network, name="network"),
    path("<slug:slug>/network/refresh/", views.refresh_network, name="refresh_network"),
    path("<slug:slug>/targets/", views.set_target, name="set_target"),
    path("<slug:slug>/series/<str:key>.csv", views.series_csv, name="series_csv"),
    path(
        "<slug:slug>/breakdown/<str:key>/<str:dimension>.csv",
        views.breakdown_csv,
        name="breakdown_csv",
    ),
]
