from django.urls import path

from crosscluster.marketplace import views

app_name = "marketplace"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="opportunity_create"),
    path("suggest-tags/", views.suggest_tags, name="suggest_tags"),
    path("quality/", views.quality, name="quality"),
    path("<int:opportunity_id>/", views.detail, name="opportunity_detail"),
    path("<int:opportunity_id>/edit/", views.edit, name="opportunity_edit"),
    path(
        "<int:opportunity_id>/translations/",
        views.opportunity_translations,
        name="opportunity_translations",
    ),
    path(
        "<int:opportunity_id>/translations/<str:language>/",
        views.opportunity_translations,
        name="opportunity_translation",
    ),
    path(
        "<int:opportunity_id>/publish/",
        views.change_status,
        {"action": "publish"},
        name="opportunity_publish",
    ),
    path(
        "<int:opportunity_id>/close/",
        views.change_status,
        {"action": "close"},
        name="opportunity_close",
    ),
    path("<int:opportunity_id>/interest/", views.interest_create, name="interest_create"),
    path("<int:opportunity_id>/follow/", views.follow, name="follow"),
    path("<int:opportunity_id>/matches/", views.matches, name="matches"),
    path("<int:opportunity_id>/matches/add/", views.match_add, name="match_add"),
    path("interests/<int:interest_id>/decide/", views.interest_decide, name="interest_decide"),
    path("matches/<int:match_id>/steer/", views.match_steer, name="match_steer"),
    path("matches/<int:match_id>/feedback/", views.match_feedback, name="match_feedback"),
    path("partnerships/<slug:slug>/follow/", views.follow_partnership, name="follow_partnership"),
]
