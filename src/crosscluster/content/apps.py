from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "crosscluster.content"
    label = "content"
    verbose_name = "Content"
