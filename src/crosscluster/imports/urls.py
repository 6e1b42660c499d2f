from django.urls import path

from crosscluster.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:import_id>/", views.detail, name="detail"),
    path("<uuid:import_id>/mapping/", views.map_columns, name="mapping"),
    path("<uuid:import_id>/import/", views.start_import, name="import"),
]
