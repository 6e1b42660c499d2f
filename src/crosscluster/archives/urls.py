from django.urls import path

from crosscluster.archives import views

app_name = "archives"

urlpatterns = [
    path("import/", views.start, name="start"),
    path("import/<uuid:import_id>/", views.detail, name="detail"),
]
