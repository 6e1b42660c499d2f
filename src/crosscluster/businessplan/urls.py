from django.urls import path

from crosscluster.businessplan import views

app_name = "businessplan"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/edit/", views.edit_plan, name="edit"),
    path("<slug:slug>/actions/<int:action_id>/", views.action_budget, name="action"),
    path("<slug:slug>/lines/<slug:kind>/<int:line_id>/", views.line_edit, name="line_edit"),
    path(
        "<slug:slug>/lines/<slug:kind>/<int:line_id>/delete/",
        views.line_delete,
        name="line_delete",
    ),
    path("<slug:slug>/instruments/", views.instruments, name="instruments"),
    path(
        "<slug:slug>/instruments/<int:instrument_id>/",
        views.instrument_edit,
        name="instrument_edit",
    ),
    path(
        "<slug:slug>/instruments/<int:instrument_id>/delete/",
        views.instrument_delete,
        name="instrument_delete",
    ),
    path("<slug:slug>/calls/", views.calls, name="calls"),
    path("<slug:slug>/calls/<int:call_id>/", views.call_edit, name="call_edit"),
    path("<slug:slug>/calls/<int:call_id>/delete/", views.call_delete, name="call_delete"),
]
