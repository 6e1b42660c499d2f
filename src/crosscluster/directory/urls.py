from django.urls import path

from crosscluster.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
]
