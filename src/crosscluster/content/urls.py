from django.urls import path

from crosscluster.content import views

app_name = "content"
urlpatterns = [
    path("<slug:slug>/news/", views.news_list, name="news_list"),
    path("<slug:slug>/news/feed.atom", views.news_feed, name="news_feed"),
    path("<slug:slug>/news/<slug:news_slug>/", views.news_detail, name="news_detail"),
    path("<slug:slug>/documents/", views.document_list, name="document_list"),
    path(
        "documents/<int:document_id>/download/", views.document_download, name="document_download"
    ),
]
