from django.urls import path

from crosscluster.desk import views

app_name = "desk"
urlpatterns = [path("", views.overview, name="overview")]
