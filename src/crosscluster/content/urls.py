from django.urls import path

from crosscluster.content import views

app_name = "content"
urlpatterns = [
    path("<slug:slug>/news/", views.news_list, name="news_list"),
    path("<slug:slug>/news/feed.atom", views.news_feed, name="news_feed"),
    # "new" is a reserved slug (crosscluster.content.services.RESERVED_SLUGS).
    path("<slug:slug>/news/new/", views.news_create, name="news_create"),
    path("<slug:slug>/news/<slug:news_slug>/", views.news_detail, name="news_detail"),
    path("<slug:slug>/news/<slug:news_slug>/edit/", views.news_edit, name="news_edit"),
    path("<slug:slug>/news/<slug:news_slug>/delete/", views.news_delete, name="news_delete"),
    path(
        "<slug:slug>/news/<slug:news_slug>/translations/",
        views.news_translations,
        name="news_translations",
    ),
    path(
        "<slug:slug>/news/<slug:news_slug>/translations/<str:language>/",
        views.news_translations,
        name="news_translation",
    ),
    path("<slug:slug>/documents/", views.document_list, name="document_list"),
    path("<slug:slug>/documents/new/", views.document_create, name="document_create"),
    path(
        "documents/<int:document_id>/download/", views.document_download, name="document_download"
    ),
    path("documents/<int:document_id>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:document_id>/delete/", views.document_delete, name="document_delete"),
]
