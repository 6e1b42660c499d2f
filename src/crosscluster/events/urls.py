from django.urls import path

from crosscluster.events import views

app_name = "events"
urlpatterns = [
    path("<slug:slug>/", views.partnership_events, name="partnership_list"),
    path("<slug:slug>/calendar.ics", views.partnership_ics, name="partnership_ics"),
    path("<slug:slug>/<slug:event_slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/<slug:event_slug>/event.ics", views.event_ics, name="event_ics"),
]
