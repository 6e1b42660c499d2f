from django.urls import URLPattern, URLResolver, path

from crosscluster.regions import views

app_name = "regions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/partners/", views.partner_region, name="partner_region"),
    path("<slug:slug>/partners/from-directory/", views.take_from_directory, name="from_directory"),
    path("<slug:slug>/recommendations/generate/", views.generate, name="generate"),
    path(
        "<slug:slug>/recommendations/<int:recommendation_id>/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "<slug:slug>/recommendations/<int:recommendation_id>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
    path("<slug:slug>/regions/<int:profile_id>/", views.region, name="region"),
    path("<slug:slug>/regions/<int:profile_id>/adopt/", views.adopt, name="adopt"),
    path("<slug:slug>/priorities/<int:priority_id>/", views.priority_edit, name="priority_edit"),
    path(
        "<slug:slug>/priorities/<int:priority_id>/delete/",
        views.priority_delete,
        name="priority_delete",
    ),
]
