from django.urls import path

from crosscluster.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("cluster-criteria/", views.criteria, name="criteria"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/ask-for-review/",
        views.submit_for_review,
        name="submit_for_review",
    ),
    path("organisations/<slug:slug>/review/", views.review, name="review"),
]
