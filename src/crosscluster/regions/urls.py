from django.urls import URLPattern, URLResolver

app_name = "regions"
urlpatterns: list[URLPattern | URLResolver] = []
