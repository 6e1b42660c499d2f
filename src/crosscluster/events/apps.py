from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "crosscluster.events"
    label = "events"
    verbose_name = "Events"
