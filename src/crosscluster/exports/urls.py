from django.urls import path

from crosscluster.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.request_export, name="request"),
    path("<str:export_id>/", views.status, name="status"),
    path("<str:export_id>/file/", views.download, name="download"),
]
