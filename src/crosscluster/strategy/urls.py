from django.urls import path

from crosscluster.strategy import views

app_name = "strategy"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/edit/", views.edit_header, name="edit"),
    path("<slug:slug>/move/", views.move, name="move"),
    path("<slug:slug>/changes/", views.working_changes, name="changes"),
    path("<slug:slug>/comments/", views.comments, name="comments"),
    path("<slug:slug>/comments/<int:comment_id>/decide/", views.decide, name="decide"),
    path("<slug:slug>/translations/", views.translations, name="translations"),
    path("<slug:slug>/translations/<str:language>/", views.translations, name="translation"),
    path("<slug:slug>/versions/<int:number>/", views.version_detail, name="version"),
    path("<slug:slug>/versions/<int:number>/compare/", views.version_compare, name="compare"),
    path(
        "<slug:slug>/actions/<int:action_id>/progress/",
        views.action_progress,
        name="action_progress",
    ),
    path("<slug:slug>/markets/", views.ranking, name="ranking"),
    path("<slug:slug>/markets/choose/", views.choose_markets, name="choose_markets"),
    path("<slug:slug>/markets/judgements/", views.judgements, name="judgements"),
    path(
        "<slug:slug>/markets/judgements/<int:organisation_id>/",
        views.judgement_edit,
        name="judgement_edit",
    ),
    path("<slug:slug>/sections/<slug:section>/", views.section, name="section"),
    path("<slug:slug>/sections/<slug:section>/<int:item_id>/", views.item_edit, name="item_edit"),
    path(
        "<slug:slug>/sections/<slug:section>/<int:item_id>/delete/",
        views.item_delete,
        name="item_delete",
    ),
]
