from django.urls import path

from crosscluster.events import views

app_name = "events"
urlpatterns = [
    path("<slug:slug>/", views.partnership_events, name="partnership_list"),
    path("<slug:slug>/calendar.ics", views.partnership_ics, name="partnership_ics"),
    # "new" is a reserved event slug (see services.RESERVED_SLUGS), so this comes first safely.
    path("<slug:slug>/new/", views.event_create, name="create"),
    path("<slug:slug>/<slug:event_slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/<slug:event_slug>/event.ics", views.event_ics, name="event_ics"),
    path("<slug:slug>/<slug:event_slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/<slug:event_slug>/delete/", views.event_delete, name="delete"),
    path("<slug:slug>/<slug:event_slug>/programme.ics", views.programme_ics, name="programme_ics"),
    path(
        "<slug:slug>/<slug:event_slug>/programme/add/",
        views.programme_item_add,
        name="programme_add",
    ),
    path(
        "<slug:slug>/<slug:event_slug>/programme/<int:item_id>/edit/",
        views.programme_item_edit,
        name="programme_edit",
    ),
    path(
        "<slug:slug>/<slug:event_slug>/programme/<int:item_id>/delete/",
        views.programme_item_delete,
        name="programme_delete",
    ),
    path(
        "<slug:slug>/<slug:event_slug>/programme/<int:item_id>/move/",
        views.programme_item_move,
        name="programme_move",
    ),
]
